"""Backups stay consistent while another connection writes; pruning removes old mentions and only them."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import storage
from storage import collect_writes as writes
from storage.db import DatabaseError, utcnow
from storage.maintenance import backup_database, mention_children, plan_prune, prune_mentions
from storage.records import Batch, Mention
from tests.support.sample_db import build_sample

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture
def sample_path(db_path: Path) -> Path:
    conn = storage.connect(db_path)
    build_sample(conn, now=NOW)
    conn.close()
    return db_path


def fts_problems(conn: sqlite3.Connection) -> str | None:
    try:
        conn.execute("INSERT INTO mentions_fts(mentions_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None


def integrity(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("PRAGMA integrity_check")]


# --- Backup ---


class Writer(threading.Thread):
    """Commits batches of 25 new mentions, each with its audit row, until told to stop."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.path, self.stop, self.commits, self.error = path, threading.Event(), 0, None

    def run(self) -> None:
        conn = storage.connect(self.path)
        try:
            while not self.stop.is_set():
                n = self.commits
                batch = Batch([Mention(id=f"x:w{n}-{k}", platform="x", source="sample-x", brands=["Azura"],
                                       text=f"Azura écriture concurrente {n} {k}", published_at=utcnow())
                               for k in range(25)], {"n": n})
                writes.save_batch(conn, "sample-x", "writer", batch, utcnow(), None)
                self.commits += 1
        except Exception as exc:  # surfaced by the test
            self.error = exc
        finally:
            conn.close()


def test_backup_is_a_consistent_snapshot_while_another_connection_writes(sample_path: Path, tmp_path: Path) -> None:
    writer = Writer(sample_path)
    writer.start()
    try:
        while writer.commits < 3:
            threading.Event().wait(0.01)
        copies = [backup_database(sample_path, tmp_path / f"copy{i}.db") for i in range(4)]
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None
    counts = set()
    for report in copies:
        immutable = sqlite3.connect(f"file:{report.path}?immutable=1", uri=True)  # self-contained: no WAL
        assert immutable.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        immutable.close()
        copy = sqlite3.connect(report.path)
        assert integrity(copy) == ["ok"]
        assert fts_problems(copy) is None
        # Every mention arrived through save_batch, whose audit row counts it in the SAME transaction:
        # a torn snapshot would break this equality.
        mentions = copy.execute("SELECT count(*) FROM mentions").fetchone()[0]
        assert mentions == copy.execute("SELECT sum(new_mentions) FROM fetches").fetchone()[0] == report.mentions
        assert copy.execute("SELECT count(*) FROM mentions_fts").fetchone()[0] == mentions
        assert copy.execute("SELECT count(*) FROM mentions m WHERE NOT EXISTS "
                            "(SELECT 1 FROM mention_brands b WHERE b.mention_id = m.id)").fetchone()[0] == 0
        assert (mentions - 450) % 25 == 0
        counts.add(mentions)
        copy.close()
    assert len(counts) > 1, "the writer committed between backups, so the copies must differ"
    source = storage.open_readonly(sample_path)
    assert source.execute("SELECT count(*) FROM mentions").fetchone()[0] >= max(counts)
    assert not list(tmp_path.glob(".*tmp"))


def test_backup_ignores_an_open_write_transaction_and_does_not_wait_for_it(sample_path: Path,
                                                                           tmp_path: Path) -> None:
    writer = storage.connect(sample_path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO mentions (id, platform, source, text, published_at, collected_at) "
                   "VALUES ('x:uncommitted', 'x', 'sample-x', 'pas encore validé', ?, ?)", (utcnow(), utcnow()))
    try:
        report = backup_database(sample_path, tmp_path / "copy.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    copy = sqlite3.connect(report.path)
    assert copy.execute("SELECT count(*) FROM mentions WHERE id = 'x:uncommitted'").fetchone()[0] == 0
    assert report.mentions == 450


def test_a_failed_backup_leaves_the_previous_one_untouched(sample_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    backup_database(sample_path, broken)
    data = bytearray(broken.read_bytes())
    page = 4096
    conn = sqlite3.connect(broken)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'mention_topics'").fetchone()[0]
    conn.close()
    start = (root - 1) * page
    data[start:start + 12] = b"\x07" + bytes(range(200, 211))  # an invalid b-tree page header
    broken.write_bytes(bytes(data))
    dest = tmp_path / "good.db"
    dest.write_bytes(b"previous backup")
    with pytest.raises(DatabaseError, match="endommagée"):
        backup_database(broken, dest)
    assert dest.read_bytes() == b"previous backup"
    assert not list(tmp_path.glob(".*tmp"))


def test_backup_refuses_to_replace_the_database_itself(sample_path: Path) -> None:
    with pytest.raises(DatabaseError, match="elle-même"):
        backup_database(sample_path, sample_path)


# --- Prune ---


CUTOFF = (NOW - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = ["mentions", "alerts", "notifications", *(t for t, _ in mention_children(conn))]
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def orphans(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t} c WHERE NOT EXISTS "
                            f"(SELECT 1 FROM mentions m WHERE m.id = c.{col})").fetchone()[0]
            for t, col in mention_children(conn)}


def test_mention_children_are_found_from_the_foreign_keys(conn: sqlite3.Connection) -> None:
    found = dict(mention_children(conn))
    for table in ("mention_brands", "mention_tags", "brand_sentiments", "mention_motivations", "mention_topics",
                  "mention_emotions", "sentiment_overrides"):
        assert found[table] == "mention_id"


def test_prune_deletes_old_mentions_with_their_rows_and_keeps_alerts(sample_path: Path) -> None:
    conn = storage.connect(sample_path)
    before = counts(conn)
    old = conn.execute("SELECT count(*) FROM mentions WHERE published_at < ?", (CUTOFF,)).fetchone()[0]
    corrected = "(SELECT mention_id FROM sentiment_overrides UNION SELECT mention_id FROM brand_sentiment_overrides)"
    corrected_old = conn.execute(f"SELECT count(*) FROM mentions m WHERE m.published_at < ? AND m.id IN {corrected}",
                                 (CUTOFF,)).fetchone()[0]
    by_brand = conn.execute("SELECT count(DISTINCT mention_id) FROM brand_sentiment_overrides o JOIN mentions m "
                            "ON m.id = o.mention_id WHERE m.published_at < ?", (CUTOFF,)).fetchone()[0]
    assert old > 100 and corrected_old > by_brand > 0  # corrections of a brand and of a text both keep it
    planned = plan_prune(conn, CUTOFF)
    report = prune_mentions(conn, CUTOFF, batch_size=37)  # several batches
    after = counts(conn)

    assert report.deleted["mentions"] == old - corrected_old == planned.deleted["mentions"]
    assert report.deleted == planned.deleted
    assert report.kept_corrected == corrected_old
    for table, n in before.items():
        assert after[table] == n - report.deleted.get(table, 0), table
    assert report.deleted["mention_tags"] == report.deleted["mentions"]
    assert report.deleted["mention_brands"] >= report.deleted["mentions"]
    assert after["alerts"] == before["alerts"] == 1
    assert conn.execute(f"SELECT count(*) FROM mentions WHERE published_at < ? AND id NOT IN {corrected}",
                        (CUTOFF,)).fetchone()[0] == 0
    assert after["sentiment_overrides"] == before["sentiment_overrides"]
    assert after["brand_sentiment_overrides"] == before["brand_sentiment_overrides"]
    assert not any(orphans(conn).values())
    assert fts_problems(conn) is None
    assert integrity(conn) == ["ok"]
    # The index agrees with the table, row for row.
    fts = conn.execute("SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'colis'").fetchone()[0]
    assert fts == conn.execute("SELECT count(*) FROM mentions WHERE text LIKE '%colis%'").fetchone()[0] > 0
    assert prune_mentions(conn, CUTOFF).deleted["mentions"] == 0  # running again changes nothing


def test_prune_can_include_corrected_mentions(sample_path: Path) -> None:
    conn = storage.connect(sample_path)
    old = conn.execute("SELECT count(*) FROM mentions WHERE published_at < ?", (CUTOFF,)).fetchone()[0]
    report = prune_mentions(conn, CUTOFF, keep_corrected=False)
    assert report.deleted["mentions"] == old and report.kept_corrected == 0
    assert report.deleted["sentiment_overrides"] > 0 and report.deleted["brand_sentiment_overrides"] > 0
    assert conn.execute("SELECT count(*) FROM mentions WHERE published_at < ?", (CUTOFF,)).fetchone()[0] == 0


def test_prune_leaves_no_orphans_even_without_foreign_keys(sample_path: Path) -> None:
    conn = storage.connect(sample_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    prune_mentions(conn, CUTOFF)
    assert not any(orphans(conn).values())


def test_prune_removes_old_audit_rows_but_never_a_running_run(sample_path: Path) -> None:
    conn = storage.connect(sample_path)
    old_run = writes.start_run(conn, "collect", 1)
    writes.finish_run(conn, old_run, "ok", {})
    running = writes.start_run(conn, "collect", 2)
    conn.execute("UPDATE runs SET started_at = '2020-01-01T00:00:00Z'")
    conn.execute("UPDATE fetches SET started_at = '2020-01-01T00:00:00Z' WHERE id = 1")
    report = prune_mentions(conn, CUTOFF)
    assert report.deleted["fetches"] == 1 and report.deleted["runs"] == 1
    assert [r[0] for r in conn.execute("SELECT id FROM runs")] == [running]


def test_dashboard_summaries_stay_exact_after_a_prune(sample_path: Path) -> None:
    conn = storage.connect(sample_path)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'dash_daily'").fetchone() is None:
        pytest.skip("no dashboard summary tables in this schema")
    prune_mentions(conn, CUTOFF, batch_size=50)
    daily = conn.execute("SELECT day, brand, sum(mentions), sum(reach) FROM dash_daily "
                         "GROUP BY 1, 2 HAVING sum(mentions) > 0 ORDER BY 1, 2").fetchall()
    recomputed = conn.execute("SELECT substr(m.published_at, 1, 10), b.brand, count(*), sum(m.reach) "
                              "FROM mention_brands b JOIN mentions m ON m.id = b.mention_id GROUP BY 1, 2 "
                              "ORDER BY 1, 2").fetchall()
    assert [tuple(r) for r in daily] == [tuple(r) for r in recomputed]
    labels = conn.execute("SELECT label, brand, sum(mentions) FROM dash_daily_labels WHERE dim = 'motivation' "
                          "GROUP BY 1, 2 HAVING sum(mentions) > 0 ORDER BY 1, 2").fetchall()
    recomputed = conn.execute("SELECT mm.motivation, b.brand, count(*) FROM mention_motivations mm "
                              "JOIN mention_brands b ON b.mention_id = mm.mention_id GROUP BY 1, 2 "
                              "ORDER BY 1, 2").fetchall()
    assert [tuple(r) for r in labels] == [tuple(r) for r in recomputed]
