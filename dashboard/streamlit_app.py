"""Veille's dashboard: navigation and the shared sidebar filters. Started by `veille dashboard`.

Run by hand: `VEILLE_DB=veille.db streamlit run dashboard/streamlit_app.py`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import data, filters, ui
from dashboard.pages import SECTIONS

APP_PAGES = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="Veille", page_icon=":material/radar:", layout="wide",
                   initial_sidebar_state="expanded")
# Streamlit's page shell says lang="en": browsers would offer to translate this French page "from English",
# and screen readers would read it with an English voice.
st.html("<script>document.documentElement.lang = 'fr';</script>", unsafe_allow_javascript=True)

navigation = st.navigation({
    section: [st.Page(APP_PAGES / f"{p.module}.py", title=p.title, icon=p.icon, default=not p.url_path,
                      **({"url_path": p.url_path} if p.url_path else {})) for p in pages]
    for section, pages in SECTIONS.items()
})

filters.follow()
if data.database_state() == "ready":
    filters.sidebar(data.filter_options())
st.sidebar.caption(f"Base : {data.db_path().name}")
ui.show_notice()  # the toast of the action that led here

navigation.run()
