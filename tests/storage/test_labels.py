"""storage/labels.py is the one label list: the `labels` table, migration 0140, the CHECKs and the French names follow it."""

from __future__ import annotations

import re
import sqlite3

from analysis.taxonomy import STRONG_CUES, WEAK_CUES
from presentation import labels as french
from presentation.export import FRENCH_VALUES
from storage import labels
from storage.export_queries import EXPORT_COLUMNS
from storage.rollup_sql import MIGRATION, render


def test_the_lookup_table_holds_the_python_lists(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT dim, label, position, bit, stored_as FROM labels").fetchall()
    assert sorted(tuple(r) for r in rows) == sorted(labels.lookup_rows())
    bits = dict(conn.execute("SELECT label, bit FROM labels WHERE dim = 'motivation'").fetchall())
    assert bits == labels.MOTIVATION_BITS == {"cause": 1, "connection": 2, "information": 4, "entertainment": 8,
                                              "identity": 16, "recommendation": 32}


def test_migration_0140_is_what_the_generator_writes() -> None:
    assert MIGRATION.read_text(encoding="utf-8") == render(), "run `.venv/bin/python -m storage.rollup_sql`"


def test_no_case_block_lists_the_motivations_in_the_current_triggers(conn: sqlite3.Connection) -> None:
    for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"):
        assert "WHEN 'cause'" not in sql


def test_mixed_is_a_shown_sentiment_stored_as_a_stored_one() -> None:
    assert set(labels.SHOWN_SENTIMENTS) == {*labels.SENTIMENTS, labels.MIXED}
    assert labels.MIXED_STORED_AS in labels.SENTIMENTS


def _check_values(conn: sqlite3.Connection, table: str, column: str) -> tuple[str, ...]:
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    found = re.search(rf"{column}\s.*?CHECK \({column} IN\s*\(([^)]*)\)", sql, re.S)
    assert found, f"{table}.{column} has no CHECK"
    return tuple(re.findall(r"'([^']*)'", found.group(1)))


def test_the_schema_checks_accept_the_same_labels(conn: sqlite3.Connection) -> None:
    for table in ("mention_tags", "brand_sentiments", "sentiment_overrides", "brand_sentiment_overrides"):
        assert _check_values(conn, table, "sentiment") == labels.SENTIMENTS, table
    assert _check_values(conn, "mention_motivations", "motivation") == labels.MOTIVATIONS
    assert _check_values(conn, "mention_emotions", "emotion") == labels.EMOTIONS


def test_french_names_cover_the_same_codes() -> None:
    assert french.SHOWN_SENTIMENTS == labels.SHOWN_SENTIMENTS
    assert set(french.SENTIMENTS) == {*labels.SHOWN_SENTIMENTS, ""}
    assert tuple(french.MOTIVATIONS) == labels.MOTIVATIONS
    assert tuple(french.CATEGORIES) == labels.CATEGORIES
    assert tuple(french.EMOTIONS) == labels.EMOTIONS
    assert tuple(FRENCH_VALUES["motivations"]) == labels.MOTIVATIONS
    assert FRENCH_VALUES["motivations"] == {code: french.motivation(code) for code in labels.MOTIVATIONS}
    assert tuple(FRENCH_VALUES["sentiment"]) == labels.SENTIMENTS
    assert tuple(FRENCH_VALUES["categories"]) == labels.CATEGORIES
    assert tuple(FRENCH_VALUES["emotions"]) == labels.EMOTIONS
    assert set(FRENCH_VALUES) <= {c.name for c in EXPORT_COLUMNS}  # a value list for a column that exists


def test_the_taxonomy_has_cues_for_every_category() -> None:
    assert set(STRONG_CUES) == set(WEAK_CUES) == set(labels.CATEGORIES)
