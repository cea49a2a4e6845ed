"""Mentions: search, sort, page through, read a mention with its tags, correct its sentiment, export CSV."""

import streamlit as st

from dashboard import data, filters, ui
from presentation import frames, numbers, tables
from storage.dashboard_queries import EXPORT_CAP, SEARCH_CAP
from storage.query import QuerySyntaxError, parse_query

PAGE_SIZE = 25
SORTS = {"date": "Plus récentes", "reach": "Plus forte audience"}
UNDATED_SHOWN = 50
SEARCH_HELP = ("Même langage que les requêtes de marques : `\"service client\"`, `AND`, `OR`, `NOT`, parenthèses, "
               "`panne NEAR/5 réseau`, `factur*`. Sans accents ni majuscules à respecter : `decu` trouve « déçu ».")



def undated_section(f, search: str | None) -> None:
    """Mentions without a date (a feed's backlog gave none): outside every period and trend, listed apart."""
    undated = data.undated_mentions(f, search=search, limit=UNDATED_SHOWN)
    if not undated["total"]:
        return
    with st.expander(f"Mentions sans date de publication ({numbers.number(undated['total'])})"):
        st.caption("Leur source ne donne pas de date (articles anciens d'un flux lu pour la première fois) : elles "
                   "n'entrent dans aucune période, courbe ni alerte. Filtres appliqués : marques, plateformes et "
                   f"recherche ; les {UNDATED_SHOWN} dernières collectées.")
        st.dataframe(tables.french(frames.mention_table(undated["rows"], f.only_brand), {"Audience": numbers.number}),
                     hide_index=True, width="stretch",
                     column_config={"Lien": st.column_config.LinkColumn("Lien", display_text="ouvrir", width="small"),
                                    "Texte": st.column_config.TextColumn("Texte", width="large")})


st.title("Mentions")
if ui.require("mentions"):
    f = filters.current()
    filters.url_choice("tri", SORTS)
    filters.url_notes()
    c1, c2 = st.columns([3, 2])
    text = c1.text_input("Rechercher", key="q", bind="query-params", help=SEARCH_HELP,
                         placeholder='ex. "service client" AND (panne OR attente) NOT concours')
    sort = c2.segmented_control("Ordre", list(SORTS), format_func=SORTS.get, default="date", required=True,
                                key="tri", bind="query-params")
    search = None
    if text.strip():
        try:
            search = parse_query(text).text
        except QuerySyntaxError as exc:
            st.error(f"Recherche incomplète ou invalide ({exc}). {SEARCH_HELP}")
            st.stop()

    signature = (f, search, sort)
    if st.session_state.get("mentions_signature") != signature:
        st.session_state["mentions_signature"] = signature
        st.session_state["mentions_page"] = 0
    page_no = st.session_state["mentions_page"]
    page = data.list_mentions(f, search=search, sort=sort, limit=PAGE_SIZE, offset=page_no * PAGE_SIZE)
    rows = page["rows"]

    if not rows:
        if page_no == 0:
            if search:
                st.info("Aucune mention ne correspond à cette recherche avec ces filtres.")
            else:
                ui.nothing_in_period()
            undated_section(f, search)
            st.stop()
        st.session_state["mentions_page"] = 0
        st.rerun()

    first, last = page_no * PAGE_SIZE + 1, page_no * PAGE_SIZE + len(rows)
    if search:
        total = (f"plus de {numbers.number(SEARCH_CAP)} trouvées : les {numbers.number(SEARCH_CAP)} plus récentes "
                 "sont classées, précisez la recherche" if page["capped"] else
                 f"{numbers.number(page['found'])} trouvée" + ("s" if page["found"] > 1 else ""))
        st.caption(f"Page {page_no + 1} · mentions {numbers.number(first)} à {numbers.number(last)} sur {total}.")
    else:
        count = data.count_mentions(f)
        total = numbers.number(count["mentions"]) if count["exact"] else f"environ {numbers.compact(count['mentions'])}"
        st.caption(f"Page {page_no + 1} · mentions {numbers.number(first)} à {numbers.number(last)} sur {total} "
                   "dans la sélection.")

    selection = st.dataframe(
        tables.french(frames.mention_table(rows, f.only_brand), {"Audience": numbers.number}), hide_index=True,
        width="stretch", on_select="rerun", selection_mode="single-row", key=f"mentions_table_{page_no}",
        column_config=ui.mention_columns(f.only_brand))
    prev_col, next_col, export_col = st.columns([1, 1, 3])
    if prev_col.button("← Précédentes", disabled=page_no == 0, key="mentions_prev"):
        st.session_state["mentions_page"] = page_no - 1
        st.rerun()
    if next_col.button("Suivantes →", disabled=not page["has_more"], key="mentions_next"):
        st.session_state["mentions_page"] = page_no + 1
        st.rerun()
    export_col.download_button(
        f"Exporter la sélection en CSV (jusqu'à {numbers.number(EXPORT_CAP)} mentions)",
        data=lambda: data.export_csv(f, search=search, sort=sort),
        file_name=f"veille-mentions-{f.start}-{f.end}.csv", mime="text/csv", icon=":material/download:",
        key="mentions_export",
        help="Les colonnes de `veille export --fr` ; « sentiment » y est celui du texte entier. Filtré sur une "
             "seule marque, le fichier ajoute la colonne « sentiment envers <marque> », celle que comptent ses "
             "chiffres.")

    picked = selection.selection.rows if selection is not None and hasattr(selection, "selection") else []
    index = picked[0] if picked else 0
    st.subheader("La mention en détail")
    if not picked:
        st.caption("La première mention de la page ; cliquez une autre ligne du tableau pour la lire ici.")
    ui.mention_card(rows[index], key=rows[index]["id"])
    undated_section(f, search)
