"""Veille's dashboard: navigation and the shared sidebar filters. Started by `veille dashboard`.

Run by hand: `VEILLE_DB=veille.db streamlit run dashboard/streamlit_app.py`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import data, filters

PAGES = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="Veille", page_icon=":material/radar:", layout="wide",
                   initial_sidebar_state="expanded")

navigation = st.navigation({
    "Suivre": [
        st.Page(PAGES / "overview.py", title="Vue d'ensemble", icon=":material/dashboard:", default=True),
        st.Page(PAGES / "trends.py", title="Tendances", icon=":material/show_chart:", url_path="tendances"),
        st.Page(PAGES / "competition.py", title="Concurrence", icon=":material/leaderboard:", url_path="concurrence"),
    ],
    "Comprendre": [
        st.Page(PAGES / "themes.py", title="Thèmes", icon=":material/tag:", url_path="themes"),
        st.Page(PAGES / "voices.py", title="Auteurs et médias", icon=":material/groups:", url_path="auteurs"),
        st.Page(PAGES / "motivations.py", title="Motivations", icon=":material/campaign:", url_path="motivations"),
        st.Page(PAGES / "mentions.py", title="Mentions", icon=":material/forum:", url_path="mentions"),
    ],
    "Agir": [
        st.Page(PAGES / "alerts.py", title="Alertes", icon=":material/notifications_active:", url_path="alertes"),
        st.Page(PAGES / "sources.py", title="Sources", icon=":material/dns:", url_path="sources"),
    ],
})

filters.follow()
if data.database_state() == "ready":
    filters.sidebar(data.filter_options())
st.sidebar.caption(f"Base : {data.db_path().name}")

navigation.run()
