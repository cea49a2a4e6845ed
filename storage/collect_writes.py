"""Writes done by the collection runner: brands, sources, fetch state and batches, audit rows."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from storage.db import transaction, utcnow
from storage.records import DATE_SOURCES, Batch, Brand, Mention, bound
from storage.redact import mask_secrets

MENTION_COLUMNS = (
    "id", "platform", "source", "url", "title", "text", "author_handle", "author_name",
    "author_followers", "likes", "shares", "replies", "reach", "platform_lang",
    "published_at", "date_source", "collected_at", "raw", "publication",
)


def sync_brands(conn: sqlite3.Connection, brands: Iterable[Brand]) -> None:
    """Make the `brands` table mirror the config (kept for analysts: who is ours, which query)."""
    now = utcnow()
    brands = list(brands)
    with transaction(conn):
        conn.executemany(
            "INSERT INTO brands (name, query, own, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET query = excluded.query, own = excluded.own, "
            "updated_at = excluded.updated_at "
            "WHERE brands.query IS NOT excluded.query OR brands.own IS NOT excluded.own",
            [(b.name, b.query, int(b.own), now) for b in brands],
        )


def sync_source(conn: sqlite3.Connection, name: str, type_: str, settings: dict) -> None:
    """Register a configured source (settings are non-secret by construction, and masked all the same)."""
    conn.execute(
        "INSERT INTO sources (name, type, settings, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET type = excluded.type, settings = excluded.settings, "
        "updated_at = excluded.updated_at WHERE sources.settings IS NOT excluded.settings "
        "OR sources.type IS NOT excluded.type",
        (name, type_, mask_secrets(json.dumps(settings, sort_keys=True, ensure_ascii=False)), utcnow()),
    )


def load_state(conn: sqlite3.Connection, source: str, target: str) -> tuple[dict, str | None]:
    """The stored cursor of a fetch target and when it may next be tried."""
    target = mask_secrets(target)  # stored masked: see `save_batch`
    row = conn.execute(
        "SELECT state, next_attempt_at FROM fetch_state WHERE source = ? AND target = ?", (source, target)
    ).fetchone()
    if row is None:
        return {}, None
    return json.loads(row["state"]), row["next_attempt_at"]


def _dating(m: Mention, now: str) -> tuple[str | None, str]:
    """(published_at, date_source): a mention without a date is dated `now` (first seen) unless its
    collector said the date is unknown (a feed's backlog): then it stays undated, out of every trend."""
    if m.published_at:
        source = m.date_source if m.date_source in DATE_SOURCES and m.date_source != "unknown" else "item"
        return m.published_at, source
    return (None, "unknown") if m.date_source == "unknown" else (now, "first_seen")


def _mention_row(m: Mention, now: str) -> tuple:
    raw = None if m.raw is None else json.dumps(m.raw, ensure_ascii=False, default=str)
    return (
        m.id, m.platform, m.source, m.url, m.title, m.text, m.author_handle, m.author_name,
        m.author_followers, m.likes, m.shares, m.replies, m.reach, m.lang,
        *_dating(m, now), now, raw, m.publication,
    )


def save_batch(
    conn: sqlite3.Connection, source: str, target: str, batch: Batch, started_at: str, run_id: int | None
) -> int:
    """Store a batch's mentions, brand matches, new state and audit row in ONE transaction.

    Cursor after data: if anything fails, nothing is written and the old state stays,
    so the next run fetches the same items again. Returns the number of new mentions.
    """
    now = utcnow()
    target = mask_secrets(target)  # an address with credentials is stored without them
    placeholders = ", ".join("?" * len(MENTION_COLUMNS))
    with transaction(conn):
        new = 0
        for m in batch.mentions:
            bound(m)  # every platform, every caller: fields within their limits, links http(s) only
            cur = conn.execute(
                f"INSERT INTO mentions ({', '.join(MENTION_COLUMNS)}) VALUES ({placeholders}) "
                "ON CONFLICT(id) DO NOTHING",
                _mention_row(m, now),
            )
            if cur.rowcount == 1:
                new += 1
            else:  # engagement figures move over time: keep the latest, never touch the text
                conn.execute(
                    "UPDATE mentions SET author_followers = coalesce(?, author_followers), "
                    "likes = coalesce(?, likes), shares = coalesce(?, shares), "
                    "replies = coalesce(?, replies), reach = max(reach, ?) "
                    "WHERE id = ? AND (author_followers IS NOT ? OR likes IS NOT ? OR shares IS NOT ? "
                    "OR replies IS NOT ?)",
                    (m.author_followers, m.likes, m.shares, m.replies, m.reach, m.id,
                     m.author_followers, m.likes, m.shares, m.replies),
                )
            conn.executemany(
                "INSERT OR IGNORE INTO mention_brands (mention_id, brand) VALUES (?, ?)",
                [(m.id, b) for b in m.brands],
            )
        conn.execute(
            "INSERT INTO fetch_state (source, target, state, next_attempt_at, updated_at) VALUES (?, ?, ?, NULL, ?) "
            "ON CONFLICT(source, target) DO UPDATE SET state = excluded.state, next_attempt_at = NULL, "
            "updated_at = excluded.updated_at",
            (source, target, json.dumps(batch.state, sort_keys=True), now),
        )
        status = "not_modified" if batch.not_modified else ("warning" if batch.warnings else "ok")
        _insert_fetch(conn, run_id, source, target, started_at, now, status, batch.http_status,
                      batch.requests, len(batch.mentions), new, None, batch.warnings)
    return new


def record_fetch_problem(
    conn: sqlite3.Connection,
    source: str,
    target: str,
    started_at: str,
    run_id: int | None,
    status: str,
    error: str,
    http_status: int | None = None,
    requests: int = 0,
    next_attempt_at: str | None = None,
) -> None:
    """Audit a failed or rate-limited fetch; the target's cursor is left exactly as it was."""
    now = utcnow()
    target = mask_secrets(target)
    with transaction(conn):
        if next_attempt_at is not None:
            conn.execute(
                "INSERT INTO fetch_state (source, target, state, next_attempt_at, updated_at) "
                "VALUES (?, ?, '{}', ?, ?) ON CONFLICT(source, target) DO UPDATE SET "
                "next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at",
                (source, target, next_attempt_at, now),
            )
        _insert_fetch(conn, run_id, source, target, started_at, now, status, http_status, requests, 0, 0, error, [])


def record_skip(conn: sqlite3.Connection, source: str, target: str, run_id: int | None, reason: str) -> None:
    """Audit a target skipped because its `next_attempt_at` is in the future."""
    now = utcnow()
    with transaction(conn):
        _insert_fetch(conn, run_id, source, target, now, now, "skipped", None, 0, 0, 0, reason, [])


def _insert_fetch(conn, run_id, source, target, started, finished, status, http_status, requests, items, new,
                  error, warnings) -> None:
    target, error, warnings = mask_secrets(target), error and mask_secrets(error), [mask_secrets(w) for w in warnings]
    conn.execute(
        "INSERT INTO fetches (run_id, source, target, started_at, finished_at, status, http_status, requests, "
        "items, new_mentions, error, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (run_id, source, target, started, finished, status, http_status, requests, items, new, error,
         json.dumps(warnings, ensure_ascii=False)),
    )


def set_source_health(
    conn: sqlite3.Connection, source: str, status: str, error: str | None, next_attempt_at: str | None,
    target_errors: list[dict[str, str]] = (),
) -> None:
    """Summarise a source's last run for operators (`veille sources`, dashboard page Sources).

    `target_errors` lists the URLs (targets) that failed, each with its error: a `partial` source
    worked for its other URLs, and counts as a success for `last_success_at`.
    """
    now = utcnow()
    success = now if status in ("ok", "warning", "partial") else None
    conn.execute(
        "UPDATE sources SET status = ?, last_error = ?, target_errors = ?, next_attempt_at = ?, last_run_at = ?, "
        "last_success_at = coalesce(?, last_success_at), updated_at = ? WHERE name = ?",
        (status, error and mask_secrets(error), mask_secrets(json.dumps(list(target_errors), ensure_ascii=False)),
         next_attempt_at, now, success, now, source),
    )


def start_run(conn: sqlite3.Connection, command: str, pid: int) -> int:
    """Open an audit row for a command run."""
    cur = conn.execute("INSERT INTO runs (command, pid, started_at) VALUES (?, ?, ?)", (command, pid, utcnow()))
    return int(cur.lastrowid)


def finish_run(conn: sqlite3.Connection, run_id: int, status: str, summary: dict) -> None:
    """Close a run's audit row with its outcome."""
    conn.execute(
        "UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?",
        (utcnow(), status, json.dumps(summary, ensure_ascii=False), run_id),
    )


def mark_interrupted_runs(conn: sqlite3.Connection) -> int:
    """Runs still 'running' when the lock is free were killed: say so in their audit rows."""
    cur = conn.execute(
        "UPDATE runs SET status = 'interrupted', finished_at = ? WHERE status = 'running'", (utcnow(),)
    )
    return cur.rowcount


def source_wait(conn: sqlite3.Connection, source: str) -> str | None:
    """When a rate-limited source may be tried again (None when it is not waiting)."""
    row = conn.execute(
        "SELECT next_attempt_at FROM sources WHERE name = ? AND status = 'rate_limited'", (source,)
    ).fetchone()
    return row["next_attempt_at"] if row else None
