"""Migration 0103 rebuilds `mentions` and `sources` on a database already full: nothing lost, nothing cascaded."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import storage
from storage.collect_writes import save_batch
from storage.db import transaction
from storage.records import Batch, Mention
from tests.dashboard.test_rollups import (
    assert_consistent,
    correct_before_0150,
    database_before,
    mention,
    save_before_0103,
    save_tags_before_0120,
    tags,
)

CHILDREN = ("mention_brands", "mention_tags", "brand_sentiments", "mention_motivations", "mention_topics",
            "mention_emotions", "sentiment_overrides", "fetch_state", "dash_facts", "dash_daily", "dash_monthly")
COLLECTED = "2026-11-03T00:00:00Z"


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("mentions", *CHILDREN)}


def old_database(path: Path) -> dict[str, int]:
    """A database as Veille left it before 0103: 40 mentions (some dated 'now' for want of a date), tags,
    corrections, a fetch cursor and a failed source; returns its row counts."""
    conn = database_before(path, "0103")
    rng = random.Random(5)
    mentions = [mention(i, rng) for i in range(40)]
    save_before_0103(conn, mentions, COLLECTED)
    save_tags_before_0120(conn, [tags(m, rng) for m in mentions[:30]])
    for m in mentions[:5]:
        correct_before_0150(conn, m.id, "negative", "test")
    with transaction(conn):
        conn.execute("INSERT INTO fetch_state (source, target, state, updated_at) VALUES ('src', 'u', '{}', ?)",
                     (COLLECTED,))
        conn.execute("UPDATE sources SET status = 'failed', last_error = 'https://x.example/a : introuvable (404)'")
    before = counts(conn)
    conn.close()
    return before


def test_the_rebuild_keeps_every_row_and_cascades_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    before = old_database(path)
    assert before["mention_tags"] == 30 and before["sentiment_overrides"] == 5

    conn = storage.connect(path)
    assert conn.execute("SELECT count(*) FROM schema_migrations WHERE name LIKE '0103%'").fetchone()[0] == 1
    assert counts(conn) == before  # foreign keys were off while the parent tables were dropped
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # and are back on
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO mentions_fts(mentions_fts) VALUES ('integrity-check')")
    assert conn.execute("SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'texte'").fetchone()[0] == 40
    assert_consistent(conn)
    # rss items dated at collection for want of a date are named so; every other date is the item's own
    sources = dict(conn.execute(
        "SELECT date_source, count(*) FROM mentions GROUP BY 1").fetchall())
    dated_now = conn.execute("SELECT count(*) FROM mentions WHERE platform = 'rss' AND published_at = collected_at"
                             ).fetchone()[0]
    assert sources.get("first_seen", 0) == dated_now > 0 and sources["item"] == 40 - dated_now
    row = conn.execute("SELECT status, last_error, target_errors FROM sources WHERE name = 'src'").fetchone()
    assert tuple(row) == ("failed", "https://x.example/a : introuvable (404)", "[]")
    for view in ("mentions_tagged", "brand_mentions", "brand_daily"):  # the analyst views still answer
        assert conn.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0

    # triggers recreated: a new mention reaches the FTS index and the summaries; deleting cascades again
    undated = Mention(id="rss:new", platform="rss", source="src", text="texte neuf", brands=["Alpha"],
                      date_source="unknown")
    dated = Mention(id="rss:new2", platform="rss", source="src", text="texte neuf", brands=["Alpha"],
                    published_at="2026-11-02T08:00:00Z")
    save_batch(conn, "src", "u", Batch([undated, dated], {}), COLLECTED, None)
    assert conn.execute("SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'neuf'").fetchone()[0] == 2
    assert_consistent(conn)
    with transaction(conn):
        conn.execute("DELETE FROM mentions WHERE id IN (SELECT mention_id FROM sentiment_overrides LIMIT 1)")
    assert conn.execute("SELECT count(*) FROM sentiment_overrides").fetchone()[0] == 4
    assert_consistent(conn)
    conn.close()


def test_a_mention_is_dated_or_named_unknown_never_both(conn: sqlite3.Connection) -> None:
    """The table's CHECK keeps published_at and date_source in step."""
    conn.execute("INSERT INTO mentions (id, platform, source, text, published_at, date_source, collected_at) "
                 "VALUES ('a', 'rss', 's', 't', NULL, 'unknown', 'now')")
    for published, source in ((None, "item"), ("2026-01-01T00:00:00Z", "unknown"), ("2026-01-01T00:00:00Z", "rumour")):
        try:
            conn.execute("INSERT INTO mentions (id, platform, source, text, published_at, date_source, collected_at) "
                         "VALUES ('b', 'rss', 's', 't', ?, ?, 'now')", (published, source))
        except sqlite3.IntegrityError:
            continue
        raise AssertionError(f"accepted published_at={published!r} with date_source={source!r}")
