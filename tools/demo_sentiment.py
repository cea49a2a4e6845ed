"""The demo's own texts as a regression check of the brand's sentiment.

    .venv/bin/python -m tools.demo_sentiment

The demo generator writes each feed entry with a polarity (praise, neutral, blame, irony) toward the one brand it
names. Those texts are ours, written for the demo: they decide nothing (the real development set does), but a
change that makes the demo's dashboard contradict its own texts is seen here before a user sees it.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from analysis.tagger import mention_text
from demo.catalog import FEEDS
from demo.catalog import cast as cast_of
from demo.content import feed_items, incident_window
from demo.world import DEMO
from veille.headlines import macro_f1

SEED = 7  # the demo's own seed (`demo.site.build_demo_site`)
END = datetime(2026, 12, 1, tzinfo=UTC)  # any fixed date: the texts do not depend on it, the draw does
INTENDED = {"pos": "positive", "neu": "neutral", "neg": "negative", "irony": "negative"}
KINDS = {"forum": "forum", "press": "presse", "regional": "presse régionale", "tech": "blog technique",
         "release": "communiqués"}


def demo_pairs(days: int = 90) -> list[tuple[str, str, str, str]]:
    """(kind, text, brand, intended sentiment) of the French feed entries that name one brand."""
    kinds = {f.key: f.kind for f in FEEDS}
    rng = random.Random(SEED)
    window = incident_window(END, rng)
    items = feed_items(rng, cast_of(DEMO), END - timedelta(days=days), END, window)
    return [(KINDS.get(kinds.get(i.source, ""), i.source), mention_text(i.title, i.text), i.brands[0],
             INTENDED[i.polarity]) for i in items if len(i.brands) == 1 and i.lang == "fr"]


def report(pairs: list[tuple[str, str, str, str]], said: Iterable[str]) -> list[str]:
    """F1 macro and accuracy of the brand's sentiment against the intended one, overall and by kind of text."""
    said = list(said)
    groups: dict[str, list[tuple[str, str]]] = {"toutes": []}
    for (kind, _, _, intended), label in zip(pairs, said, strict=True):
        groups["toutes"].append((intended, label))
        groups.setdefault(kind, []).append((intended, label))
    lines = [f"{len(pairs)} entrées des flux du démo qui nomment une marque (textes écrits pour le projet : "
             "contrôle de régression, pas mesure)"]
    for name, rows in groups.items():
        gold, pred = [g for g, _ in rows], [p for _, p in rows]
        accuracy = sum(g == p for g, p in rows) / len(rows)
        lines.append(f"  {name:18} {len(rows):5} couples  F1 macro {100 * macro_f1(gold, pred):5.1f}  "
                     f"exactitude {100 * accuracy:5.1f}")
    return lines


def main() -> int:
    from analysis.model_store import load_tagger
    from analysis.tagger import Item

    pairs = demo_pairs()
    items = [Item(str(n), text, (brand,)) for n, (_, text, brand, _) in enumerate(pairs)]
    with load_tagger(None) as tagger:
        tags = [t for batch in tagger.tag_batches(items[i:i + 64] for i in range(0, len(items), 64)) for t in batch]
    said = [t.brand_sentiments[brand].label for t, (_, _, brand, _) in zip(tags, pairs, strict=True)]
    print("\n".join(report(pairs, said)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
