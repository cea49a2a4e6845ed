"""A named brand's praise or blame needs evidence on its side in its own context (`components.backed`)."""

from __future__ import annotations

import pytest

from analysis.components import backed
from analysis.sentiment_features import Tok, extract
from analysis.tagger import Item
from storage.records import Sentiment


def toks(text: str) -> list[Tok]:
    return [Tok(w, w, "NOUN") for w in text.split()]


@pytest.mark.parametrize("text, verdict, kept", [
    ("renault ouvre son usine de flins lundi", "negative", False),  # the model alone: the topic, not a judgement
    ("renault ouvre son usine de flins lundi", "positive", False),
    ("renault catastrophe", "negative", True),
    ("renault catastrophe", "positive", False),  # praise with only blame in sight
    ("renault excellent", "positive", True),
    ("l' action renault plonge", "negative", True),  # news events back a verdict the lexicons cannot
    ("renault bondit en bourse", "positive", True),
    ("en pleine crise renault ouvre son usine", "negative", False),  # the situation of the world judges no one
    ("en pleine crise renault ouvre son usine , un scandale", "negative", True),
    ("pas de grève chez renault", "negative", False),  # a negated event backs nothing
    ("renault bondit malgré la grève", "positive", False),  # praise beside bad news of the brand: not kept
    ("renault plonge malgré un excellent trimestre", "negative", True),  # blame beside good news: kept
    ("panne réglée par orange , technicien excellent", "positive", True),  # a mishap put right is no bad news
    ("malgré un petit retard darty a été parfait", "positive", True),
    ("chez kelvo des coupures tous les soirs", "negative", True),  # a customer's everyday mishaps back blame
    ("colis vinora arrivé abîmé", "negative", True),
    ("coupure réglée par kelvo en une heure , technicien excellent", "positive", True),  # ... and are put right
    ("kelvo transfère son matériel dans sa nouvelle usine", "positive", False),  # textblob-fr's mild adjectives
    ("kelvo , une équipe fabuleuse", "positive", True),  # ... and a strong one of textblob-fr alone
    ("kelvo super lent", "positive", False),  # `super` grades blame here: no praise
    ("merci pour rien kelvo", "positive", False),
])
def test_a_polar_verdict_stands_only_with_lexical_evidence(text, verdict, kept) -> None:
    given = Sentiment(verdict, 0.8 if verdict == "positive" else -0.8)
    assert backed(given, extract(toks(text)), toks(text)) == (given if kept else Sentiment("neutral", given.score))


def test_neutral_and_mixed_verdicts_are_left_alone() -> None:
    for given in (Sentiment("neutral", 0.1), Sentiment("neutral", 0.0, True)):
        text = toks("renault ouvre son usine de flins lundi")
        assert backed(given, extract(text), text) == given


def test_an_event_counts_by_its_lemma_whatever_spacys_casing() -> None:
    """spaCy gives lemmas such as `Plomber` in a title; the form `plombait` is not in the list, its lemma is."""
    text = [Tok("renault", "Renault", "PROPN"), Tok("plombait", "Plomber", "VERB"), Tok("bourse", "bourse", "NOUN")]
    assert backed(Sentiment("negative", -0.8), extract(text), text).label == "negative"


def test_a_brand_named_in_a_one_sentence_text_needs_evidence_too(tagger) -> None:
    """Its context is the whole text, whose sentiment the model reads as blame from the topic alone; a brand the
    text does not name keeps the mention's sentiment."""
    [tags] = tagger.tag([Item("m", "Renault veut généraliser le télétravail pour tous ses postes non liés à la "
                                   "production", ("Renault", "Orange"))])
    assert tags.sentiment == "negative"
    assert tags.brand_sentiments["Renault"].label == "neutral"
    assert tags.brand_sentiments["Orange"].label == "negative"


@pytest.mark.parametrize("text, person, kept", [
    ("tony allen est brutalement décédé à paris", True, False),  # an obituary judges no one
    ("le brigadier martynyouk tué au mali avait été grièvement blessé", True, False),
    ("kelvo : deux morts dans l' explosion de l' usine", False, True),  # a company's accident is bad news for it
    ("l' ancien ministre condamné pour la mort de deux manifestants", True, True),  # a bad-news event of theirs
    ("une escroquerie honteuse , même sa mort ne rend pas l' argent", True, True),  # clear blame of our lexicon
    ("le ministre dérape encore", True, True),  # no death: not this rule's business
])
def test_a_death_reported_is_no_blame_of_the_person(text, person, kept) -> None:
    from analysis.components import unless_a_death

    given = Sentiment("negative", -0.8)
    assert unless_a_death(given, toks(text), lambda: person) == (given if kept else Sentiment("neutral", -0.8))


def test_an_obituary_is_neutral_for_the_person(tagger) -> None:
    # the model alone reads the sadness as blame: « Tony Allen, fin de batterie », « Sam Lloyd … est mort » (real
    # press) were negative for them
    text = "Le chanteur Paul Verlan est mort hier à 79 ans, après une longue maladie. Le monde de la chanson est en deuil."
    [tags] = tagger.tag([Item("m", text, ("Paul Verlan",))])
    assert tags.brand_sentiments["Paul Verlan"].label == "neutral"


def test_news_of_a_brand_is_not_praise_unless_a_word_praises_it(tagger) -> None:
    """Real tweets sharing news (« Leclanché et l'EPFL testent un nouveau système… », « Alstom a transféré… dans ses
    nouvelles usines ») were praise of the brand on `nouveau`, `première`, `matériel`; a sentence's first word
    `Super` was lost as the grade of a noun spaCy reads as a verb."""
    items = [Item("news", "Kelvo a transféré 150 tonnes de matériel dans ses nouvelles usines d'éoliennes", ("Kelvo",)),
             Item("praise", "Super initiative de Kelvo pour ses salariés !", ("Kelvo",))]
    news, praise = tagger.tag(items)
    assert news.brand_sentiments["Kelvo"].label == "neutral"
    assert praise.brand_sentiments["Kelvo"].label == "positive"
