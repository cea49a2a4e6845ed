"""Real news headlines that name an organisation: the sentiment toward it, as its communication officer would read
it in the morning press review. The closest real yardstick we hold for headline sentiment (issue 11).

The titles are those of `../shared/fixtures/french-news-rss` (read in place, never copied) that name a company,
an institution, a party or a club. Two annotators labelled each (title, organisation) alone, without seeing each
other's labels or Veille's output; the 4 pairs where they differ were adjudicated. `evaluation/headlines.jsonl`
keeps the labels, keyed by item and organisation, with a fingerprint of the title but not the title itself.
`veille eval titres` tags each title alone with its organisation and compares.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from storage.labels import SENTIMENTS as SENTIMENT_LABELS
from veille.devset import ROOT, news_items

LABELS_FILE = ROOT / "evaluation" / "headlines.jsonl"
SENTIMENTS = tuple(sorted(SENTIMENT_LABELS))  # negative, neutral, positive: the order of the report


class HeadlinesError(Exception):
    """The labels do not match the titles of ../shared any more (absent or changed)."""


@dataclass(frozen=True)
class Headline:
    """One labelled pair: the item `key` in ../shared, the organisation, each annotator's label, the adjudicated one."""

    key: str
    brand: str
    digest: str
    sentiment_a: str
    sentiment_b: str
    sentiment: str
    clear: bool  # both annotators sure, and agreeing


def title_digest(title: str) -> str:
    """Fingerprint of a title's words, to notice a changed corpus."""
    return hashlib.sha1(" ".join(title.split()).encode()).hexdigest()[:12]


def read_headlines(path: Path = LABELS_FILE) -> list[Headline]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out.append(Headline(r["key"], r["brand"], r["digest"], r["sentiment_a"], r["sentiment_b"], r["sentiment"],
                                r["clear_a"] and r["clear_b"] and r["sentiment_a"] == r["sentiment_b"]))
    return out


def titles(shared: Path, labels: list[Headline]) -> dict[str, str]:
    """The labelled titles, read in ../shared; an error naming the first one absent or changed."""
    items = {it.key: it for it in news_items(shared)}
    found = {h.key: items[h.key].title for h in labels if h.key in items and items[h.key].title}
    bad = [h.key for h in labels if h.key not in found or title_digest(found[h.key]) != h.digest]
    if bad:
        raise HeadlinesError(f"{len(bad)} titre(s) annoté(s) introuvable(s) ou modifié(s) dans {shared} (par exemple "
                             f"{bad[0]}) : ce dossier n'est pas celui des corpus tiers (--shared), ou ils ont changé depuis l'annotation")
    return found


@dataclass(frozen=True)
class HeadlineScores:
    """Macro-F1 (3 classes) and accuracy on every pair and on the clear ones, and the annotators' agreement."""

    pairs: int
    clear: int
    f1: float
    accuracy: float
    f1_clear: float
    accuracy_clear: float
    f1_always_neutral: float
    kappa: float
    agreed: int
    confusion: dict[tuple[str, str], int]  # (gold, predicted) → count
    neutral_titles: int  # titles labelled neutral toward every organisation they name
    neutral_with_emotion: int  # …of which Veille gave at least one emotion (issue 11: at most 10 %)


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, predicted, labels=list(SENTIMENTS), average="macro", zero_division=0))


def score(labels: list[Headline], predicted: list[str], emotional: list[bool]) -> HeadlineScores:
    """`predicted`: the sentiment toward each pair's organisation; `emotional`: whether its title got an emotion."""
    from sklearn.metrics import cohen_kappa_score

    gold = [h.sentiment for h in labels]
    clear = [(h.sentiment, p) for h, p in zip(labels, predicted, strict=True) if h.clear]
    confusion: dict[tuple[str, str], int] = {}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g, p] = confusion.get((g, p), 0) + 1
    return HeadlineScores(
        len(gold), len(clear), macro_f1(gold, predicted), _accuracy(gold, predicted),
        macro_f1([g for g, _ in clear], [p for _, p in clear]), _accuracy([g for g, _ in clear], [p for _, p in clear]),
        macro_f1(gold, ["neutral"] * len(gold)),
        float(cohen_kappa_score([h.sentiment_a for h in labels], [h.sentiment_b for h in labels])),
        sum(h.sentiment_a == h.sentiment_b for h in labels), confusion, *_neutral_with_emotion(labels, emotional))


def _neutral_with_emotion(labels: list[Headline], emotional: list[bool]) -> tuple[int, int]:
    """(titles neutral toward all their organisations, how many of them got an emotion): a title counts once."""
    neutral: dict[str, bool] = {}
    polar = set()
    for h, e in zip(labels, emotional, strict=True):
        if h.sentiment != "neutral":
            polar.add(h.key)
        neutral[h.key] = neutral.get(h.key, False) or e
    kept = [e for key, e in neutral.items() if key not in polar]
    return len(kept), sum(kept)


def _accuracy(gold: list[str], predicted: list[str]) -> float:
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0


def predict(labels: list[Headline], found: dict[str, str], tagger) -> tuple[list[str], list[bool]]:
    """Each title tagged alone with its organisation as the brand: the brand sentiment Veille would store, and
    whether the title got an emotion."""
    from analysis.tagger import Item

    items = [Item(f"{n}", found[h.key], (h.brand,)) for n, h in enumerate(labels)]
    tags = [t for batch in tagger.tag_batches([items]) for t in batch]
    return ([(t.brand_sentiments[h.brand].label if h.brand in t.brand_sentiments else "neutral")
             for h, t in zip(labels, tags, strict=True)], [bool(t.emotions) for t in tags])


def report(s: HeadlineScores) -> list[str]:
    """The figures, in French, one line each (`veille eval titres`)."""
    matrix = ["sentiment annoté → dit par Veille : " + ", ".join(
        f"{g[:3]}→{p[:3]} {s.confusion.get((g, p), 0)}" for g in SENTIMENTS for p in SENTIMENTS)]
    return [
        f"{s.pairs} couples (titre, organisation), dont {s.clear} sûrs pour les deux annotateurs",
        f"annotateurs d'accord : {s.agreed}/{s.pairs} (κ {s.kappa:.3f})",
        f"sentiment envers l'organisation : F1 macro {100 * s.f1:.1f}, exactitude {100 * s.accuracy:.1f} "
        f"(référence « toujours neutre » : F1 {100 * s.f1_always_neutral:.1f})",
        f"sur les couples sûrs : F1 macro {100 * s.f1_clear:.1f}, exactitude {100 * s.accuracy_clear:.1f}",
        *matrix,
        f"titres neutres envers toutes leurs organisations qui reçoivent une émotion : {s.neutral_with_emotion}"
        f"/{s.neutral_titles} ({100 * s.neutral_with_emotion / max(1, s.neutral_titles):.1f} %)",
    ]


def evaluate(shared: Path, tagger) -> HeadlineScores:
    labels = read_headlines()
    return score(labels, *predict(labels, titles(shared, labels), tagger))
