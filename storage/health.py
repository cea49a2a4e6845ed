"""Source health for operators (`veille sources`) and the dashboard's Sources page; the runs' recorded summaries."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

FIELDS = ("name", "type", "status", "last_run_at", "last_success_at", "last_error", "target_errors",
          "next_attempt_at", "waiting_targets", "mentions_24h", "mentions_total")

_QUERY = """
SELECT s.name, s.type, s.status, s.last_run_at, s.last_success_at, s.last_error, {target_errors} AS target_errors,
       (SELECT max(f.next_attempt_at) FROM fetch_state f
         WHERE f.source = s.name AND f.next_attempt_at > :now) AS target_next,
       s.next_attempt_at AS source_next,
       (SELECT count(*) FROM fetch_state f
         WHERE f.source = s.name AND f.next_attempt_at > :now) AS waiting_targets,
       (SELECT count(*) FROM mentions m WHERE m.source = s.name AND m.collected_at >= :since) AS mentions_24h,
       (SELECT count(*) FROM mentions m WHERE m.source = s.name) AS mentions_total
FROM sources s
ORDER BY s.name
"""


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def source_health(conn: sqlite3.Connection, now: datetime | str | None = None) -> list[dict]:
    """Every registered source: last run, status and error, next attempt, mentions collected in 24 h and in total.

    `target_errors` lists the URLs (targets) that failed in the last run, as {"target", "error"}: a
    `partial` source has some, and its other URLs worked.

    `next_attempt_at` is only set while a source (or one of its targets) is waiting out a
    rate limit, i.e. when it lies after `now`; otherwise the next cron run will try it.
    """
    if now is None:
        now_dt = datetime.now(UTC)
    elif isinstance(now, str):
        now_dt = datetime.fromisoformat(now)
    else:
        now_dt = now
    now_iso = _iso(now_dt)
    # read-only readers may meet a database the next collection has not migrated to 0103 yet
    migrated = conn.execute("SELECT 1 FROM pragma_table_info('sources') WHERE name = 'target_errors'").fetchone()
    sql = _QUERY.format(target_errors="s.target_errors" if migrated else "'[]'")
    rows = conn.execute(sql, {"now": now_iso, "since": _iso(now_dt - timedelta(hours=24))}).fetchall()
    out = []
    for row in rows:
        waits = [t for t in (row["target_next"], row["source_next"]) if t and t > now_iso]
        out.append({
            "name": row["name"], "type": row["type"], "status": row["status"],
            "last_run_at": row["last_run_at"], "last_success_at": row["last_success_at"],
            "last_error": row["last_error"], "target_errors": json.loads(row["target_errors"] or "[]"),
            "next_attempt_at": max(waits) if waits else None,
            "waiting_targets": row["waiting_targets"],
            "mentions_24h": row["mentions_24h"], "mentions_total": row["mentions_total"],
        })
    return out


def last_run_summary(conn: sqlite3.Connection, command: str, key: str) -> dict | None:
    """`summary[key]` of the latest finished run of `command` that recorded it (e.g. the demo's content period)."""
    row = conn.execute(
        "SELECT json_extract(summary, '$.' || ?) FROM runs WHERE command = ? AND finished_at IS NOT NULL "
        "AND json_extract(summary, '$.' || ?) IS NOT NULL ORDER BY id DESC LIMIT 1", (key, command, key),
    ).fetchone()
    return None if row is None else json.loads(row[0])
