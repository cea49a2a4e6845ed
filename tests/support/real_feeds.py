"""A database built from the real French news feeds in ../shared (read in place, never copied) by the real
path: a veille.toml, then collect → analyse → alerts, as `veille run` does.

The feeds are sparse and dated over five years (2019–2023), with malformed and empty ones among them: what
the demo hides (gaps, missing values, unsigned articles) shows on every page.
"""

from __future__ import annotations

from pathlib import Path

BRANDS = (
    ("Renault", "Renault", True),
    ("SNCF", "SNCF", False),
    ("Macron", "Macron", False),
    ("Free", '"Free Mobile" OR Freebox OR (Free NEAR/3 (box OR forfait OR opérateur OR réseau OR abonnés))', False),
)


def feeds(shared: Path) -> list[Path]:
    return sorted((shared / "fixtures" / "french-news-rss").rglob("*.xml"))


def write_config(shared: Path, db: Path, path: Path) -> Path:
    """A veille.toml watching the four brands (Renault is ours) in every feed file of ../shared."""
    lines = ["[database]", f'path = "{db}"', ""]
    for name, query, own in BRANDS:
        lines += ["[[brands]]", f'name = "{name}"', f"query = '{query}'", *(["own = true"] if own else []), ""]
    urls = ", ".join(f'"{f}"' for f in feeds(shared))
    lines += ["[[sources]]", 'name = "presse"', 'type = "rss"', f"urls = [{urls}]", 'lang = "fr"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def build_real_feeds_db(shared: Path, db: Path, workdir: Path) -> Path:
    """Collect, analyse and look for alerts in the real feeds; returns the database (some feeds are broken on
    purpose: the run reports them and goes on)."""
    from veille.config import load_config
    from veille.pipeline import run_pipeline
    from veille.runs import writer_run

    config = load_config(write_config(shared, db, workdir / "veille.toml"))
    with writer_run(db, "run") as run:
        run_pipeline(run, config)
    return db
