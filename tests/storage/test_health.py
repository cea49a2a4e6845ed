"""source_health: what operators and the Sources page see for each source."""

from __future__ import annotations

from storage import collect_writes as writes
from storage.db import transaction
from storage.health import FIELDS, source_health
from storage.records import Batch, Mention

NOW = "2024-05-13T12:00:00Z"


def mention(i: int, source: str) -> Mention:
    return Mention(id=f"x:{i}", platform="x", source=source, text=f"texte {i}", published_at="2024-05-13T10:00:00Z")


def test_counts_status_and_next_attempt(conn):
    for name, type_ in (("x-fr", "x"), ("presse", "rss"), ("masto", "mastodon")):
        writes.sync_source(conn, name, type_, {})
    writes.save_batch(conn, "x-fr", "brand:A", Batch([mention(1, "x-fr"), mention(2, "x-fr")], {"since_id": "2"}),
                      NOW, None)
    with transaction(conn):  # one mention collected two days ago
        conn.execute("UPDATE mentions SET collected_at = '2024-05-11T09:00:00Z' WHERE id = 'x:1'")
    writes.record_fetch_problem(conn, "masto", "brand:A", NOW, None, "rate_limited", "429",
                                next_attempt_at="2024-05-13T12:15:00Z")
    writes.record_fetch_problem(conn, "masto", "brand:B", NOW, None, "rate_limited", "429",
                                next_attempt_at="2024-05-13T11:00:00Z")  # already past
    writes.set_source_health(conn, "masto", "rate_limited", "brand:A : trop de requêtes", "2024-05-13T12:15:00Z")
    writes.set_source_health(conn, "presse", "failed", "flux introuvable (404)", None)

    rows = {r["name"]: r for r in source_health(conn, now=NOW)}
    assert list(rows) == ["masto", "presse", "x-fr"] and all(tuple(r) == FIELDS for r in rows.values())
    assert rows["x-fr"]["mentions_total"] == 2
    assert (rows["masto"]["status"], rows["masto"]["next_attempt_at"], rows["masto"]["waiting_targets"]) == (
        "rate_limited", "2024-05-13T12:15:00Z", 1)
    assert rows["presse"]["last_error"] == "flux introuvable (404)" and rows["presse"]["next_attempt_at"] is None
    assert rows["x-fr"]["status"] == "new" and rows["x-fr"]["last_run_at"] is None


def test_24h_window_uses_collection_time(conn):
    writes.sync_source(conn, "x-fr", "x", {})
    writes.save_batch(conn, "x-fr", "brand:A", Batch([mention(1, "x-fr"), mention(2, "x-fr")], {}), NOW, None)
    with transaction(conn):
        conn.execute("UPDATE mentions SET collected_at = '2024-05-12T11:59:59Z' WHERE id = 'x:1'")
        conn.execute("UPDATE mentions SET collected_at = '2024-05-12T12:00:00Z' WHERE id = 'x:2'")
    [row] = source_health(conn, now=NOW)
    assert (row["mentions_24h"], row["mentions_total"]) == (1, 2)
    assert source_health(conn, now="2024-05-20T00:00:00Z")[0]["mentions_24h"] == 0


def test_no_sources(conn):
    assert source_health(conn) == []
