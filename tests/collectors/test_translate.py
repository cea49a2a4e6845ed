"""Brand queries translated to each platform's search syntax: always a superset of the local match."""

from __future__ import annotations

import pytest

from collectors.translate import TranslationError, alternatives, hashtags, surfaces, to_reddit, to_x
from storage.query import parse_query


def test_surfaces_keep_how_the_user_typed_terms():
    typed = surfaces('"Société Générale" OR SocGen NOT "l\'Oréal" AND banqu*')
    assert typed == {("societe", "generale"): "société générale", ("socgen",): "socgen",
                     ("l", "oreal"): "l'oréal", ("banqu",): "banqu"}


@pytest.mark.parametrize(("query", "expected"), [
    ("orange", "orange"),
    ("orange NOT (jus OR fruit)", "orange -(jus OR fruit)"),
    ('"Société Générale" OR SocGen', '("société générale" OR "societe generale") OR socgen'),
    ("(orange OR sosh) AND mobile", "(orange OR sosh) mobile"),
    ("banqu* AND crédit", "(crédit OR credit)"),  # a prefix inside AND is dropped: wider, re-checked locally
    ("banque NEAR/3 crédit", "banque (crédit OR credit)"),  # no proximity on X: both words required
    ("l'Oréal", '("l\'oréal" OR "l\'oreal")'),
    ("orange NOT jus*", "orange"),  # an unsupported NOT is dropped (wider)
])
def test_to_x(query, expected):
    assert to_x(query, exclude_retweets=False) == expected


def test_to_x_options_and_length():
    assert to_x("orange OR sosh", lang="fr") == "(orange OR sosh) lang:fr -is:retweet"
    assert to_x("orange") == "orange -is:retweet"
    with pytest.raises(TranslationError, match="trop longue"):
        to_x(" OR ".join(f"marque{i}" for i in range(100)), max_length=512)


@pytest.mark.parametrize("query", ["banqu*", "banqu* OR crédit"])
def test_prefixes_that_cannot_be_widened_are_refused(query):
    with pytest.raises(TranslationError, match="préfixes"):
        to_x(query)


def test_to_reddit():
    assert to_reddit("orange NOT jus") == "orange NOT jus"
    assert to_reddit("orange mobile NOT (jus OR fruit)") == "(orange AND mobile) NOT (jus OR fruit)"
    assert to_reddit("Société OR SocGen") == "(société OR societe) OR socgen"


def test_alternatives_expand_ors_and_drop_nots():
    assert alternatives('"Société Générale" OR SocGen', "Bluesky") == ['"société générale"', "socgen"]
    assert alternatives("(orange OR sosh) mobile NOT jus", "Bluesky") == ["orange mobile", "sosh mobile"]
    assert alternatives("banqu* crédit", "Bluesky") == ["crédit"]
    with pytest.raises(TranslationError, match="préfixes"):
        alternatives("banqu* OR crédit", "Bluesky")
    with pytest.raises(TranslationError, match="plus de 8"):
        alternatives("(a OR b OR c) (d OR e OR f)", "Bluesky")


def test_hashtags_fold_like_mastodon():
    assert hashtags('"Société Générale" OR SocGen NOT jus') == ["societegenerale", "socgen"]
    with pytest.raises(TranslationError, match="accepte 5"):
        hashtags("a OR b OR c OR d OR e OR f")


def test_a_term_in_braces_is_searched_as_typed_whatever_its_case():
    query = "{Crédit Agricole} OR {Total} NOT \"au total\""
    assert to_x(query, exclude_retweets=False) == '("crédit agricole" OR "credit agricole") OR (total -"au total")'
    assert to_reddit(query) == '("crédit agricole" OR "credit agricole") OR (total NOT "au total")'


@pytest.mark.parametrize("query", ['"Lumina Énergie" OR LuminaEnergie', "orange NOT jus", "banque NEAR/2 crédit",
                                   "{Orange} OR {Lumina Énergie}"])
def test_every_local_match_contains_an_alternative(query):
    """Superset check: a text the local matcher accepts contains all words of at least one alternative."""
    texts = ["Lumina Énergie recrute", "luminaenergie en panne", "Orange augmente ses prix",
             "la banque baisse le crédit immobilier", "orange et jus"]
    local = parse_query(query)
    for text in texts:
        if local.matches(text):
            assert any(parse_query(alt).matches(text) for alt in alternatives(query, "Bluesky"))
