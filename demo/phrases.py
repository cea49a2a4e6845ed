"""French (and a little English) sentence templates for the demo content, all fictional, read from data/phrases.json.

Templates use `str.format` slots filled per item by `content.Writer`: {B}/{deB} the brand
("Orbelle" / "d'Orbelle": French elision), {B2}/{deB2} a second brand, {box}, {plan}, {app},
{ceo}, {city}/{de_city}, {region}, {price}, {n}, {pct}, {debit}, {days}, {wait}, {years}, {month}/{de_month},
{agent}, {year}. Keys: topic (the e-reputation taxonomy, docs/nlp.md) then polarity
(`pos`, `neu`, `neg`). The writing lives in a data file so it can grow without touching logic;
each upper-case name of the file is an attribute of this module (`phrases.PRESS_TITLES`).
"""

from __future__ import annotations

from typing import Any

from demo.datafiles import read_json

_PHRASES: dict[str, Any] = read_json("phrases.json")
TOPICS: tuple[str, ...] = tuple(_PHRASES.pop("TOPICS"))
INCIDENT_TAG: str = _PHRASES.pop("INCIDENT_TAG")
INCIDENT_TERMS: tuple[str, ...] = tuple(_PHRASES.pop("INCIDENT_TERMS"))


def __getattr__(name: str) -> Any:
    """The other templates by name, as lists and dicts of lists (JSON has no tuples; `rng.choice` needs none)."""
    try:
        return _PHRASES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
