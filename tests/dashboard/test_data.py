"""The dashboard's typed data layer: one cached wrapper per query, keyed by the database's stamp."""

from __future__ import annotations

import csv
import inspect
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import streamlit as st

import storage
from dashboard import data
from storage import dashboard_queries as dq
from storage.collect_writes import save_batch, sync_source
from storage.db import connect
from storage.export_queries import EXPORT_COLUMNS
from storage.records import Batch, Mention
from storage.user_actions import set_sentiment_overrides
from veille.cli import main


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


def test_the_csv_download_is_veille_export_in_french(populated_template: Path, tmp_path: Path, monkeypatch) -> None:
    """One schema: the Mentions page's CSV has the columns, headers and values of `veille export --fr`."""
    monkeypatch.setenv("VEILLE_DB", str(populated_template))
    st.cache_data.clear()
    end = datetime.now(UTC).date()
    f = dq.Filters(start=(end - timedelta(days=364)).isoformat(), end=end.isoformat())
    text = data.export_csv(f, sort="reach").decode("utf-8-sig")
    st.cache_data.clear()
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert list(rows[0]) == [c.french for c in EXPORT_COLUMNS]
    conn = storage.open_readonly(populated_template)
    assert [r["identifiant"] for r in rows] == [r["id"] for r in dq.export_mentions(conn, f, sort="reach")]
    conn.close()
    assert {r["sentiment"] for r in rows} <= {"positif", "neutre", "négatif", ""} and \
        {r["corrigé"] for r in rows} <= {"oui", "non"}
    assert {m for r in rows for m in r["motivations de partage"].split(",") if m} <= {
        "Défendre une cause", "Garder le lien", "Informer", "Divertir", "Affirmer son identité", "Recommander"}
    assert "Livraison" in {c for r in rows for c in r["catégories"].split(",")}
    assert main(["--quiet", "export", "-o", str(tmp_path / "fr.csv"), "--db", str(populated_template), "--fr"]) == 0
    cli_text = (tmp_path / "fr.csv").read_text(encoding="utf-8-sig")
    cli = {r["identifiant"]: r for r in csv.DictReader(io.StringIO(cli_text, newline=""), delimiter=";")}
    assert all(r == cli[r["identifiant"]] for r in rows)


def test_the_csv_download_neutralises_formulas(populated_db: Path, monkeypatch) -> None:
    with connect(populated_db, migrate=False) as conn:
        conn.execute("UPDATE mentions SET title = '=HYPERLINK(\"http://evil\")'")
    monkeypatch.setenv("VEILLE_DB", str(populated_db))
    st.cache_data.clear()
    text = data.export_csv(dq.Filters(start="2000-01-01", end="2100-01-01")).decode("utf-8-sig")
    st.cache_data.clear()
    titles = {r["titre"] for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert titles == {"'=HYPERLINK(\"http://evil\")"}


def test_a_one_brand_csv_has_that_brands_sentiment_beside_the_texts(populated_db: Path, monkeypatch) -> None:
    """Filtered on one brand, the CSV says the sentiment toward it: `sentiment` is the text's as a whole."""
    with connect(populated_db, migrate=False) as conn:
        brand, mention = conn.execute("SELECT brand, mention_id FROM brand_mentions WHERE sentiment = 'positive' "
                                      "AND mixed IS NOT 1 ORDER BY mention_id LIMIT 1").fetchone()
        set_sentiment_overrides(conn, mention, {brand: "negative", None: "positive"}, "test")
        expected = dict(conn.execute("SELECT mention_id, CASE WHEN mixed = 1 THEN 'mixed' ELSE sentiment END "
                                     "FROM brand_mentions WHERE brand = ?", [brand]))
    monkeypatch.setenv("VEILLE_DB", str(populated_db))
    st.cache_data.clear()
    text = data.export_csv(dq.Filters(start="2000-01-01", end="2100-01-01", brands=(brand,))).decode("utf-8-sig")
    every = data.export_csv(dq.Filters(start="2000-01-01", end="2100-01-01")).decode("utf-8-sig")
    st.cache_data.clear()
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    column = f"sentiment envers {brand}"
    headers = [c.french for c in EXPORT_COLUMNS]
    assert list(rows[0]) == headers[:headers.index("marques") + 1] + [column] + headers[headers.index("marques") + 1:]
    french = {"positive": "positif", "neutral": "neutre", "negative": "négatif", "mixed": "mitigé", None: ""}
    assert all(r[column] == french[expected[r["identifiant"]]] for r in rows)
    corrected = next(r for r in rows if r["identifiant"] == mention)
    assert (corrected["sentiment"], corrected[column]) == ("positif", "négatif")
    assert column not in next(csv.DictReader(io.StringIO(every), delimiter=";"))  # several brands: no such column
