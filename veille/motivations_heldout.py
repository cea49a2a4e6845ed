"""Share motivations on real texts kept out of every choice (`veille eval motivations-reel`).

The development set chose the motivation model's thresholds, so its motivation figures are optimistic. These
texts (press items, DEFT tweets and Trustpilot reviews of ../shared that are not in the development set) were
labelled later by two annotators working alone with docs/motivations.md, and nothing is chosen on them. The
project keeps only the labels (`evaluation/motivations_heldout.jsonl`: key, text fingerprint, both annotations); the texts stay in
../shared. A motivation is scored on the texts where the two annotators agree about it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from storage.labels import MOTIVATIONS
from veille.devset import ROOT, RealItem, Score, macro, prf

HELDOUT = ROOT / "evaluation" / "motivations_heldout.jsonl"


class HeldoutError(Exception):
    """The labels do not match ../shared any more (a text is missing or changed), or name an unknown motivation."""


@dataclass(frozen=True)
class HeldoutLabel:
    """One text's two annotations: `key` (file#item in ../shared), `digest` (its fingerprint when labelled)."""

    key: str
    digest: str
    a: frozenset[str]
    b: frozenset[str]


def read_heldout(path: Path = HELDOUT) -> list[HeldoutLabel]:
    """The labels, refusing a motivation name that is not one of the six (a typo would silently count as absent)."""
    labels = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            label = HeldoutLabel(row["key"], row["digest"], frozenset(row["annotator_a"]), frozenset(row["annotator_b"]))
            unknown = (label.a | label.b) - set(MOTIVATIONS)
            if unknown:
                raise HeldoutError(f"{path.name}, ligne {n} : motivation inconnue {sorted(unknown)[0]!r} "
                                   f"(attendu : {', '.join(MOTIVATIONS)})")
            labels.append(label)
    return labels


def texts(labels: list[HeldoutLabel], items: dict[str, RealItem]) -> list[RealItem]:
    """The labelled texts, checked against the fingerprints recorded when they were labelled."""
    bad = [lab.key for lab in labels if lab.key not in items or items[lab.key].digest != lab.digest]
    if bad:
        raise HeldoutError(f"{len(bad)} texte(s) annoté(s) introuvable(s) ou modifié(s) dans ../shared (par exemple "
                           f"{bad[0]}) : les corpus ont changé depuis l'annotation")
    return [items[lab.key] for lab in labels]


def agreement(labels: list[HeldoutLabel]) -> str:
    """κ per motivation, on one line."""
    return ", ".join(f"{m} {k:.3f}" for m, k in kappas(labels).items())


def kappas(labels: list[HeldoutLabel]) -> dict[str, float]:
    """Cohen's κ between the two annotators, per motivation."""
    from sklearn.metrics import cohen_kappa_score

    out = {}
    for m in MOTIVATIONS:
        x, y = [m in lab.a for lab in labels], [m in lab.b for lab in labels]
        out[m] = float(cohen_kappa_score(x, y)) if len(set(x) | set(y)) > 1 else 1.0
    return out


def score(labels: list[HeldoutLabel], predicted: list[frozenset[str]]) -> list[Score]:
    """Per motivation, on the texts where both annotators agree about it; then the macro over those present."""
    rows = []
    for m in MOTIVATIONS:
        agreed = [(m in lab.a, m in p) for lab, p in zip(labels, predicted, strict=True) if (m in lab.a) == (m in lab.b)]
        rows.append(prf(f"motivation {m}", [g for g, _ in agreed], [p for _, p in agreed]))
    return [*rows, macro("motivation (macro)", rows)]


PRESS, TWEETS, REVIEWS = "fixtures/french-news-rss/", "data/sentiment/deft2017", "data/sentiment/trustpilot"
# Each kind of text alone, then tweets and reviews together: the yardstick issue 11 set (≥ 45).
GROUPS = (("presse", (PRESS,)), ("tweets", (TWEETS,)), ("avis", (REVIEWS,)), ("tweets et avis", (TWEETS, REVIEWS)))


def groups(labels: list[HeldoutLabel]) -> list[tuple[str, list[int]]]:
    """(kind of text, positions of its labels) for each kind present: a mean over all kinds can hide one."""
    out = [(name, [i for i, lab in enumerate(labels) if lab.key.startswith(prefixes)]) for name, prefixes in GROUPS]
    return [(name, at) for name, at in out if at]


def by_source(labels: list[HeldoutLabel], predicted: list[frozenset[str]]) -> list[Score]:
    """The macro F1 per kind of text."""
    return [replace(score([labels[i] for i in at], [predicted[i] for i in at])[-1],
                    tag=f"motivation (macro) {name}, {len(at)} textes") for name, at in groups(labels)]


def predict(items: list[RealItem], tagger) -> list[frozenset[str]]:
    """The motivations Veille gives each text, read as `veille analyze` reads a mention."""
    from analysis.tagger import Item, mention_text

    batch = [Item(it.key, mention_text(it.title, it.text)) for it in items]
    return [frozenset(t.motivations) for chunk in tagger.tag_batches([batch[i:i + 64] for i in range(0, len(batch), 64)])
            for t in chunk]
