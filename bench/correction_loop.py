"""The dashboard's correction loop on real text: is a user's correction toward a brand better learned on that
brand's own context (what `veille train-sentiment` does since migration 0150) or on the whole text (what a
correction of the mention gave before)?

Run: `.venv/bin/python -m bench.correction_loop [--folds 5]` (~15 min). Needs ../shared and the real
development set (`evaluation/real_dev/gold.jsonl`), read in place. Its (mention, brand) pairs stand in for a
user's corrections: in each of K folds (by mention, one shuffle, `--seed`, 0 by default), the pairs of the other folds are the
corrections, and `train_user_model` learns them with a user's weight, either

- on each brand's own context (`sentiment_training.brand_examples`), or
- on the whole text with the brand's label (one example per pair, as per-mention corrections were learned).

The held-out fold is tagged with each model and with the shipped one; the brand sentiment macro-F1 of the
pooled held-out predictions is written to `bench/results/correction_loop.md`. The models are throwaway user
models in a temporary folder: nothing of the dev set is shipped.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from bench import publish

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "correction_loop.md"
SCOPES = ("toutes", "presse", "tweets", "avis", "films")
ARMS = {"shipped": "modèle livré (aucune correction)", "whole": "corrections apprises sur le texte entier",
        "brand": "corrections apprises sur le contexte de la marque"}


def run(folds: int, seed: int = 0) -> dict[str, dict[str, tuple[int, float]]]:
    """{arm: {scope: (pairs, macro-F1)}} over the pooled held-out folds."""
    from analysis.model_store import load_tagger, train_user_model
    from analysis.pipeline import build_pipeline
    from analysis.sentiment_training import Example, brand_examples
    from analysis.tagger import mention_text
    from veille.commands._training import USER_WEIGHT
    from veille.devset import GOLD, predict, read_labels, real_items, score

    gold = read_labels(GOLD)
    items = real_items()
    keys = sorted(k for k in gold if any(p.valid for p in gold[k].pairs))
    random.Random(seed).shuffle(keys)
    parts = [keys[i::folds] for i in range(folds)]
    nlp = build_pipeline()
    predicted: dict[str, dict] = {arm: {} for arm in ARMS}
    with tempfile.TemporaryDirectory() as tmp, load_tagger(None) as shipped:
        for i, held in enumerate(parts):
            learned = [k for j, part in enumerate(parts) if j != i for k in part]
            labelled = [(mention_text(items[k].title, items[k].text), [p for p in gold[k].pairs if p.valid])
                        for k in learned]
            examples = {
                "brand": brand_examples(nlp, [(text, [p.brand for p in pairs], {p.brand: p.sentiment for p in pairs})
                                              for text, pairs in labelled], USER_WEIGHT),
                "whole": [Example(text, p.sentiment, USER_WEIGHT) for text, pairs in labelled for p in pairs],
            }
            held_gold = {k: gold[k] for k in held}
            predicted["shipped"].update(predict(held_gold, items, shipped))
            for arm, chosen in examples.items():
                db = Path(tmp) / f"{arm}.db"  # one folder per arm: its token cache serves every fold
                train_user_model(db, chosen)
                with load_tagger(db) as tagger:
                    predicted[arm].update(predict(held_gold, items, tagger))
            print(f"pli {i + 1}/{folds} : {len(held)} mentions mises de côté, "
                  f"{len(examples['brand'])} exemples par marque, {len(examples['whole'])} sur le texte", flush=True)
    out = {}
    for arm, preds in predicted.items():
        rows = {r.tag: r for r in score(gold, preds)}
        out[arm] = {s: (rows[f"sentiment marque [{s}] (F1 macro)"].support, rows[f"sentiment marque [{s}] (F1 macro)"].f1)
                    for s in SCOPES if f"sentiment marque [{s}] (F1 macro)" in rows}
    return out


def table(results: dict[str, dict[str, tuple[int, float]]], folds: int) -> list[str]:
    scopes = [s for s in SCOPES if s in results["shipped"]]
    lines = [f"Sentiment envers la marque, F1 macro des paires mises de côté ({folds} plis par mention, réunis) ; "
             "entre parenthèses, le nombre de paires.", "",
             "| modèle | " + " | ".join(f"{s} ({results['shipped'][s][0]})" for s in scopes) + " |",
             "| --- |" + " ---: |" * len(scopes)]
    for arm, name in ARMS.items():
        lines.append(f"| {name} | " + " | ".join(f"{100 * results[arm][s][1]:.1f}" for s in scopes) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5, help="nombre de plis (défaut 5)")
    parser.add_argument("--seed", type=int, default=0, help="graine du tirage des plis (défaut 0)")
    args = parser.parse_args()
    lines = table(run(args.folds, args.seed), args.folds)
    publish(RESULTS, "# La boucle de correction sur le jeu de développement réel\n\n"
            "`python -m bench.correction_loop` (voir sa docstring).\n\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
