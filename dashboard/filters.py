"""The sidebar filters shared by every page, mirrored to the URL so a view can be shared as a link.

Widgets live in the entry script (rendered on every page) and are bound to query parameters
(`bind="query-params"`). Streamlit writes the labels the widgets show, not the codes:
`?periode=90+derniers+jours&marques=Ondéa&sentiments=Négatif` reopens the same view (`?periode=90j` is
not recognised and leaves the default period). An empty multiselect means "all".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import streamlit as st

from dashboard import labels
from storage.dashboard_queries import Filters

PERIODS = {"7j": "7 derniers jours", "30j": "30 derniers jours", "90j": "90 derniers jours",
           "12m": "12 derniers mois", "tout": "Depuis le début", "dates": "Dates choisies…"}
PERIOD_DAYS = {"7j": 7, "30j": 30, "90j": 90, "12m": 365}
SENTIMENT_OPTIONS = {"positive": "Positif", "neutral": "Neutre", "negative": "Négatif", "aucun": "Non analysé"}
ALL_MOTIVATIONS = "toutes"
UNKNOWN_LANG = "inconnue"
STATE_KEY = "veille_filters"


def today() -> date:
    return datetime.now(UTC).date()


def sidebar(options: dict[str, Any]) -> Filters:
    """Draw the filters in the sidebar and return the selection (also kept for the pages, see `current`)."""
    side = st.sidebar
    side.markdown("### Filtres")
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
    motivation = side.selectbox("Motivation de partage", [ALL_MOTIVATIONS, *labels.MOTIVATIONS],
                                format_func=lambda m: "Toutes" if m == ALL_MOTIVATIONS else labels.motivation(m),
                                key="motivation", bind="query-params")
    lang_codes = [code or UNKNOWN_LANG for code in options["langs"]]
    langs = side.multiselect("Langue", lang_codes, format_func=lambda c: labels.lang("" if c == UNKNOWN_LANG else c),
                             placeholder="Toutes les langues", key="langues", bind="query-params")
    selection = Filters(
        start=start.isoformat(), end=end.isoformat(), brands=tuple(brands), platforms=tuple(platforms),
        sentiments=tuple("" if s == "aucun" else s for s in sentiments),
        langs=tuple("" if c == UNKNOWN_LANG else c for c in langs),
        motivation=None if motivation == ALL_MOTIVATIONS else motivation,
    )
    side.caption(f"Du {labels.day(selection.start)} au {labels.day(selection.end)} (jours UTC). "
                 "L'adresse de la page garde ces filtres : copiez-la pour partager cette vue.")
    st.session_state[STATE_KEY] = selection
    return selection


def current() -> Filters:
    """The selection made in the sidebar on this run (the last 30 days when the sidebar was not drawn)."""
    selection = st.session_state.get(STATE_KEY)
    if selection is None:
        end = today()
        selection = Filters(start=(end - timedelta(days=29)).isoformat(), end=end.isoformat())
    return selection

