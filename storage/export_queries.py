"""The export schema and its reads: `veille export` (the dashboard's `Filters`, streamed in batches) and the
dashboard's CSV download (a page's mentions by id): one set of columns for both.

Rows come from the `mentions_tagged` view (a user's sentiment correction wins) in one read
transaction, so an export is a consistent snapshot even while a collection writes, and memory
stays constant whatever the number of rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from storage.filters import Filters, Rows, filter_terms, linked, marks


class Column(NamedTuple):
    """One exported column: its stable code (the header scripts read), its kind, and its `--fr` header."""

    name: str
    kind: str  # text | int | real | bool | time (UTC ISO-8601) | list (of text)
    french: str  # the header for a spreadsheet: `veille export --fr` and the dashboard's CSV download


# The export schema, in file order: every writer (CSV, JSON Lines, Parquet), the SELECT and the dashboard's CSV
# download read it. The French values of coded columns: `presentation.export.FRENCH_VALUES`.
EXPORT_COLUMNS: tuple[Column, ...] = (
    Column("id", "text", "identifiant"), Column("platform", "text", "plateforme"),
    Column("source", "text", "source"), Column("published_at", "time", "publiée le (UTC)"),
    Column("date_source", "text", "origine de la date"), Column("url", "text", "lien"),
    Column("title", "text", "titre"), Column("text", "text", "texte"), Column("author_handle", "text", "compte"),
    Column("author_name", "text", "auteur"), Column("author_followers", "int", "abonnés"),
    Column("publication", "text", "média"),
    Column("likes", "int", "j'aime"), Column("shares", "int", "partages"), Column("replies", "int", "réponses"),
    Column("reach", "int", "audience"), Column("brands", "list", "marques"), Column("lang", "text", "langue"),
    Column("sentiment", "text", "sentiment"), Column("mixed", "bool", "mitigée"),
    Column("model_sentiment", "text", "sentiment du modèle"), Column("sentiment_score", "real", "score de sentiment"),
    Column("corrected", "bool", "corrigé"), Column("brand_sentiments", "list", "sentiment par marque"),
    Column("corrected_brands", "list", "marques corrigées"),
    Column("motivations", "list", "motivations de partage"),
    Column("categories", "list", "catégories"), Column("keyphrases", "list", "thèmes"),
    Column("emotions", "list", "émotions"),
    Column("analyzer", "text", "analyseur"), Column("analyzer_version", "text", "version de l'analyseur"),
    Column("tagged_at", "time", "analysée le (UTC)"),
)
# List columns are aggregated with the unit separator (never in a brand name or a label; a keyphrase holding
# one would only split in two) and split in Python: three times cheaper than decoding a JSON array per row.
_SEP = "\x1f"
_BOOLS = tuple(c.name for c in EXPORT_COLUMNS if c.kind == "bool")
_LISTS = tuple(c.name for c in EXPORT_COLUMNS if c.kind == "list")


def _topics(kind: str) -> str:
    return ("SELECT group_concat(value, char(31)) FROM (SELECT value FROM mention_topics tp "
            f"WHERE tp.mention_id = v.id AND tp.kind = '{kind}' ORDER BY score DESC, value)")


# The columns the view lacks, one subquery each per row (on the primary key of their table), lists in a
# meaningful order: the strongest label first.
_SUBQUERIES = {
    "publication": "SELECT publication FROM mentions pm WHERE pm.id = v.id",
    "brands": "SELECT group_concat(brand, char(31)) FROM "
              "(SELECT brand FROM mention_brands b WHERE b.mention_id = v.id ORDER BY brand)",
    "motivations": "SELECT group_concat(motivation, char(31)) FROM (SELECT motivation FROM mention_motivations mm "
                   "WHERE mm.mention_id = v.id ORDER BY confidence DESC, motivation)",
    # `Marque:sentiment` per brand, the sentiment the dashboard, the alerts and the report count for it
    "brand_sentiments": "SELECT group_concat(brand || ':' || CASE WHEN mixed = 1 THEN 'mixed' ELSE sentiment END, "
                        "char(31)) FROM (SELECT brand, sentiment, mixed FROM brand_mentions bm "
                        "WHERE bm.mention_id = v.id AND bm.sentiment IS NOT NULL ORDER BY brand)",
    # the brands whose sentiment a user corrected (migration 0150): their `brand_sentiments` item is the user's
    "corrected_brands": "SELECT group_concat(brand, char(31)) FROM (SELECT brand FROM brand_sentiment_overrides bo "
                        "WHERE bo.mention_id = v.id ORDER BY brand)",
    "categories": _topics("category"),
    "keyphrases": _topics("keyphrase"),
    "emotions": "SELECT group_concat(emotion, char(31)) FROM (SELECT emotion FROM mention_emotions e "
                "WHERE e.mention_id = v.id ORDER BY score DESC, emotion)",
}
_COLUMNS = ", ".join(f"({_SUBQUERIES[c.name]}) AS {c.name}" if c.name in _SUBQUERIES else f"v.{c.name}"
                     for c in EXPORT_COLUMNS)


def _sentiments(alias: str, values: tuple[str, ...], brands: tuple[str, ...]) -> tuple[str, list[Any]]:
    """Mentions whose sentiment toward a brand (the filtered ones, else any) is one of `values`, as on the
    dashboard: a press article neutral as a whole can be negative for the brand it blames. `brand_mentions`
    counts a mitigated opinion neutral and flags it: `mixed` selects the flag."""
    labels = [s for s in values if s != "mixed"]
    either = [f"(bm.sentiment {marks(labels)} AND bm.mixed IS NOT 1)"] if labels else []  # mixed apart, as on the
    if "mixed" in values:  # dashboard
        either.append("bm.mixed = 1")
    which = f" AND bm.brand {marks(brands)}" if brands else ""
    return (f"EXISTS (SELECT 1 FROM brand_mentions bm WHERE bm.mention_id = {alias}.id{which} "
            f"AND ({' OR '.join(either)}))", [*brands, *labels])


# The filters on mentions_tagged (one row per mention, the user's sentiment correction winning).
TAGGED = Rows(
    alias="v", brands=linked("mention_brands", "brand"), sentiments=_sentiments,
    motivations=linked("mention_motivations", "motivation"),
    query="{a}.id IN (SELECT m.id FROM mentions_fts JOIN mentions m ON m.seq = mentions_fts.rowid "
          "WHERE {match})",
)


def filter_clause(f: Filters) -> tuple[str, list[Any]]:
    """` WHERE …` (or nothing) on the view aliased `v`, and its parameters."""
    terms, params = filter_terms(f, TAGGED)
    return (" WHERE " + " AND ".join(terms)) if terms else "", params


def _select(f: Filters) -> tuple[str, list[Any]]:
    where, params = filter_clause(f)
    return f"SELECT {_COLUMNS} FROM mentions_tagged v{where} ORDER BY v.published_at, v.id", params


def count_mentions(conn: sqlite3.Connection, f: Filters) -> int:
    """How many mentions the filters select."""
    where, params = filter_clause(f)
    return conn.execute(f"SELECT count(*) FROM mentions_tagged v{where}", params).fetchone()[0]


def iter_export(conn: sqlite3.Connection, f: Filters, batch_size: int = 2000) -> Iterator[list[dict]]:
    """Batches of rows (dicts keyed by `EXPORT_COLUMNS`, lists decoded), oldest first.

    The cursor is consumed with `fetchmany`, never all at once; the caller must finish (or
    close) the iteration before writing on the same connection.
    """
    sql, params = _select(f)
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: sqlite3.Row costs more than the dict built below
    cursor.execute(sql, params)
    try:
        while rows := cursor.fetchmany(batch_size):
            yield _decoded(rows)
    finally:
        cursor.close()


def rows_by_id(conn: sqlite3.Connection, ids: Sequence[str]) -> list[dict]:
    """These mentions (in this order) as export rows: the dashboard's CSV download of a page's selection.

    Ids no longer in the base are skipped. The ids go in as one JSON parameter: no limit on their number.
    """
    cursor = conn.cursor()
    cursor.row_factory = None
    try:
        rows = _decoded(cursor.execute(f"SELECT {_COLUMNS} FROM mentions_tagged v "
                                       "WHERE v.id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))]))
    finally:
        cursor.close()
    found = {row["id"]: row for row in rows}
    return [found[i] for i in ids if i in found]


_NAMES = tuple(c.name for c in EXPORT_COLUMNS)


def _decoded(rows: Iterable[tuple]) -> list[dict]:
    """Dicts keyed by `EXPORT_COLUMNS`, lists split, booleans as bool (None for a mention not tagged yet)."""
    batch = []
    for row in rows:
        item = dict(zip(_NAMES, row, strict=True))
        for name in _LISTS:
            item[name] = item[name].split(_SEP) if item[name] else []
        for name in _BOOLS:
            item[name] = None if item[name] is None else bool(item[name])
        batch.append(item)
    return batch
