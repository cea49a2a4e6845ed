"""Every dashboard page through Streamlit's AppTest: empty, missing and populated databases, filters, user actions."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pandas as pd
import pytest

from tests.dashboard.conftest import PAGES

YEAR = {"periode": "12 derniers mois"}


def kinds(at) -> Counter:
    """How many elements of each type the run produced (charts are `vega_lite_chart`)."""
    counts: Counter = Counter()

    def walk(node) -> None:
        counts[getattr(node, "type", None)] += 1
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return counts


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def no_exception(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_an_empty_database(app, empty_db, page) -> None:
    at = app(empty_db, page)
    no_exception(at)
    assert at.title[0].value == PAGES[page]
    if page in ("alerts", "sources"):  # operator pages work on the tables alone
        assert "veille" in texts(at.caption) + texts(at.info)
    else:
        info = texts(at.info)
        assert "veille collect" in info and "veille demo" in info and "veille init" in info


def test_a_missing_database_is_explained(app, tmp_path) -> None:
    at = app(tmp_path / "nowhere.db")
    no_exception(at)
    assert "nowhere.db" in texts(at.info) and "veille demo" in texts(at.info)


def test_overview_shows_the_key_figures_and_a_filter_changes_them(app, populated_db) -> None:
    at = app(populated_db)
    no_exception(at)
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) == {"Mentions", "Audience estimée", "Sentiment net", "Part de voix", "Alertes ouvertes"}
    assert int(metrics["Mentions"].replace("\u202f", "")) > 0
    assert metrics["Part de voix"].endswith("%")
    assert kinds(at)["vega_lite_chart"] == 2
    assert len(at.expander) + len(at.get("flex_container")) > 0
    before = metrics["Mentions"]
    at.multiselect(key="marques").set_value(["Solvane"]).run()
    no_exception(at)
    after = {m.label: m.value for m in at.metric}
    assert after["Mentions"] != before
    assert int(after["Mentions"].replace("\u202f", "")) < int(before.replace("\u202f", ""))
    assert after["Part de voix"] == "—"  # the own brand is not among the selected ones


def test_filters_are_read_from_a_shared_link(app, populated_db) -> None:
    """A link carries the filters (as the labels the user sees) and reopens the same view."""
    by_widget = app(populated_db)
    by_widget.multiselect(key="marques").set_value(["Ondéa"]).run()
    by_widget.selectbox(key="periode").set_value("90j").run()
    by_widget.multiselect(key="sentiments").set_value(["negative"]).run()
    by_url = app(populated_db, query={"marques": "Ondéa", "periode": "90 derniers jours", "sentiments": "Négatif"})
    no_exception(by_url)
    assert by_url.multiselect(key="marques").value == ["Ondéa"]
    assert by_url.selectbox(key="periode").value == "90j"
    assert by_url.multiselect(key="sentiments").value == ["negative"]
    assert [m.value for m in by_url.metric] == [m.value for m in by_widget.metric]
    assert by_url.metric[0].value != app(populated_db).metric[0].value


@pytest.mark.parametrize("page, charts, frames", [
    ("trends", 3, 0), ("competition", 4, 1), ("themes", 2, 2), ("motivations", 5, 1), ("mentions", 0, 1),
    ("sources", 1, 2),
])
def test_populated_pages_draw_their_charts_and_tables(app, populated_db, page, charts, frames) -> None:
    at = app(populated_db, page, query=YEAR)
    no_exception(at)
    found = kinds(at)
    assert found["vega_lite_chart"] >= charts
    assert found["dataframe"] >= frames
    assert not at.info or page == "trends", texts(at.info)


def test_a_filter_changes_the_competition_table(app, populated_db) -> None:
    at = app(populated_db, "competition", query=YEAR)
    everyone = at.dataframe[0].value
    assert len(everyone) == 10
    at.multiselect(key="marques").set_value(["Ondéa", "Voltéo"]).run()
    no_exception(at)
    two = at.dataframe[0].value
    assert sorted(two["Marque"]) == ["Ondéa", "Voltéo"]
    assert two["Part de voix"].sum() == pytest.approx(100.0)
    at.multiselect(key="sentiments").set_value(["negative"]).run()
    negative = at.dataframe[0].value
    assert (negative["Mentions"] == negative["Négatif"]).all()
    assert negative["Mentions"].sum() < two["Mentions"].sum()


def test_trends_lists_the_mentions_of_a_point(app, populated_db) -> None:
    at = app(populated_db, "trends", query=YEAR)
    picker = at.selectbox(key="tendances_point")
    assert picker.value is None and len(picker.options) > 0
    picker.select_index(0).run()
    no_exception(at)
    table = at.dataframe[-1].value
    assert 0 < len(table) <= 20
    brand = picker.options[0].split(" — ")[0]
    assert all(brand in brands for brands in table["Marques"])


def test_hourly_grain_is_refused_beyond_a_month(app, populated_db) -> None:
    at = app(populated_db, "trends", query=YEAR)
    at.button_group(key="pas").set_value("hour").run()
    no_exception(at)
    assert "limité à 31 jours" in texts(at.info)
    at = app(populated_db, "trends", query={"periode": "30 derniers jours"})
    at.button_group(key="pas").set_value("hour").run()
    no_exception(at)
    assert not at.info and kinds(at)["vega_lite_chart"] >= 2
    assert "Heure (Paris)" in str(at.get("vega_lite_chart")[0].proto.spec)


def test_themes_list_hashtags_as_their_own_kind(app, populated_db) -> None:
    at = app(populated_db, "themes", query=YEAR)
    no_exception(at)
    entities = at.dataframe[0].value
    assert "Mot-dièse" in set(entities["Type"])
    assert all(v.startswith("#") for v in entities.loc[entities["Type"] == "Mot-dièse", "Entité"])


def test_themes_drill_down_to_mentions(app, populated_db) -> None:
    at = app(populated_db, "themes", query=YEAR)
    explorer = at.selectbox(key="themes_explorer")
    explorer.select_index(0).run()
    no_exception(at)
    assert len(at.dataframe[-1].value) > 0


def test_mentions_search_and_bad_query(app, populated_db) -> None:
    at = app(populated_db, "mentions", query=YEAR)
    first = at.dataframe[0].value
    assert len(first) == 25
    at.text_input(key="q").input('"service client"').run()
    no_exception(at)
    found = at.dataframe[0].value
    assert 0 < len(found) <= 25
    assert all("service client" in text.lower() for text in found["Texte"])
    at.text_input(key="q").input("panne AND (").run()
    no_exception(at)
    assert "position" in texts(at.error)


def test_mentions_paging(app, populated_db) -> None:
    at = app(populated_db, "mentions", query=YEAR)
    page1 = list(at.dataframe[0].value["Texte"])
    at.button(key="mentions_next").click().run()
    no_exception(at)
    page2 = list(at.dataframe[0].value["Texte"])
    assert page1 != page2 and len(page2) == 25
    assert "Page 2" in texts(at.caption)


def test_correcting_a_sentiment_is_stored(app, populated_db) -> None:
    at = app(populated_db, "mentions", query=YEAR)
    mention_key = next(r.key for r in at.radio if r.key.startswith("fix-"))
    mention_id = mention_key.removeprefix("fix-")
    current = at.radio(key=mention_key).value
    wanted = "negative" if current != "negative" else "positive"
    at.radio(key=mention_key).set_value(wanted)
    at.text_input(key=f"who-{mention_id}").input("Camille")
    at.button(key=f"save-{mention_id}").click().run()
    no_exception(at)
    with sqlite3.connect(populated_db) as conn:
        row = conn.execute("SELECT sentiment, corrected_by FROM sentiment_overrides WHERE mention_id = ?",
                           (mention_id,)).fetchone()
        assert row == (wanted, "Camille")
        tagged = conn.execute("SELECT sentiment, corrected FROM mentions_tagged WHERE id = ?", (mention_id,)).fetchone()
        assert tagged == (wanted, 1)  # the analyst view uses it
    assert "(corrigé)" in at.dataframe[0].value["Sentiment"].iloc[0]


def _open_alert(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id FROM alerts WHERE status = 'open' ORDER BY id LIMIT 1").fetchone()[0]


def test_alert_link_opens_the_alert_and_acknowledging_is_stored(app, populated_db) -> None:
    alert_id = _open_alert(populated_db)
    at = app(populated_db, "alerts", query={"alert": str(alert_id)})
    no_exception(at)
    assert "Alerte signalée" in texts(at.subheader)
    assert at.expander[0].proto.expanded
    at.button(key=f"ack-linked-{alert_id}").click().run()
    no_exception(at)
    with sqlite3.connect(populated_db) as conn:
        status, acknowledged = conn.execute("SELECT status, acknowledged_at FROM alerts WHERE id = ?",
                                            (alert_id,)).fetchone()
    assert status == "acknowledged" and acknowledged
    at.button(key=f"resolve-linked-{alert_id}").click().run()
    with sqlite3.connect(populated_db) as conn:
        assert conn.execute("SELECT status FROM alerts WHERE id = ?", (alert_id,)).fetchone()[0] == "resolved"


def test_an_unknown_alert_link_says_so(app, populated_db) -> None:
    at = app(populated_db, "alerts", query={"alert": "99999"})
    no_exception(at)
    assert "99999" in texts(at.warning)


def test_mention_text_is_never_rendered_as_markdown_or_html(app, populated_db) -> None:
    hostile = "**gras** <img src=x onerror=alert(1)> [lien](javascript:alert(1))"
    with sqlite3.connect(populated_db) as conn:
        seq = conn.execute("SELECT max(seq) FROM mentions").fetchone()[0]
        conn.execute("UPDATE mentions SET text = ?, url = 'javascript:alert(1)' WHERE seq = ?", (hostile, seq))
    at = app(populated_db, "mentions", query=YEAR)
    no_exception(at)
    assert hostile in texts(at.text)
    for element in (*at.markdown, *at.caption, *at.info):
        assert "onerror" not in str(element.value)
    assert pd.isna(at.dataframe[0].value["Lien"].iloc[0])
    assert not at.get("link_button")
