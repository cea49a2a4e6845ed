"""Share motivations learned from the project's written texts: one logistic regression per motivation.

Inputs of a text: its sentiment features (hashed negation-marked n-grams, lexicon scores, word vector:
`sentiment_features.Features`, computed once by the sentiment component) and motivation cues
(`cue_inputs`): which rule of `motivations.py` fires and the rules' confidence per motivation (the rules
back the model), plus the text's form: link, @reply, hashtags, question, I / we / you, imperative, star
rating, length, title line. A motivation is kept when its probability reaches its own threshold, chosen
precision first ("no motivation rather than a guessed one"). Weights are stored like the sentiment
model's (only the non-zero ones, float16) and applied with numpy. A user model is the same model with the
shipped model's six log-odds as extra inputs (`stacked_inputs`), as for sentiment.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy import sparse

from analysis.brands import fold_text
from analysis.emotions import LEAD_TOKENS
from analysis.motivations import CUES, rule_confidences, rule_hits
from analysis.sentiment_features import N_HASHED, N_INPUTS, Features, Tok, extract
from analysis.sentiment_model import design_matrix
from storage.labels import MOTIVATIONS

SHIPPED_MOTIVATION_MODEL = Path(__file__).resolve().parent / "data" / "motivation_model.npz"
HEAD_CHARS = 1000  # the characters of a long text read for its cues (about LEAD_TOKENS tokens)

RULE_NAMES = tuple(f"{label}:{i}" for label, cues in CUES.items() for i in range(len(cues))) + (
    "information:impersonal",) + tuple(f"rules:{label}" for label in MOTIVATIONS)
FORM_NAMES = ("link", "reply", "handles", "hashtags", "question", "exclamation", "first_singular", "first_plural",
              "second_person", "greeting", "imperative", "rating", "number", "quote", "emoji", "words", "lines", "title_line")
N_CUES = len(RULE_NAMES) + len(FORM_NAMES)
N_MODEL_INPUTS = N_HASHED + N_INPUTS + N_CUES  # rows of a shipped model's `coef` (a user model has 6 more)

_FIRST_SINGULAR = frozenset({"je", "j'", "j’", "moi", "me", "m'", "m’", "mon", "ma", "mes"})
_FIRST_PLURAL = frozenset({"nous", "notre", "nos", "on"})
_SECOND = frozenset({"vous", "votre", "vos", "tu", "t'", "t’", "te", "toi", "ton", "ta", "tes"})
_GREETING = re.compile(r"^\W*(?:@\w+\W*)*(?:bonjour|bonsoir|salut|hello|coucou)\b")  # opening a message to someone
_HASHTAG = re.compile(r"(?<!\w)#\w+")
_LINK = re.compile(r"https?:|\bwww\.|\bhttp\b")
# A 2nd-person plural verb opening a clause, not a question ("Pouvez-vous"): "Foncez", "N'achetez pas", "Signez".
_IMPERATIVE = re.compile(r"(?:^|[.!?;:,\n(]\s*|\bet |\bn'|\bne )(?!chez\b|assez\b|nez\b)[a-z]+ez\b(?!-vous| vous)")
_RATING = re.compile(r"\b\d(?:[.,]\d)? ?/ ?(?:5|10|20)\b|\betoiles?\b|[⭐★]")
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")


class MotivationInputs(NamedTuple):
    """What the model reads of one text: its sentiment features and its cues (N_CUES values in [0, 1])."""

    features: Features
    cues: np.ndarray


def _count(n: int, cap: int = 3) -> float:
    return min(n, cap) / cap


def cue_inputs(text: str, toks: Sequence[Tok]) -> np.ndarray:
    """The rules' hits and confidences, then the form of the text (FORM_NAMES), for the model."""
    folded = fold_text(text)
    hits = rule_hits(folded)
    rules = rule_confidences(hits)
    words = [t.lower for t in toks if t.pos not in ("SPACE", "PUNCT")]
    first = next((t.lower for t in toks if t.pos != "SPACE"), "")
    lines = [line for line in text.splitlines() if line.strip()]
    form = [
        float(bool(_LINK.search(folded)) or "<url>" in words), float(first == "<user>" or folded.startswith("rt @")),
        _count(words.count("<user>")), _count(len(_HASHTAG.findall(text))), float("?" in text),
        _count(text.count("!")), _count(sum(w in _FIRST_SINGULAR for w in words)),
        _count(sum(w in _FIRST_PLURAL for w in words)), _count(sum(w in _SECOND for w in words)), float(bool(_GREETING.search(folded))),
        float(bool(_IMPERATIVE.search(folded))), float(bool(_RATING.search(folded))),
        float(any(map(str.isdigit, text))), float("«" in text or '"' in text), _count(len(_EMOJI.findall(text))),
        min(math.log1p(len(words)) / math.log1p(200), 1.0), float(len(lines) > 1),
        float(len(lines) > 1 and len(lines[0]) <= 160 and not lines[0].rstrip().endswith((".", "!", "?"))),
    ]
    return np.array([float(h) for h in hits] + [rules[label] for label in MOTIVATIONS] + form, dtype=np.float32)


def motivation_inputs(text: str, toks: Sequence[Tok], features: Features | None = None) -> MotivationInputs:
    """What the model reads of a text; a long text (over LEAD_TOKENS tokens) is read on its title and lead,
    where an article shows why it is shared. `features`: the whole text's, when already computed."""
    if len(toks) > LEAD_TOKENS:
        toks, text, features = toks[:LEAD_TOKENS], text[:HEAD_CHARS], None
    return MotivationInputs(features if features is not None else extract(toks), cue_inputs(text, toks))


@dataclass
class MotivationModel:
    """Weights (`coef`: inputs × 6 motivations, in MOTIVATIONS order), intercepts and per-label thresholds."""

    coef: sparse.csr_matrix  # (N_HASHED + N_INPUTS + N_CUES [+ 6 stacked], 6)
    intercept: np.ndarray
    thresholds: np.ndarray  # probability at or above which a motivation is kept
    meta: dict = field(default_factory=dict)
    base: MotivationModel | None = None  # the shipped model, for a stacked user model

    def __post_init__(self) -> None:
        self._weights = np.asarray(sparse.csr_matrix(self.coef).toarray(), dtype=np.float32)

    def probabilities(self, inputs: Sequence[MotivationInputs]) -> np.ndarray:
        """(n, 6) probability of each motivation (independent: multi-label)."""
        if not inputs:
            return np.zeros((0, len(MOTIVATIONS)))
        extra = stacked_inputs(self.base, inputs)
        w_terms, w_dense = self._weights[:N_HASHED], self._weights[N_HASHED:]
        logits = np.empty((len(inputs), len(MOTIVATIONS)))
        for r, x in enumerate(inputs):
            idx, vals = x.features.hashed
            dense = [x.features.inputs(), x.cues] + ([extra[r]] if extra is not None else [])
            logits[r] = vals @ w_terms[idx] + np.concatenate(dense) @ w_dense
        return 1 / (1 + np.exp(-(logits + self.intercept)))

    def decide(self, p: np.ndarray) -> dict[str, float]:
        """The motivations kept for one row of probabilities, strongest first, with their probability."""
        kept = {label: round(float(q), 3) for label, q, t in zip(MOTIVATIONS, p, self.thresholds, strict=True) if q >= t}
        return dict(sorted(kept.items(), key=lambda x: -x[1]))

    def predict(self, inputs: Sequence[MotivationInputs]) -> list[dict[str, float]]:
        return [self.decide(p) for p in self.probabilities(inputs)]

    # --- persistence
    def save(self, path: Path) -> None:
        """Only the non-zero weights, float16: the shipped model stays small."""
        coo = sparse.csr_matrix(self.coef).tocoo()
        np.savez_compressed(
            path, rows=coo.row.astype(np.int32), cols=coo.col.astype(np.int8), vals=coo.data.astype(np.float16),
            shape=np.array(self.coef.shape), intercept=self.intercept.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32), meta=np.array(json.dumps(self.meta, ensure_ascii=False)))

    @classmethod
    def load(cls, path: Path, base: MotivationModel | None = None) -> MotivationModel:
        with np.load(path) as z:
            coef = sparse.csr_matrix((z["vals"].astype(np.float32), (z["rows"], z["cols"])), shape=tuple(z["shape"]))
            return cls(coef, z["intercept"].astype(np.float64), z["thresholds"].astype(np.float64),
                       json.loads(str(z["meta"])), base)


@lru_cache(maxsize=1)
def shipped_motivation_model() -> MotivationModel:
    """The model trained by `python -m analysis.build_data --only motivations` and shipped in the package."""
    return MotivationModel.load(SHIPPED_MOTIVATION_MODEL)


def shipped_motivation_digest() -> str:
    """Identity of the shipped model: a user model records the one it was stacked on."""
    import hashlib

    return hashlib.sha256(SHIPPED_MOTIVATION_MODEL.read_bytes()).hexdigest()[:16]


def stacked_inputs(base: MotivationModel | None, inputs: Sequence[MotivationInputs]) -> np.ndarray | None:
    """The base model's log-odds per motivation, the six extra inputs of a user model."""
    if base is None:
        return None
    p = np.clip(base.probabilities(inputs), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p)) / 4.0


def fit(inputs: Sequence[MotivationInputs], labels: Sequence[set[str]], weights: Sequence[float], c: float = 4.0,
        base: MotivationModel | None = None) -> MotivationModel:
    """One logistic regression per motivation on the design matrix (thresholds 0.5 until calibrated)."""
    from sklearn.linear_model import LogisticRegression

    extra = np.vstack([x.cues for x in inputs])
    stacked = stacked_inputs(base, inputs)
    x = design_matrix([i.features for i in inputs], extra if stacked is None else np.hstack([extra, stacked]))
    used = np.unique(x.indices)  # the hashed columns of these texts: ~5× fewer, so fitting is that much faster
    x = x[:, used]
    coef = np.zeros((N_MODEL_INPUTS + (0 if stacked is None else len(MOTIVATIONS)), len(MOTIVATIONS)), np.float32)
    intercept = np.zeros(len(MOTIVATIONS))
    w = np.asarray(weights, dtype=float)
    for j, label in enumerate(MOTIVATIONS):
        y = np.array([label in s for s in labels])
        if y.all() or not y.any():
            raise ValueError(f"training data needs texts with and without the motivation {label}")
        clf = LogisticRegression(C=c, solver="liblinear").fit(x, y, sample_weight=w)
        coef[used, j], intercept[j] = clf.coef_[0], clf.intercept_[0]
    coef[np.abs(coef) < 1e-4] = 0.0
    return MotivationModel(sparse.csr_matrix(coef), intercept, np.full(len(MOTIVATIONS), 0.5), base=base)

