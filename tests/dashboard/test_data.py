"""The dashboard's typed data layer: one cached wrapper per query, keyed by the database's stamp."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import streamlit as st

from dashboard import data
from storage import dashboard_queries as dq
from storage.collect_writes import save_batch, sync_source
from storage.db import connect
from storage.records import Batch, Mention


@pytest.fixture
def db(empty_db: Path, monkeypatch) -> Path:
    monkeypatch.setenv("VEILLE_DB", str(empty_db))
    st.cache_data.clear()
    yield empty_db
    st.cache_data.clear()


def test_a_wrapper_has_the_query_signature_without_the_connection() -> None:
    query = inspect.signature(dq.list_mentions)
    assert list(inspect.signature(data.list_mentions).parameters) == list(query.parameters)[1:]
    assert data.list_mentions.__doc__ == dq.list_mentions.__doc__


def test_two_queries_with_the_same_arguments_keep_their_own_answers(db: Path) -> None:
    data.has_rows("alerts")  # the first read may create the WAL file, which changes the stamp
    stamp = data._stamp(db)
    assert data.last_published() is None
    assert isinstance(data.filter_options(), dict)  # not the cached answer of `last_published`
    assert data._stamp(db) == stamp


def test_a_write_shows_at_the_next_call(db: Path) -> None:
    assert data.last_published() is None
    with connect(db, migrate=False) as conn:
        sync_source(conn, "s", "rss", {})
        save_batch(conn, "s", "t", Batch([Mention(id="rss:1", platform="rss", source="s", text="t", brands=["B"],
                                                  published_at="2026-11-01T10:00:00Z")], {}),
                   "2026-11-01T10:00:00Z", None)
    assert data.last_published() == "2026-11-01T10:00:00Z"


def test_no_brand_chosen_lists_the_alerts_of_every_brand(db: Path) -> None:
    assert data.list_alerts() == [] and data.list_alerts(brands=("B",)) == []
