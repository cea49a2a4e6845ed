"""The demo's cast as its text writer sees it: the demo world's brands (demo/world.py), the feeds that talk about them.

All names are invented. "Azur Mobile" is deliberately named after a common word (the
Côte d'Azur, a ciel d'azur) so its query needs `NOT`: the demo shows why the query language matters.
Queries also list the brands' social handles (@KelvoFR), which tokenize as one word.
"""

from __future__ import annotations

from dataclasses import dataclass

from demo.datafiles import read_json
from demo.world import DEMO
from storage.records import Brand


@dataclass(frozen=True)
class BrandProfile:
    """A brand plus what the text generator needs to write about it."""

    name: str
    query: str
    own: bool
    short: str  # the word people actually type ("Azur")
    variants: tuple[str, ...]  # names used in text, the first one most often
    boxes: tuple[str, ...]
    plans: tuple[str, ...]
    app: str
    ceo: str
    x_handle: str
    weight: float  # share of the conversation

    @property
    def brand(self) -> Brand:
        return Brand(self.name, self.query, self.own)


# What the text writer says about each brand of the demo world (short name, variants, boxes, plans, app, CEO, X handle).
_TEXT: dict[str, tuple] = {
    "Orbelle": ("Orbelle", ("Orbelle", "Orbelle Télécom"), ("Orbelle Fibre+", "Orbelle Nova"),
                ("Orbelle Liberté 5G", "Orbelle Essentiel 80 Go"), "Mon Orbelle", "Claire Vasseur", "Orbelle"),
    "Azur Mobile": ("Azur", ("Azur Mobile", "Azur"), ("Azur Horizon", "Azur Horizon Max"),
                    ("Azur Illimité", "Azur Série Spéciale 100 Go"), "Azur & Moi", "Marc-Antoine Delorme", "AzurMobile"),
    "Kelvo": ("Kelvo", ("Kelvo",), ("Kelvo Fibre Max", "Kelvo Duo"), ("Kelvo Flex", "Kelvo 5G 200 Go"), "Kelvo App",
              "Inès Barrault", "KelvoFR"),
    "Ondalys": ("Ondalys", ("Ondalys",), ("Ondalys Zen", "Ondalys Pro"), ("Ondalys Essentiel 100 Go", "Ondalys Famille"),
                "Ondalys+", "Thibaut Lenoir", "OndalysFR"),
}
BRANDS: tuple[BrandProfile, ...] = tuple(BrandProfile(b.name, b.query, b.own, *_TEXT[b.name], b.weight)
                                         for b in DEMO.brands)
OWN = next(b for b in BRANDS if b.own)


@dataclass(frozen=True)
class FeedSource:
    """One publication: its feed format, rhythm and what kind of text it publishes."""

    key: str
    title: str
    site: str
    format: str  # rss | atom
    kind: str  # press | regional | tech | forum | release | en
    per_day: float  # items on an ordinary weekday
    weekend: float  # weekend factor
    noise: float  # share of items that name no brand
    description: str


FEEDS: tuple[FeedSource, ...] = (
    FeedSource("gazette", "La Gazette nationale — Économie", "https://www.gazette-nationale.example", "rss", "press",
               9.0, 0.45, 0.10, "L'actualité économique et numérique, chaque jour."),
    FeedSource("echo-midi", "L'Écho du Midi", "https://www.echodumidi.example", "rss", "regional",
               6.5, 0.7, 0.35, "Toute l'actualité de Marseille, Nice, Montpellier et de la Côte d'Azur."),
    FeedSource("octets", "Octets & Réseaux", "https://octets-reseaux.example", "rss", "tech",
               6.0, 0.4, 0.10, "Tests, comparatifs et actualités des box, forfaits et réseaux."),
    FeedSource("avisconso", "AvisConso — Forum opérateurs", "https://forum.avisconso.example", "atom", "forum",
               17.0, 1.1, 0.03, "Les avis des consommateurs sur les opérateurs télécoms."),
    FeedSource("communiques", "Fil Communiqués Entreprises — Télécoms", "https://www.fil-communiques.example", "rss",
               "release", 1.4, 0.0, 0.0, "Communiqués de presse des entreprises du secteur des télécoms."),
    FeedSource("eurotelco", "EuroTelco Weekly", "https://www.eurotelco-weekly.example", "rss", "en",
               2.4, 0.3, 0.15, "European telecom industry news."),
)

FIRST_NAMES, LAST_NAMES, CITIES = DEMO.first_names, DEMO.last_names, DEMO.places
_NAMES = read_json("names.json")  # the writer's own words (nicknames, regions, months): data, like the phrases
PSEUDO_PARTS: tuple[tuple[str, ...], ...] = tuple(tuple(part) for part in _NAMES["pseudo_parts"])
REGIONS: tuple[str, ...] = tuple(_NAMES["regions"])
MONTHS: tuple[str, ...] = tuple(_NAMES["months"])
