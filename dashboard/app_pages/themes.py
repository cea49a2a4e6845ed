"""Thèmes: e-reputation categories, most cited themes and entities, rising themes; drill down to mentions."""

import pandas as pd
import streamlit as st

from dashboard import data, filters, ui
from presentation import charts, frames, labels, numbers, tables
from storage.dashboard_queries import ENTITY_KINDS, MIN_BASE, top_topics, trending_topics

st.title("Thèmes")
if ui.require("mentions"):
    f = filters.current()
    if not data.has_rows("mention_topics"):
        ui.analysis_missing("thèmes ni d'entités")
        st.stop()
    if data.selection_size(f) == 0:
        ui.nothing_in_period()
        st.stop()

    options = data.filter_options()
    categories = data.category_totals(f)
    counts = data.topic_counts(f)
    before = data.topic_counts(f.previous())
    ui.sampled_note(counts["rate"])

    left, right = st.columns(2)
    with left:
        st.subheader("Catégories e-réputation")
        cat_rows = [{**r, "label": labels.category(r["label"])} for r in categories["rows"]]
        if cat_rows:
            normalize = st.toggle("En part des mentions", value=False, key="themes_parts")
            st.altair_chart(charts.sentiment_bars(frames.sentiment_split(cat_rows, "label"), "label", "Catégorie",
                                                  normalize=normalize,
                                                  sort=[r["label"] for r in cat_rows]), width="stretch")
        else:
            st.caption("Aucune catégorie dans la sélection.")
    with right:
        st.subheader("Thèmes les plus cités")
        top = top_topics(counts, ("keyphrase",), limit=15)
        if top:
            st.altair_chart(charts.sentiment_bars(frames.sentiment_split(top, "value"), "value", "Thème",
                                                  normalize=False, sort=[r["value"] for r in top]), width="stretch")
        else:
            st.caption("Aucun thème dans la sélection.")

    left, right = st.columns(2)
    with left:
        st.subheader("Entités les plus citées")
        entities = top_topics(counts, ENTITY_KINDS, limit=20, exclude=options["brands"])
        st.caption("Les marques suivies, citées par définition, sont omises.")
        st.dataframe(tables.french(pd.DataFrame([{"Entité": r["value"], "Type": labels.TOPIC_KINDS[r["kind"]],
                                                  "Mentions": r["mentions"], "Sentiment net": r["net_sentiment"]}
                                                 for r in entities], columns=["Entité", "Type", "Mentions", "Sentiment net"]),
                                   {"Mentions": numbers.number, "Sentiment net": numbers.signed}),
                     hide_index=True, width="stretch")
    with right:
        st.subheader("Thèmes en hausse")
        rising = trending_topics(counts, before, ("keyphrase", *ENTITY_KINDS), limit=15, exclude=options["brands"])
        comparable = before["selection"] >= MIN_BASE
        if comparable:
            st.caption(f"Par rapport aux {numbers.number(f.days)} jours précédents, au-delà de la hausse générale du "
                       "volume.")
        else:  # every theme would be « nouveau »
            st.caption(ui.no_rising_themes(before["selection"], MIN_BASE))
        if rising:
            st.dataframe(tables.french(pd.DataFrame([{
                "Thème": r["value"], "Mentions": r["mentions"], "Avant": r["previous"],
                "Évolution": "nouveau" if r["change"] is None else numbers.ratio(r["change"]),
                "Sentiment net": r["net_sentiment"]} for r in rising]),
                {"Mentions": numbers.number, "Avant": numbers.number, "Sentiment net": numbers.signed}),
                hide_index=True, width="stretch")
        elif comparable:
            st.caption("Aucun thème ne se détache sur cette période.")

    st.subheader("Explorer un thème")
    # (kind, value, *other spellings): the mentions of every spelling of a theme (`merge_spellings`)
    choices = ([("category", r["label"]) for r in categories["rows"]]
               + [(r["kind"], *r["variants"]) for r in (*top, *entities, *rising)])
    choices = list(dict.fromkeys(choices))
    picked = st.selectbox("Thème, catégorie ou entité", choices, index=None, placeholder="Choisissez un thème",
                          format_func=lambda c: f"{labels.topic(c[0], c[1])} ({labels.TOPIC_KINDS[c[0]].lower()})",
                          key="themes_explorer")
    if picked is not None:
        sort = st.radio("Ordre", ["date", "reach"], horizontal=True, key="themes_tri",
                        format_func={"date": "Plus récentes", "reach": "Plus forte audience"}.get)
        page = data.list_mentions(f, sort=sort, limit=30, topic=picked)
        ui.mention_list(page["rows"], key="themes_mentions", brand=f.only_brand)
        st.caption("Pour lire, corriger ou exporter ces mentions, ouvrez la page Mentions.")
