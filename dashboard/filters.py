"""The sidebar filters shared by every page, mirrored to the URL so a view can be shared as a link.

Widgets live in the entry script (rendered on every page) and are bound to query parameters
(`bind="query-params"`): `?periode=90j&marques=Ondéa&sentiments=negative` reopens the same view. A link
may carry each value as its code (`90j`, `negative`, `hour`, `reach`) or as the label the page shows
(`90 derniers jours`, `Négatif`, `Heure`), in any case and with or without accents; several values are
repeated (`sentiments=negative&sentiments=neutral`) or separated by commas. A value that matches nothing is
ignored and the page says so. An empty multiselect means "all".
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta
from typing import Any

import streamlit as st

from presentation import labels
from storage.filters import Filters

PERIODS = {"7j": "7 derniers jours", "30j": "30 derniers jours", "90j": "90 derniers jours",
           "12m": "12 derniers mois", "tout": "Depuis le début", "dates": "Dates choisies…"}
PERIOD_DAYS = {"7j": 7, "30j": 30, "90j": 90, "12m": 365}
SENTIMENT_OPTIONS = {"positive": "Positif", "neutral": "Neutre", "mixed": "Mitigé", "negative": "Négatif",
                     "aucun": "Non analysé"}
ALL_MOTIVATIONS = "toutes"
UNKNOWN_LANG = "inconnue"
STATE_KEY = "veille_filters"
GOTO_KEY = "veille_goto"
NOTES_KEY = "veille_url_notes"  # what a link asked for and could not get, to be said (`url_notes`)
SHOWN_KEY = "veille_url_notes_shown"  # ... and what this run said: a rerun that rewrites the link says it again


def today() -> date:
    return datetime.now(UTC).date()


def _plain(text: str) -> str:
    """Case, accents and spacing do not matter in a link: `Négatif`, `negatif` and `NEGATIF` are one value."""
    text = unicodedata.normalize("NFKD", text.replace("+", " ")).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().split())


def url_choice(key: str, choices: dict[str, str], multi: bool = False) -> None:
    """Accept a URL value of widget `key` given as a code or a label (`choices`: code → label).

    Call it just before drawing the widget. On the session's first run, a value Streamlit would not
    recognise (it only knows labels) is resolved and written back to the address as its label, and the script
    reruns, so that the widget reads it and the address keeps it (given to the widget through the session state,
    `periode=tout` was dropped from the address: a copied link lost the period). A French note for each value
    that matches nothing (ignored) is kept for `url_notes`, across that rerun.
    """
    if key in st.session_state or key not in st.query_params:
        return
    given = st.query_params.get_all(key)
    if all(value in choices.values() for value in given):
        return  # labels, one per value: Streamlit's own binding reads them (not `Macron,Sarkozy`)
    raw = [v.strip() for value in given
           for v in ([value] if value in choices.values() or value in choices else value.split(",")) if v.strip()]
    lookup = {_plain(code): code for code in choices} | {_plain(label): code for code, label in choices.items()}
    picked, ignored = [], []
    for value in raw:
        code = lookup.get(_plain(value))
        (picked if code is not None else ignored).append(code if code is not None else value)
    known = ", ".join(f"{code} ({label})" if _plain(code) != _plain(label) else label
                      for code, label in list(choices.items())[:12])
    more = " …" if len(choices) > 12 else ""
    st.session_state.setdefault(NOTES_KEY, []).extend(
        f"Lien : « {key}={value} » ignoré, valeur inconnue. Valeurs possibles : {known}{more}." for value in ignored)
    if picked:
        st.query_params[key] = [choices[c] for c in dict.fromkeys(picked)] if multi else choices[picked[-1]]
        st.session_state[NOTES_KEY] = st.session_state.pop(SHOWN_KEY, []) + st.session_state[NOTES_KEY]
        st.rerun()


def url_notes() -> None:
    """Show what a shared link asked for and could not get (on the page itself, not only in the sidebar): the
    notes `url_choice` kept, once each (a value read again after another key's rerun is said once)."""
    pending = list(dict.fromkeys(st.session_state.pop(NOTES_KEY, [])))
    for note in pending:
        st.warning(note, icon=":material/link_off:")
    st.session_state[SHOWN_KEY] = st.session_state.get(SHOWN_KEY, []) + pending


def sidebar(options: dict[str, Any]) -> Filters:
    """Draw the filters in the sidebar and return the selection (also kept for the pages, see `current`)."""
    side = st.sidebar
    side.markdown("### Filtres")
    st.session_state[SHOWN_KEY] = []  # a new run: nothing said yet
    lang_codes = {code or UNKNOWN_LANG: labels.lang(code) for code in options["langs"]}
    motivations = {ALL_MOTIVATIONS: "Toutes"} | {code: labels.motivation(code) for code in labels.MOTIVATIONS}
    url_choice("periode", PERIODS)
    url_choice("marques", {b: b for b in options["brands"]}, multi=True)
    url_choice("plateformes", {p: labels.platform(p) for p in options["platforms"]}, multi=True)
    url_choice("sentiments", SENTIMENT_OPTIONS, multi=True)
    url_choice("motivation", motivations)
    url_choice("langues", lang_codes, multi=True)
    period = side.selectbox("Période", list(PERIODS), index=1, format_func=PERIODS.get, key="periode",
                            bind="query-params")
    end = today()
    first = date.fromisoformat(options["first_day"]) if options.get("first_day") else end
    if period == "dates":
        default = (max(first, end - timedelta(days=29)), end)
        picked = side.date_input("Du … au", value=default, min_value=min(first, end), max_value=end,
                                 format="DD/MM/YYYY", key="dates", bind="query-params")
        start, end = (picked[0], picked[1]) if isinstance(picked, tuple) and len(picked) == 2 else default
    elif period == "tout":
        start = min(first, end)
    else:
        start = end - timedelta(days=PERIOD_DAYS[period] - 1)
    brands = side.multiselect("Marques", options["brands"], placeholder="Toutes les marques", key="marques",
                              bind="query-params")
    platforms = side.multiselect("Plateformes", options["platforms"], format_func=labels.platform,
                                 placeholder="Toutes les plateformes", key="plateformes", bind="query-params")
    sentiments = side.multiselect("Sentiment", list(SENTIMENT_OPTIONS), format_func=SENTIMENT_OPTIONS.get,
                                  placeholder="Tous les sentiments", key="sentiments", bind="query-params")
    motivation = side.selectbox("Motivation de partage", list(motivations), format_func=motivations.get,
                                key="motivation", bind="query-params")
    langs = side.multiselect("Langue", list(lang_codes), format_func=lang_codes.get,
                             placeholder="Toutes les langues", key="langues", bind="query-params")
    selection = Filters(
        start=start.isoformat(), end=end.isoformat(), brands=tuple(brands), platforms=tuple(platforms),
        sentiments=tuple("" if s == "aucun" else s for s in sentiments),
        langs=tuple("" if c == UNKNOWN_LANG else c for c in langs),
        motivations=() if motivation == ALL_MOTIVATIONS else (motivation,),
    )
    side.caption(f"Du {labels.day(selection.start)} au {labels.day(selection.end)} (jours UTC). "
                 "L'adresse de la page garde ces filtres : copiez-la pour partager cette vue.")
    st.session_state[STATE_KEY] = selection
    url_notes()
    return selection


def open_with(label: str, page: str, key: str, **values: Any) -> None:
    """A button that opens `page` with these widget values (by URL key: `sentiments=["negative"]`, `tri="reach"`).

    The values are set in a callback (before the next run draws the widgets) and `follow` switches page.
    """
    def go() -> None:
        for name, value in values.items():
            st.session_state[name] = value
        st.session_state[GOTO_KEY] = page

    st.button(label, key=key, on_click=go, icon=":material/arrow_forward:", type="tertiary")


def follow() -> None:
    """Open the page an `open_with` button asked for (call once the navigation is built)."""
    page = st.session_state.pop(GOTO_KEY, None)
    if page:
        # {} rather than None: the URL is rebuilt from the widgets (None would try, and fail, to clear bound ones)
        st.switch_page(page, query_params={})


def current() -> Filters:
    """The selection made in the sidebar on this run (the last 30 days when the sidebar was not drawn)."""
    selection = st.session_state.get(STATE_KEY)
    if selection is None:
        end = today()
        selection = Filters(start=(end - timedelta(days=29)).isoformat(), end=end.isoformat())
    return selection
