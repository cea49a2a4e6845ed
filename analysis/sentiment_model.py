"""The linear sentiment model: hashed negation-marked n-grams + lexicon features + word vectors → 3 classes.

Weights are stored compactly (`.npz`: only the hashed columns seen in training, float16)
and applied with numpy, so tagging needs no scikit-learn object. scikit-learn's logistic
regression fits them (`fit`). A user model (`veille train-sentiment`) is the same model
with the shipped model's log-odds as two extra inputs (stacking), so it learns from few
corrections without forgetting what the shipped model knows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

from analysis.sentiment_features import N_HASHED, N_INPUTS, Features
from storage.labels import SENTIMENTS

LABELS = tuple(sorted(SENTIMENTS))  # the model's class order: negative, neutral, positive (the shipped weights')
SHIPPED_MODEL = Path(__file__).resolve().parent / "data" / "sentiment_model.npz"


def design_matrix(features: Sequence[Features], extra: np.ndarray | None = None) -> sparse.csr_matrix:
    """Training rows: L2-normalised term counts, then the dense lexicon features (then `extra` columns)."""
    rows, cols, vals = [], [], []
    for r, f in enumerate(features):
        idx, v = f.hashed
        rows.append(np.full(len(idx), r))
        cols.append(idx)
        vals.append(v)
    shape = (len(features), N_HASHED)
    terms = (sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=shape)
             if features else sparse.csr_matrix(shape, dtype=np.float32))
    dense = np.vstack([f.inputs() for f in features]) if features else np.zeros((0, N_INPUTS), np.float32)
    blocks = [terms, sparse.csr_matrix(dense)]
    if extra is not None:
        blocks.append(sparse.csr_matrix(extra.astype(np.float32)))
    return sparse.hstack(blocks, format="csr")


@dataclass
class SentimentModel:
    """Weights (`coef`: columns × 3 classes, in LABELS order) and the neutral rule."""

    coef: sparse.csr_matrix  # (N_HASHED + N_INPUTS [+ 2 stacked], 3)
    intercept: np.ndarray
    neutral_threshold: float  # P(neutral) above this → neutral
    min_confidence: float = 0.45  # positive label below this probability → neutral
    negative_confidence: float | None = None  # the same for the negative label (None: min_confidence)
    meta: dict = field(default_factory=dict)
    base: SentimentModel | None = None  # the shipped model, for a stacked user model

    def __post_init__(self) -> None:
        self._weights = np.asarray(sparse.csr_matrix(self.coef).toarray(), dtype=np.float32)

    def probabilities(self, features: Sequence[Features]) -> np.ndarray:
        """(n, 3) class probabilities in LABELS order (dense weight lookups: cheap for one short text)."""
        if not features:
            return np.zeros((0, 3))
        extra = stacked_inputs(self.base, features)
        w_terms, w_dense, w_extra = (self._weights[:N_HASHED], self._weights[N_HASHED:N_HASHED + N_INPUTS],
                                     self._weights[N_HASHED + N_INPUTS:])
        logits = np.empty((len(features), 3))
        for r, f in enumerate(features):
            idx, vals = f.hashed
            logits[r] = vals @ w_terms[idx] + f.inputs() @ w_dense
            if extra is not None:
                logits[r] += extra[r] @ w_extra
        logits += self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, features: Sequence[Features]) -> list[tuple[str, float]]:
        """(label, score in [-1, 1]) per text; low confidence is reported as neutral."""
        return [self.decide(p) for p in self.probabilities(features)]

    def decide(self, p: np.ndarray) -> tuple[str, float]:
        """The label rule on one row of probabilities; score = P(positive) − P(negative)."""
        score = float(p[2] - p[0])
        polar = 2 if p[2] >= p[0] else 0
        floor = self.min_confidence if polar == 2 or self.negative_confidence is None else self.negative_confidence
        if p[1] > self.neutral_threshold or p[polar] < floor:
            return "neutral", round(score, 4)
        return LABELS[polar], round(score, 4)

    # --- persistence
    def save(self, path: Path) -> None:
        """Only the non-zero weights, float16: the shipped model stays small."""
        coo = sparse.csr_matrix(self.coef).tocoo()
        np.savez_compressed(
            path, rows=coo.row.astype(np.int32), cols=coo.col.astype(np.int8), vals=coo.data.astype(np.float16),
            shape=np.array(self.coef.shape), intercept=self.intercept.astype(np.float32),
            thresholds=np.array([self.neutral_threshold, self.min_confidence,
                                 self.min_confidence if self.negative_confidence is None else self.negative_confidence]),
            meta=np.array(json.dumps(self.meta, ensure_ascii=False)),
        )

    @classmethod
    def load(cls, path: Path, base: SentimentModel | None = None) -> SentimentModel:
        with np.load(path) as z:
            coef = sparse.csr_matrix((z["vals"].astype(np.float32), (z["rows"], z["cols"])), shape=tuple(z["shape"]))
            thresholds = [float(x) for x in z["thresholds"]]
            return cls(coef, z["intercept"].astype(np.float64), thresholds[0], thresholds[1],
                       thresholds[2] if len(thresholds) > 2 else None, json.loads(str(z["meta"])), base)


@lru_cache(maxsize=1)
def shipped_model_digest() -> str:
    """Identity of the shipped model: a user model records the one it was stacked on."""
    import hashlib

    return hashlib.sha256(SHIPPED_MODEL.read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=1)
def shipped_model() -> SentimentModel:
    """The model trained by `python -m analysis.build_data` and shipped in the package."""
    return SentimentModel.load(SHIPPED_MODEL)


def stacked_inputs(base: SentimentModel | None, features: Sequence[Features]) -> np.ndarray | None:
    """The base model's polarity and neutrality log-odds, the two extra inputs of a user model."""
    if base is None:
        return None
    p = np.clip(base.probabilities(features), 1e-6, 1 - 1e-6)
    return np.column_stack([np.log(p[:, 2] / p[:, 0]), np.log(p[:, 1] / (1 - p[:, 1]))]) / 4.0


def fit(features: Sequence[Features], labels: Sequence[str], weights: Sequence[float], c: float = 8.0,
        base: SentimentModel | None = None, start: SentimentModel | None = None, tol: float = 1e-4) -> SentimentModel:
    """Logistic regression on the design matrix; the labels must contain the three classes.

    Only the columns some example uses are fitted (the others keep a zero weight): a few thousand texts use
    tens of thousands of the 2^18 hashed columns, and each solver step costs per column. `start` (a model
    fitted on part of the same data) is where the solver starts: refitting on everything then takes a few
    steps instead of a whole fit. The shipped model is fitted to the solver's default tolerance; a user's
    model (`sentiment_training.train`) stops at 1e-3, ten times looser, to keep training within a few times the
    time to tag the same texts (`python -m bench.learning`).
    """
    from sklearn.linear_model import LogisticRegression

    y = np.array([LABELS.index(label) for label in labels])
    if set(y) != {0, 1, 2}:
        raise ValueError("training data needs positive, neutral and negative examples")
    x = design_matrix(features, stacked_inputs(base, features))
    used = np.unique(x.indices)
    clf = LogisticRegression(C=c, max_iter=5000, tol=tol, warm_start=start is not None)
    if start is not None:
        clf.coef_ = start._weights[used].T.astype(np.float64)
        clf.intercept_ = start.intercept.copy()
        clf.classes_ = np.arange(3)
    clf.fit(x[:, used], y, sample_weight=np.asarray(weights, dtype=float))
    coef = np.zeros((x.shape[1], 3), dtype=np.float32)
    coef[used] = clf.coef_.T  # classes_ is [0, 1, 2] = LABELS order
    coef[np.abs(coef) < 1e-4] = 0.0
    return SentimentModel(sparse.csr_matrix(coef), clf.intercept_.astype(np.float64), neutral_threshold=0.3, base=base)
