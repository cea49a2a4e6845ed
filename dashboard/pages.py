"""The dashboard's pages, in one table: the navigation is built from it and the tests walk it.

A new page is its module in `app_pages/` plus its line here; `heading` is the page's own `st.title`
(the tests check that both agree), `url_path` the address a shared link uses ("" for the home page).
"""

from __future__ import annotations

from typing import NamedTuple


class Page(NamedTuple):
    module: str  # dashboard/app_pages/<module>.py
    title: str  # in the navigation
    heading: str  # the page's title
    icon: str
    url_path: str


SECTIONS: dict[str, tuple[Page, ...]] = {
    "Suivre": (
        Page("overview", "Vue d'ensemble", "Vue d'ensemble", ":material/dashboard:", ""),
        Page("trends", "Tendances", "Tendances", ":material/show_chart:", "tendances"),
        Page("competition", "Concurrence", "Concurrence", ":material/leaderboard:", "concurrence"),
    ),
    "Comprendre": (
        Page("themes", "Thèmes", "Thèmes", ":material/tag:", "themes"),
        Page("voices", "Auteurs et médias", "Auteurs et médias", ":material/groups:", "auteurs"),
        Page("motivations", "Motivations", "Motivations de partage", ":material/campaign:", "motivations"),
        Page("mentions", "Mentions", "Mentions", ":material/forum:", "mentions"),
    ),
    "Agir": (
        Page("alerts", "Alertes", "Alertes", ":material/notifications_active:", "alertes"),
        Page("sources", "Sources", "Sources", ":material/dns:", "sources"),
    ),
}
PAGES: tuple[Page, ...] = tuple(page for pages in SECTIONS.values() for page in pages)
