"""Motivations: why people share (survey-based taxonomy), per brand, per platform and over time."""

import pandas as pd
import streamlit as st

from dashboard import data, filters, ui
from presentation import charts, frames, labels

st.title("Motivations de partage")
st.caption("Pourquoi les gens parlent de vous : six motivations tirées de l'étude Social@Ogilvy × SurveyMonkey "
           "« Why do we share? » (2014, 16 pays, 6 500 répondants) et de l'étude Ipsos sur le partage (2013). "
           "Une mention peut en porter plusieurs.")

with st.expander("Définitions et chiffres des études", expanded=False):
    st.dataframe(pd.DataFrame([{"Motivation": name, "Ce que fait l'auteur": definition, "Chiffre de l'étude": figure}
                               for name, definition, figure in labels.MOTIVATIONS.values()]),
                 hide_index=True, width="stretch",
                 column_config={"Ce que fait l'auteur": st.column_config.TextColumn(width="large")})

if ui.require("mentions"):
    f = filters.current()
    if not data.has_rows("mention_motivations"):
        ui.analysis_missing("motivations")
        st.stop()
    totals = data.label_totals(f, "motivation")
    if not totals:
        ui.nothing_in_period()
        st.stop()
    pairs = data.selection_size(f)

    def named(rows, key="label"):
        return [{**r, "Libellé": labels.motivation(r[key])} for r in rows]

    left, right = st.columns(2)
    with left:
        st.subheader("Répartition")
        df = pd.DataFrame(named(totals))
        df["share"] = df["mentions"] / max(1, pairs)
        st.altair_chart(charts.share_bars(df, "Libellé", "Motivation"), width="stretch")
        st.caption("Part des mentions de la sélection qui portent chaque motivation (le total dépasse 100 % : "
                   "une mention peut en porter plusieurs).")
    with right:
        st.subheader("Sentiment par motivation")
        split = frames.sentiment_split(named(totals), "Libellé")
        st.altair_chart(charts.sentiment_bars(split, "Libellé", "Motivation",
                                              sort=[labels.motivation(r["label"]) for r in totals]), width="stretch")

    left, right = st.columns(2)
    with left:
        st.subheader("Par marque")
        by_brand = frames.shares(pd.DataFrame(named(data.label_totals(f, "motivation", "brand"))), "brand")
        st.altair_chart(charts.label_heatmap(by_brand.rename(columns={"brand": "Marque"}), "Marque", "Marque"),
                        width="stretch")
    with right:
        st.subheader("Par plateforme")
        by_platform = pd.DataFrame(named(data.label_totals(f, "motivation", "platform")))
        by_platform["Plateforme"] = by_platform["platform"].map(labels.platform)
        st.altair_chart(charts.label_heatmap(frames.shares(by_platform, "Plateforme"), "Plateforme", "Plateforme"),
                        width="stretch")
    st.caption("Chaque case : part de la motivation parmi les motivations de la ligne.")

    st.subheader("Dans le temps")
    grain = "day" if f.days <= 45 else ("week" if f.days <= 180 else "month")
    over_time = pd.DataFrame(named(data.label_totals(f, "motivation", grain)))
    over_time["bucket"] = pd.to_datetime(over_time[grain])
    grid = frames.time_grid(f.start, f.end, grain)
    st.altair_chart(charts.label_lines(frames.per_label(over_time, grid), "Motivation", grain), width="stretch")
