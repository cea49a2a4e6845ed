"""Tendances: volume and sentiment over time per brand, alert markers, and the mentions behind a point."""

import pandas as pd
import streamlit as st

from dashboard import data, filters, ui
from presentation import charts, frames, numbers
from storage.dashboard_queries import HOURLY_MAX_DAYS

GRAINS = {"hour": "Heure", "day": "Jour", "week": "Semaine", "month": "Mois"}
MEASURES = {"mentions": "Mentions", "reach": "Audience estimée"}

st.title("Tendances")
if ui.require("mentions"):
    f = filters.current()
    options = data.filter_options()
    filters.url_choice("pas", GRAINS)
    filters.url_choice("mesure", MEASURES)
    filters.url_notes()
    c1, c2, c3 = st.columns([3, 2, 2])
    grain = c1.segmented_control("Pas de temps", list(GRAINS), format_func=GRAINS.get, default="day", key="pas",
                                 required=True, bind="query-params")
    measure = c2.segmented_control("Mesure", list(MEASURES), format_func=MEASURES.get, default="mentions",
                                   key="mesure", required=True, bind="query-params")
    if grain == "hour" and f.days > HOURLY_MAX_DAYS:
        c3.info(f"Le pas horaire est limité à {HOURLY_MAX_DAYS} jours : affichage par jour. "
                "Réduisez la période pour voir les heures.")
        grain = "day"

    series = frames.series_frame(data.series(f, grain), grain)
    if series.empty:
        ui.nothing_in_period()
        st.stop()
    grid = frames.time_grid(f.start, f.end, grain)
    volumes = frames.per_brand(series, grid)
    markers = frames.alert_frame(data.alert_markers(f), volumes, grain)
    st.subheader(f"{MEASURES[measure]} par marque")
    st.caption("Les triangles rouges marquent les alertes. Cliquez sur un point pour lire ses mentions ci-dessous.")
    event = st.altair_chart(
        charts.volume_lines(volumes, options["brands"], grain, value=measure, title=MEASURES[measure],
                            alerts=markers if measure == "mentions" else None, selectable=True),
        width="stretch", on_select="rerun", selection_mode="point", key="volume_chart")

    st.subheader("Sentiment dans le temps")
    normalize = st.toggle("En part des mentions", value=False, key="tendances_parts")
    st.altair_chart(charts.sentiment_over_time(frames.per_sentiment(series, grid), grain, normalize=normalize),
                    width="stretch")
    shown = list(f.brands) or list(volumes.groupby("brand")["mentions"].sum().nlargest(5).index)
    net = frames.net_per_brand(series[series["brand"].isin(shown)], grid)
    if not net.empty:
        st.subheader("Sentiment net par marque")
        st.caption(("Les marques choisies" if f.brands else "Les 5 marques les plus citées") +
                   " ; un point n'apparaît qu'à partir de 5 mentions analysées dans l'intervalle.")
        st.altair_chart(charts.net_sentiment_lines(net, options["brands"], grain, frames.period_of(grid)),
                        width="stretch")

    st.subheader("Les mentions d'un point")
    picked = (event.selection.get("point") if event is not None and hasattr(event, "selection") else None) or []
    peaks = volumes[volumes["mentions"] > 0].sort_values("mentions", ascending=False).head(30)
    choices = [(row.bucket, row.brand) for row in peaks.itertuples()]
    if picked:
        clicked = (pd.Timestamp(picked[0]["key"]), picked[0]["brand"])
        if clicked not in choices:
            choices.insert(0, clicked)
        if st.session_state.get("tendances_clic") != clicked:  # a new click wins over the list's last choice
            st.session_state["tendances_clic"] = clicked
            st.session_state["tendances_point"] = clicked
    fmt = charts.TIME_FORMATS[grain]

    def describe(choice) -> str:
        bucket, brand = choice
        count = volumes[(volumes.bucket == bucket) & (volumes.brand == brand)]["mentions"].sum()
        return f"{brand} — {bucket.strftime(fmt)} ({numbers.mentions(count)})"

    if st.session_state.get("tendances_point") not in choices:
        st.session_state.pop("tendances_point", None)
    selected = st.selectbox("Point (les plus hauts d'abord, ou celui cliqué sur la courbe)", choices,
                            index=None, format_func=describe,
                            placeholder="Choisissez un point", key="tendances_point")
    if selected is not None:
        since, until = frames.bucket_bounds(selected[0], grain)
        point = f.narrow(since, until, selected[1])
        page = data.list_mentions(point, sort="reach", limit=20)
        st.caption(f"{numbers.mentions(len(page['rows']))} de ce point, par audience décroissante (20 au plus).")
        ui.mention_list(page["rows"], key="tendances_mentions", brand=point.only_brand)
