"""The demo's cast as its text writer sees it: a world's brands (demo/world.py), the feeds that talk about them.

All names are invented. In the demo world, "Azur Mobile" is deliberately named after a common word
(the Côte d'Azur, a ciel d'azur) so its query needs `NOT`: the demo shows why the query language matters.
Queries also list the brands' social handles (@KelvoFR), which tokenize as one word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from demo import phrases as P
from demo.datafiles import read_json
from demo.world import World, WorldBrand
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


# What the text writer says about the brands it was written for, the demo world's (short name, variants, boxes,
# plans, app, CEO, X handle); another world's brands get the same kind of names made from theirs (`_made_up`).
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


@dataclass(frozen=True)
class Cast:
    """A world as the demo's text writer uses it: brand profiles, who writes, where, and the outage's hashtag."""

    world: str
    brands: tuple[BrandProfile, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    places: tuple[str, ...]

    @property
    def own(self) -> BrandProfile:
        return next(b for b in self.brands if b.own)

    @property
    def launch(self) -> BrandProfile:
        """The competitor whose launch the feeds cover: the second in the world's order (Kelvo in the demo's),
        a mid-sized one, so the bump stays smaller than the own brand's outage."""
        competitors = [b for b in self.brands if not b.own]
        return competitors[min(1, len(competitors) - 1)]

    @property
    def incident_tag(self) -> str:
        """The outage's hashtag (#PanneOrbelle): one word, so it is searchable and a query can name it."""
        return P.INCIDENT_TAG.format(short=self.own.short.replace(" ", ""))


def cast(world: World) -> Cast:
    """The demo's cast for a world; a world without people's names or places cannot fill the demo's texts."""
    missing = [key for key in ("first_names", "last_names", "places") if not getattr(world, key)]
    if missing or len(world.brands) < 2:
        raise ValueError(f"le monde « {world.name} » ne peut pas servir à la démo : il lui faut au moins deux "
                         f"marques, des prénoms, des noms et des lieux (manque : {', '.join(missing) or 'marques'})")
    weighed = any(b.weight for b in world.brands)
    brands = tuple(BrandProfile(b.name, b.query, b.own, *(_TEXT.get(b.name) or _made_up(b, world, n)),
                                b.weight if weighed else share)
                   for n, (b, share) in enumerate(zip(world.brands, world.shares, strict=True)))
    return Cast(world.name, brands, world.first_names, world.last_names, world.places)


def _made_up(brand: WorldBrand, world: World, n: int) -> tuple:
    """Text names for a brand the writer has no words for, made from its own name (and a world's person as CEO)."""
    short = brand.name.split()[0]
    ceo = world.people[n % len(world.people)] if world.people else \
        f"{world.first_names[n % len(world.first_names)]} {world.last_names[n % len(world.last_names)]}"
    handle = re.sub(r"[^A-Za-z0-9]", "", unicodedata.normalize("NFKD", brand.name).encode("ascii", "ignore").decode())
    variants = (brand.name, short) if short != brand.name else (brand.name,)
    return (short, variants, (f"{short} Fibre", f"{short} Box+"), (f"{short} 5G 100 Go", f"{short} Essentiel"),
            f"Mon {short}", ceo, handle or "Marque")


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

_NAMES = read_json("names.json")  # the writer's own words (nicknames, regions, months): data, like the phrases
PSEUDO_PARTS: tuple[tuple[str, ...], ...] = tuple(tuple(part) for part in _NAMES["pseudo_parts"])
REGIONS: tuple[str, ...] = tuple(_NAMES["regions"])
MONTHS: tuple[str, ...] = tuple(_NAMES["months"])
