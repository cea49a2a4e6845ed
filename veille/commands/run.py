"""`veille run`: collect → analyze → alerts, the cron entry point."""

from __future__ import annotations

import argparse

from veille.commands._common import EXIT_OK, EXIT_PARTIAL, UsageError, add_config_args, open_context
from veille.logs import show_progress
from veille.pipeline import run_pipeline
from veille.runs import writer_run


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="collecter, analyser, alerter (la commande à mettre dans cron)",
                       description="Collecte toutes les sources, analyse les nouvelles mentions, détecte les pics "
                       "et envoie les alertes. Ne dort jamais : une source limitée par son API est reportée. "
                       "Code de sortie 1 si une source ou une étape a échoué, ou si une source est partielle (certaines de ses "
                       "adresses ont échoué), les autres ayant tourné.")
    add_config_args(p)
    p.add_argument("--source", action="append", metavar="NOM", help="ne collecter que cette source (répétable)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    if not ctx.config.sources:
        raise UsageError(f"{ctx.config.path} : aucune source ([[sources]]) ; ajoutez-en une, voir `veille init`")
    with writer_run(ctx.db_path, "run") as r:
        ok = run_pipeline(r, ctx.config, only=args.source, progress=show_progress(args.quiet))
    return EXIT_OK if ok else EXIT_PARTIAL
