"""Fitting motivation models on the project's written texts (and a user's examples, `veille train-motivations`).

Only texts written for the project are learned: short social posts (balanced over the six motivations),
customer reviews and press items. The shipped model's thresholds were chosen on the real development set
(analysis/build_data.py); a user model's by 5-fold cross-validation on what it learned (precision first: F0.5).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import KFold
from spacy.language import Language

from analysis.motivation_model import MotivationInputs, MotivationModel, fit, motivation_inputs
from analysis.sentiment_training import WRITTEN_NEWS, WRITTEN_REVIEWS, tokenize, tokenize_cached
from storage.labels import MOTIVATIONS

WRITTEN_SOCIAL = WRITTEN_NEWS.parent / "social.jsonl"
SHIPPED_C = 0.3  # inverse regularisation, chosen on the real development set (docs/nlp.md)
THRESHOLDS = np.round(np.arange(0.3, 0.91, 0.05), 2)
BETA = 0.5  # F-beta of the threshold choice: precision counts twice as much as recall


@dataclass
class MotivationExample:
    text: str
    motivations: frozenset[str]
    weight: float = 1.0


def read_motivation_examples(path: Path, weight: float = 1.0) -> list[MotivationExample]:
    """JSONL with `motivations` and `text` (press items: `title` and `text`, analysed as the tagger does)."""
    from analysis.tagger import mention_text

    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        labels = row.get("motivations")
        if not isinstance(labels, list) or not set(labels) <= set(MOTIVATIONS) or not isinstance(row.get("text"), str):
            raise ValueError(f"{path}:{n} : il faut `text` et `motivations` (liste parmi {', '.join(MOTIVATIONS)})")
        text = mention_text(row["title"], row["text"]) if "title" in row else row["text"]
        out.append(MotivationExample(text, frozenset(labels), weight))
    return out


def written_motivation_examples() -> list[MotivationExample]:
    """The project's written social posts, reviews and press items with their motivations."""
    return [ex for path in (WRITTEN_SOCIAL, WRITTEN_REVIEWS, WRITTEN_NEWS) for ex in read_motivation_examples(path)]


def macro_f1(gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]]) -> float:
    """Mean F1 over the motivations present in `gold` or `predicted`."""
    scores = []
    for label in MOTIVATIONS:
        g = np.array([label in x for x in gold], dtype=bool)
        p = np.array([label in x for x in predicted], dtype=bool)
        if g.any() or p.any():
            scores.append(2 * (g & p).sum() / (g.sum() + p.sum()))
    return round(float(np.mean(scores)), 4) if scores else 1.0


def featurize_motivations(nlp: Language, texts: Iterable[str], batch_size: int = 64,
                          cache: Path | None = None) -> list[MotivationInputs]:
    """The model's inputs with the same tokens, lemmas and POS as at tagging time (remembered by text hash in
    `cache` when given: `sentiment_training.tokenize_cached`)."""
    texts = list(texts)
    toks = tokenize_cached(nlp, texts, cache) if cache is not None else tokenize(nlp, texts, batch_size)
    return [motivation_inputs(text, t) for text, t in zip(texts, toks, strict=True)]


def choose_thresholds(probabilities: np.ndarray, gold: Sequence[frozenset[str]], beta: float = BETA) -> np.ndarray:
    """Per motivation, the threshold of THRESHOLDS with the best F-beta on held-out probabilities."""
    out = []
    for j, label in enumerate(MOTIVATIONS):
        y = np.array([label in g for g in gold])
        best = (-1.0, 0.5)
        for t in THRESHOLDS:
            kept = probabilities[:, j] >= t
            tp = float((kept & y).sum())
            precision, recall = tp / max(kept.sum(), 1), tp / max(y.sum(), 1)
            score = (1 + beta**2) * precision * recall / (beta**2 * precision + recall) if tp else 0.0
            if score > best[0] + 1e-9:
                best = (score, float(t))
        out.append(best[1])
    return np.array(out)


def train(inputs: Sequence[MotivationInputs], examples: Sequence[MotivationExample], c: float,
          base: MotivationModel | None = None, folds: int = 5) -> tuple[MotivationModel, np.ndarray]:
    """Fit on everything; thresholds from `folds`-fold cross-validation. Returns the model and the held-out
    probabilities (in `examples` order: what the model says of texts it did not learn)."""
    gold = [ex.motivations for ex in examples]
    weights = [ex.weight for ex in examples]
    held_out = np.zeros((len(examples), len(MOTIVATIONS)))
    for fit_idx, test_idx in KFold(folds, shuffle=True, random_state=0).split(held_out):
        model = fit([inputs[i] for i in fit_idx], [gold[i] for i in fit_idx], [weights[i] for i in fit_idx], c, base)
        held_out[test_idx] = model.probabilities([inputs[i] for i in test_idx])
    model = fit(inputs, gold, weights, c, base)
    model.thresholds = choose_thresholds(held_out, gold)
    return model, held_out
