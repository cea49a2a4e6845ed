"""Fitting and calibrating sentiment models: the shipped one (`build_data`) and user ones (`train-sentiment`).

The neutral rule (P(neutral) threshold, minimum confidence of a polar label) is chosen by
5-fold cross-validation on the project's own written texts (and the user's examples),
never on an evaluation corpus.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from spacy.language import Language

from analysis.sentiment_features import Features, Tok, doc_toks, extract, words_and_toks
from analysis.sentiment_model import LABELS, SentimentModel, fit

DATA = Path(__file__).resolve().parent / "data"
WRITTEN = DATA / "sentiment_written.jsonl"
WRITTEN_REVIEWS = DATA / "written" / "reviews.jsonl"  # customer reviews, label from their stars
WRITTEN_NEWS = DATA / "written" / "news.jsonl"  # press items, a label per brand they name
# The grid of decision rules (neutral threshold, minimum confidence of a positive, of a negative label): a polar
# label of low confidence is reported as neutral.
RULE_THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7)
RULE_CONFIDENCES = (0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
RULE_NEGATIVE_CONFIDENCES = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
RULES = tuple(itertools.product(RULE_THRESHOLDS, RULE_CONFIDENCES, RULE_NEGATIVE_CONFIDENCES))


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


def _features_only(nlp: Language) -> list[str]:
    """The pipes the features do not need (ours, and the entity recogniser)."""
    return [name for name in nlp.pipe_names if name.startswith("veille_") or name == "ner"]


def tokenize(nlp: Language, texts: Iterable[str], batch_size: int = 64) -> list[list[Tok]]:
    """The tokens, lemmas and POS the sentiment features read, exactly as at tagging time."""
    with nlp.select_pipes(disable=_features_only(nlp)):
        return [doc_toks(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]


def tokenize_cached(nlp: Language, texts: Sequence[str], cache: Path) -> list[list[Tok]]:
    """`tokenize`, remembering the tokens of every text by its SHA-1 in `cache` (gzip JSON): training again on
    the same texts skips spaCy, the costly part of the features. The file names the spaCy model and version
    it was made with (another model tags differently: then it starts afresh) and keeps only `texts`."""
    import gzip
    import hashlib

    model = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    known: dict[str, list] = {}
    if cache.is_file():
        try:
            with gzip.open(cache, "rt", encoding="utf-8") as fh:
                stored = json.load(fh)
            if stored.get("model") == model:
                known = stored["tokens"]
        except (OSError, ValueError, KeyError):
            known = {}  # a damaged cache is only lost time
    keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
    missing = list(dict.fromkeys(k for k in keys if k not in known))
    if missing:
        first = dict(zip(keys, texts, strict=True))
        for key, toks in zip(missing, tokenize(nlp, [first[k] for k in missing]), strict=True):
            known[key] = [list(t) for t in toks]
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_name(cache.name + ".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as fh:
        json.dump({"model": model, "tokens": {k: known[k] for k in dict.fromkeys(keys)}}, fh, ensure_ascii=False)
    tmp.replace(cache)
    return [[Tok(*t) for t in known[k]] for k in keys]


def featurize(nlp: Language, texts: Iterable[str], batch_size: int = 64) -> list[Features]:
    """Sentiment features with the same tokens, lemmas and POS as at tagging time."""
    return [extract(toks) for toks in tokenize(nlp, texts, batch_size)]


def brand_context_examples(nlp: Language, path: Path, weight: float = 1.0) -> list[tuple[Features, Example]]:
    """Press items labelled per brand (`{"title", "text", "brands": [{"name", "sentiment"}]}`): one example per
    brand (`brand_examples`)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return brand_examples(nlp, [(r["title"] + ("\n" + r["text"] if r.get("text") else ""),
                                 [b["name"] for b in r["brands"]], {b["name"]: b["sentiment"] for b in r["brands"]})
                                for r in rows], weight)


def brand_examples(nlp: Language, items: Sequence[tuple[str, Sequence[str], Mapping[str, str]]],
                   weight: float = 1.0) -> list[tuple[Features, Example]]:
    """(text, the brands it names, {brand: its sentiment}): one example per labelled brand, its features taken
    from the brand's own context as the tagger reads it (the shipped model's press items, a user's correction of
    a brand in the dashboard): the whole text, its own clauses, or, for a brand only compared, the comparison
    with the label mirrored. A brand that only speaks is judged on nothing (neutral by rule): it teaches nothing.
    A brand both judged and compared is learned on its own clauses."""
    from analysis.components import MIRROR, brand_token_contexts
    from analysis.stories import companies_in

    out = []
    ours = [name for name in nlp.pipe_names if name.startswith("veille_")]  # spaCy's entities find the companies
    with nlp.select_pipes(disable=ours):
        for (text, brands, labels), doc in zip(items, nlp.pipe([i[0] for i in items], batch_size=64), strict=True):
            words, toks = words_and_toks(doc)
            contexts = brand_token_contexts(words, toks, list(brands), companies_in(doc))
            for brand, label in labels.items():
                context = contexts[brand]
                tokens, label = ((toks, label) if context.whole else (context.direct, label) if context.direct
                                 else (context.compared, MIRROR[label]))
                if tokens:
                    out.append((extract(tokens), Example(f"{text}\n[{brand}]", label, weight)))
    return out


def calibrate(model: SentimentModel, probabilities: np.ndarray, labels: Sequence[str]) -> float:
    """Pick the decision rule (neutral threshold, minimum confidences) that maximises macro-F1 on held-out
    predictions; return that F1."""
    best = (-1.0, model.neutral_threshold, model.min_confidence, model.negative_confidence)
    for t, c, n in RULES:
        model.neutral_threshold, model.min_confidence, model.negative_confidence = t, c, n
        predicted = [model.decide(p)[0] for p in probabilities]
        score = f1_score(labels, predicted, labels=list(LABELS), average="macro", zero_division=0)
        if score > best[0] + 1e-9:
            best = (score, t, c, n)
    _, model.neutral_threshold, model.min_confidence, model.negative_confidence = best
    return best[0]


HOLDOUT = 0.2  # share of the user's examples kept aside to choose the decision rule and measure the model
MIN_PER_CLASS = 5  # fewer examples of a class: too few to hold any out, the shipped decision rule is kept


def train(train_set: Sequence[tuple[Features, Example]], calibration: Sequence[tuple[Features, Example]],
          c: float = 8.0, base: SentimentModel | None = None) -> tuple[SentimentModel, float | None, list[int],
                                                                      list[str]]:
    """Fit on `train_set`; choose the neutral rule on a held-out fifth of `calibration` (a subset of it).

    A first fit leaves the fifth out; its predictions there choose the rule and measure the model (never on
    examples it learned); the final model is the same fit continued on everything (a few solver steps).
    Returns the final model, the held-out macro-F1 (None when a class has fewer than MIN_PER_CLASS
    examples: nothing is held out then, and the rule stays the shipped one), the held-out indices in
    `calibration` and the labels predicted for them.
    """
    from sklearn.model_selection import train_test_split

    cal_ids = {id(ex) for _, ex in calibration}
    rest = [(f, ex) for f, ex in train_set if id(ex) not in cal_ids]
    cal = list(calibration)
    y = [ex.label for _, ex in cal]

    def fit_on(pairs: Sequence[tuple[Features, Example]], start: SentimentModel | None = None) -> SentimentModel:
        return fit([f for f, _ in pairs], [ex.label for _, ex in pairs], [ex.weight for _, ex in pairs], c, base,
                   start, tol=1e-3)

    if min(y.count(label) for label in LABELS) < MIN_PER_CLASS:
        model = fit_on(rest + cal)
        if base is not None:
            model.neutral_threshold, model.min_confidence = base.neutral_threshold, base.min_confidence
            model.negative_confidence = base.negative_confidence
        return model, None, [], []
    kept, held = train_test_split(list(range(len(cal))), test_size=HOLDOUT, stratify=y, random_state=0)
    first = fit_on(rest + [cal[i] for i in kept])
    probabilities = first.probabilities([cal[i][0] for i in held])
    model = fit_on(rest + cal, start=first)
    score = calibrate(model, probabilities, [y[i] for i in held])
    return model, score, list(held), [model.decide(p)[0] for p in probabilities]


# The shipped model's decision rule is chosen on REAL text (model selection, never learned into weights):
# DEFT 2017's train split (tweets) and the Trustpilot reviews that are not in the real development set.
# Recall floors: a communicator must not miss complaints (issue 11's targets: 70 % of negative tweets, 75 % of
# negative reviews), a lukewarm 3-star review is not one (30 % of neutral reviews), and praise must still show
# (half of the positive tweets, three quarters of the positive reviews) or net sentiment would lean negative.
TWEET_FLOORS = {"negative": 0.70, "positive": 0.50}
REVIEW_FLOORS = {"negative": 0.75, "neutral": 0.30, "positive": 0.75}


SHORTFALL_COST = 2.0  # each point of recall under a floor costs two points of macro-F1
# A complaint floor met exactly on the selection texts is missed about half the time on others (DEFT's negative recall fell
# by 1.5 points, from 70.0 on its train split to 68.5 on its val split, for one rule): the rule must clear it by as much.
FLOOR_MARGIN = 0.015


def choose_decision_rule(model: SentimentModel,
                         sets: Sequence[tuple[np.ndarray, Sequence[str], dict[str, float]]]) -> float:
    """Set the model's neutral threshold and minimum confidences to the grid point that maximises the summed
    macro-F1 over `sets` (probabilities, gold labels, recall floors) minus SHORTFALL_COST × the recall missing
    under the floors (the negative ones raised by FLOOR_MARGIN); return the mean macro-F1 of that point.

    Complaints come first: when some rules meet every negative floor, the choice is made among them only, so
    that a neutral floor out of reach is never bought back with missed complaints."""
    from sklearn.metrics import recall_score

    wanted = [{label: floor + (FLOOR_MARGIN if label == "negative" else 0.0) for label, floor in floors.items()}
              for _, _, floors in sets]
    scored = []  # per rule: (objective, summed macro-F1, every negative floor met)
    for t, c, n in RULES:
        model.neutral_threshold, model.min_confidence, model.negative_confidence = t, c, n
        total = shortfall = 0.0
        complaints_met = True
        for (p, y, _), floors in zip(sets, wanted, strict=True):
            predicted = [model.decide(row)[0] for row in p]
            total += f1_score(y, predicted, labels=list(LABELS), average="macro", zero_division=0)
            recalls = recall_score(y, predicted, labels=list(floors), average=None, zero_division=0)
            for (label, floor), r in zip(floors.items(), recalls, strict=True):
                shortfall += max(0.0, floor - r)
                complaints_met &= label != "negative" or r >= floor
        scored.append((total - SHORTFALL_COST * shortfall, total, complaints_met))
    candidates = [i for i, s in enumerate(scored) if s[2]] or list(range(len(RULES)))
    best = max(candidates, key=lambda i: scored[i][0])  # the first of equals, in the grid's order
    model.neutral_threshold, model.min_confidence, model.negative_confidence = RULES[best]
    return scored[best][1] / len(sets)
