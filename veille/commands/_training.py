"""What `veille train-sentiment` and `veille train-motivations` share: examples from the files given and from
the dashboard's corrections, one model trained next to the database, a JSON summary."""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storage.db import DatabaseError, connect
from veille.commands._common import EXIT_OK, UsageError, add_config_args, open_context

USER_WEIGHT = 3.0  # a user's example counts as much as three of the project's written texts


def add_training_args(parser: argparse.ArgumentParser, run: Callable[[argparse.Namespace], int]) -> None:
    parser.add_argument("files", nargs="*", metavar="FICHIER", help="fichiers JSONL annotés (facultatif)")
    parser.add_argument("--no-corrections", action="store_true",
                        help="ne pas utiliser les corrections enregistrées dans la base")
    add_config_args(parser)
    parser.set_defaults(func=run)


def train_from(args: argparse.Namespace, *, read_file: Callable[[Path, float], list],
               corrections: Callable[[Any], list], from_corrections: Callable[[list], list],
               train: Callable[[str, list], dict], nothing: str, log: logging.Logger) -> int:
    """Read the files (`read_file(path, weight)`), add the corrections (the database's `corrections(conn)`,
    made examples by `from_corrections(rows)`), train, print the summary. `nothing`: the French message when there
    is nothing to learn from."""
    ctx = open_context(args, config_required=False)
    examples: list = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"{path} : fichier introuvable")
        try:
            examples += read_file(path, USER_WEIGHT)
        except (ValueError, UnicodeDecodeError) as exc:
            raise UsageError(str(exc)) from exc
    corrected = 0
    if not args.no_corrections and Path(ctx.db_path).exists():
        try:
            conn = connect(ctx.db_path)
        except DatabaseError as exc:
            raise UsageError(str(exc)) from exc
        rows = corrections(conn)
        conn.close()
        examples += from_corrections(rows)
        corrected = len(rows)
    if not examples:
        raise UsageError(nothing)
    summary = train(ctx.db_path, examples)
    summary.update({"files": args.files, "corrections": corrected})
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    log.info("modèle enregistré dans %s ; lancez `veille analyze` pour ré-analyser les mentions", summary["model"])
    return EXIT_OK
