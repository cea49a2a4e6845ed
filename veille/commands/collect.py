"""`veille collect`: fetch every source once and store the new mentions."""

from __future__ import annotations

import argparse

from veille.commands._common import EXIT_OK, EXIT_PARTIAL, UsageError, add_config_args, open_context
from veille.pipeline import collect_step
from veille.runs import writer_run


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("collect", help="collecter les sources une fois",
                       description="Interroge chaque source du fichier de configuration et enregistre les "
                       "nouvelles mentions des marques. Sans effet si rien n'a changé. Code de sortie 1 si une "
                       "source a échoué ou est partielle (certaines de ses adresses ont échoué).")
    add_config_args(p)
    p.add_argument("--source", action="append", metavar="NOM", help="ne collecter que cette source (répétable)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    if not ctx.config.sources:
        raise UsageError(f"{ctx.config.path} : aucune source ([[sources]]) ; ajoutez-en une, voir `veille init`")
    with writer_run(ctx.db_path, "collect") as r:
        report = collect_step(r, ctx.config, args.source)
    return EXIT_PARTIAL if report.failed else EXIT_OK
