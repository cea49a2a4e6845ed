"""The communicators' dashboard (Streamlit): `streamlit_app.py` builds the navigation, pages live in `app_pages/`.

Started by `veille dashboard`; reads the database read-only through `storage.dashboard_queries`, writes only
the two user actions (sentiment correction, alert acknowledge/resolve).
"""
