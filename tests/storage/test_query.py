"""The brand query language: parsing, precedence, matching rules, errors, and parity with FTS5."""

from __future__ import annotations

import sqlite3

import pytest

from storage.query import (
    MAX_DEPTH,
    And,
    Near,
    Not,
    Or,
    QuerySyntaxError,
    Term,
    cased_tokenize,
    fold,
    parse_query,
    tokenize,
)


def matches(query: str, text: str) -> bool:
    return parse_query(query).matches(text)


# --- folding and tokens ---


def test_fold_lowercases_strips_accents_and_normalises_compatibility_forms() -> None:
    assert fold("Société GÉNÉRALE Ça") == "societe generale ca"
    assert fold("ﬁnance ２０２４") == "finance 2024"  # NFKC: ligature and full-width digits


def test_tokenize_splits_on_apostrophes_hyphens_and_punctuation() -> None:
    assert tokenize("J'adore l'Orange-Free, vraiment !") == ["j", "adore", "l", "orange", "free", "vraiment"]
    assert tokenize("l’offre (4G) — top_ten") == ["l", "offre", "4g", "top", "ten"]
    assert tokenize("") == []


# --- the AST ---


def test_ast_of_each_construct() -> None:
    assert parse_query("orange").root == Term(("orange",))
    assert parse_query('"Société Générale"').root == Term(("societe", "generale"))
    assert parse_query("banqu*").root == Term(("banqu",), prefix=True)
    assert parse_query('"banque pop"*').root == Term(("banque", "pop"), prefix=True)
    assert parse_query("l'Orange").root == Term(("l", "orange"))  # a bare word with an apostrophe is a phrase
    assert parse_query("a NEAR/3 b").root == Near(Term(("a",)), Term(("b",)), 3)
    assert parse_query("a NEAR b").root.distance == 10  # FTS5's own default for a bare NEAR


def test_precedence_not_near_and_or() -> None:
    a, b, c, d = (Term((x,)) for x in "abcd")
    assert parse_query("a OR b AND c").root == Or((a, And((b, c))))
    assert parse_query("a OR b c").root == Or((a, And((b, c))))  # implicit AND binds like AND
    assert parse_query("a b NEAR/2 c").root == And((a, Near(b, c, 2)))
    assert parse_query("a NOT b OR c").root == Or((And((a, Not(b))), c))
    assert parse_query("(a OR b) c").root == And((Or((a, b)), c))
    assert parse_query("a AND (b OR c) AND NOT d").root == And((a, Or((b, c)), Not(d)))


def test_lowercase_operators_are_plain_words() -> None:
    assert parse_query("orange and citron").root == And((Term(("orange",)), Term(("and",)), Term(("citron",))))
    assert matches("pomme or poire", "pomme or poire")
    assert not matches("pomme or poire", "pomme")


# --- matching ---


def test_word_boundaries() -> None:
    assert matches("Orange", "Une panne chez Orange ce matin")
    assert not matches("Orange", "Un verre d'orangeade")
    assert not matches("Orange", "Orangina fait sa pub")
    assert matches("Orange", "J'aime l'Orange-Free")
    assert matches("Orange", "ORANGE!")


def test_case_and_accent_insensitive_both_ways() -> None:
    assert matches('"Société Générale"', "la societe generale annonce")
    assert matches('"societe generale"', "La SOCIÉTÉ GÉNÉRALE annonce")
    assert matches("déçu", "tres DECU du service")
    assert not matches('"Société Générale"', "société anonyme générale")  # a phrase means consecutive words


def test_and_or_not() -> None:
    assert matches("orange AND panne", "panne chez orange")
    assert not matches("orange AND panne", "orange va bien")
    assert matches("orange panne", "panne chez orange")
    assert matches("sfr OR orange", "orange")
    assert matches("sfr OR orange", "sfr")
    assert not matches("sfr OR orange", "free")
    assert matches("orange NOT jus", "orange mobile")
    assert not matches("orange NOT jus", "jus d'orange")
    assert not matches("orange AND NOT (jus OR fruit)", "orange est un fruit")
    assert matches("(orange OR sfr) AND NOT jus", "sfr en panne")


def test_prefix() -> None:
    assert matches("banqu*", "Ma banque ferme")
    assert matches("banqu*", "les banquiers")
    assert not matches("banqu*", "un banc")
    assert not matches("banqu*", "la superbanque")  # prefix, not substring
    assert matches('"banque pop"*', "Banque Populaire du Nord")
    assert not matches('"banque pop"*', "banque du Nord pop")
    assert not matches("banque", "les banques")  # no prefix, no plural magic


def test_near_both_orders_and_distance() -> None:
    q = "orange NEAR/3 panne"
    assert matches(q, "orange panne")
    assert matches(q, "panne orange")
    assert matches(q, "orange a une grosse panne")  # three words between
    assert matches(q, "panne : grosse coupure chez orange")  # three words between, reverse order
    assert not matches(q, "orange a une très grosse panne")  # four words between
    assert not matches(q, "orange")
    assert matches('"service client" NEAR/2 nul*', "le service client est vraiment nullissime")
    assert matches("(orange OR sfr) NEAR/1 panne", "panne de sfr")
    assert not matches("(orange OR sfr) NEAR/1 panne", "panne de chez sfr")
    assert matches("a NEAR/0 b", "a b")
    assert not matches("a NEAR/0 b", "a x b")


def test_matches_tokens_equals_matches() -> None:
    query = parse_query('"Société Générale" OR (sogé* NEAR/2 banque)')
    for text in ("Société Générale", "la banque Sogé", "la banque est chez Sogécap", "rien"):
        assert query.matches_tokens(tokenize(text)) == query.matches(text)


# --- terms matched with their case ---


def test_a_term_in_braces_keeps_its_case_but_not_its_accents() -> None:
    assert parse_query("{Total}").root == Term(("total",), written=("Total",))
    query = "{Total} OR TotalEnergies"  # a brand named after a common word (the real feeds: `total 36` of `ls -l`)
    assert matches(query, "Total annonce ses résultats") and matches(query, "totalenergies recrute")
    assert not matches(query, "Au total, rien de neuf") and not matches(query, "$ ls -l\ntotal 36")
    assert not matches(query, "TOTAL ANNONCE")  # the case as written: `{TOTAL}` for headlines in capitals
    assert matches("{Crédit Agricole}", "le Credit Agricole") and not matches("{Crédit Agricole}", "crédit agricole")
    assert matches('{"Crédit Agricole"}', "le Crédit Agricole")
    assert matches("{Orange} NEAR/3 panne", "panne chez Orange") and not matches("{Orange} NEAR/3 panne", "panne orange")
    assert matches("{Orange} NOT {Jus}", "jus Orange") and not matches("{Orange} NOT {Jus}", "Jus Orange")
    assert not parse_query("orange").cased and parse_query("a OR (b NOT {C})").cased


def test_without_the_cased_tokens_a_term_in_braces_matches_any_case() -> None:
    query = parse_query("{Orange} OR sfr")
    assert query.matches_tokens(tokenize("une orange")) and not query.matches("une orange")
    assert query.matches_tokens(tokenize("Orange"), cased_tokenize("Orange"))
    assert cased_tokenize("Société GÉNÉRALE ﬁn") == ["Societe", "GENERALE", "fin"]


@pytest.mark.parametrize("query", ["{Orange} NOT jus", "panne NOT {Orange}", "{SFR} OR {Orange} NEAR/3 panne"])
def test_fts5_finds_every_text_a_term_in_braces_matches(fts: sqlite3.Connection, query: str) -> None:
    """FTS5 cannot tell case: it finds a superset, which the collectors' local matcher narrows."""
    parsed = parse_query(query)
    expected = {i for i, text in enumerate(TEXTS) if parsed.matches(text)}
    found = {row[0] for row in fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (parsed.to_fts5(),))}
    assert expected and expected <= found, parsed.to_fts5()


def test_a_term_in_braces_is_never_excluded_by_fts5() -> None:
    """`NOT {Orange}` must keep « une orange pressée » for the matcher: FTS5 would drop every `orange`."""
    assert parse_query("panne NOT {Orange}").to_fts5() == '"panne"'
    assert parse_query("panne NOT orange").to_fts5() == '("panne") NOT "orange"'


# --- syntax errors ---


@pytest.mark.parametrize(
    ("query", "position", "fragment"),
    [
        ("", 0, "requête vide"),
        ("   ", 0, "requête vide"),
        ("(orange OR sfr", 14, "parenthèse fermante manquante"),
        ("((a) OR b", 9, "ouverte en position 1"),
        ("orange ) sfr", 7, "sans parenthèse ouvrante"),
        ('orange "service client', 7, "guillemet fermant manquant"),
        ("orange AND", 10, "après AND"),
        ("orange OR", 9, "après OR"),
        ("AND orange", 0, "avant AND"),
        ("orange OR OR sfr", 10, "avant OR"),
        ("orange NOT", 10, "après NOT"),
        ("orange NEAR/3", 13, "après NEAR"),
        ("NEAR/3 orange", 0, "avant NEAR"),
        ("a NEAR/x b", 7, "distance attendue"),
        ("a NEAR/2 b NEAR/3 c", 11, "ne s'enchaîne pas"),
        ("a NEAR/2 (b c)", 9, "NEAR relie"),
        ("NOT jus", 0, "NOT exclut"),
        ("orange OR NOT jus", 10, "NOT exclut"),
        ("a NOT NOT b", 6, "NOT NOT"),
        ("()", 1, "avant la parenthèse fermante"),
        ('""', 0, "phrase vide"),
        ("a * b", 2, "ni lettre ni chiffre"),
        ("{Total", 0, "accolade fermante manquante"),
        ("a {} b", 2, "accolades vides"),
        ("{Tot*}", 0, "ni *"),
        ("{Total}*", 7, "pas de * entre accolades"),
        ("Total}", 5, "sans accolade ouvrante"),
        ("foo{Bar}", 3, "espace attendue avant l'accolade ouvrante : écrivez « foo {Bar} »"),
        ('"au {Total}"', 0, "pas d'accolades dans une phrase entre guillemets : écrivez {au Total}"),
        ("{Total NEAR/5 pétrole}", 0, "ni opérateur"),
        ("{(Total)}", 0, "ni parenthèse"),
    ],
)
def test_syntax_errors_name_the_position(query: str, position: int, fragment: str) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        parse_query(query)
    assert err.value.position == position
    assert str(err.value).startswith(f"position {position + 1} : ")  # people count characters from 1
    assert fragment in str(err.value)


@pytest.mark.parametrize("query", ["(" * 200 + "orange" + ")" * 200, "(" * 5000, "orange AND " + "(NOT a " * 300])
def test_deep_nesting_is_a_syntax_error_not_a_recursion_error(query: str) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        parse_query(query)
    assert f"plus de {MAX_DEPTH} parenthèses imbriquées" in str(err.value)
    opening = [i for i, c in enumerate(query) if c == "("]
    assert err.value.position == opening[MAX_DEPTH]  # the first parenthesis too many


def test_nesting_up_to_the_limit_still_parses() -> None:
    query = parse_query("(" * MAX_DEPTH + "orange" + ")" * MAX_DEPTH)
    assert query.matches("Orange") and query.to_fts5() == '"orange"'


# --- FTS5 parity ---

TEXTS = [
    "Grosse panne chez Orange ce matin, le service client ne répond pas",
    "Un verre d'orangeade bien frais",
    "La Société Générale annonce des résultats en hausse",
    "société anonyme générale de travaux",
    "Les banquiers de la Banque Populaire sont déçus",
    "Jus d'orange pressé, un délice",
    "SFR : panne géante dans le Nord, les clients très DÉÇUS",
    "Orange-Free : le match des box internet continue",
    "La panne a duré trois longues heures chez Orange",
    "rien à voir",
]
QUERIES = [
    "orange",
    '"Société Générale"',
    "banqu*",
    "orange NOT jus",
    "(orange OR sfr) AND panne",
    "orange NEAR/3 panne",
    "(orange OR sfr) NEAR/2 panne",
    '"service client" NEAR/4 orange',
    "déçu* OR decu*",
    "orange free",
    "a OR b c",
    "panne NOT (sfr OR nord) NOT orangeade",
    '"banque pop"* NEAR/3 banquier*',
]


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize=\"unicode61 remove_diacritics 2\")")
    conn.executemany("INSERT INTO t(rowid, text) VALUES (?, ?)", list(enumerate(TEXTS)))
    return conn


@pytest.mark.parametrize("query", QUERIES)
def test_to_fts5_finds_the_same_texts_as_matches(fts: sqlite3.Connection, query: str) -> None:
    parsed = parse_query(query)
    expected = {i for i, text in enumerate(TEXTS) if parsed.matches(text)}
    found = {row[0] for row in fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (parsed.to_fts5(),))}
    assert found == expected, parsed.to_fts5()


def test_queries_of_the_parity_table_are_not_trivial() -> None:
    """Each parity query matches some texts and misses others, so the FTS5 test can fail."""
    for query in QUERIES[:10]:
        hits = sum(parse_query(query).matches(t) for t in TEXTS)
        assert 0 < hits < len(TEXTS), query


def test_loose_fold_is_the_analysis_folding() -> None:
    """`loose=True`: full case folding and every combining mark dropped (what analysis tags rely on)."""
    assert fold("Straße Éléphant", loose=True) == "strasse elephant"
    assert fold("Straße") == "straße"  # the default stays SQLite unicode61's folding
    assert fold("ﬁnance ２０２４", loose=True) == "finance 2024"
    assert fold("PLAIN ascii", loose=True) == fold("PLAIN ascii") == "plain ascii"
