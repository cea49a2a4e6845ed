"""The real-text development set: (mention, brand) pairs from third-party French text in ../shared.

The project keeps only the labels (`evaluation/real_dev/*.jsonl`), keyed by the corpus file
(relative to ../shared) and the item's id in it; the texts are read from ../shared each time,
so nothing third-party is copied into the project. Feed items are read with the RSS
collector's own parser, so the text is exactly what `veille collect` would store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_DIR = ROOT / "evaluation" / "real_dev"
SHARED = ROOT.parent / "shared"
NEWS_GLOB = "fixtures/french-news-rss/*/*.xml"
JSONL_CORPORA = (
    "data/sentiment/deft2017_train_val.jsonl",
    "data/sentiment/trustpilot_fr_dev.jsonl",
    "data/sentiment/allocine.jsonl",
)


@dataclass(frozen=True)
class RealItem:
    """One real text: `key` = '<file relative to ../shared>#<id in that file>'."""

    key: str
    title: str | None
    text: str
    meta: dict

    @property
    def digest(self) -> str:
        """A short fingerprint of the text, stored with the labels to notice a changed corpus."""
        return hashlib.sha1(f"{self.title or ''}\n{self.text}".encode()).hexdigest()[:12]


def _news_items(shared: Path) -> Iterator[RealItem]:
    from collectors.base import CollectorError
    from collectors.rss import parse_feed

    for path in sorted(shared.glob(NEWS_GLOB)):
        rel = path.relative_to(shared).as_posix()
        try:
            mentions, _ = parse_feed(path.read_bytes(), {}, "dev", str(path))
        except CollectorError:
            continue  # an HTML page saved as a feed: nothing to label
        for m in mentions:
            yield RealItem(f"{rel}#{m.id}", m.title, m.text if m.text != m.title else "",
                           {"feed": (m.raw or {}).get("feed_title")})


def _jsonl_items(shared: Path, rel: str) -> Iterator[RealItem]:
    path = shared / rel
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            meta = {k: row[k] for k in ("label", "split", "stars", "company") if k in row}
            yield RealItem(f"{rel}#L{n}", None, row["text"], meta)


def real_items(shared: Path = SHARED) -> dict[str, RealItem]:
    """Every candidate text of the corpora, by key."""
    if not shared.is_dir():
        raise FileNotFoundError(f"{shared} absent : le jeu de développement réel lit ses textes dans ../shared")
    items = list(_news_items(shared))
    for rel in JSONL_CORPORA:
        items += list(_jsonl_items(shared, rel))
    return {it.key: it for it in items}
