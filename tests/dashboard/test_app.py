"""Every dashboard page through Streamlit's AppTest: empty, missing and populated databases, filters, user actions."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from presentation import labels
from tests.dashboard.conftest import ENGLISH_NUMBER, PAGES, RAW

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


def own_pairs(db, brands: tuple[str, ...], days: int = 30, sentiment: str | None = None) -> int:
    """(mention, brand) pairs of these brands over the last `days` UTC days, straight from the analyst view."""
    start = (datetime.now(UTC).date() - timedelta(days=days - 1)).isoformat()
    where = f"brand IN ({','.join('?' * len(brands))}) AND day >= ?" + (" AND sentiment = ?" if sentiment else "")
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM brand_mentions WHERE {where}",
                            [*brands, start, *([sentiment] if sentiment else [])]).fetchone()[0]


def figure(at, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label).replace("\u202f", ""))


def test_overview_is_the_own_brands_with_its_competitors_beside(app, populated_db) -> None:
    at = app(populated_db)
    no_exception(at)
    assert [m.label for m in at.metric] == ["Mentions", "Audience estimée", "Sentiment net", "Part de voix d'Ondéa",
                                            "Alertes ouvertes"]
    assert figure(at, "Mentions") == own_pairs(populated_db, ("Ondéa",))  # the own brand's, not all brands'
    competitors = [c.value for c in at.caption if c.value.startswith("Concurrents : ")]
    assert len(competitors) == 4 and all("Voltéo" in c for c in competitors)
    sentence = next(m.value for m in at.markdown if m.value.startswith("##### "))
    assert sentence.startswith("##### Volume") and "alerte" in sentence
    assert kinds(at)["vega_lite_chart"] == 2
    # À traiter: the own brand's negative mentions, widest audience first, with their author
    to_handle = at.dataframe[0].value
    assert list(to_handle.columns) == ["Date", "Auteur", "Plateforme", "Texte", "Sentiment", "Audience", "Lien",
                                       "Marques"]
    assert 0 < len(to_handle) <= 5 and all("Ondéa" in b for b in to_handle["Marques"])
    assert all(s.startswith("Négatif") and " : " not in s for s in to_handle["Sentiment"])  # Ondéa's, alone
    assert list(to_handle["Audience"]) == sorted(to_handle["Audience"], reverse=True)
    assert f"({own_pairs(populated_db, ('Ondéa',), sentiment='negative'):,})".replace(",", "\u202f") in \
        " ".join(t.label for t in at.tabs)
    # a competitor alone in the filter: the own brand is added back to compare with
    at.multiselect(key="marques").set_value(["Solvane"]).run()
    no_exception(at)
    assert figure(at, "Mentions") == own_pairs(populated_db, ("Ondéa",))
    share = next(m.value for m in at.metric if m.label == "Part de voix d'Ondéa")
    both = own_pairs(populated_db, ("Ondéa", "Solvane"))
    assert share == f"{100 * own_pairs(populated_db, ('Ondéa',)) / both:.1f}\u202f%".replace(".", ",")
    assert "est ajoutée" in texts(at.caption)


def test_overview_with_the_own_brand_alone_shows_no_meaningless_share_change(app, populated_db) -> None:
    at = app(populated_db, query={"marques": "Ondéa"})
    no_exception(at)
    share = next(m for m in at.metric if m.label == "Part de voix d'Ondéa")
    assert share.value == "100,0\u202f%" and not share.delta
    assert not any(c.value.startswith("Concurrents") for c in at.caption)


def test_overview_without_an_own_brand_says_how_to_declare_it(app, populated_db) -> None:
    with sqlite3.connect(populated_db) as conn:
        conn.execute("UPDATE brands SET own = 0")
    at = app(populated_db)
    no_exception(at)
    assert "own = true" in texts(at.info) and "veille.toml" in texts(at.info)
    table = at.dataframe[0].value
    assert len(table) == 10 and not table["Marque"].str.contains("vous").any()
    assert kinds(at)["vega_lite_chart"] == 2


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
    ("trends", 3, 0), ("competition", 4, 1), ("themes", 2, 1), ("motivations", 5, 1), ("mentions", 0, 1),
    ("sources", 1, 2),
])
def test_populated_pages_draw_their_charts_and_tables(app, populated_db, page, charts, frames) -> None:
    at = app(populated_db, page, query=YEAR)
    no_exception(at)
    found = kinds(at)
    assert found["vega_lite_chart"] >= charts
    assert found["dataframe"] >= frames
    assert not at.info or page == "trends", texts(at.info)


def test_rising_themes_are_compared_with_a_previous_period_that_has_mentions(app, populated_db) -> None:
    year = app(populated_db, "themes", query=YEAR)  # the database starts within the year before
    assert "Aucune mention avant cette période : pas de thème en hausse à comparer." in texts(year.caption)
    assert not any("nouveau" in str(frame.value.to_dict()) for frame in year.dataframe)
    quarter = app(populated_db, "themes", query={"periode": "90j"})
    assert "Par rapport aux 90 jours précédents, au-delà de la hausse générale du volume." in texts(quarter.caption)
    assert kinds(quarter)["dataframe"] >= 2 and "Évolution" in quarter.dataframe[-1].value.columns


def test_a_filter_changes_the_competition_table(app, populated_db) -> None:
    at = app(populated_db, "competition", query=YEAR)
    everyone = at.dataframe[0].value
    assert len(everyone) == 10
    at.multiselect(key="marques").set_value(["Ondéa", "Voltéo"]).run()
    no_exception(at)
    two = at.dataframe[0].value
    assert sorted(two["Marque"]) == ["Ondéa (vous)", "Voltéo"]
    assert two["Part de voix"].sum() == pytest.approx(100.0)
    at.multiselect(key="sentiments").set_value(["negative"]).run()
    negative = at.dataframe[0].value
    assert (negative["Mentions"] == negative["Mentions négatives"]).all()
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
    """The text's sentiment: stored, used by the analyst view, shown « (corrigé) »."""
    at = app(populated_db, "mentions", query=YEAR)
    mention_id = next(b.key for b in at.button if b.key.startswith("save-")).removeprefix("save-")
    mention_key = next(r.key for r in at.radio if r.key.startswith("fix-") and r.key.endswith(mention_id))
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
        assert conn.execute("SELECT count(*) FROM brand_sentiment_overrides").fetchone()[0] == 0  # only what changed
    assert "ton général : " + labels.sentiment(wanted).lower() + " (corrigé)" in at.dataframe[0].value["Sentiment"].iloc[0]


def test_correcting_one_brand_of_a_mention_moves_only_that_brand(app, populated_db) -> None:
    """A mention naming two brands: the form asks for each; correcting one changes what it counts, not the other's,
    and « Annuler » gives every label back to the model."""
    at = app(populated_db, "mentions", query=YEAR)
    mention_id = next(b.key for b in at.button if b.key.startswith("save-")).removeprefix("save-")
    with sqlite3.connect(populated_db) as conn:
        before = dict(conn.execute("SELECT brand, sentiment FROM dash_facts WHERE mention_id = ?", (mention_id,)))
    assert len(before) == 2  # the newest mention of the test base names two brands
    questions = {r.label.removeprefix("Ton envers ").split(" (")[0]: r for r in at.radio if r.key.startswith("brand-")}
    assert set(questions) == set(before)
    assert set(before.values()) == {""}  # not analysed yet: nothing preselected, « neutre » is an answer
    assert all(r.value is None and "(analyse : non analysé — laissez vide pour le conserver)" in r.label
               for r in questions.values())
    brand, radio = sorted(questions.items())[0]
    radio.set_value("neutral")
    at.button(key=f"save-{mention_id}").click().run()
    no_exception(at)
    with sqlite3.connect(populated_db) as conn:
        after = dict(conn.execute("SELECT brand, sentiment FROM dash_facts WHERE mention_id = ?", (mention_id,)))
        assert after == {**before, brand: "neutral"}
        assert conn.execute("SELECT brand, sentiment FROM brand_sentiment_overrides WHERE mention_id = ?",
                            (mention_id,)).fetchall() == [(brand, "neutral")]
        assert conn.execute("SELECT count(*) FROM sentiment_overrides").fetchone()[0] == 0
    assert f"{brand} : neutre (corrigé ; le modèle disait non analysé)" in texts(at.text)
    # a new key for what is stored now: a browser keeps a keyed widget's value whatever its new default
    assert radio.key not in {r.key for r in at.radio} and any(r.value == "neutral" and r.label.endswith(
        "(corrigé)") for r in at.radio)
    at.button(key=f"undo-{mention_id}").click().run()
    no_exception(at)
    with sqlite3.connect(populated_db) as conn:
        assert dict(conn.execute("SELECT brand, sentiment FROM dash_facts WHERE mention_id = ?",
                                 (mention_id,))) == before
    assert all(r.value is None for r in at.radio if r.key.startswith("brand-"))  # the form forgot the answer
    at.button(key=f"save-{mention_id}").click().run()  # and saving again records nothing
    with sqlite3.connect(populated_db) as conn:
        assert conn.execute("SELECT count(*) FROM brand_sentiment_overrides").fetchone()[0] == 0
    assert "Aucune réponse modifiée" in texts(at.info)
    assert at.button(key=f"save-{mention_id}")  # the form is still there


def test_confirming_records_the_right_labels_as_a_users_and_moves_no_figure(app, populated_db) -> None:
    """« Confirmer aussi les réponses inchangées »: every answered question is stored as it is, read « (confirmé) »;
    the brand's figures do not move. Without the box, saving unchanged answers records nothing."""
    at = app(populated_db, "mentions", query={**YEAR, "tri": "reach"})  # the widest mention: analysed
    mention_id = next(b.key for b in at.button if b.key.startswith("save-")).removeprefix("save-")
    with sqlite3.connect(populated_db) as conn:
        before = dict(conn.execute("SELECT brand, sentiment FROM dash_facts WHERE mention_id = ?", (mention_id,)))
        model = conn.execute("SELECT sentiment FROM mention_tags WHERE mention_id = ?", (mention_id,)).fetchone()[0]
    assert model in ("positive", "neutral", "negative") and all(s for s in before.values())
    answered = {r.key: r.value for r in at.radio if r.value is not None}
    at.button(key=f"save-{mention_id}").click().run()
    assert "Aucune réponse modifiée" in texts(at.info) and "cochez « Confirmer aussi" in texts(at.info)
    with sqlite3.connect(populated_db) as conn:  # unchanged answers alone: nothing recorded
        assert conn.execute("SELECT (SELECT count(*) FROM brand_sentiment_overrides) + "
                            "(SELECT count(*) FROM sentiment_overrides)").fetchone()[0] == 0
    box = next(c for c in at.checkbox if c.key.startswith("confirm-") and c.key.endswith(mention_id))
    box.check()
    at.button(key=f"save-{mention_id}").click().run()
    no_exception(at)
    with sqlite3.connect(populated_db) as conn:
        brands = dict(conn.execute("SELECT brand, sentiment FROM brand_sentiment_overrides WHERE mention_id = ?",
                                   (mention_id,)))
        whole = conn.execute("SELECT sentiment FROM sentiment_overrides WHERE mention_id = ?", (mention_id,)).fetchone()
        after = dict(conn.execute("SELECT brand, sentiment FROM dash_facts WHERE mention_id = ?", (mention_id,)))
    assert whole == (model,) and brands == {b: s for b, s in before.items() if s != "mixed"}
    assert len(brands) + 1 == len(answered)
    assert after == before  # a confirmation moves no figure
    assert all(r.label.endswith("(confirmé)") for r in at.radio if r.value is not None)
    assert "(confirmé)" in at.dataframe[0].value["Sentiment"].iloc[0]
    assert "Confirmé : " in texts(at.toast)
    # the box starts unticked again: a later save must not confirm what the user then gives back to the model
    assert not any(c.value for c in at.checkbox if c.key.startswith("confirm-"))
    whole = next(r for r in at.radio if r.key.startswith("fix-"))
    whole.set_value("automatic")
    at.button(key=f"save-{mention_id}").click().run()
    with sqlite3.connect(populated_db) as conn:
        assert conn.execute("SELECT count(*) FROM sentiment_overrides").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM brand_sentiment_overrides").fetchone()[0] == len(brands)
    assert "Rendu à l'analyse : ton général." in texts(at.toast)


def test_one_answer_goes_back_to_the_model_the_others_stay(app, populated_db) -> None:
    """A question a user answered offers « Analyse automatique (…) »: saving it drops that answer alone."""
    at = app(populated_db, "mentions", query={**YEAR, "tri": "reach"})
    mention_id = next(b.key for b in at.button if b.key.startswith("save-")).removeprefix("save-")
    with sqlite3.connect(populated_db) as conn:
        before = dict(conn.execute("SELECT brand, sentiment FROM dash_facts WHERE mention_id = ?", (mention_id,)))
    brand = sorted(before)[0]
    flip = {"negative": "positive"}
    brand_radio = next(r for r in at.radio if r.key.startswith("brand-") and r.label.startswith(f"Ton envers {brand}"))
    whole_radio = next(r for r in at.radio if r.key.startswith("fix-"))
    brand_radio.set_value(flip.get(brand_radio.value, "negative"))
    whole_radio.set_value(flip.get(whole_radio.value, "negative"))
    assert not any(o.startswith("Retirer ma réponse") for o in brand_radio.options)  # nothing to take back yet
    at.button(key=f"save-{mention_id}").click().run()
    no_exception(at)
    brand_radio = next(r for r in at.radio if r.key.startswith("brand-") and r.label.startswith(f"Ton envers {brand}"))
    assert brand_radio.label.endswith("(corrigé)")
    auto = next(o for o in brand_radio.options if o.startswith("Retirer ma réponse ("))
    brand_radio.set_value("automatic")
    at.button(key=f"save-{mention_id}").click().run()
    no_exception(at)
    with sqlite3.connect(populated_db) as conn:
        assert conn.execute("SELECT count(*) FROM brand_sentiment_overrides WHERE mention_id = ?",
                            (mention_id,)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM sentiment_overrides WHERE mention_id = ?",
                            (mention_id,)).fetchone()[0] == 1  # the text's answer stays
        assert dict(conn.execute("SELECT brand, sentiment FROM dash_facts WHERE mention_id = ?",
                                 (mention_id,))) == before
    assert auto == f"Retirer ma réponse (l'analyse dit : {labels.sentiment(before[brand]).lower()})"


def test_correcting_motivations_is_stored_shown_and_undone(app, populated_db) -> None:
    at = app(populated_db, "mentions", query=YEAR)
    mention_id = next(b.key for b in at.button if b.key.startswith("mot-save-")).removeprefix("mot-save-")
    mention_key = next(m.key for m in at.multiselect if m.key.startswith("mot-"))
    with sqlite3.connect(populated_db) as conn:
        before = {r[0] for r in conn.execute("SELECT motivation FROM mention_motivations WHERE mention_id = ?",
                                             (mention_id,))}
    wanted = ["cause"] if before != {"cause"} else ["connection"]
    at.multiselect(key=mention_key).set_value(wanted)
    at.text_input(key=f"mot-who-{mention_id}").input("Camille")
    at.button(key=f"mot-save-{mention_id}").click().run()
    no_exception(at)
    with sqlite3.connect(populated_db) as conn:
        row = conn.execute("SELECT motivations, corrected_by FROM motivation_overrides WHERE mention_id = ?",
                           (mention_id,)).fetchone()
        assert row == ('["' + wanted[0] + '"]', "Camille")
        shown = conn.execute("SELECT motivations FROM mentions_tagged WHERE id = ?", (mention_id,)).fetchone()[0]
        assert shown == wanted[0]  # the analyst view (and so the export) shows the correction
    assert "Motivations : " in texts(at.text) and "(corrigé ; le modèle disait" in texts(at.text)
    at.button(key=f"mot-undo-{mention_id}").click().run()
    no_exception(at)
    with sqlite3.connect(populated_db) as conn:
        assert {r[0] for r in conn.execute("SELECT motivation FROM mention_motivations WHERE mention_id = ?",
                                           (mention_id,))} == before


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
    # the toast names the alert as its title does, after the page ran again (its number is shown nowhere)
    with sqlite3.connect(populated_db) as conn:
        brand = conn.execute("SELECT brand FROM alerts WHERE id = ?", (alert_id,)).fetchone()[0]
    assert texts(at.toast).startswith(f"{brand} · ") and texts(at.toast).endswith(" : prise en compte.")
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


def test_links_accept_codes_as_well_as_labels(app, populated_db) -> None:
    by_labels = app(populated_db, query={"marques": "Ondéa", "periode": "90 derniers jours",
                                         "sentiments": ["Négatif", "Neutre"]})
    by_codes = app(populated_db, query={"marques": "ondea", "periode": "90j", "sentiments": "negative,neutral"})
    no_exception(by_codes)
    assert by_codes.selectbox(key="periode").value == "90j"
    assert by_codes.multiselect(key="marques").value == ["Ondéa"]
    assert by_codes.multiselect(key="sentiments").value == ["negative", "neutral"]
    assert [m.value for m in by_codes.metric] == [m.value for m in by_labels.metric]
    assert not by_codes.warning
    # the address keeps them, as the labels the widgets know: a link copied from the page reopens the same view
    # (given to the widgets through the session state, `periode=90j` was dropped from the address)
    assert by_codes.query_params["periode"] in ("90 derniers jours", ["90 derniers jours"])
    assert by_codes.query_params["marques"] in ("Ondéa", ["Ondéa"])
    by_codes.run()
    assert by_codes.selectbox(key="periode").value == "90j"


def test_a_link_value_that_matches_nothing_is_ignored_and_said(app, populated_db) -> None:
    at = app(populated_db, query={"periode": "2j", "marques": "Ondéa,Inconnue"})
    no_exception(at)
    warnings = texts(at.warning)
    assert "« periode=2j » ignoré" in warnings and "90j (90 derniers jours)" in warnings
    assert "« marques=Inconnue » ignoré" in warnings
    assert at.selectbox(key="periode").value == "30j" and at.multiselect(key="marques").value == ["Ondéa"]
    at.run()  # said once: the rerun that rewrote the link kept the notes, and gave them back once
    assert "« marques=Inconnue » ignoré" not in texts(at.warning)


def test_a_wrong_value_is_said_even_when_a_page_setting_rewrites_the_link(app, populated_db) -> None:
    """`tri=reach` is rewritten as its label, and the page reruns: the note about `marques=Inconnue` must survive
    it (said in the run the rerun threw away, it was lost), and comma-separated labels are read."""
    at = app(populated_db, "mentions", query={**YEAR, "tri": "reach", "marques": "Inconnue"}, first_run=False)
    no_exception(at)
    assert texts(at.warning).count("« marques=Inconnue » ignoré") == 1
    assert at.button_group(key="tri").value == "reach"
    both = app(populated_db, query={**YEAR, "marques": "Ondéa,Lumeo"})
    assert both.multiselect(key="marques").value == ["Ondéa", "Lumeo"] and not both.warning


def test_page_links_accept_codes(app, populated_db) -> None:
    at = app(populated_db, "trends", query={"periode": "30j", "pas": "hour", "mesure": "reach"})
    no_exception(at)
    assert at.button_group(key="pas").value == "hour" and at.button_group(key="mesure").value == "reach"
    assert "Heure (Paris)" in str(at.get("vega_lite_chart")[0].proto.spec)
    at = app(populated_db, "trends", query={"pas": "minute"})
    assert "« pas=minute » ignoré" in texts(at.warning)
    at = app(populated_db, "mentions", query={**YEAR, "tri": "reach"})
    no_exception(at)
    reach = list(at.dataframe[0].value["Audience"])
    assert reach == sorted(reach, reverse=True)


def test_mentions_say_how_many_and_show_the_first_one_without_asking_to_select(app, populated_db) -> None:
    at = app(populated_db, "mentions", query=YEAR)
    caption = texts(at.caption)
    with sqlite3.connect(populated_db) as conn:
        start = (datetime.now(UTC).date() - timedelta(days=364)).isoformat()
        distinct = conn.execute("SELECT count(DISTINCT mention_id) FROM brand_mentions WHERE day >= ?",
                                (start,)).fetchone()[0]
    assert f"mentions 1 à 25 sur {distinct:,} dans la sélection".replace(",", "\u202f") in caption
    assert "×" not in caption and "Sélectionnez" not in caption and "première mention de la page" in caption
    at.text_input(key="q").input('"service client"').run()
    with sqlite3.connect(populated_db) as conn:
        found = conn.execute("SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH '\"service client\"' AND "
                             "rowid IN (SELECT m.seq FROM mentions m JOIN brand_mentions b ON b.mention_id = m.id "
                             "WHERE b.day >= ?)", (start,)).fetchone()[0]
    assert f"sur {found} trouvées" in texts(at.caption)


def test_authors_and_media_page(app, populated_db) -> None:
    at = app(populated_db, "voices", query=YEAR)
    no_exception(at)
    assert at.title[0].value == "Auteurs et médias"
    authors = at.dataframe[0].value
    assert list(authors.columns)[:3] == ["Auteur", "Plateforme", "Abonnés"] and len(authors) == 20
    assert list(authors["Audience"]) == sorted(authors["Audience"], reverse=True)
    media = next(d.value for d in at.dataframe if d.value.columns[0] == "Média")
    assert len(media) > 0 and list(media["Audience"]) == sorted(media["Audience"], reverse=True)
    at = app(populated_db, "voices", query={**YEAR, "classement": "mentions"})
    no_exception(at)
    counts = list(at.dataframe[0].value["Mentions"])
    assert counts == sorted(counts, reverse=True)


def test_an_alert_shows_only_what_rose_and_its_mentions_with_their_author(app, populated_db) -> None:
    alert_id = _open_alert(populated_db)
    with sqlite3.connect(populated_db) as conn:
        conn.execute("UPDATE alerts SET explanation = json_set(explanation, '$.categories', json(?)) WHERE id = ?",
                     ('[{"kind": "category", "value": "customer_service", "count": 106, "expected": 105.6, '
                      '"lift": 0.04}, {"kind": "category", "value": "product_quality", "count": 90, '
                      '"expected": 20.0, "lift": 15.4}]', alert_id))
    at = app(populated_db, "alerts", query={"alert": str(alert_id)})
    no_exception(at)
    drivers = at.dataframe[0].value
    assert "Qualité des produits" in set(drivers["Thème"]) and "Service client" not in set(drivers["Thème"])
    assert (drivers["Mentions"] > drivers["Attendu"]).all()
    mentions = at.dataframe[1].value
    assert "Auteur" in mentions.columns and (mentions["Auteur"] != "—").any()


def shown_tables(at) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """Each table as (its data, what it shows): Streamlit's display values when it is styled."""
    import pyarrow as pa

    out = []
    for table in at.dataframe:
        arrow = table.proto.arrow_data
        shown = pa.ipc.open_stream(arrow.styler.display_values).read_all().to_pandas() \
            if arrow.HasField("styler") else table.value
        out.append((table.value, shown))
    return out


def french_problems(at, page: str) -> list[str]:
    """Raw values and English numbers among the figures a page shows: metrics, captions, tables' numbers."""
    found = []
    words = [m.value for m in at.metric] + [str(m.delta or "") for m in at.metric] + \
        [c.value for c in at.caption] + [m.value for m in at.markdown] + [i.value for i in at.info]
    for text in words:
        for pattern in (RAW, ENGLISH_NUMBER):
            found += [f"{page} : « {m.group(0)} » dans « {text[:120]} »" for m in pattern.finditer(text)]
    for data, shown in shown_tables(at):
        for column in shown.columns:
            if column != "Lien" and data[column].isna().any():  # Streamlit writes "None" in an empty cell
                found.append(f"{page} / {column} : cellule vide (affichée « None »)")
            cells = shown[column].astype(str)
            found += [f"{page} / {column} : « {v} »" for v in cells if column != "Lien" and
                      v in ("None", "nan", "NaN", "NaT", "-inf", "")]
            if pd.api.types.is_numeric_dtype(data[column]):
                found += [f"{page} / {column} : « {v} »" for v in cells if ENGLISH_NUMBER.search(v)]
    return found


@pytest.mark.parametrize("database", ["populated", "real"])
def test_every_page_shows_french_figures_and_no_raw_value(app, database, request, tmp_path) -> None:
    """What a reader sees on every page, on the bench's database and on the real news feeds (sparse, five years):
    "—" where a value is missing, never None/nan/NaT, and every figure in French."""
    if database == "real":
        db = tmp_path / "real.db"
        shutil.copy(request.getfixturevalue("real_feeds_template"), db)
        query = {"periode": "tout"}
    else:
        db, query = request.getfixturevalue("populated_db"), YEAR
    problems = []
    for page in PAGES:
        at = app(db, page, query=query)
        no_exception(at)
        problems += french_problems(at, page)
    assert not problems, problems


def test_to_handle_opens_all_the_own_brands_negative_mentions(app, populated_db) -> None:
    at = app(populated_db, query=YEAR)
    button = next(b for b in at.button if b.key and b.key.startswith("traiter-toutes-Sur l"))
    button.click().run()
    no_exception(at)
    assert at.title[0].value == "Mentions"
    assert at.multiselect(key="marques").value == ["Ondéa"]
    assert at.multiselect(key="sentiments").value == ["negative"] and at.button_group(key="tri").value == "reach"
    reach = list(at.dataframe[0].value["Audience"])
    assert reach == sorted(reach, reverse=True)


def test_mixed_opinions_are_their_own_sentiment_and_can_be_selected(app, populated_db) -> None:
    """A mitigated mention (praise and blame) shows as « Mitigé », never as negative, and `sentiments=mixed`
    (or « Mitigé ») selects exactly those."""
    at = app(populated_db, "mentions", query={"periode": "365j", "sentiments": "mixed"})
    no_exception(at)
    assert at.multiselect(key="sentiments").value == ["mixed"]
    shown = at.dataframe[0].value["Sentiment"]
    assert len(shown) and all(s.startswith("Mitigé") for s in shown)
    by_label = app(populated_db, "mentions", query={"periode": "365j", "sentiments": "Mitigé"})
    assert by_label.multiselect(key="sentiments").value == ["mixed"]
    overview = app(populated_db, query={"periode": "365j"})
    no_exception(overview)


def test_a_page_about_one_brand_shows_its_sentiment_alone(app, populated_db) -> None:
    """Filtered on one brand, the table's Sentiment is that brand's, the one the page counts: « Négatif (corrigé) »
    fits the column where « Ondéa : négatif (corrigé), Lumeo : neutre ; ton général : neutre » was cut."""
    with sqlite3.connect(populated_db) as conn:
        apart = conn.execute("SELECT count(*) FROM brand_mentions b JOIN mention_tags t ON t.mention_id = b.mention_id "
                             "WHERE b.brand = 'Ondéa' AND b.sentiment = 'negative' AND t.sentiment != 'negative'"
                             ).fetchone()[0]
    assert apart  # the sample has mentions whose text says otherwise than Ondéa's own sentiment
    at = app(populated_db, "mentions", query={"periode": "365j", "marques": "Ondéa", "sentiments": "negative"})
    no_exception(at)
    shown = at.dataframe[0].value["Sentiment"]
    assert len(shown) and all(s in ("Négatif", "Négatif (corrigé)", "Négatif (confirmé)") for s in shown)
    every = app(populated_db, "mentions", query={"periode": "365j", "sentiments": "negative"})
    assert any(" : " in s for s in every.dataframe[0].value["Sentiment"])  # no brand chosen: each brand's, listed


def test_every_page_module_is_in_the_navigation_table() -> None:
    # dashboard/pages.py is the one list of pages (navigation, these tests, the browser test): a page file left out
    # of it would be neither shown nor tested.
    modules = {p.stem for p in (Path(__file__).resolve().parents[2] / "dashboard" / "app_pages").glob("*.py")}
    assert modules - {"__init__"} == set(PAGES)


def test_an_action_keeps_the_reader_on_their_tab(app, populated_db) -> None:
    """Resolving an alert from « Prises en compte » changes every count, hence the tab labels: the page stays on
    « Prises en compte » instead of falling back to « Ouvertes »."""
    with sqlite3.connect(populated_db) as conn:
        alert_id = conn.execute("SELECT id FROM alerts WHERE status = 'open' ORDER BY id LIMIT 1").fetchone()[0]
        conn.execute("UPDATE alerts SET status = 'acknowledged', acknowledged_at = '2026-11-01T00:00:00Z' "
                     "WHERE id = ?", (alert_id,))
    at = app(populated_db, "alerts")
    before = next(t.label for t in at.tabs if t.label.startswith("Prises en compte ("))
    at.session_state["alert_tab"] = before  # the reader opened that tab
    at.run()
    at.button(key=f"resolve-acknowledged-{alert_id}").click().run()
    no_exception(at)
    assert at.session_state["alert_tab"].startswith("Prises en compte (")
    assert at.session_state["alert_tab"] != before  # one alert fewer there: a new label, the same tab
