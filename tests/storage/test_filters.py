"""One `Filters` type, one clause builder: the dashboard's facts and the export's view select the same mentions."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import storage
from storage import dashboard_queries as dq
from storage.db import transaction
from storage.export_queries import TAGGED
from storage.filters import Filters, Rows, filter_terms


def _day(days_ago: int) -> str:
    return (datetime.now(UTC).date() - timedelta(days=days_ago)).isoformat()


SELECTIONS = [
    Filters(),
    Filters(start=_day(20)),
    Filters(end=_day(10)),
    Filters(start=_day(40), end=_day(5), brands=("Azura", "Celtis")),
    Filters(platforms=("x", "reddit"), langs=("fr",)),
    Filters(motivations=("recommendation",)),
    Filters(motivations=("recommendation", "information"), brands=("Boréa",)),
    Filters(query='livraison OR "service client"'),
    Filters(sentiments=("negative",)),
    Filters(sentiments=("positive", "mixed"), brands=("Azura",)),  # the sentiment toward Azura, not the mention's
    Filters(sentiments=("neutral",), brands=("Boréa", "Celtis")),
    Filters(start=_day(30), end=_day(0), since=f"{_day(12)}T06:00:00Z", until=f"{_day(3)}T18:00:00Z"),
]


def _ids(conn, f: Filters, table: str, rows: Rows) -> set[str]:
    id_column = "mention_id" if rows is dq.FACTS else "id"
    terms, params = filter_terms(f, rows)
    sql = f"SELECT DISTINCT {rows.alias}.{id_column} FROM {table} {rows.alias}"
    return {r[0] for r in conn.execute(sql + (" WHERE " + " AND ".join(terms) if terms else ""), params)}


@pytest.mark.parametrize("f", SELECTIONS, ids=repr)
def test_facts_and_tagged_view_select_the_same_mentions(sample_db: Path, f: Filters) -> None:
    conn = storage.open_readonly(sample_db)
    try:
        tagged = _ids(conn, f, "mentions_tagged", TAGGED)
        facts = _ids(conn, f, "dash_facts", dq.FACTS)
        # dash_facts holds only dated mentions; the view also has the undated ones (selected by no period)
        undated = {r[0] for r in conn.execute("SELECT id FROM mentions WHERE published_at IS NULL")}
    finally:
        conn.close()
    assert tagged - undated, "the selection should not be empty"
    assert facts == tagged - undated


@pytest.fixture(scope="module")
def mixed_db(sample_db: Path, tmp_path_factory) -> Path:
    """The sample with some mitigated opinions toward a brand (the dashboard's facts follow by their triggers)."""
    path = tmp_path_factory.mktemp("mixed") / "veille.db"
    shutil.copy(sample_db, path)
    conn = storage.connect(path)
    with transaction(conn):
        conn.execute("UPDATE brand_sentiments SET sentiment = 'neutral', mixed = 1 WHERE unicode(substr(mention_id, -1)) % 3 = 0")
    conn.close()
    return path


@pytest.mark.parametrize("sentiments", [("neutral",), ("mixed",), ("negative", "mixed"), ("positive", "neutral")])
def test_mixed_opinions_are_apart_in_the_export_as_on_the_dashboard(mixed_db: Path, sentiments) -> None:
    conn = storage.open_readonly(mixed_db)
    try:
        assert conn.execute("SELECT count(*) FROM dash_facts WHERE sentiment = 'mixed'").fetchone()[0] > 0
        for f in (Filters(sentiments=sentiments), Filters(sentiments=sentiments, brands=("Azura",))):
            undated = {r[0] for r in conn.execute("SELECT id FROM mentions WHERE published_at IS NULL")}
            assert _ids(conn, f, "dash_facts", dq.FACTS) == _ids(conn, f, "mentions_tagged", TAGGED) - undated
    finally:
        conn.close()


def test_a_period_is_whole_utc_days_and_may_be_open() -> None:
    assert Filters(start="2026-03-01", end="2026-03-31").time_range == ("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")
    assert Filters(end="2026-12-31").time_range == (None, "2027-01-01T00:00:00Z")
    assert Filters().time_range == (None, None) and filter_terms(Filters(), TAGGED) == ([], [])
    narrowed = Filters(start="2026-03-01", end="2026-03-31").narrow("2026-02-27T10:00:00Z", "2026-03-02T00:00:00Z")
    assert narrowed.time_range == ("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z")


def test_the_summaries_read_one_motivation() -> None:
    assert Filters().motivation is None and Filters(motivations=("cause",)).motivation == "cause"
    with pytest.raises(ValueError, match="une motivation"):
        _ = Filters(motivations=("cause", "identity")).motivation


def test_the_summaries_refuse_a_full_text_query(sample_db: Path) -> None:
    conn = storage.open_readonly(sample_db)
    try:
        with pytest.raises(ValueError, match="recherche plein texte"):
            dq.selection_size(conn, Filters(start=_day(7), end=_day(0), query="livraison"))
    finally:
        conn.close()
