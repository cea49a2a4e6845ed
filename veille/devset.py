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

from storage.labels import CATEGORIES, EMOTIONS, MOTIVATIONS
from storage.records import ENTITY_KINDS

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
        """A short fingerprint of the words of the text (not its spacing, which an HTML-to-text fix may change),
        stored with the labels to notice a changed corpus."""
        words = " ".join(f"{self.title or ''} {self.text}".split())
        return hashlib.sha1(words.encode()).hexdigest()[:12]


def news_items(shared: Path) -> Iterator[RealItem]:
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


def changed_texts(items: dict[str, RealItem], pairs_file: Path | None = None) -> list[str]:
    """Keys whose text no longer has the fingerprint recorded when the pairs were chosen."""
    pairs_file = pairs_file or DEV_DIR / "pairs.jsonl"
    out = []
    for line in pairs_file.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        item = items.get(pair["key"])
        if item is None or item.digest != pair["digest"]:
            out.append(pair["key"])
    return sorted(set(out))


def real_items(shared: Path = SHARED) -> dict[str, RealItem]:
    """Every candidate text of the corpora, by key."""
    if not shared.is_dir():
        raise FileNotFoundError(f"{shared} absent : le jeu de développement réel lit ses textes dans ../shared")
    items = list(news_items(shared))
    for rel in JSONL_CORPORA:
        items += list(_jsonl_items(shared, rel))
    return {it.key: it for it in items}


@dataclass(frozen=True)
class PairLabel:
    """What an annotator says of one (mention, brand) pair."""

    key: str
    brand: str
    valid: bool
    sentiment: str | None
    mixed: bool
    categories: frozenset[str]


@dataclass(frozen=True)
class ItemLabel:
    """What an annotator says of one mention: why it was shared, emotions, entities, and its brands."""

    key: str
    motivations: frozenset[str]
    emotions: frozenset[str]
    entities: frozenset[tuple[str, str]]
    pairs: tuple[PairLabel, ...]


def read_labels(path: Path) -> dict[str, ItemLabel]:
    """An annotation file (`evaluation/real_dev/*.jsonl`): one line per mention, keyed by `key`."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        pairs = tuple(
            PairLabel(row["key"], b["brand"], bool(b["valid"]), b.get("sentiment") if b["valid"] else None,
                      bool(b.get("mixed")) if b["valid"] else False, frozenset(b.get("categories") or ()))
            for b in row["brands"])
        out[row["key"]] = ItemLabel(row["key"], frozenset(row["motivations"]), frozenset(row["emotions"]),
                                    frozenset((e["kind"], e["text"]) for e in row["entities"]), pairs)
    return out


def agreement(a: dict[str, ItemLabel], b: dict[str, ItemLabel]) -> list[tuple[str, int, float]]:
    """(tag, decisions compared, Cohen's κ) per tag between two annotators; entities as an F1 (no κ for spans)."""
    from sklearn.metrics import cohen_kappa_score

    def kappa(x: list, y: list) -> float:
        return float(cohen_kappa_score(x, y)) if len(set(x) | set(y)) > 1 else 1.0

    keys = sorted(set(a) & set(b))
    pairs = [(pa, pb) for k in keys for pa, pb in zip(a[k].pairs, b[k].pairs, strict=True)]
    both = [(pa, pb) for pa, pb in pairs if pa.valid and pb.valid]
    rows = [("marque valide", len(pairs), kappa([p.valid for p, _ in pairs], [q.valid for _, q in pairs])),
            ("sentiment envers la marque", len(both),
             kappa([p.sentiment for p, _ in both], [q.sentiment for _, q in both])),
            ("mitigé", len(both), kappa([p.mixed for p, _ in both], [q.mixed for _, q in both]))]
    for label in CATEGORIES:
        rows.append((f"catégorie {label}", len(both),
                     kappa([label in p.categories for p, _ in both], [label in q.categories for _, q in both])))
    for field, labels in (("motivations", MOTIVATIONS), ("emotions", EMOTIONS)):
        for label in labels:
            x = [label in getattr(a[k], field) for k in keys]
            y = [label in getattr(b[k], field) for k in keys]
            rows.append((f"{field[:-1]} {label}", len(keys), kappa(x, y)))
    common = sum(len(a[k].entities & b[k].entities) for k in keys)
    total = sum(len(a[k].entities) + len(b[k].entities) for k in keys)
    rows.append(("entités (F1 entre annotateurs)", len(keys), 2 * common / total if total else 1.0))
    return rows


GOLD = DEV_DIR / "gold.jsonl"
ENTITY_WINDOW = 600  # characters of the text after the title where entities were annotated


@dataclass
class Predicted:
    """What Veille says of one dev-set mention (from the same `Tags` that `veille analyze` stores)."""

    brand_sentiment: dict[str, str]
    mixed: dict[str, bool]
    categories: frozenset[str]
    emotions: frozenset[str]
    motivations: frozenset[str]
    entities: frozenset[tuple[str, str]]


def corpus_of(key: str) -> str:
    """Which kind of text a key points to: presse, tweets, avis, films."""
    if "french-news-rss" in key:
        return "presse"
    return {"deft": "tweets", "trustpilot": "avis", "allocine": "films"}[next(
        n for n in ("deft", "trustpilot", "allocine") if n in key)]


def predict(gold: dict[str, ItemLabel], items: dict[str, RealItem], tagger) -> dict[str, Predicted]:
    """Tag every gold mention twice: whole text with its valid brands (what `analyze` stores), and the
    entity window alone (entities were annotated on the title + the first ENTITY_WINDOW characters), both read as
    `analyze` reads a mention (`mention_text`: without a feed's "read more" link)."""
    from analysis.tagger import Item, mention_text

    keys = sorted(gold)
    whole, window = [], []
    for k in keys:
        it = items[k]
        brands = tuple(p.brand for p in gold[k].pairs if p.valid)
        whole.append(Item(k, mention_text(it.title, it.text), brands))
        window.append(Item(k, mention_text(it.title, it.text[:ENTITY_WINDOW]), brands))  # as `analyze` reads it
    out = {}
    tags_whole = [t for batch in tagger.tag_batches(_chunks(whole)) for t in batch]
    tags_window = [t for batch in tagger.tag_batches(_chunks(window)) for t in batch]
    for k, t, w in zip(keys, tags_whole, tags_window, strict=True):
        out[k] = Predicted(
            {b: s.label for b, s in t.brand_sentiments.items()},
            {b: s.mixed for b, s in t.brand_sentiments.items()},
            frozenset(v for kind, v, _ in t.topics if kind == "category"),
            frozenset(t.emotions), frozenset(t.motivations),
            frozenset((kind, v) for kind, v, _ in w.topics if kind in ENTITY_KINDS),
        )
    return out


def _chunks(items: list, size: int = 64) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


@dataclass
class Score:
    """One line of the dev-set report: a tag (and label), its support, precision, recall, F1."""

    tag: str
    support: int
    precision: float | None
    recall: float | None
    f1: float


def prf(tag: str, gold: list[bool], pred: list[bool]) -> Score:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    npred, ngold = sum(pred), sum(gold)
    precision = tp / npred if npred else None
    recall = tp / ngold if ngold else None
    f1 = 2 * tp / (npred + ngold) if npred + ngold else 1.0
    return Score(tag, ngold, precision, recall, f1)


def _multilabel(section: str, labels: tuple[str, ...], gold: list[frozenset[str]],
                pred: list[frozenset[str]]) -> list[Score]:
    rows = [prf(f"{section} {label}", [label in g for g in gold], [label in p for p in pred]) for label in labels]
    return [*rows, macro(f"{section} (macro)", rows)]


def macro(tag: str, rows: list[Score]) -> Score:
    """The mean over the labels the gold has (a label absent from the gold has no recall to average)."""
    present = [r for r in rows if r.support]
    return Score(tag, sum(r.support for r in rows), _mean([r.precision for r in present]),
                 _mean([r.recall for r in present]), _mean([r.f1 for r in present]) or 0.0)


def _mean(values: list[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def score(gold: dict[str, ItemLabel], predicted: dict[str, Predicted]) -> list[Score]:
    """Every tag of the dev set against the adjudicated labels (see docs/nlp.md for what each line means)."""
    keys = sorted(set(gold) & set(predicted))
    pairs = [(p, predicted[k]) for k in keys for p in gold[k].pairs if p.valid]
    rows: list[Score] = []
    for scope in ("toutes", "presse", "tweets", "avis", "films"):
        chosen = [(p, q) for p, q in pairs if scope == "toutes" or corpus_of(p.key) == scope]
        if not chosen:
            continue
        per_class = [prf(f"sentiment marque [{scope}] {label}", [p.sentiment == label for p, _ in chosen],
                          [q.brand_sentiment.get(p.brand, "neutral") == label for p, q in chosen])
                     for label in ("negative", "neutral", "positive")]
        present = [r for r in per_class if r.support]
        rows += per_class
        rows.append(Score(f"sentiment marque [{scope}] (F1 macro)", len(chosen), None, None,
                          sum(r.f1 for r in present) / len(present)))
    rows.append(prf("mitigé", [p.mixed for p, _ in pairs], [q.mixed.get(p.brand, False) for p, q in pairs]))
    cat_gold = [frozenset().union(*(p.categories for p in gold[k].pairs if p.valid)) for k in keys]
    rows += _multilabel("catégorie", CATEGORIES, cat_gold, [predicted[k].categories for k in keys])
    rows += _multilabel("émotion", EMOTIONS, [gold[k].emotions for k in keys], [predicted[k].emotions for k in keys])
    calm = [k for k in keys if corpus_of(k) == "presse" and not gold[k].emotions
            and all(p.sentiment == "neutral" for p in gold[k].pairs if p.valid)]
    rows.append(Score("émotion sur un article neutre (part, plus bas = mieux)", len(calm), None, None,
                      sum(bool(predicted[k].emotions) for k in calm) / len(calm) if calm else 0.0))
    rows += _multilabel("motivation", MOTIVATIONS, [gold[k].motivations for k in keys],
                        [predicted[k].motivations for k in keys])
    social = [k for k in keys if corpus_of(k) in ("tweets", "avis")]
    rows += _multilabel("motivation [tweets+avis]", MOTIVATIONS, [gold[k].motivations for k in social],
                        [predicted[k].motivations for k in social])[-1:]
    ent_gold = [gold[k].entities for k in keys]
    ent_pred = [predicted[k].entities for k in keys]
    for name, view in (("entités (type et texte)", lambda s: s), ("entités (texte seul)", lambda s: {t for _, t in s})):
        tp = sum(len(view(g) & view(p)) for g, p in zip(ent_gold, ent_pred, strict=True))
        ng, np_ = sum(len(view(g)) for g in ent_gold), sum(len(view(p)) for p in ent_pred)
        rows.append(Score(name, ng, tp / np_ if np_ else None, tp / ng if ng else None,
                          2 * tp / (ng + np_) if ng + np_ else 1.0))
    return rows


def report_table(rows: list[Score]) -> str:
    """Plain-text table (French headers) for the terminal and docs."""
    def pct(v: float | None) -> str:
        return "—" if v is None else f"{100 * v:.1f}"

    head = f"{'étiquette':<58} {'n':>5} {'précision':>9} {'rappel':>7} {'F1':>6}"
    lines = [head, "-" * len(head)]
    lines += [f"{r.tag:<58} {r.support:>5} {pct(r.precision):>9} {pct(r.recall):>7} {pct(r.f1):>6}" for r in rows]
    return "\n".join(lines)
