"""Rebuild the shipped data learned from third-party corpora (developers only, needs ../shared).

    python -m analysis.build_data [--shared ../shared]

Writes `analysis/data/feel_fr.tsv.gz` (from FEEL), `analysis/data/vector_polarity.npz` (FEEL's polarity
predicted from word vectors), `analysis/data/frequent_chunks.txt.gz` (the
most frequent chunks of allocine.jsonl + our texts, to warm the tokenizer) and
`analysis/data/sentiment_model.npz` (trained on allocine.jsonl's train split + the project's own
written texts). DEFT 2017's train split and Trustpilot (outside the real development set) are read only
to choose the model's decision rule (model selection): nothing of them is learned into weights.
`analysis/data/motivation_model.npz` is learned from the project's written texts alone (no ../shared).
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

from spacy.language import Language

from analysis.feature_probe import feature_probe, files_digest
from analysis.lexicons import FEEL_FILE
from analysis.motivation_model import SHIPPED_MOTIVATION_MODEL
from analysis.motivation_training import WRITTEN_SOCIAL
from analysis.sentiment_features import Features
from analysis.sentiment_model import SHIPPED_MODEL, SentimentModel
from analysis.sentiment_training import WRITTEN, WRITTEN_NEWS, WRITTEN_REVIEWS, Example
from analysis.word_vectors import POLARITY_MAP, unit_vectors
from storage.labels import EMOTIONS

ROOT = Path(__file__).resolve().parents[1]
# The written texts each model learns from (their digest is recorded in the model: test_models_current.py).
SENTIMENT_WRITTEN = (WRITTEN, WRITTEN_REVIEWS, WRITTEN_NEWS)
MOTIVATION_WRITTEN = (WRITTEN_SOCIAL, WRITTEN_REVIEWS, WRITTEN_NEWS)


# FEEL.txt columns after `id;word;polarity` are 7 flags. Read against the words themselves
# (`joie`, `heureux` → 7th; `furieux` → 4th and 6th; `triste` → 2nd and 3rd; `heure`, `service`,
# `assureur` → 1st only), they are: ?, fear, sadness, anger, surprise, disgust, joy. The 1st
# (trust-like, on neutral business words) is not one of our six emotions and is dropped.
FEEL_COLUMNS = (None, "fear", "sadness", "anger", "surprise", "disgust", "joy")


def _write_gzip(out: Path, text: str) -> None:
    """Gzip with no timestamp, so that a rebuild of the same content gives the same bytes (and analyzer version)."""
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
        fh.write(text.encode("utf-8"))


def build_feel(feel_txt: Path, out: Path = FEEL_FILE) -> int:
    """FEEL.txt → `word, ±1, six 0/1 flags in EMOTIONS order`, single words only.

    Variants `a|b` become separate rows; a word listed twice keeps its first polarity and
    the union of its emotions. Phrases are dropped: they never match one token.
    """
    rows: dict[str, tuple[int, list[str]]] = {}
    for line in feel_txt.read_text(encoding="utf-8").splitlines():
        fields = line.split(";")
        if len(fields) < 3 + len(FEEL_COLUMNS):
            continue
        polarity = 1 if fields[2] == "positive" else -1
        by_name = {name: flag for name, flag in zip(FEEL_COLUMNS, fields[3:3 + len(FEEL_COLUMNS)], strict=True)}
        flags = [by_name[e] for e in EMOTIONS]
        for word in fields[1].lower().split("|"):
            word = word.strip()
            if not word or " " in word:
                continue
            old = rows.get(word)
            if old is None:
                rows[word] = (polarity, flags)
            else:
                rows[word] = (old[0], [max(a, b) for a, b in zip(old[1], flags, strict=True)])
    _write_gzip(out, "".join(f"{word}\t{rows[word][0]}\t{''.join(rows[word][1])}\n" for word in sorted(rows)))
    return len(rows)


def build_vector_polarity(out: Path = POLARITY_MAP) -> tuple[int, float]:
    """The map from a word's vector to FEEL's polarity (`word_vectors.row_polarities`), fitted on FEEL's words that
    have a vector; returns their number and the map's accuracy on them."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from analysis.lexicons import feel

    lexicon = feel()
    words = sorted(lexicon)
    found, vectors = unit_vectors(words)
    y = np.array([lexicon[w].polarity for w, f in zip(words, found, strict=True) if f])
    clf = LogisticRegression(C=1.0, max_iter=2000).fit(vectors, y)  # classes_ = [-1, 1]
    np.savez_compressed(out, coef=clf.coef_[0].astype(np.float32), intercept=np.float32(clf.intercept_[0]))
    return len(y), float(clf.score(vectors, y))


FREQUENT_CHUNKS = FEEL_FILE.parent / "frequent_chunks.txt.gz"
N_CHUNKS = 9000  # spaCy's tokenizer caches at most 10 000 chunks


def build_frequent_chunks(allocine: Path, out: Path = FREQUENT_CHUNKS) -> int:
    """The most frequent whitespace-separated chunks of allociné + our written texts, to warm the tokenizer.

    Tagging runs in spaCy memory zones (flat memory), where the tokenizer caches nothing; chunks
    tokenized once outside a zone stay cached, so frequent words keep the fast path.
    """
    import json
    from collections import Counter

    from analysis.sentiment_training import WRITTEN

    counts: Counter[str] = Counter()
    for path in (allocine, WRITTEN):
        for line in path.read_text(encoding="utf-8").splitlines():
            counts.update(json.loads(line)["text"].split())
    chunks = [c for c, _ in counts.most_common(N_CHUNKS)]
    _write_gzip(out, "\n".join(chunks) + "\n")
    return len(chunks)


# Weights of each training set (texts Veille may learn from: allociné's train split, MIT, and texts written for
# the project), chosen on the real development set and real corpora (docs/nlp.md, "Ce qui a été essayé").
ALLOCINE_WEIGHT, WRITTEN_WEIGHT, REVIEWS_WEIGHT, NEWS_WEIGHT, C = 1.0, 6.0, 2.0, 4.0, 8.0
NEGATIVE_WEIGHT = 1.5  # complaints are the costly miss: negative examples count more


def sentiment_weights() -> dict[str, float]:
    """The weights of the training sets, as recorded in the model (a test checks they are the build's)."""
    return {"allocine": ALLOCINE_WEIGHT, "written": WRITTEN_WEIGHT, "reviews": REVIEWS_WEIGHT, "news": NEWS_WEIGHT}


def _dev_keys() -> set[str]:
    """Keys of the real development set: they are measured, so never used to choose the decision rule."""
    import json

    pairs = ROOT / "evaluation" / "real_dev" / "pairs.jsonl"
    return {json.loads(line)["key"] for line in pairs.read_text(encoding="utf-8").splitlines()} if pairs.is_file() else set()


def sentiment_training_pairs(nlp: Language, shared: Path) -> list[tuple[Features, Example]]:
    """What the shipped sentiment model learns: allociné's train split, the project's written posts and reviews, and
    its written press items judged per brand (their brand contexts), each with its set's weight."""
    from analysis.sentiment_training import brand_context_examples, featurize, read_labelled, written_examples

    texts = (read_labelled(shared / "data" / "sentiment" / "allocine.jsonl", ALLOCINE_WEIGHT, split="train")
             + written_examples(WRITTEN_WEIGHT) + read_labelled(WRITTEN_REVIEWS, REVIEWS_WEIGHT))
    pairs = list(zip(featurize(nlp, [ex.text for ex in texts]), texts, strict=True))
    return pairs + brand_context_examples(nlp, WRITTEN_NEWS, NEWS_WEIGHT)


def fit_sentiment(pairs: list[tuple[Features, Example]], c: float, negative_weight: float) -> SentimentModel:
    """The model on `pairs`, negative examples weighing `negative_weight` more (a missed complaint costs more than a
    false alarm); its decision rule is still to be chosen (`rule_selection_sets`)."""
    from analysis.sentiment_model import fit

    weights = [ex.weight * (negative_weight if ex.label == "negative" else 1.0) for _, ex in pairs]
    return fit([f for f, _ in pairs], [ex.label for _, ex in pairs], weights, c)


def rule_selection_sets(nlp: Language, shared: Path) -> list[tuple[list[Features], list[str], dict[str, float]]]:
    """The real texts the decision rule is chosen on (features, labels, recall floors): DEFT's train split and the
    Trustpilot reviews outside the development set. Model selection only: none of them is learned."""
    from analysis.sentiment_training import REVIEW_FLOORS, TWEET_FLOORS, featurize, read_labelled

    deft = read_labelled(shared / "data" / "sentiment" / "deft2017_train_val.jsonl", split="train")
    trust_path = shared / "data" / "sentiment" / "trustpilot_fr_dev.jsonl"
    dev = _dev_keys()
    trust = [ex for n, ex in enumerate(read_labelled(trust_path), 1)
             if f"data/sentiment/{trust_path.name}#L{n}" not in dev]
    return [(featurize(nlp, [ex.text for ex in rows]), [ex.label for ex in rows], floors)
            for rows, floors in ((deft, TWEET_FLOORS), (trust, REVIEW_FLOORS))]


def build_sentiment_model(shared: Path, out: Path = SHIPPED_MODEL) -> str:
    """Fit on allociné's train split + the project's written texts (short posts, reviews, press items judged per
    brand), then choose the decision rule on real tweets and reviews (DEFT train split, Trustpilot outside the
    development set): model selection only, nothing of them is learned."""
    import time

    from analysis.pipeline import build_pipeline
    from analysis.sentiment_training import choose_decision_rule

    started = time.time()
    nlp = build_pipeline()
    pairs = sentiment_training_pairs(nlp, shared)
    model = fit_sentiment(pairs, C, NEGATIVE_WEIGHT)
    f1 = choose_decision_rule(model, [(model.probabilities(f), y, floors)
                                      for f, y, floors in rule_selection_sets(nlp, shared)])
    model.meta = {
        "name": "veille-fr-sentiment",
        "trained_on": ["allocine.jsonl (train split)", "sentiment_written.jsonl", "written/reviews.jsonl",
                       "written/news.jsonl (per brand)"],
        "examples": len(pairs), "c": C, "negative_weight": NEGATIVE_WEIGHT, "weights": sentiment_weights(),
        "written_sha256": files_digest(SENTIMENT_WRITTEN), "feature_probe": feature_probe(nlp),
        "rule_chosen_on": ["deft2017_train_val.jsonl (train split)", "trustpilot_fr_dev.jsonl (hors jeu de dév.)"],
        "rule_mean_macro_f1": round(f1, 4),
    }
    model.save(out)
    return (f"{out.name}: {len(pairs)} exemples, seuil neutre {model.neutral_threshold}, confiance min "
            f"{model.min_confidence} (négatif {model.negative_confidence}), F1 macro moyen des jeux de choix "
            f"{f1:.3f}, {time.time() - started:.0f} s")


# Per-motivation thresholds (MOTIVATIONS order) chosen on the real development set, precision first, with
# SHIPPED_C (docs/nlp.md, "Motivations de partage"); the build itself reads no ../shared.
MOTIVATION_THRESHOLDS = (0.75, 0.3, 0.5, 0.55, 0.75, 0.3)


def build_motivation_model(out: Path = SHIPPED_MOTIVATION_MODEL) -> str:
    """Fit the motivation model on the project's written social posts, reviews and press items."""
    import time

    import numpy as np

    from analysis.motivation_model import fit
    from analysis.motivation_training import SHIPPED_C, featurize_motivations, written_motivation_examples
    from analysis.pipeline import build_pipeline

    started = time.time()
    examples = written_motivation_examples()
    nlp = build_pipeline()
    inputs = featurize_motivations(nlp, [ex.text for ex in examples])
    model = fit(inputs, [ex.motivations for ex in examples], [ex.weight for ex in examples], SHIPPED_C)
    model.thresholds = np.array(MOTIVATION_THRESHOLDS)
    model.meta = {"name": "veille-fr-motivations", "trained_on": ["written/social.jsonl", "written/reviews.jsonl",
                                                                   "written/news.jsonl"],
                  "examples": len(examples), "c": SHIPPED_C, "thresholds": list(MOTIVATION_THRESHOLDS),
                  "written_sha256": files_digest(MOTIVATION_WRITTEN), "feature_probe": feature_probe(nlp)}
    model.save(out)
    return f"{out.name}: {len(examples)} exemples, {time.time() - started:.0f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="dossier des corpus tiers")
    parser.add_argument("--only", choices=("feel", "sentiment", "motivations", "chunks", "version"), help="ne reconstruire que cette partie")
    args = parser.parse_args()
    shared = Path(args.shared)
    if args.only in (None, "feel"):
        n = build_feel(shared / "data" / "lexicons" / "FEEL.txt")
        print(f"{FEEL_FILE.name}: {n} mots")
        n, accuracy = build_vector_polarity()
        print(f"{POLARITY_MAP.name}: appris sur {n} mots de FEEL (exactitude {accuracy:.3f})")
    if args.only in (None, "chunks"):
        n = build_frequent_chunks(shared / "data" / "sentiment" / "allocine.jsonl")
        print(f"{FREQUENT_CHUNKS.name}: {n} segments")
    if args.only in (None, "sentiment"):
        print(build_sentiment_model(shared))
    if args.only in (None, "motivations"):
        print(build_motivation_model())
    from analysis.version import write_version  # last: the digest covers everything built above

    print(f"version de l'analyseur : {write_version()}")


if __name__ == "__main__":
    main()
