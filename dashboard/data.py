"""Data access for the pages: cached read-only queries, DataFrames, and the two user actions.

Every read goes through `_query`, cached with `st.cache_data` and keyed by the database file's
modification stamp: a collector's or a user's write shows up at the next rerun, and nothing stale is
served for longer than the TTL. Each call opens its own read-only connection (cheap, thread-safe,
never blocks the collector in WAL mode).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from storage import alerts as alert_store
from storage import dashboard_queries as dq
from storage import health, user_actions
from storage.db import DatabaseError, connect, open_readonly
from storage.migrations import migrations

CACHE_TTL_S = 300
LAST_MIGRATION = migrations()[-1][0]  # the pages read tables up to the newest migration
_MODULES = {"dq": dq, "alerts": alert_store, "health": health}


def db_path() -> Path:
    """The database chosen by `veille dashboard` (environment variable VEILLE_DB), else ./veille.db."""
    return Path(os.environ.get("VEILLE_DB") or "veille.db").resolve()


def _stamp(path: Path) -> tuple[int, ...]:
    """Changes whenever the database changes (main file or its WAL)."""
    stamp = []
    for p in (path, path.with_name(path.name + "-wal")):
        try:
            s = p.stat()
            stamp += [s.st_mtime_ns, s.st_size]
        except FileNotFoundError:
            stamp += [0, 0]
    return tuple(stamp)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False, max_entries=1000)
def _query(path: str, stamp: tuple[int, ...], module: str, name: str, *args: Any, **kwargs: Any) -> Any:
    conn = open_readonly(path)
    try:
        return getattr(_MODULES[module], name)(conn, *args, **kwargs)
    finally:
        conn.close()


def query(name: str, *args: Any, **kwargs: Any) -> Any:
    """Run `storage.dashboard_queries.<name>(conn, *args, **kwargs)` through the cache."""
    path = db_path()
    return _query(str(path), _stamp(path), "dq", name, *args, **kwargs)


def frame(name: str, *args: Any, **kwargs: Any) -> pd.DataFrame:
    """A query returning rows, as a DataFrame."""
    return pd.DataFrame(query(name, *args, **kwargs))


def database_state() -> str:
    """'missing' (no file), 'outdated' (the newest migration not applied), 'empty' (nothing collected) or 'ready'."""
    path = db_path()
    if not path.exists():
        return "missing"
    return _state(str(path), _stamp(path))


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _state(path: str, stamp: tuple[int, ...]) -> str:
    try:
        conn = open_readonly(path)
    except DatabaseError:
        return "missing"
    try:
        applied = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone() and \
            conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (LAST_MIGRATION,)).fetchone()
        if not applied:
            return "outdated"
        return "ready" if dq.has_mentions(conn) else "empty"
    finally:
        conn.close()


def list_alerts(status: str | None = None, brands: tuple[str, ...] = (), since: str | None = None,
                limit: int = 200) -> list[dict[str, Any]]:
    """`storage.alerts.list_alerts` through the cache (brands: empty = all)."""
    path = db_path()
    return _query(str(path), _stamp(path), "alerts", "list_alerts", status=status, brands=brands or None,
                  since=since, limit=limit)


def get_alert(alert_id: int) -> dict[str, Any] | None:
    path = db_path()
    return _query(str(path), _stamp(path), "alerts", "get_alert", alert_id)


def source_health() -> list[dict[str, Any]]:
    """`storage.health.source_health`, the same table as `veille sources`."""
    path = db_path()
    return _query(str(path), _stamp(path), "health", "source_health")


# --- the only writes ------------------------------------------------------------------------------


def _write(action, *args: Any, **kwargs: Any) -> Any:
    """Open the database for writing just for this action (no migration), then let the cache see it."""
    conn = connect(db_path(), migrate=False)
    try:
        return action(conn, *args, **kwargs)
    finally:
        conn.close()
        st.cache_data.clear()


def correct_sentiment(mention_id: str, sentiment: str, by: str | None = None) -> None:
    _write(user_actions.set_sentiment_override, mention_id, sentiment, by=by or None)


def clear_correction(mention_id: str) -> bool:
    return _write(user_actions.clear_sentiment_override, mention_id)


def correct_motivations(mention_id: str, motivations: list[str], by: str | None = None) -> None:
    _write(user_actions.set_motivation_override, mention_id, motivations, by=by or None)


def clear_motivation_correction(mention_id: str) -> bool:
    return _write(user_actions.clear_motivation_override, mention_id)


def set_alert_status(alert_id: int, status: str) -> dict[str, Any]:
    return _write(alert_store.set_alert_status, alert_id, status)
