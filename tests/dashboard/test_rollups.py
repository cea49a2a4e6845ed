"""The dashboard summaries (migrations 0100, 0102, 0103, 0110, 0121) always equal a fresh computation from the source tables.

Every write path the project has (collect, tag, re-tag, correct, uncorrect, engagement update, prune)
goes through triggers; these tests replay them at random and compare with GROUP BY over the views.
Undated mentions (published_at NULL, migration 0103) are in no summary: the fresh computation skips them too.
"""

from __future__ import annotations

import json
import random
import sqlite3

import pytest

import storage
from storage.collect_writes import save_batch, sync_source
from storage.db import transaction
from storage.records import Batch, Mention, Sentiment, Tags
from storage.tags import save_tags
from storage.user_actions import clear_sentiment_overrides, set_sentiment_overrides

BRANDS = ("Alpha", "Beta", "Gamma")
MOTIVATIONS = ("cause", "connection", "information", "entertainment", "identity", "recommendation")
CATEGORIES = ("price", "customer_service", "delivery")

EXPECTED_FACTS = """
SELECT m.seq, b.brand, m.id, m.published_at, m.platform, coalesce(t.lang, m.platform_lang, '') AS lang,
       CASE WHEN o.sentiment IS NULL AND coalesce(bs.mixed, t.mixed, 0) = 1 THEN 'mixed'
            ELSE coalesce(o.sentiment, bs.sentiment, t.sentiment, '') END AS sentiment, m.reach,
       (SELECT coalesce(sum(CASE motivation WHEN 'cause' THEN 1 WHEN 'connection' THEN 2 WHEN 'information' THEN 4
               WHEN 'entertainment' THEN 8 WHEN 'identity' THEN 16 WHEN 'recommendation' THEN 32 END), 0)
        FROM mention_motivations mm WHERE mm.mention_id = m.id) AS motivations,
       CASE WHEN coalesce(trim(m.author_handle), '') = '' AND coalesce(trim(m.author_name), '') = '' THEN ''
            ELSE m.platform || ':' || lower(CASE WHEN coalesce(trim(m.author_handle), '') != ''
                                                 THEN trim(m.author_handle) ELSE trim(m.author_name) END) END AS author,
       coalesce(m.publication, '') AS medium
FROM mentions m JOIN mention_brands b ON b.mention_id = m.id
LEFT JOIN mention_tags t ON t.mention_id = m.id
LEFT JOIN brand_sentiments bs ON bs.mention_id = m.id AND bs.brand = b.brand
LEFT JOIN brand_sentiment_overrides o ON o.mention_id = m.id AND o.brand = b.brand
WHERE m.published_at IS NOT NULL
ORDER BY 1, 2
"""


def expected_totals(chars: int) -> str:
    """Counts per (day or month, brand, platform, lang, sentiment); `chars` = 10 for days, 7 for months."""
    return f"""
SELECT substr(published_at, 1, {chars}), brand, platform, lang, sentiment, count(*), sum(reach)
FROM ({EXPECTED_FACTS}) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
"""


def expected_labels(chars: int) -> str:
    """The same per (dim, label): motivations and categories."""
    return f"""
SELECT l.dim, l.label, substr(f.published_at, 1, {chars}), f.brand, f.platform, f.lang, f.sentiment, count(*),
       sum(f.reach)
FROM ({EXPECTED_FACTS}) f
JOIN (SELECT mention_id, 'motivation' AS dim, motivation AS label FROM mention_motivations
      UNION ALL SELECT mention_id, 'category', value FROM mention_topics WHERE kind = 'category'
      UNION ALL SELECT id, 'medium', publication FROM mentions WHERE coalesce(publication, '') != '') l
  ON l.mention_id = f.id
GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
"""


def expected_voices() -> str:
    """Per (kind, brand or '' for all, voice): facts, reach, first publication date."""
    return f"""
SELECT kind, brand, voice, count(*), sum(reach), min(published_at) FROM (
    SELECT 'author' AS kind, brand, author AS voice, reach, published_at FROM ({EXPECTED_FACTS}) WHERE author != ''
    UNION ALL SELECT 'author', '', author, reach, published_at FROM ({EXPECTED_FACTS}) WHERE author != ''
    UNION ALL SELECT 'medium', brand, medium, reach, published_at FROM ({EXPECTED_FACTS}) WHERE medium != ''
    UNION ALL SELECT 'medium', '', medium, reach, published_at FROM ({EXPECTED_FACTS}) WHERE medium != '')
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
"""


def assert_consistent(conn: sqlite3.Connection) -> None:
    facts = conn.execute("SELECT seq, brand, mention_id, published_at, platform, lang, sentiment, reach, motivations, "
                         "author, medium FROM dash_facts ORDER BY 1, 2").fetchall()
    assert [tuple(r) for r in facts] == [tuple(r) for r in conn.execute(EXPECTED_FACTS)]
    for table, expected in (("dash_daily", expected_totals(10)), ("dash_monthly", expected_totals(7))):
        rows = conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3, 4, 5").fetchall()
        assert [tuple(r) for r in rows] == [tuple(r) for r in conn.execute(expected)], table
    for table, expected in (("dash_daily_labels", expected_labels(10)), ("dash_monthly_labels", expected_labels(7))):
        rows = conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3, 4, 5, 6, 7").fetchall()
        assert [tuple(r) for r in rows] == [tuple(r) for r in conn.execute(expected)], table
    voices = conn.execute("SELECT kind, brand, voice, mentions, reach, first_at FROM dash_voices ORDER BY 1, 2, 3")
    assert [tuple(r) for r in voices] == [tuple(r) for r in conn.execute(expected_voices())]
    assert conn.execute("SELECT count(*) FROM dash_refresh").fetchone()[0] == 0


AUTHORS = ("claire", "Claire", " marc ", None, "nadia")
MEDIA = ("Le Quotidien", "L'Horizon", None)


def mention(i: int, rng: random.Random) -> Mention:
    """A random mention; about one in six is undated (an item of a feed's backlog without a date)."""
    brands = rng.sample(BRANDS, rng.choice((1, 1, 2)))
    undated = rng.random() < 1 / 6
    platform = rng.choice(("x", "rss"))
    return Mention(
        id=f"x:{i}", platform=platform, source="src", text=f"texte {i}",
        author_followers=rng.randint(0, 500), likes=rng.randint(0, 5), lang=rng.choice(("fr", None)),
        published_at=None if undated else
        f"2026-{rng.choice(('10-31', '11-01', '11-02', '12-01'))}T{rng.randint(0, 23):02d}:00:00Z",
        date_source="unknown" if undated else None, brands=brands,
        author_handle=rng.choice(AUTHORS) if platform == "x" else None,
        author_name=rng.choice(AUTHORS), publication=rng.choice(MEDIA) if platform == "rss" else None,
    )


def tags(m: Mention, rng: random.Random) -> Tags:
    """Random tags; about one sentiment in five is mixed (then neutral), for the mention or for a brand."""
    def pick(score: float) -> Sentiment:
        if rng.random() < 0.2:
            return Sentiment("neutral", score, mixed=True)
        return Sentiment(rng.choice(("positive", "neutral", "negative")), score)

    whole = pick(0.1)
    return Tags(
        mention_id=m.id, lang=rng.choice(("fr", "en")), sentiment=whole.label, sentiment_score=whole.score,
        mixed=whole.mixed,
        brand_sentiments={b: pick(0.2) for b in m.brands if rng.random() < 0.5},
        motivations={k: 0.9 for k in rng.sample(MOTIVATIONS, rng.randint(0, 2))},
        topics=[("category", c, 1.0) for c in rng.sample(CATEGORIES, rng.randint(0, 2))] + [("keyphrase", "mot", 1.0)],
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summaries_follow_every_write_path(conn, seed: int) -> None:
    rng = random.Random(seed)
    mentions = [mention(i, rng) for i in range(60)]
    sync_source(conn, "src", "rss", {})
    for start in range(0, 60, 20):
        save_batch(conn, "src", "t", Batch(mentions[start:start + 20], {}), "2026-11-03T00:00:00Z", None)
    assert_consistent(conn)
    save_tags(conn, "a", "1", [tags(m, rng) for m in mentions[:45]])
    assert_consistent(conn)
    save_tags(conn, "a", "2", [tags(m, rng) for m in rng.sample(mentions, 30)])  # re-tag: delete + insert
    assert_consistent(conn)
    for m in rng.sample(mentions, 15):  # the text's or a brand's (only the brand's moves its facts)
        set_sentiment_overrides(conn, m.id, {rng.choice((None, *m.brands)): rng.choice(("positive", "neutral",
                                                                                         "negative"))}, by="test")
    for m in rng.sample(mentions, 8):
        clear_sentiment_overrides(conn, m.id)
    assert_consistent(conn)
    for m in rng.sample(mentions, 10):  # engagement grows: reach changes
        m.author_followers = (m.author_followers or 0) + 1000
    save_batch(conn, "src", "t", Batch(mentions, {}), "2026-11-03T00:00:00Z", None)
    assert_consistent(conn)
    assert conn.execute("SELECT count(*) FROM mentions WHERE published_at IS NULL").fetchone()[0] > 0
    with transaction(conn):  # an analyst dates an undated mention by hand, and undates a dated one
        conn.execute("UPDATE mentions SET published_at = '2026-11-02T10:00:00Z', date_source = 'item' "
                     "WHERE id = (SELECT min(id) FROM mentions WHERE published_at IS NULL)")
        conn.execute("UPDATE mentions SET published_at = NULL, date_source = 'unknown' "
                     "WHERE id = (SELECT max(id) FROM mentions WHERE published_at IS NOT NULL)")
    assert_consistent(conn)
    with transaction(conn):  # an analyst fixes authors and media by hand
        for m in rng.sample(mentions, 10):
            conn.execute("UPDATE mentions SET author_name = ?, author_handle = NULL, publication = ? WHERE id = ?",
                         (rng.choice(AUTHORS), rng.choice(MEDIA), m.id))
    assert_consistent(conn)
    with transaction(conn):  # prune: FK cascades delete the children
        conn.executemany("DELETE FROM mentions WHERE id = ?", [(m.id,) for m in rng.sample(mentions, 12)])
    assert_consistent(conn)
    with transaction(conn):
        conn.execute("DELETE FROM mention_brands WHERE mention_id IN "
                     "(SELECT mention_id FROM mention_brands ORDER BY mention_id LIMIT 3)")
        conn.execute("DELETE FROM mention_tags WHERE mention_id IN "
                     "(SELECT mention_id FROM mention_tags ORDER BY mention_id LIMIT 4)")
    assert_consistent(conn)


def database_before(path, migration: str) -> sqlite3.Connection:
    """A database file migrated up to (not including) `migration`, as an older Veille left it."""
    from storage.db import _split_sql
    from storage.migrations import migrations

    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in migrations():
        if name >= migration:
            break
        for statement in _split_sql(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, '2026-11-01T00:00:00Z')", (name,))
    return conn


def save_before_0103(conn: sqlite3.Connection, mentions: list[Mention], collected_at: str) -> None:
    """Store mentions the way Veille did before migration 0103 (no date_source; a missing date became "now")."""
    sync_source(conn, "src", "rss", {})
    with transaction(conn):
        conn.executemany(
            "INSERT INTO mentions (id, platform, source, title, text, author_followers, likes, reach, platform_lang, "
            "published_at, collected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(m.id, m.platform, m.source, m.title, m.text, m.author_followers, m.likes, m.reach, m.lang,
              m.published_at or collected_at, collected_at) for m in mentions])
        conn.executemany("INSERT INTO mention_brands (mention_id, brand) VALUES (?, ?)",
                         [(m.id, b) for m in mentions for b in m.brands])


def save_tags_before_0120(conn: sqlite3.Connection, tagged: list[Tags]) -> None:
    """Store tags the way Veille did before migration 0120 (no `mixed` columns)."""
    with transaction(conn):
        for t in tagged:
            conn.execute("INSERT INTO mention_tags (mention_id, analyzer, analyzer_version, lang, sentiment, "
                         "sentiment_score, tagged_at) VALUES (?, 'a', '1', ?, ?, ?, '2026-11-03T00:00:00Z')",
                         (t.mention_id, t.lang, t.sentiment, t.sentiment_score))
            conn.executemany("INSERT INTO brand_sentiments (mention_id, brand, sentiment, score) VALUES (?, ?, ?, ?)",
                             [(t.mention_id, b, s.label, s.score) for b, s in t.brand_sentiments.items()])
            conn.executemany("INSERT INTO mention_motivations (mention_id, motivation, confidence) VALUES (?, ?, ?)",
                             [(t.mention_id, k, v) for k, v in t.motivations.items()])
            conn.executemany("INSERT INTO mention_topics (mention_id, kind, value, score) VALUES (?, ?, ?, ?)",
                             [(t.mention_id, *topic) for topic in t.topics])


def correct_before_0150(conn: sqlite3.Connection, mention_id: str, sentiment: str, by: str) -> None:
    """A correction of the whole mention as Veille recorded it before migrations 0150 and 0160."""
    with transaction(conn):
        conn.execute("INSERT INTO sentiment_overrides (mention_id, sentiment, corrected_at, corrected_by) "
                     "VALUES (?, ?, '2026-11-03T00:00:00Z', ?)", (mention_id, sentiment, by))


def _collect_the_old_way(conn: sqlite3.Connection, mentions: list[Mention]) -> None:
    """What a collector of that time wrote: no `publication` column, the feed's title kept in `raw`, and no
    `date_source` (a missing date became the collection time)."""
    with transaction(conn):
        for m in mentions:
            raw = json.dumps({"feed_title": m.publication}) if m.publication else None
            conn.execute("INSERT INTO mentions (id, platform, source, url, text, author_handle, author_name, "
                         "author_followers, likes, reach, platform_lang, published_at, collected_at, raw) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (m.id, m.platform, m.source, m.url, m.text, m.author_handle, m.author_name, m.author_followers,
                          m.likes, m.reach, m.lang, m.published_at or "2026-11-03T00:00:00Z",
                           "2026-11-03T00:00:00Z", raw))
            conn.executemany("INSERT INTO mention_brands (mention_id, brand) VALUES (?, ?)", [(m.id, b) for b in m.brands])


@pytest.mark.parametrize("before", ["0100", "0110"])
def test_migrations_backfill_an_existing_database(tmp_path, before: str) -> None:
    """A database collected before migration 0100 (summaries) or 0110 (media and authors) gets them computed
    when the migrations are applied; an old news item's medium comes from its feed's title, else its link."""
    path = tmp_path / "old.db"
    conn = database_before(path, before)
    rng = random.Random(7)
    mentions = [mention(i, rng) for i in range(40)]
    for m in mentions:
        m.url = f"https://www.site{m.id[-1]}.fr:8443/article/{m.id}" if m.platform == "rss" else None
    sync_source(conn, "src", "rss", {})
    _collect_the_old_way(conn, mentions)
    save_tags_before_0120(conn, [tags(m, rng) for m in mentions[:25]])
    conn.close()
    migrated = storage.connect(path)
    assert migrated.execute("SELECT count(*) FROM dash_facts").fetchone()[0] > 0
    assert_consistent(migrated)
    media = dict(migrated.execute("SELECT id, publication FROM mentions").fetchall())
    for m in mentions:
        expected = None if m.platform != "rss" else (m.publication or f"site{m.id[-1]}.fr")
        assert media[m.id] == expected, m
    migrated.close()
