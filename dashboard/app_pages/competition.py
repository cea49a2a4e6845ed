"""Concurrence: share of voice and sentiment per brand, side by side, and over time."""

import pandas as pd
import streamlit as st

from dashboard import data, filters, ui
from presentation import charts, frames, labels, numbers

st.title("Concurrence")
if ui.require("mentions"):
    f = filters.current()
    options = data.filter_options()
    figures = data.key_figures(f, options["own"])
    if not figures["total"]:
        ui.nothing_in_period()
        st.stop()
    st.caption(f"Du {labels.day(f.start)} au {labels.day(f.end)} ; évolutions par rapport aux {numbers.number(f.days)} jours "
               "précédents. Une mention qui cite deux marques compte pour chacune.")
    ui.brand_table(figures)
    if len(figures["brands"]) < 2:
        st.caption("Une seule marque sélectionnée : sa part de voix est de 100 % par définition. Ajoutez des "
                   "concurrents dans le filtre Marques pour comparer.")

    shown = [r for r in figures["brands"] if r["mentions"]]
    left, right = st.columns(2)
    with left:
        st.subheader("Part de voix")
        sov = frames.shares(pd.DataFrame([{"brand": r["brand"], "mentions": r["mentions"], "all": 1}
                                                 for r in shown]), "all")
        st.altair_chart(charts.share_bars(sov, "brand", "Marque", color_brands=options["brands"]), width="stretch")
    with right:
        st.subheader("Sentiment par marque")
        st.altair_chart(charts.sentiment_bars(frames.sentiment_split(shown, "brand"), "brand", "Marque",
                                              sort=[r["brand"] for r in shown]), width="stretch")

    grain = frames.grain_for(f.days)
    series = frames.series_frame(data.series(f, grain), grain)
    st.subheader("Part de voix dans le temps")
    st.altair_chart(charts.share_over_time(frames.per_brand(series, frames.time_grid(f.start, f.end, grain)),
                                           options["brands"], grain), width="stretch")
    st.caption(f"Par {charts.TIME_TITLES[grain].split(' ')[0].lower()} ; une période sans mention n'a pas de barre.")
    st.subheader("Sentiment net dans le temps")
    net_grain = frames.net_grain_for(f.days)
    weekly = series if net_grain == grain else frames.series_frame(data.series(f, net_grain), net_grain)
    net_grid = frames.time_grid(f.start, f.end, net_grain)
    net = frames.net_per_brand(weekly, net_grid)
    if net.empty:
        ui.net_missing(weekly)
    else:
        st.altair_chart(charts.net_sentiment_lines(net, options["brands"], net_grain, frames.period_of(net_grid)),
                        width="stretch")
        st.caption(f"Par {charts.TIME_TITLES[net_grain].split(' ')[0].lower()} ; un point n'apparaît qu'à partir de "
                   f"{frames.NET_MIN_ANALYSED} mentions analysées dans l'intervalle, et la ligne s'interrompt où il "
                   "en manque.")
