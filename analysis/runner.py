"""Tagging pending mentions: batches read by keyset, tagged, each batch saved in its own transaction.

A killed run loses at most the batches in flight (they stay pending) and never writes a
tag twice: `save_tags` overwrites.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from tqdm import tqdm

from analysis.tagger import Item, Tagger, mention_text
from storage.tags import count_pending, iter_pending, save_tags

BRAND_SEPARATOR = "\x1f"  # group_concat separator used by storage.tags.iter_pending


def _pending_items(conn: sqlite3.Connection, tagger: Tagger, batch_size: int) -> Iterator[list[Item]]:
    for rows in iter_pending(conn, tagger.analyzer, tagger.version, batch_size):
        yield [
            Item(
                key=row["id"],
                text=mention_text(row["title"], row["text"]),
                brands=tuple(row["brands"].split(BRAND_SEPARATOR)) if row["brands"] else (),
                lang_hint=row["platform_lang"],
            )
            for row in rows
        ]


def analyze_pending(conn: sqlite3.Connection, tagger: Tagger, batch_size: int = 128, progress: bool = False) -> int:
    """Tag every mention never tagged or tagged by another analyzer version; return how many were tagged."""
    total = count_pending(conn, tagger.analyzer, tagger.version) if progress else None
    done = 0
    with tqdm(total=total, unit=" mentions", disable=not progress, desc="analyse") as bar:
        for tags in tagger.tag_batches(_pending_items(conn, tagger, batch_size)):
            save_tags(conn, tagger.analyzer, tagger.version, tags)
            done += len(tags)
            bar.update(len(tags))
    return done
