"""Fitting and calibrating sentiment models: the shipped one (`build_data`) and user ones (`train-sentiment`).

The neutral rule (P(neutral) threshold, minimum confidence of a polar label) is chosen by
5-fold cross-validation on the project's own written texts (and the user's examples),
never on an evaluation corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from spacy.language import Language

from analysis.sentiment_features import Features, doc_toks, extract
from analysis.sentiment_model import LABELS, SentimentModel, fit

WRITTEN = Path(__file__).resolve().parent / "data" / "sentiment_written.jsonl"
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
CONFIDENCES = (0.4, 0.45, 0.5, 0.55)  # issue 4: a polar label of low confidence is reported as neutral


@dataclass
class Example:
    text: str
    label: str
    weight: float = 1.0


def read_labelled(path: Path, weight: float = 1.0, split: str | None = None) -> list[Example]:
    """JSONL with `text` and `label` (positive|neutral|negative); other lines are reported as errors."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n} : JSON invalide ({exc.msg})") from exc
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or row.get("label") not in LABELS:
            raise ValueError(f"{path}:{n} : il faut un objet avec `text` (texte) et `label` "
                             f"({' | '.join(LABELS)})")
        if split is None or row.get("split") == split:
            out.append(Example(row["text"], row["label"], weight))
    return out


def written_examples(weight: float = 1.0) -> list[Example]:
    """The project's own labelled texts (short social posts and headlines, three classes)."""
    return read_labelled(WRITTEN, weight)


def featurize(nlp: Language, texts: Iterable[str], batch_size: int = 64) -> list[Features]:
    """Sentiment features with the same tokens, lemmas and POS as at tagging time."""
    ours = [name for name in nlp.pipe_names if name.startswith("veille_")]
    with nlp.select_pipes(disable=ours + [n for n in ("ner",) if n in nlp.pipe_names]):
        return [extract(doc_toks(doc)) for doc in nlp.pipe(texts, batch_size=batch_size)]


def calibrate(model: SentimentModel, probabilities: np.ndarray, labels: Sequence[str]) -> float:
    """Pick the neutral rule that maximises macro-F1 on held-out predictions; return that F1."""
    best = (-1.0, model.neutral_threshold, model.min_confidence)
    for t in THRESHOLDS:
        for c in CONFIDENCES:
            model.neutral_threshold, model.min_confidence = t, c
            predicted = [model.decide(p)[0] for p in probabilities]
            score = f1_score(labels, predicted, labels=list(LABELS), average="macro", zero_division=0)
            if score > best[0] + 1e-9:
                best = (score, t, c)
    _, model.neutral_threshold, model.min_confidence = best
    return best[0]


def train(train_set: Sequence[tuple[Features, Example]], calibration: Sequence[tuple[Features, Example]],
          c: float = 8.0, base: SentimentModel | None = None) -> tuple[SentimentModel, float, list[str]]:
    """Fit on `train_set`, calibrate the neutral rule by 5-fold CV over `calibration` (a subset of it).

    Returns the model fitted on everything, the cross-validated macro-F1 of the calibration set
    and its held-out predicted labels (in `calibration` order).
    """
    cal_ids = {id(ex) for _, ex in calibration}
    rest = [(f, ex) for f, ex in train_set if id(ex) not in cal_ids]
    cal = list(calibration)
    y = [ex.label for _, ex in cal]
    held_out = np.zeros((len(cal), 3))
    folds = StratifiedKFold(n_splits=min(5, min(y.count(label) for label in LABELS)), shuffle=True, random_state=0)
    for fit_idx, test_idx in folds.split(np.zeros(len(y)), y):
        part = rest + [cal[i] for i in fit_idx]
        model = fit([f for f, _ in part], [ex.label for _, ex in part], [ex.weight for _, ex in part], c, base)
        held_out[test_idx] = model.probabilities([cal[i][0] for i in test_idx])
    everything = rest + cal
    model = fit([f for f, _ in everything], [ex.label for _, ex in everything],
                [ex.weight for _, ex in everything], c, base)
    score = calibrate(model, held_out, y)
    return model, score, [model.decide(p)[0] for p in held_out]
