"""`veille eval sentiment|motivations FICHIER…`: measure the tags against labelled JSONL files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from veille.commands._common import EXIT_OK, UsageError, add_config_args, open_context


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="mesurer la qualité du sentiment ou des motivations sur des fichiers annotés",
        description="sentiment : lignes {\"text\", \"label\": positive|neutral|negative} ; tableau textblob-fr "
        "(référence) contre le modèle livré, et contre le modèle entraîné par `veille train-sentiment` pour la "
        "base (--db) quand il existe : exactitude, F1 macro, rappel par classe, dans la même exécution. "
        "motivations : lignes {\"text\", \"motivations\": [...]} ; précision et rappel par motivation.",
    )
    parser.add_argument("task", choices=("sentiment", "motivations"), help="ce qui est évalué")
    parser.add_argument("files", nargs="+", metavar="FICHIER", help="fichiers JSONL annotés")
    parser.add_argument("--split", metavar="VALEUR", help="ne garder que les lignes dont le champ \"split\" vaut cette valeur "
                        "(par exemple test)")
    add_config_args(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = [Path(f) for f in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise UsageError(f"fichier introuvable : {', '.join(missing)}")
    if args.task == "motivations":
        for path in paths:
            print(f"\n{path.name}\n{evaluate_motivations(path)}")
        return EXIT_OK
    ctx = open_context(args, config_required=False)
    from analysis.evaluation import sentiment_report

    for path in paths:
        try:
            report = sentiment_report(path, ctx.db_path, split=args.split)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
        print(f"\n{path.name}{f' (split {args.split})' if args.split else ''}\n{report}")
    return EXIT_OK


def evaluate_motivations(path: Path) -> str:
    from analysis.evaluation import multilabel_scores, multilabel_table
    from analysis.motivations import MOTIVATIONS, motivation_scores

    gold, predicted = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            labels = set(row["motivations"])
            text = row["text"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise UsageError(f"{path}:{n} : il faut {{\"text\": …, \"motivations\": [...]}} ({exc})") from exc
        unknown = labels - set(MOTIVATIONS)
        if unknown:
            raise UsageError(f"{path}:{n} : motivation inconnue {sorted(unknown)} ; possibles : {', '.join(MOTIVATIONS)}")
        gold.append(labels)
        predicted.append(set(motivation_scores(text)))
    return f"{len(gold)} mentions\n" + multilabel_table(multilabel_scores(MOTIVATIONS, gold, predicted))
