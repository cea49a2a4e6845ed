"""`veille train-motivations [FICHIER…]`: learn share motivations from labelled texts and the dashboard's corrections."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from storage.db import DatabaseError, connect
from veille.commands._common import EXIT_OK, UsageError, add_config_args, open_context

log = logging.getLogger("veille.train_motivations")
USER_WEIGHT = 3.0  # a user's example counts as much as three of the project's written texts


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "train-motivations",
        help="entraîner les motivations de partage sur vos textes annotés et sur les corrections du tableau de bord",
        description="Apprend à partir de fichiers JSONL {\"text\", \"motivations\": [cause, connection, information, "
        "entertainment, identity, recommendation]} (liste vide : aucune motivation) et des corrections de "
        "motivations enregistrées dans la base. Le modèle est enregistré à côté de la base (<base>.motivation-model/) "
        "et utilisé ensuite par `veille analyze` et `veille tag` ; les mentions déjà analysées le seront de nouveau "
        "au prochain `veille analyze`. `veille eval motivations` compare avant et après.",
    )
    parser.add_argument("files", nargs="*", metavar="FICHIER", help="fichiers JSONL annotés (facultatif)")
    parser.add_argument("--no-corrections", action="store_true",
                        help="ne pas utiliser les corrections enregistrées dans la base")
    add_config_args(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ctx = open_context(args, config_required=False)
    from analysis.motivation_training import MotivationExample, read_motivation_examples

    examples: list[MotivationExample] = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"{path} : fichier introuvable")
        try:
            examples += read_motivation_examples(path, USER_WEIGHT)
        except (ValueError, UnicodeDecodeError) as exc:
            raise UsageError(str(exc)) from exc
    corrections = 0
    if not args.no_corrections and Path(ctx.db_path).exists():
        try:
            conn = connect(ctx.db_path)
        except DatabaseError as exc:
            raise UsageError(str(exc)) from exc
        from analysis.tagger import mention_text
        from storage.tags import motivation_corrections

        rows = motivation_corrections(conn)
        conn.close()
        examples += [MotivationExample(mention_text(r["title"], r["text"]), frozenset(json.loads(r["motivations"])),
                                       USER_WEIGHT) for r in rows]
        corrections = len(rows)
    if not examples:
        raise UsageError("rien à apprendre : donnez un fichier annoté (JSONL text/motivations) ou corrigez des "
                         "motivations dans le tableau de bord, puis relancez")
    from analysis.model_store import train_user_motivation_model

    summary = train_user_motivation_model(ctx.db_path, examples)
    summary.update({"files": args.files, "corrections": corrections})
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    log.info("modèle enregistré dans %s ; lancez `veille analyze` pour ré-analyser les mentions", summary["model"])
    return EXIT_OK
