"""RSS/Atom collector (work in progress: settings only, fetching lands next)."""

from __future__ import annotations

from collectors.base import Collector, Setting


class RssCollector(Collector):
    """News and blog feeds (RSS 2.0, Atom, RDF), fetched over HTTP or read from local files."""

    name = "rss"
    platform = "rss"
    SETTINGS = {
        "url": Setting(str, help="adresse du flux (http(s)://, file:// ou chemin local) ; {query} = requête de la marque"),
        "urls": Setting(list, help="plusieurs adresses de flux (à la place de `url`)"),
        "max_items": Setting(int, default=200, help="nombre maximal d'articles lus par flux et par collecte"),
    }
