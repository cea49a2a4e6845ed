"""`veille analyze`: tag the mentions that are pending (never tagged, or tagged by an older analyzer)."""

from __future__ import annotations

import argparse
import logging
import os

from storage.db import is_disk_full
from veille.commands._common import (
    EXIT_OK,
    EXIT_PARTIAL,
    UsageError,
    add_config_args,
    existing_db,
    open_context,
)
from veille.config import AnalysisSettings
from veille.logs import show_progress
from veille.runs import writer_run

log = logging.getLogger("veille.analyze")


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
    batch_size = settings.batch_size if args.batch_size is None else args.batch_size
    workers = settings.workers if args.workers is None else args.workers
    if batch_size < 1:
        raise UsageError(f"--batch-size {batch_size} : un entier ≥ 1 est attendu (par exemple 128)")
    cores = os.cpu_count() or 1
    if not 1 <= workers <= max(2, cores):
        raise UsageError(f"--workers {workers} : entre 1 et {max(2, cores)} processus sur cette machine")
    return batch_size, workers


def run(args: argparse.Namespace) -> int:
    ctx = open_context(args, config_required=False)
    existing_db(ctx)  # nothing to analyse in a database that does not exist: never create an empty one
    batch_size, workers = analysis_options(args, ctx.config.analysis if ctx.config else AnalysisSettings())
    # spaCy takes ~3 s to load: imported only when the command runs, not for `veille --help`.
    from analysis.model_store import load_tagger
    from analysis.runner import analyze_pending

    with writer_run(ctx.db_path, "analyze") as r:  # the run lock: never two writers at once
        try:
            with load_tagger(r.db_path, workers=workers) as tagger:
                done = analyze_pending(r.conn, tagger, batch_size=batch_size, progress=show_progress(args.quiet))
        except Exception as exc:  # the step failed: say why; batches already saved stay saved
            if is_disk_full(exc):
                raise  # named by veille.runs with the free space and the fix
            log.error("analyse interrompue : %s", exc, exc_info=log.isEnabledFor(logging.DEBUG))
            r.summary["error"] = str(exc)
            r.failed = True
            return EXIT_PARTIAL
        log.info("%d mention(s) analysée(s) (%s %s)", done, tagger.analyzer, tagger.version)
        r.summary.update({"tagged": done, "analyzer": tagger.analyzer, "version": tagger.version})
    return EXIT_OK
