"""Data access for the pages: cached read-only queries, and the user actions.

Each query of `storage` that a page runs has one wrapper here, made by `_cached`: the same signature
less the connection (so find-usages and type checks reach the query), cached with `st.cache_data`
and keyed by the database file's modification stamp: a collector's or a user's write shows up at the
next rerun, and nothing stale is served for longer than the TTL. Each call opens its own read-only
connection (cheap, thread-safe, never blocks the collector in WAL mode).
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import streamlit as st

from presentation import frames
from presentation.export import spreadsheet_rows
from storage import alerts as alert_store
from storage import dashboard_queries as dq
from storage import health, user_actions
from storage.db import DatabaseError, connect, open_readonly
from storage.export_queries import EXPORT_COLUMNS
from storage.migrations import migrations

CACHE_TTL_S = 300
CACHE_ENTRIES = 1000  # per query
LAST_MIGRATION = migrations()[-1][0]  # the pages read tables up to the newest migration

P = ParamSpec("P")
R = TypeVar("R")


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


def _cached(query: Callable[Concatenate[sqlite3.Connection, P], R]) -> Callable[P, R]:
    """`query` without its connection argument, run on a read-only connection through its own cache.

    The cache key is the database path and stamp plus the query's arguments.
    """

    def run(path: str, stamp: tuple[int, ...], *args: Any, **kwargs: Any) -> R:
        conn = open_readonly(path)
        try:
            return query(conn, *args, **kwargs)
        finally:
            conn.close()

    # Streamlit names a cache after the function's module, qualified name and source: without a name of
    # its own, every `run` would share one cache and two queries with the same arguments would collide.
    run.__qualname__ = f"{query.__module__}.{query.__qualname__}"
    cached = st.cache_data(ttl=CACHE_TTL_S, show_spinner=False, max_entries=CACHE_ENTRIES)(run)

    @functools.wraps(query)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        path = db_path()
        return cached(str(path), _stamp(path), *args, **kwargs)

    signature = inspect.signature(query)
    call.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])  # type: ignore[attr-defined]
    return call


def declared_owns() -> tuple[str, ...]:
    """Your brands as the config of `veille dashboard` declares them now (VEILLE_OWN, a JSON list), not as the
    base kept them from its last collect."""
    return tuple(json.loads(os.environ.get("VEILLE_OWN") or "[]"))


has_rows = _cached(dq.has_rows)
_filter_options = _cached(dq.filter_options)


def filter_options() -> dict[str, Any]:
    return _filter_options(declared_owns())


last_published = _cached(dq.last_published)
selection_size = _cached(dq.selection_size)
key_figures = _cached(dq.key_figures)
what_changed = _cached(dq.what_changed)
brand_totals = _cached(dq.brand_totals)
series = _cached(dq.series)
label_totals = _cached(dq.label_totals)
topic_counts = _cached(dq.topic_counts)
category_totals = _cached(dq.category_totals)
list_mentions = _cached(dq.list_mentions)
undated_mentions = _cached(dq.undated_mentions)
count_mentions = _cached(dq.count_mentions)
export_mentions = _cached(dq.export_mentions)
mentions_by_id = _cached(dq.mentions_by_id)
to_handle = _cached(dq.to_handle)
voices = _cached(dq.voices)
voice_mentions = _cached(dq.voice_mentions)
count_alerts = _cached(dq.count_alerts)
alert_markers = _cached(dq.alert_markers)
fetch_summary = _cached(dq.fetch_summary)
recent_fetches = _cached(dq.recent_fetches)
fetch_activity = _cached(dq.fetch_activity)
get_alert = _cached(alert_store.get_alert)
source_health = _cached(health.source_health)  # the same table as `veille sources`
_list_alerts = _cached(alert_store.list_alerts)


def export_csv(f: dq.Filters, search: str | None = None, sort: str = "date") -> bytes:
    """The Mentions page's CSV download: its selection in its order, at most EXPORT_CAP mentions, with the
    columns, French headers and French values of `veille export --fr`; `;`-separated for Excel. A selection of
    one brand adds its sentiment (`spreadsheet_rows`)."""
    return frames.to_csv(spreadsheet_rows(EXPORT_COLUMNS, export_mentions(f, search=search, sort=sort),
                                          brand=f.only_brand))


def list_alerts(status: str | Iterable[str] | None = None, brands: tuple[str, ...] = (), since: str | None = None,
                limit: int | None = 200) -> list[dict[str, Any]]:
    """`storage.alerts.list_alerts` through the cache, where no brand chosen means all brands."""
    return _list_alerts(status=status, brands=brands or None, since=since, limit=limit)


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


# --- the only writes ------------------------------------------------------------------------------


def _write(action, *args: Any, **kwargs: Any) -> Any:
    """Open the database for writing just for this action (no migration), then let the cache see it."""
    conn = connect(db_path(), migrate=False)
    try:
        return action(conn, *args, **kwargs)
    finally:
        conn.close()
        st.cache_data.clear()


def correct_sentiment(mention_id: str, sentiments: dict[str | None, str], by: str | None = None,
                      cleared: Iterable[str | None] = ()) -> None:
    """{brand, or None for the text as a whole: sentiment}; `cleared`: answers given back to the model, in the same
    transaction."""
    _write(user_actions.set_sentiment_overrides, mention_id, sentiments, by=by or None, cleared=list(cleared))


def clear_correction(mention_id: str) -> bool:
    return _write(user_actions.clear_sentiment_overrides, mention_id)


def correct_motivations(mention_id: str, motivations: list[str], by: str | None = None) -> None:
    _write(user_actions.set_motivation_override, mention_id, motivations, by=by or None)


def clear_motivation_correction(mention_id: str) -> bool:
    return _write(user_actions.clear_motivation_override, mention_id)


def set_alert_status(alert_id: int, status: str) -> dict[str, Any]:
    return _write(alert_store.set_alert_status, alert_id, status)
