"""`veille analyze`: tag the mentions that are pending (never tagged, or tagged by an older analyzer)."""

from __future__ import annotations

import argparse

from veille import pipeline
from veille.commands._common import EXIT_OK, EXIT_PARTIAL, add_config_args, existing_db, open_context
from veille.config import AnalysisSettings
from veille.logs import show_progress
from veille.runs import writer_run


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="analyser les mentions en attente (langue, sentiment, thèmes, émotions, motivations)",
        description="Analyse les mentions jamais analysées ou analysées par une version plus ancienne de "
        "l'analyseur. Chaque lot est enregistré dès qu'il est prêt : une analyse interrompue reprend où "
        "elle s'était arrêtée.",
    )
    add_config_args(parser)
    add_analysis_args(parser)
    parser.set_defaults(func=run)


def add_analysis_args(parser: argparse.ArgumentParser) -> None:
    """--batch-size and --workers (defaults from [analysis] in veille.toml)."""
    parser.add_argument("--batch-size", type=int, metavar="N", help="mentions par lot (défaut : 128)")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="processus d'analyse (défaut : 1 ; 2 sur une machine à 2 cœurs)")


def analysis_options(args: argparse.Namespace, settings: AnalysisSettings) -> tuple[int, int]:
    """(batch_size, workers) from the command line, else the config, checked."""
    return pipeline.analysis_options(settings, args.batch_size, args.workers)


def run(args: argparse.Namespace) -> int:
    ctx = open_context(args, config_required=False)
    existing_db(ctx)  # nothing to analyse in a database that does not exist: never create an empty one
    batch_size, workers = analysis_options(args, ctx.config.analysis if ctx.config else AnalysisSettings())
    with writer_run(ctx.db_path, "analyze") as r:  # the run lock: never two writers at once
        r.summary.update(pipeline.analyze_step(r, batch_size, workers, progress=show_progress(args.quiet)))
        r.failed = "error" in r.summary
    return EXIT_PARTIAL if r.failed else EXIT_OK
