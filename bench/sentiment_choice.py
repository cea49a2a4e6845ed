"""Choosing the shipped sentiment model's regularisation and negative weight on real text, not on ours.

Run: `.venv/bin/python -m bench.sentiment_choice [C,NEGATIVE_WEIGHT ...]` (default: the build's own and its
neighbours, ~2 min each). Needs ../shared. For each setting, the model is fitted as `analysis.build_data` fits
it (same texts, same weights), its decision rule chosen as the build chooses it, then measured on the real sets:
DEFT 2017 val and Trustpilot as `veille eval sentiment` judges whole texts, the real development set (brand
sentiment, which decides) and the real headlines through the real tagger. Writes `bench/results/sentiment_choice.md`.

The model is measured in memory: the shipped file keeps float16 weights and drops the smallest, so the row of the
build's own setting can differ from `veille eval` by about half a point; compare rows with each other.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench import publish

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "bench" / "results" / "sentiment_choice.md"


def setting(value: str) -> tuple[float, float]:
    try:
        c, negative = (float(x) for x in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {value} » : attendu C,POIDS_NÉGATIF, par exemple 8,1.5") from None
    return c, negative


def whole_text_scores(model, rows, toks) -> str:
    """Macro-F1 (negative recall) of what the tagger says of whole texts (`mixed.verdicts`: rule and mixed test),
    as `veille eval sentiment` measures it; `toks`: the rows' tokens, computed once for every setting."""
    from analysis.evaluation import sentiment_scores
    from analysis.mixed import verdicts

    s = sentiment_scores("", [ex.label for ex in rows], [v.label for v in verdicts(model, toks)])
    return f"{100 * s.macro_f1:.1f} ({100 * s.recall['negative']:.1f})"


def main(argv: list[str] | None = None) -> int:
    from analysis.build_data import NEGATIVE_WEIGHT, C

    parser = argparse.ArgumentParser(prog="python -m bench.sentiment_choice", description=__doc__.splitlines()[0])
    parser.add_argument("settings", nargs="*", type=setting, metavar="C,POIDS_NÉGATIF",
                        help=f"réglages essayés (défaut : {C:g},{NEGATIVE_WEIGHT:g} et ses voisins)")
    args = parser.parse_args(argv)
    if not (SHARED / "data" / "sentiment").is_dir():
        print(f"{SHARED} absent : ce banc lit DEFT, Trustpilot, Allociné et le jeu de développement réel",
              file=sys.stderr)
        return 2
    from analysis.build_data import fit_sentiment, rule_selection_sets, sentiment_training_pairs
    from analysis.pipeline import build_pipeline
    from analysis.sentiment_training import choose_decision_rule, read_labelled, tokenize
    from analysis.tagger import Tagger
    from veille import devset, headlines

    settings = args.settings or [(C, NEGATIVE_WEIGHT), (C / 2, NEGATIVE_WEIGHT), (C * 2, NEGATIVE_WEIGHT),
                                 (C / 4, NEGATIVE_WEIGHT), (C, NEGATIVE_WEIGHT - 0.25), (C, NEGATIVE_WEIGHT + 0.5)]
    nlp = build_pipeline()
    pairs = sentiment_training_pairs(nlp, SHARED)
    selection = rule_selection_sets(nlp, SHARED)
    deft = read_labelled(SHARED / "data" / "sentiment" / "deft2017_train_val.jsonl", split="val")
    trust = read_labelled(SHARED / "data" / "sentiment" / "trustpilot_fr_dev.jsonl")
    deft_toks, trust_toks = tokenize(nlp, [ex.text for ex in deft]), tokenize(nlp, [ex.text for ex in trust])
    gold, items = devset.read_labels(devset.GOLD), devset.real_items(SHARED)
    titles_gold = headlines.read_headlines()
    found = headlines.titles(SHARED, titles_gold)
    tagger = Tagger(nlp=nlp)
    out = ["# Régularisation et poids du négatif du modèle de sentiment, choisis sur le réel", "",
           "| C | poids nég. | règle | jeux de choix | DEFT val (rappel nég.) | Trustpilot (rappel nég.) "
           "| jeu de dév., marque | presse | tweets | avis | films | mitigé | titres |",
           "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for c, negative in settings:
        model = fit_sentiment(pairs, c, negative)
        chosen = choose_decision_rule(model, [(model.probabilities(f), y, floors) for f, y, floors in selection])
        nlp.get_pipe("veille_sentiment").model = model
        rows = {r.tag: 100 * r.f1 for r in devset.score(gold, devset.predict(gold, items, tagger))}
        titres = headlines.score(titles_gold, *headlines.predict(titles_gold, found, tagger))
        brand = [rows[f"sentiment marque [{scope}] (F1 macro)"] for scope in ("toutes", "presse", "tweets", "avis", "films")]
        out.append(f"| {c:g} | {negative:g} | {model.neutral_threshold:g} ; {model.min_confidence:g} ; "
                   f"{model.negative_confidence:g} | {100 * chosen:.1f} | {whole_text_scores(model, deft, deft_toks)} | "
                   f"{whole_text_scores(model, trust, trust_toks)} | " + " | ".join(f"{v:.1f}" for v in brand)
                   + f" | {rows['mitigé']:.1f} | {100 * titres.f1:.1f} |")
        print(out[-1], flush=True)
    out += ["", "Le jeu de développement réel décide ; DEFT val et les titres sont petits (un point y vaut 3 tweets, "
            "un titre vaut plus d'un point). La règle de chaque ligne est choisie sur les avis Trustpilot hors du jeu de "
            "développement (911 sur 1 011) : la colonne Trustpilot est en partie mesurée sur ses propres textes de choix."]
    publish(RESULTS, "\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
