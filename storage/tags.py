"""Reads and writes of the analysis stage: which mentions need tagging, and storing their tags."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from storage.db import transaction, utcnow
from storage.records import Tags


def count_pending(conn: sqlite3.Connection, analyzer: str, version: str) -> int:
    """Mentions never tagged, or tagged by another analyzer or an older version."""
    return conn.execute(
        "SELECT count(*) FROM mentions m LEFT JOIN mention_tags t ON t.mention_id = m.id "
        "WHERE t.mention_id IS NULL OR t.analyzer IS NOT ? OR t.analyzer_version IS NOT ?",
        (analyzer, version),
    ).fetchone()[0]


def iter_pending(
    conn: sqlite3.Connection, analyzer: str, version: str, batch_size: int = 256
) -> Iterator[list[sqlite3.Row]]:
    """Yield batches of (id, title, text, platform_lang, brands) to tag, oldest first, by keyset paging."""
    last = 0
    while True:
        rows = conn.execute(
            "SELECT m.seq, m.id, m.title, m.text, m.platform_lang, "
            "(SELECT group_concat(brand, char(31)) FROM mention_brands b WHERE b.mention_id = m.id) AS brands "
            "FROM mentions m LEFT JOIN mention_tags t ON t.mention_id = m.id "
            "WHERE m.seq > ? AND (t.mention_id IS NULL OR t.analyzer IS NOT ? OR t.analyzer_version IS NOT ?) "
            "ORDER BY m.seq LIMIT ?",
            (last, analyzer, version, batch_size),
        ).fetchall()
        if not rows:
            return
        last = rows[-1]["seq"]
        yield rows


def save_tags(conn: sqlite3.Connection, analyzer: str, version: str, tags: list[Tags]) -> None:
    """Replace the tags of these mentions in one transaction (re-tagging is an overwrite, never a duplicate)."""
    now = utcnow()
    ids = [(t.mention_id,) for t in tags]
    with transaction(conn):
        for table in ("brand_sentiments", "mention_motivations", "mention_topics", "mention_emotions"):
            conn.executemany(f"DELETE FROM {table} WHERE mention_id = ?", ids)
        conn.executemany(
            "INSERT INTO mention_tags (mention_id, analyzer, analyzer_version, lang, sentiment, sentiment_score, "
            "mixed, tagged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(mention_id) DO UPDATE SET "
            "analyzer = excluded.analyzer, analyzer_version = excluded.analyzer_version, lang = excluded.lang, "
            "sentiment = excluded.sentiment, sentiment_score = excluded.sentiment_score, mixed = excluded.mixed, "
            "tagged_at = excluded.tagged_at",
            [(t.mention_id, analyzer, version, t.lang, t.sentiment, t.sentiment_score, int(t.mixed), now)
             for t in tags],
        )
        conn.executemany(
            "INSERT INTO brand_sentiments (mention_id, brand, sentiment, score, mixed) VALUES (?, ?, ?, ?, ?)",
            [(t.mention_id, b, s.label, s.score, int(s.mixed)) for t in tags for b, s in t.brand_sentiments.items()],
        )
        corrected = _motivation_corrections_of(conn, [t.mention_id for t in tags])
        conn.executemany(
            "INSERT INTO mention_motivations (mention_id, motivation, confidence) VALUES (?, ?, ?)",
            [(t.mention_id, k, v) for t in tags
             for k, v in (dict.fromkeys(corrected[t.mention_id], 1.0) if t.mention_id in corrected
                          else t.motivations).items()],
        )
        conn.executemany("UPDATE motivation_overrides SET model_motivations = ? WHERE mention_id = ?",
                         [(json.dumps(t.motivations), t.mention_id) for t in tags if t.mention_id in corrected])
        conn.executemany(
            "INSERT OR IGNORE INTO mention_topics (mention_id, kind, value, score) VALUES (?, ?, ?, ?)",
            [(t.mention_id, kind, value, score) for t in tags for kind, value, score in t.topics],
        )
        conn.executemany(
            "INSERT INTO mention_emotions (mention_id, emotion, score) VALUES (?, ?, ?)",
            [(t.mention_id, k, v) for t in tags for k, v in t.emotions.items()],
        )


def _motivation_corrections_of(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[str]]:
    """The user's motivations of those of these mentions that were corrected: re-tagging keeps them shown."""
    rows = conn.execute(f"SELECT mention_id, motivations FROM motivation_overrides WHERE mention_id IN "
                        f"({','.join('?' * len(ids))})", ids).fetchall()
    return {r[0]: json.loads(r[1]) for r in rows}


def motivation_corrections(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Users' motivation corrections with the mention's text: (id, title, text, motivations as a JSON list)."""
    return conn.execute(
        "SELECT m.id, m.title, m.text, o.motivations FROM motivation_overrides o "
        "JOIN mentions m ON m.id = o.mention_id ORDER BY o.corrected_at, m.id"
    ).fetchall()


def sentiment_corrections(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Users' sentiment corrections with the mention's text, oldest first: (id, title, text, sentiment, brand,
    brands). `brand` is None for a correction of the text as a whole; for one toward a brand, `brands` holds every
    brand of the mention (separated by \\x1f): the brand's context depends on the others it is compared with."""
    return conn.execute(
        "SELECT m.id, m.title, m.text, o.sentiment, o.brand, "
        "(SELECT group_concat(b.brand, char(31)) FROM mention_brands b WHERE b.mention_id = m.id) AS brands "
        "FROM (SELECT mention_id, sentiment, NULL AS brand, corrected_at FROM sentiment_overrides "
        "      UNION ALL SELECT mention_id, sentiment, brand, corrected_at FROM brand_sentiment_overrides) o "
        "JOIN mentions m ON m.id = o.mention_id ORDER BY o.corrected_at, m.id, o.brand"
    ).fetchall()
