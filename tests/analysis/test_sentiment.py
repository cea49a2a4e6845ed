"""The sentiment component on the cases issue 4 names: negation, intensity, slang, emoji, irony, neutral news."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import sentiment_features
from analysis.sentiment_features import Tok, extract
from analysis.sentiment_model import SentimentModel, fit, shipped_model
from analysis.tagger import Item

CASES = [
    ("C'est pas terrible", "negative"),
    ("Jamais déçu par leurs produits", "positive"),
    ("Je ne suis pas déçu", "positive"),
    ("Le service n'est pas bon", "negative"),
    ("Je ne recommande pas", "negative"),
    ("Ils n'ont jamais répondu à mes mails", "negative"),
    ("tro bien ce resto", "positive"),
    ("c nul", "negative"),
    ("Nuuuuul", "negative"),
    ("très très lent", "negative"),
    ("Orange est beaucoup trop cher", "negative"),  # `beaucoup` grades `trop cher`: not a word of its own
    ("J'aime beaucoup ce magasin", "positive"),
    ("vraiment génial", "positive"),
    ("Rien à redire, parfait", "positive"),
    ("pas mal du tout", "positive"),
    ("😡😡", "negative"),
    ("😍", "positive"),
    ("mdr cette pub 😂", "positive"),
    ("Génial, encore une panne, comme d'hab 🙄", "negative"),
    ("Merci pour rien !", "negative"),
    ("Bravo la SNCF, encore 1h de retard 🙃", "negative"),
    ("La réunion aura lieu jeudi à 14 h", "neutral"),
    ("Télénova publie ses résultats trimestriels", "neutral"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentiment_cases(tagger, text, expected):
    [tags] = tagger.tag([Item("x", text)])
    assert tags.sentiment == expected, (text, tags.sentiment, tags.sentiment_score)
    assert -1.0 <= tags.sentiment_score <= 1.0


def test_negation_scope_ends_at_the_clause():
    toks = [Tok("pas", "pas", "ADV"), Tok("rapide", "rapide", "ADJ"), Tok(",", ",", "PUNCT"),
            Tok("génial", "génial", "ADJ")]
    f = extract(toks)
    assert "NOT_rapide" in f.terms and "génial" in f.terms and "NOT_génial" not in f.terms


def test_moins_inverts_the_next_polar_word():
    cheaper = extract([Tok("moins", "moins", "ADV"), Tok("lent", "lent", "ADJ")])
    slower = extract([Tok("lent", "lent", "ADJ")])
    assert cheaper.lexicon_score > 0 > slower.lexicon_score


def test_score_is_positive_minus_negative_probability():
    model = shipped_model()
    p = np.array([0.1, 0.2, 0.7])
    assert model.decide(p) == ("positive", pytest.approx(0.6))
    assert model.decide(np.array([0.34, 0.33, 0.33]))[0] == "neutral"  # low confidence is neutral


def test_saved_model_predicts_the_same(tmp_path):
    model = shipped_model()
    features = [extract([Tok("super", "super", "ADJ")]), extract([Tok("nul", "nul", "ADJ")])]
    model.save(tmp_path / "m.npz")
    again = SentimentModel.load(tmp_path / "m.npz")
    assert np.allclose(again.probabilities(features), model.probabilities(features), atol=1e-3)
    assert (again.neutral_threshold, again.min_confidence) == (model.neutral_threshold, model.min_confidence)


def test_fit_needs_the_three_classes():
    features = [extract([Tok("super", "super", "ADJ")]), extract([Tok("nul", "nul", "ADJ")])]
    with pytest.raises(ValueError):
        fit(features, ["positive", "negative"], [1.0, 1.0])


def test_beaucoup_grades_only_an_excess_or_a_comparison():
    """`beaucoup trop cher`: a degree, not a word; `beaucoup mieux`, `j'aime beaucoup`: a word of the text."""
    graded = extract([Tok("beaucoup", "beaucoup", "ADV"), Tok("trop", "trop", "ADV"), Tok("cher", "cher", "ADJ")])
    assert graded.terms == ["PH_trop_cher"]  # the fixed phrase, boosted by `beaucoup`:
    assert graded.dense[1] > extract([Tok("trop", "trop", "ADV"), Tok("cher", "cher", "ADJ")]).dense[1] > 0
    for toks in ([Tok("beaucoup", "beaucoup", "ADV"), Tok("mieux", "mieux", "ADV")],
                 [Tok("j'", "je", "PRON"), Tok("aime", "aimer", "VERB"), Tok("beaucoup", "beaucoup", "ADV")]):
        assert "beaucoup" in extract(toks).terms


def test_token_facts_memory_stays_bounded_and_gives_the_same_features(monkeypatch):
    toks = [Tok("super", "super", "ADJ"), Tok("service", "service", "NOUN"), Tok("!", "!", "PUNCT")]
    cold = extract(toks)
    monkeypatch.setattr("analysis.sentiment_features.FACTS_LIMIT", 10)
    for n in range(50):  # a stream of new words
        extract([Tok(f"mot{n}", f"mot{n}", "NOUN")])
    assert len(sentiment_features._FACTS) <= 10  # noqa: SLF001
    warm = extract(toks)
    assert warm.terms == cold.terms and np.array_equal(warm.dense, cold.dense)
    assert np.array_equal(warm.vector, cold.vector)
