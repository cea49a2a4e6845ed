"""`veille train-sentiment` on real tweets: the learning curve, and training time against tagging time.

Run: `.venv/bin/python -m bench.learning [--repeats N]`. Needs ../shared (DEFT 2017, read in place, never
copied: the temporary JSONL files it writes live in a temporary folder and are deleted). Writes
`bench/results/learning.md`:
- the curve: 100, 200, 500, 1,000 and all 1,806 DEFT train tweets (nested prefixes of one shuffle, seed 0,
  so each size holds the smaller ones) → macro-F1 and negative recall on the 324 DEFT val tweets, next to
  the shipped model on the same tweets;
- the time of `veille train-sentiment` on the 2,130 DEFT train+val tweets (first training, then again with
  the token cache), next to `veille tag` on the same file, alternately, medians of N runs: the ratio is
  what issue 11 bounds (≤ 3×).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import publish

ROOT = Path(__file__).resolve().parents[1]
DEFT = ROOT.parent / "shared" / "data" / "sentiment" / "deft2017_train_val.jsonl"
RESULTS = ROOT / "bench" / "results" / "learning.md"
SIZES = (100, 200, 500, 1000)
VEILLE = [str(Path(sys.executable).with_name("veille"))]  # the console script of this environment


def curve(train: list, val: list, work: Path) -> list[str]:
    """One user model per size, trained in the same database folder (its token cache grows with the sizes)."""
    from analysis.components import load_sentiment_model
    from analysis.evaluation import sentiment_scores
    from analysis.mixed import verdicts
    from analysis.model_store import train_user_model, user_model_file
    from analysis.pipeline import build_pipeline
    from analysis.sentiment_training import tokenize

    db = work / "curve.db"
    gold = [ex.label for ex in val]
    toks = tokenize(build_pipeline(), [ex.text for ex in val])
    shipped = sentiment_scores("modèle livré", gold, [v.label for v in verdicts(load_sentiment_model(""), toks)])
    lines = ["| tweets d'entraînement | F1 macro (val) | rappel négatif | rappel neutre | rappel positif | temps d'entraînement |",
             "| ---: | ---: | ---: | ---: | ---: | ---: |",
             row("0 (modèle livré)", shipped, None)]
    for size in [*SIZES, len(train)]:
        start = time.perf_counter()
        train_user_model(db, train[:size])
        elapsed = time.perf_counter() - start
        model = load_sentiment_model(str(user_model_file(db)))
        scores = sentiment_scores(str(size), gold, [v.label for v in verdicts(model, toks)])
        lines.append(row(f"{size:,}".replace(",", " "), scores, elapsed))
        print(lines[-1], flush=True)
    return lines


def row(name: str, s, seconds: float | None) -> str:
    rec = [f"{100 * (s.recall[k] or 0):.1f}" for k in ("negative", "neutral", "positive")]
    took = "—" if seconds is None else f"{seconds:.0f} s"
    return f"| {name} | {100 * s.macro_f1:.1f} | {rec[0]} | {rec[1]} | {rec[2]} | {took} |"


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def train_vs_tag(everything: Path, work: Path, repeats: int) -> list[str]:
    """`veille tag` vs `veille train-sentiment` (cold: a new database; warm: the same one again), alternately."""
    tag, cold, warm = [], [], []
    for i in range(repeats):
        db = work / f"time{i}.db"
        tag.append(timed([*VEILLE, "tag", str(everything)]))
        cold.append(timed([*VEILLE, "train-sentiment", str(everything), "--db", str(db), "--no-corrections"]))
        warm.append(timed([*VEILLE, "train-sentiment", str(everything), "--db", str(db), "--no-corrections"]))
    t = statistics.median(tag)
    return ["| commande (2 130 tweets DEFT train+val) | médiane | rapport au marquage |", "| --- | ---: | ---: |",
            f"| `veille tag` | {t:.1f} s | 1,00 |",
            f"| `veille train-sentiment` (premier entraînement) | {statistics.median(cold):.1f} s | {statistics.median(cold) / t:.2f} |",
            f"| `veille train-sentiment` (de nouveau, jetons en cache) | {statistics.median(warm):.1f} s | {statistics.median(warm) / t:.2f} |"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.learning", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="mesures du temps (médiane ; défaut 3)")
    parser.add_argument("--no-curve", action="store_true", help="seulement les temps")
    args = parser.parse_args(argv)
    if not DEFT.exists():
        print(f"{DEFT} absent : ce banc lit les tweets DEFT 2017 de ../shared", file=sys.stderr)
        return 2
    from analysis.sentiment_training import read_labelled
    from veille.commands._training import USER_WEIGHT

    examples = read_labelled(DEFT, USER_WEIGHT)  # weighted as `veille train-sentiment` weighs a user's file
    splits = [json.loads(line).get("split") for line in DEFT.read_text(encoding="utf-8").splitlines() if line.strip()]
    train = [ex for ex, s in zip(examples, splits, strict=True) if s == "train"]
    val = [ex for ex, s in zip(examples, splits, strict=True) if s == "val"]
    random.Random(0).shuffle(train)
    out = [f"# Apprendre des utilisateurs sur des tweets réels (DEFT 2017, {len(train)} train, {len(val)} val)", ""]
    with tempfile.TemporaryDirectory(prefix="veille-bench-learning-") as tmp:
        work = Path(tmp)
        if not args.no_curve:
            out += ["## Courbe d'apprentissage (→ DEFT val)", "", *curve(train, val, work), ""]
        everything = work / "deft.jsonl"
        everything.write_text("".join(json.dumps({"text": ex.text, "label": ex.label}, ensure_ascii=False) + "\n"
                                      for ex in examples), encoding="utf-8")
        out += [f"## Entraîner ou marquer les mêmes textes ({args.repeats} mesures alternées)", "",
                *train_vs_tag(everything, work, args.repeats)]
    publish(RESULTS, "\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
