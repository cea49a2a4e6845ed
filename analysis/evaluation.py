"""Measuring the tags against labelled files: sentiment (textblob-fr vs ours) and motivations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

from analysis.sentiment_model import LABELS


@dataclass
class SentimentScores:
    system: str
    n: int
    accuracy: float
    macro_f1: float  # over the classes present in the gold labels
    recall: dict[str, float | None]  # None when the class is absent from the gold labels


def sentiment_scores(system: str, gold: Sequence[str], predicted: Sequence[str]) -> SentimentScores:
    present = [label for label in LABELS if label in set(gold)]
    recalls = recall_score(gold, predicted, labels=list(LABELS), average=None, zero_division=0)
    return SentimentScores(
        system, len(gold), float(accuracy_score(gold, predicted)),
        float(f1_score(gold, predicted, labels=present, average="macro", zero_division=0)),
        {label: (float(r) if label in present else None) for label, r in zip(LABELS, recalls, strict=True)},
    )


def sentiment_table(rows: Sequence[SentimentScores]) -> str:
    """A plain-text table (French headers) for the terminal and docs."""
    head = f"{'système':<28} {'n':>6} {'exactitude':>10} {'F1 macro':>9} {'rappel nég':>10} {'rappel neu':>10} {'rappel pos':>10}"
    lines = [head, "-" * len(head)]
    for r in rows:
        rec = [("   —" if r.recall[k] is None else f"{100 * r.recall[k]:5.1f}") for k in LABELS]
        lines.append(f"{r.system:<28} {r.n:>6} {100 * r.accuracy:>10.1f} {100 * r.macro_f1:>9.1f} "
                     f"{rec[0]:>10} {rec[1]:>10} {rec[2]:>10}")
    return "\n".join(lines)


@dataclass
class LabelScores:
    label: str
    support: int
    predicted: int
    precision: float
    recall: float
    f1: float


def multilabel_scores(labels: Sequence[str], gold: Sequence[set[str]], predicted: Sequence[set[str]]) -> list[LabelScores]:
    """Per-label precision/recall of a multi-label tagger."""
    out = []
    for label in labels:
        g = [label in s for s in gold]
        p = [label in s for s in predicted]
        out.append(LabelScores(
            label, sum(g), sum(p), float(precision_score(g, p, zero_division=0)),
            float(recall_score(g, p, zero_division=0)), float(f1_score(g, p, zero_division=0)),
        ))
    return out


def multilabel_table(rows: Sequence[LabelScores], names: Callable[[str], str] = str) -> str:
    head = f"{'motivation':<26} {'exemples':>8} {'prédits':>8} {'précision':>9} {'rappel':>7} {'F1':>6}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{names(r.label):<26} {r.support:>8} {r.predicted:>8} {100 * r.precision:>9.1f} "
                     f"{100 * r.recall:>7.1f} {100 * r.f1:>6.1f}")
    macro = [sum(getattr(r, k) for r in rows) / max(1, len(rows)) for k in ("precision", "recall", "f1")]
    lines.append(f"{'moyenne (macro)':<26} {'':>8} {'':>8} {100 * macro[0]:>9.1f} {100 * macro[1]:>7.1f} {100 * macro[2]:>6.1f}")
    return "\n".join(lines)


def sentiment_report(path: Path, db_path: Path | None = None, split: str | None = None) -> str:
    """The comparison table for one labelled file: textblob-fr, the shipped model, the user's model if any."""
    from analysis.baseline import textblob_label
    from analysis.components import load_sentiment_model
    from analysis.mixed import verdicts
    from analysis.model_store import user_model_file
    from analysis.pipeline import build_pipeline
    from analysis.sentiment_training import read_labelled, tokenize

    examples = read_labelled(path, split=split)
    if not examples:
        raise ValueError(f"{path} : aucune ligne annotée" + (f" pour le split {split!r}" if split else ""))
    gold = [ex.label for ex in examples]
    rows = [sentiment_scores("textblob-fr (référence)", gold, [textblob_label(ex.text)[0] for ex in examples])]
    toks = tokenize(build_pipeline(), [ex.text for ex in examples])
    rows.append(sentiment_scores("veille (modèle livré)", gold, [v.label for v in verdicts(load_sentiment_model(""), toks)]))
    user_model = user_model_file(db_path)
    if user_model is not None:
        trained = verdicts(load_sentiment_model(str(user_model)), toks)
        rows.append(sentiment_scores("veille (modèle entraîné)", gold, [v.label for v in trained]))
    return sentiment_table(rows)
