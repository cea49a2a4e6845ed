"""Helpers to store mentions for the analysis tests (the session tagger is in tests/conftest.py)."""

from __future__ import annotations

import sqlite3

import pytest

from storage.collect_writes import save_batch, sync_source
from storage.db import utcnow
from storage.records import Batch, Mention


@pytest.fixture(scope="session")
def nlp(tagger):
    return tagger.nlp


def store_mentions(conn: sqlite3.Connection, texts: list[str], brands: list[str] | None = None,
                   start: int = 0) -> list[str]:
    """Save mentions with these texts through the real collection write path; return their ids."""
    sync_source(conn, "test", "rss", {})
    mentions = [
        Mention(id=f"rss:{start + i}", platform="rss", source="test", text=t, brands=list(brands or []),
                published_at="2026-11-01T10:00:00Z")
        for i, t in enumerate(texts)
    ]
    save_batch(conn, "test", "feed", Batch(mentions, {}), utcnow(), None)
    return [m.id for m in mentions]
