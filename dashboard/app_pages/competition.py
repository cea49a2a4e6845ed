"""Concurrence: share of voice and sentiment per brand, side by side, and over time."""

import streamlit as st

from dashboard import charts, data, filters, frames, labels, ui

st.title("Concurrence")
if ui.require("mentions"):
    f = filters.current()
    options = data.query("filter_options")
    current, previous = data.query("brand_totals", f), data.query("brand_totals", f.previous())
    if not current:
        ui.nothing_in_period()
        st.stop()
    st.caption(f"Du {labels.day(f.start)} au {labels.day(f.end)} ; évolutions par rapport aux {f.days} jours "
               "précédents. Une mention qui cite deux marques compte pour chacune.")
    table = frames.brand_table(current, previous)
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "Mentions": st.column_config.NumberColumn(format="localized"),
        "Évolution": st.column_config.NumberColumn(format="%+.1f %%"),
        "Part de voix": st.column_config.ProgressColumn(format="%.1f %%", min_value=0, max_value=100),
        "Audience estimée": st.column_config.NumberColumn(format="compact"),
        "Sentiment net": st.column_config.NumberColumn(format="%+.0f", help="% positif − % négatif (points)"),
        "Évolution du sentiment": st.column_config.NumberColumn(format="%+.1f pts"),
        "Négatif": st.column_config.NumberColumn("Mentions négatives", format="localized"),
    })

    left, right = st.columns(2)
    with left:
        st.subheader("Part de voix")
        sov = frames.shares(table.rename(columns={"Marque": "brand", "Mentions": "mentions"}).assign(all=1), "all")
        st.altair_chart(charts.share_bars(sov, "brand", "Marque", color_brands=options["brands"]), width="stretch")
    with right:
        st.subheader("Sentiment par marque")
        st.altair_chart(charts.sentiment_bars(frames.sentiment_split(current, "brand"), "brand", "Marque",
                                              sort=list(table["Marque"])), width="stretch")

    grain = "day" if f.days <= 45 else "week"
    series = frames.series_frame(data.query("series", f, grain), grain)
    st.subheader("Part de voix dans le temps")
    st.altair_chart(charts.share_over_time(frames.per_brand(series), options["brands"], grain), width="stretch")
    st.subheader("Sentiment net dans le temps")
    net_grain = "day" if f.days <= 14 else "week"
    weekly = series if net_grain == grain else frames.series_frame(data.query("series", f, net_grain), net_grain)
    net = frames.net_per_brand(weekly)
    if net.empty:
        ui.analysis_missing("sentiments")
    else:
        st.altair_chart(charts.net_sentiment_lines(net, options["brands"], net_grain), width="stretch")
        st.caption("Par semaine (par jour sur 14 jours ou moins) ; un point n'apparaît qu'à partir de 5 mentions "
                   "analysées dans l'intervalle.")
