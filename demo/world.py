"""The fictional worlds of the three data generators, defined in one place (data/worlds.json).

The demo site (`demo.site`), the benchmark database (`bench.generate`) and the tests' sample
database (`tests.support.sample_db`) each write their own kind of data, but who the brands are
(name, query, own brand, share of the conversation, sentiment mix) and which people and places
their text names come from here: a generator takes a `World`, defaulting to its own. Each
generator keeps its own cast because tests, docs and recorded figures name those brands.
"""

from __future__ import annotations

from dataclasses import dataclass

from demo.datafiles import read_json
from storage.records import Brand


@dataclass(frozen=True)
class WorldBrand:
    """A brand as the generators see it: the tracked brand plus how much and how kindly people talk about it."""

    name: str
    query: str
    own: bool
    weight: float = 0.0  # share of the conversation (0 where a generator draws brands uniformly)
    sentiment: tuple[float, float, float] = (0.25, 0.55, 0.20)  # positive, neutral, negative

    @property
    def brand(self) -> Brand:
        return Brand(self.name, self.query, self.own)


@dataclass(frozen=True)
class World:
    """Brands, people and places of one fictional world."""

    name: str
    brands: tuple[WorldBrand, ...]
    first_names: tuple[str, ...] = ()
    last_names: tuple[str, ...] = ()
    people: tuple[str, ...] = ()  # full names quoted in the news (spokespeople, experts)
    places: tuple[str, ...] = ()

    @property
    def own(self) -> WorldBrand:
        return next(b for b in self.brands if b.own)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.brands)

    @property
    def shares(self) -> tuple[float, ...]:
        """Brand weights summing to 1 (equal shares when the world gives none), for weighted draws."""
        total = sum(b.weight for b in self.brands)
        return tuple(b.weight / total if total else 1 / len(self.brands) for b in self.brands)


def _world(name: str, data: dict) -> World:
    brands = tuple(WorldBrand(**{**b, "sentiment": tuple(b.get("sentiment", WorldBrand.sentiment))})
                   for b in data["brands"])
    lists = {key: tuple(data.get(key, ())) for key in ("first_names", "last_names", "people", "places")}
    return World(name, brands, **lists)


WORLDS: dict[str, World] = {name: _world(name, data) for name, data in read_json("worlds.json").items()}
DEMO, BENCH, SAMPLE = WORLDS["demo"], WORLDS["bench"], WORLDS["sample"]
