"""Brand-level sentiment: each brand gets the sentiment of the clauses about it."""

from __future__ import annotations

import pytest

from analysis.brands import Span, brand_contexts, brand_occurrences, brand_spans, clause_bounds
from analysis.tagger import Item


def words(text):
    return text.replace(",", " ,").replace(".", " .").split()


def test_clauses_split_on_punctuation_and_contrast():
    w = words("Free est top , mais Orange rame .")
    assert [w[a:b] for a, b in clause_bounds(w)] == [["Free", "est", "top", ","], ["mais", "Orange", "rame", "."]]


def test_each_brand_owns_its_clauses_and_the_following_ones():
    w = words("Bof . Orange ne répond jamais , vraiment nul . Free a été parfait")
    spans = brand_spans(w, ["Orange", "Free"])
    assert [" ".join(w[a:b]) for a, b, _ in spans["Orange"]] == ["Bof .", "Orange ne répond jamais ,", "vraiment nul ."]
    assert [" ".join(w[a:b]) for a, b, _ in spans["Free"]] == ["Free a été parfait"]


def test_handles_hashtags_and_accents_name_the_brand():
    w = words("@Telenova_SAV injoignable , #Mobilys au top")
    spans = brand_spans(w, ["Télénova", "Mobilys"])
    assert set(spans) == {"Télénova", "Mobilys"}


def test_one_clause_or_one_named_brand_means_the_whole_text():
    assert brand_spans(words("Télénova et Mobilys augmentent leurs prix"), ["Télénova", "Mobilys"]) == {}
    assert brand_spans(words("Orange est nul"), ["Orange", "Sosh"]) == {}


def test_a_comparison_reverses_the_clause_for_the_compared_brand():
    for text in ("Free est bien mieux que Orange", "Orange plus cher que Free", "je préfère Free à Orange"):
        w = words(text)
        spans = brand_spans(w, ["Orange", "Free"])
        subject, compared = ("Free", "Orange") if w.index("Free") < w.index("Orange") else ("Orange", "Free")
        assert spans[subject] == [Span(0, len(w))] and spans[compared] == [Span(0, len(w), reversed=True)], text


def test_no_comparison_without_a_comparative():
    assert brand_spans(words("Free est aussi bien que Orange"), ["Orange", "Free"]) == {}
    assert brand_spans(words("Orange ne marche plus que 2 h , Free non plus"), ["Orange", "Free"])["Orange"] == [
        Span(0, 8)]


@pytest.mark.parametrize(("text", "free", "orange"), [
    ("Free est bien mieux qu'Orange", "positive", "negative"),
    ("Orange est beaucoup plus cher que Free", "positive", "negative"),
    ("Franchement je préfère Free à Orange", "positive", "negative"),
    ("Free est pire qu'Orange", "negative", "positive"),
])
def test_tagger_judges_compared_brands_the_other_way_round(tagger, text, free, orange):
    [tags] = tagger.tag([Item("m", text, ("Free", "Orange"))])
    assert (tags.brand_sentiments["Free"][0], tags.brand_sentiments["Orange"][0]) == (free, orange), tags


def test_tagger_gives_each_brand_its_own_sentiment(tagger):
    [tags] = tagger.tag([Item("m", "Free c'est top, Orange c'est nul", ("Free", "Orange"))])
    assert tags.brand_sentiments["Free"][0] == "positive"
    assert tags.brand_sentiments["Orange"][0] == "negative"


def test_brand_not_named_in_the_text_gets_the_mention_sentiment(tagger):
    [tags] = tagger.tag([Item("m", "Service client injoignable, honteux", ("Exemplo",))])
    assert tags.brand_sentiments == {"Exemplo": (tags.sentiment, tags.sentiment_score, tags.mixed)}


@pytest.mark.parametrize("text", [
    '"Maintenez le télétravail, s\'il vous plaît", demande le PDG de SNCF Voyageurs aux entreprises',
    "« Les trains rouleront », estime la SNCF.",
    "« Les trains rouleront », indique la direction de la SNCF.",
    "Selon la SNCF, les trains rouleront.",
    "La SNCF prédit « la plus forte baisse de trafic de son histoire »",
    "La SNCF dément toute pression du gouvernement",
])
def test_a_brand_that_only_speaks_gets_no_context(nlp, text):
    """spaCy's small model leaves `demande`, `estime`, `indique` unlemmatised: their forms count as verbs of saying."""
    doc = nlp(text)
    assert brand_contexts([t.text for t in doc], [t.lemma_ for t in doc], ["SNCF"]) == {"SNCF": []}


def test_a_brand_judged_after_a_judge_keeps_its_context(nlp):
    doc = nlp("Sanction lourde, le juge condamne la SNCF pour ses retards.")
    assert brand_contexts([t.text for t in doc], [t.lemma_ for t in doc], ["SNCF"])["SNCF"]


@pytest.mark.parametrize("text", [
    "Renault : la demande de voitures électriques s'effondre, une catastrophe.",
    "Orange perd l'estime de ses clients, un désastre.",
])
def test_a_noun_that_looks_like_a_verb_of_saying_does_not_silence_the_brand(nlp, text):
    doc = nlp(text)
    brand = text.split()[0]
    assert brand_contexts([t.text for t in doc], [t.lemma_ for t in doc], [brand])[brand]


@pytest.mark.parametrize("text, brand, named", [
    ("L’Oréal relève ses prévisions annuelles", "L'Oréal", "L’Oréal"),
    ("Chez L'Occitane, les ventes chutent", "L’Occitane", "L'Occitane"),
    ("Air France-KLM bondit en Bourse", "Air France-KLM", "Air France-KLM"),
    ("Le groupe Saint-Gobain rachète un concurrent", "Saint-Gobain", "Saint-Gobain"),
    ("Chez McDonald's, les prix grimpent", "McDonald's", "McDonald's"),
])
def test_names_with_an_elision_or_a_hyphen_are_found(nlp, text, brand, named):
    """The tokenizer cuts `L’` from `L’Oréal` and `France-KLM` at its hyphen (not `Saint-Gobain`): such brands
    were never found in the text, and got the whole text's sentiment instead of their own context's."""
    words = [t.text for t in nlp(text)]
    [(start, end)] = brand_occurrences(words, [brand])[brand]
    assert "".join(words[start:end]).replace(" ", "") == named.replace(" ", "")


def test_a_part_of_a_name_is_not_the_name(nlp):
    assert brand_occurrences([t.text for t in nlp("Saint-Gobain rachète un concurrent")], ["Saint"]) == {}



def test_brands_sharing_a_first_word_do_not_depend_on_their_order(nlp) -> None:
    doc = nlp("Air France-KLM : « Nous allons supprimer des lignes »")
    words, lemmas = [t.text for t in doc], [t.lemma_ for t in doc]
    one = brand_contexts(words, lemmas, ["Air France-KLM", "Air France"])
    other = brand_contexts(words, lemmas, ["Air France", "Air France-KLM"])
    assert one == other and one["Air France-KLM"] == []  # it only speaks


@pytest.mark.parametrize("text", [
    "Le service client de la SNCF ne répond plus depuis trois jours. Honteux.",
    "La SNCF n'a pas répondu à mes trois courriers, une honte.",
    "Impossible d'appeler, la SNCF en panne complète.",
    "Trains supprimés sans prévenir, la SNCF se moque de nous.",
    "La SNCF répond jamais au téléphone, honteux",
    "Abonné SNCF Max, je dis stop : trois retards cette semaine.",  # the author speaks, not the brand
])
def test_a_denied_or_infinitive_verb_of_saying_does_not_silence_the_brand(nlp, text):
    """`ne répond plus`, `sans prévenir`: the brand says nothing, it is blamed for it."""
    doc = nlp(text)
    assert brand_contexts([t.text for t in doc], [t.lemma_ for t in doc], ["SNCF"])["SNCF"]


@pytest.mark.parametrize("text", [
    "La SNCF vient de déclarer que la grève est un scandale.",
    "La SNCF ne fait que rappeler que la hausse est imposée.",
    "La SNCF ne dit pas autre chose : le marché est catastrophique.",
    "La SNCF n'a pas dit que le réseau était mauvais.",
])
def test_a_verb_of_saying_followed_by_what_is_said_still_reports_speech(nlp, text):
    doc = nlp(text)
    assert brand_contexts([t.text for t in doc], [t.lemma_ for t in doc], ["SNCF"]) == {"SNCF": []}
