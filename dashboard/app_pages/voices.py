"""Auteurs et médias: who talks about the brands — top authors by reach or by volume with their sentiment, top
media and sites, the new voices of the period; a click on a row lists that author's (medium's) mentions."""

import streamlit as st

from dashboard import data, filters, ui
from presentation import frames, labels, numbers, tables

RANKINGS = {"reach": "Audience", "mentions": "Nombre de mentions"}
KINDS = {"author": ("auteur", "auteurs", "Auteurs"), "medium": ("média", "médias", "Médias et sites")}


def bound_note(bound: int, order: str, many: str) -> str:
    """What a ranking stopped early may leave out (see `storage.dashboard_queries.voices`)."""
    what = numbers.compact(bound) + " d'audience" if order == "reach" else numbers.mentions(bound)
    return (f"Classement établi parmi les {many} les plus présents de la base : un autre peut avoir au plus {what} "
            "dans la sélection. Précisez les filtres (marque, période) pour un classement exact.")


def ranked(f, kind: str, rows: list[dict], key: str) -> None:
    """A ranking as a table; selecting a row lists that voice's mentions below it."""
    table = frames.voice_table(rows, kind)
    if "Abonnés" in table and table["Abonnés"].isna().all():
        table = table.drop(columns="Abonnés")  # news authors: no follower count to show
    narrow = {c: st.column_config.Column(width="small") for c in table.columns if c in frames.VOICE_FORMATS}
    picked = st.dataframe(tables.french(table, {c: fmt for c, fmt in frames.VOICE_FORMATS.items() if c in table}),
                          hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key=key,
                          column_config={table.columns[0]: st.column_config.TextColumn(width="medium"), **narrow})
    chosen = picked.selection.rows if picked is not None and hasattr(picked, "selection") else []
    if not chosen:
        st.caption("Cliquez une ligne pour lire ses mentions.")
        return
    row = rows[chosen[0]]
    st.markdown(f"**Les mentions de {ui.plain_markdown(table.iloc[chosen[0], 0])}** (les plus récentes d'abord, "
                "50 au plus)")
    ui.mention_list(data.voice_mentions(f, kind, row["voice"], limit=50), key=f"{key}-mentions", brand=f.only_brand)


st.title("Auteurs et médias")
if ui.require("mentions"):
    f = filters.current()
    st.caption(f"Qui parle des marques sélectionnées, du {labels.day(f.start)} au {labels.day(f.end)}. Audience : "
               "somme de l'audience estimée de ses mentions ; une mention qui cite deux marques compte pour chacune.")
    if data.selection_size(f) == 0:
        ui.nothing_in_period()
        st.stop()
    first_day = data.filter_options()["first_day"]
    filters.url_choice("classement", RANKINGS)
    filters.url_notes()
    order = st.segmented_control("Classer par", list(RANKINGS), format_func=RANKINGS.get, default="reach",
                                 required=True, key="classement", bind="query-params")
    for kind, tab in zip(KINDS, st.tabs([KINDS[k][2] for k in KINDS]), strict=True):
        one, many, _title = KINDS[kind]
        with tab:
            found = data.voices(f, kind, by=order, limit=20)
            if not found["top"]:
                st.info("Aucun auteur connu dans la sélection : les plateformes sociales donnent l'auteur de chaque "
                        "message, les articles de presse sans signature sont rangés sous leur média."
                        if kind == "author" else
                        "Aucun média dans la sélection : les médias sont les publications des flux RSS (le titre du "
                        "flux, ou le domaine du site de l'article).")
                continue
            rows = found["top"]
            st.subheader(f"Les {many} les plus {'lus' if order == 'reach' else 'actifs'}")
            ranked(f, kind, rows, key=f"voix-{kind}-{order}")
            if found["bound"] is not None:
                st.caption(bound_note(found["bound"], order, many))
            st.subheader("Nouvelles voix")
            if f.start <= (first_day or f.start):
                st.caption("La période commence avec les premières mentions de la base : toutes les voix y sont "
                           "nouvelles. Choisissez une période plus courte pour voir qui vient d'arriver.")
                continue
            st.caption(f"Les {many} qui n'avaient jamais parlé "
                       f"{'de ' + f.only_brand if f.only_brand else 'des marques suivies'} avant le "
                       f"{labels.day(f.start)}, la plus forte audience d'abord.")
            if found["new"]:
                ranked(f, kind, found["new"], key=f"voix-{kind}-nouvelles")
                if found["new_bound"] is not None:
                    st.caption(bound_note(found["new_bound"], "reach", many))
            else:
                st.caption(f"Aucun nouveau {one} sur la période.")
