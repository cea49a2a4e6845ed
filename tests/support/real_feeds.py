"""A database built from the real French news feeds in ../shared (read in place, never copied) by the real
path: a veille.toml, then collect → analyse → alerts, as `veille run` does.

The feeds are sparse and dated over five years (2019–2023), with malformed and empty ones among them: what
the demo hides (gaps, missing values, unsigned articles) shows on every page.
"""

from __future__ import annotations

from pathlib import Path

from veille.press_scenario import build_real_feeds_db

BRANDS = (
    ("Renault", "Renault", True),
    ("SNCF", "SNCF", False),
    ("Macron", "Macron", False),
    ("Free", '"Free Mobile" OR Freebox OR (Free NEAR/3 (box OR forfait OR opérateur OR réseau OR abonnés))', False),
)


def build(shared: Path, db: Path, workdir: Path) -> Path:
    """The real-feeds database, by the same builder as `veille eval presse`, with these four brands."""
    return build_real_feeds_db(shared, db, workdir, BRANDS)
