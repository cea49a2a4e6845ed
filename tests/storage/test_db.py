"""The database file: migrations, WAL, read-only readers, full-text search, batch saving."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import storage
from storage import collect_writes as writes
from storage.db import DatabaseError, transaction
from storage.records import Batch, Brand, Mention


def mention(i: int, text: str = "Orange a déçu ses clients", brands=("Orange",)) -> Mention:
    return Mention(id=f"rss:{i}", platform="rss", source="presse", text=text, title=f"Titre {i}",
                   url=f"https://ex.org/{i}", published_at=f"2026-11-0{1 + i % 9}T10:00:00Z", brands=list(brands))


def test_migrations_are_recorded_and_not_reapplied(db_path: Path) -> None:
    conn = storage.connect(db_path)
    names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
    assert names[:2] == ["0001_core", "0002_analyst_views"]
    assert storage.db.apply_migrations(conn) == []


def test_wal_busy_timeout_and_foreign_keys(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_readonly_connection_refuses_writes(db_path: Path) -> None:
    ro = storage.open_readonly(db_path)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        ro.execute("INSERT INTO brands (name, query, updated_at) VALUES ('a', 'a', 'x')")


def test_readonly_on_a_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="veille demo"):
        storage.open_readonly(tmp_path / "absent.db")


def test_unwritable_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="impossible de créer le dossier"):
        storage.connect(blocker / "sub" / "v.db")


def test_full_text_search_ignores_accents(conn: sqlite3.Connection) -> None:
    writes.sync_source(conn, "presse", "rss", {})
    writes.save_batch(conn, "presse", "feed", Batch([mention(1), mention(2, "Une offre réussie", ())], {}),
                      storage.db.utcnow(), None)
    hits = conn.execute("SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH 'decu'").fetchall()
    assert len(hits) == 1
    assert conn.execute("SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'reussie'").fetchone()[0] == 1


def test_saving_the_same_batch_twice_adds_nothing(conn: sqlite3.Connection) -> None:
    writes.sync_source(conn, "presse", "rss", {})
    batch = Batch([mention(i) for i in range(5)], {"etag": "a"})
    assert writes.save_batch(conn, "presse", "feed", batch, storage.db.utcnow(), None) == 5
    assert writes.save_batch(conn, "presse", "feed", batch, storage.db.utcnow(), None) == 0
    assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 5
    assert conn.execute("SELECT count(*) FROM mention_brands").fetchone()[0] == 5
    assert conn.execute("SELECT count(*) FROM fetches").fetchone()[0] == 2


def test_engagement_updates_but_text_never_changes(conn: sqlite3.Connection) -> None:
    writes.sync_source(conn, "presse", "rss", {})
    m = mention(1)
    writes.save_batch(conn, "presse", "t", Batch([m], {}), storage.db.utcnow(), None)
    m.likes, m.text = 40, "autre texte"
    writes.save_batch(conn, "presse", "t", Batch([m], {}), storage.db.utcnow(), None)
    row = conn.execute("SELECT likes, text FROM mentions").fetchone()
    assert row["likes"] == 40 and row["text"] == "Orange a déçu ses clients"


def test_a_failure_inside_the_batch_leaves_state_and_data_unchanged(conn: sqlite3.Connection) -> None:
    writes.sync_source(conn, "presse", "rss", {})
    writes.save_batch(conn, "presse", "t", Batch([mention(1)], {"cursor": "old"}), storage.db.utcnow(), None)
    bad = mention(2)
    bad.text = None  # NOT NULL violation half-way through the batch
    with pytest.raises(sqlite3.IntegrityError):
        writes.save_batch(conn, "presse", "t", Batch([mention(3), bad], {"cursor": "new"}), storage.db.utcnow(), None)
    assert writes.load_state(conn, "presse", "t")[0] == {"cursor": "old"}
    assert [r[0] for r in conn.execute("SELECT id FROM mentions")] == ["rss:1"]


def test_transaction_rolls_back_on_error(conn: sqlite3.Connection) -> None:
    with pytest.raises(RuntimeError), transaction(conn):
        conn.execute("INSERT INTO brands (name, query, updated_at) VALUES ('a', 'a', 'x')")
        raise RuntimeError("boom")
    assert conn.execute("SELECT count(*) FROM brands").fetchone()[0] == 0


def test_sync_brands_mirrors_the_config(conn: sqlite3.Connection) -> None:
    writes.sync_brands(conn, [Brand("Orange", "Orange", True), Brand("Free", "Free")])
    writes.sync_brands(conn, [Brand("Orange", "Orange NOT orangeade", True), Brand("Free", "Free")])
    rows = {r["name"]: (r["query"], r["own"]) for r in conn.execute("SELECT * FROM brands")}
    assert rows == {"Orange": ("Orange NOT orangeade", 1), "Free": ("Free", 0)}
