"""`veille collect`: fetch every source once and store the new mentions."""

from __future__ import annotations

import argparse
import logging

from collectors.runner import CollectReport, SourceReport, collect
from veille.commands._common import EXIT_OK, EXIT_PARTIAL, UsageError, add_config_args, open_context
from veille.commands.sources import STATUS_FR
from veille.runs import Run, writer_run

log = logging.getLogger("veille.collect")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("collect", help="collecter les sources une fois",
                       description="Interroge chaque source du fichier de configuration et enregistre les "
                       "nouvelles mentions des marques. Sans effet si rien n'a changé. Code de sortie 1 si une "
                       "source a échoué ou est partielle (certaines de ses adresses ont échoué).")
    add_config_args(p)
    p.add_argument("--source", action="append", metavar="NOM", help="ne collecter que cette source (répétable)")
    p.set_defaults(func=run)


def collect_step(run: Run, config, only: list[str] | None) -> CollectReport:
    """The collect step shared by `collect` and `run`: logs a summary and records it in the run."""
    if only:
        unknown = set(only) - {s.name for s in config.sources}
        if unknown:
            raise UsageError(f"source(s) inconnue(s) : {', '.join(sorted(unknown))} ; "
                             f"sources configurées : {', '.join(s.name for s in config.sources)}")
    report = collect(run.conn, config.brands, config.sources, run_id=run.id, only=set(only or ()))
    for s in report.sources:
        log.info("source %s : %s, %d mention(s) nouvelle(s)", s.name, STATUS_FR.get(s.status, s.status), s.new,
                 extra={"source": s.name})
    run.summary["collect"] = {"new": report.new, "failed": [s.name for s in report.failed],
                              "failed_urls": {s.name: [f["target"] for f in s.failed_targets]
                                              for s in report.sources if s.failed_targets}}
    if report.failed:
        run.failed = True
        log.error("collecte : %d source(s) en échec ou partielle(s) : %s", len(report.failed),
                  ", ".join(_trouble(s) for s in report.failed))
    log.info("collecte terminée : %d nouvelle(s) mention(s)", report.new)
    return report


def _trouble(s: SourceReport) -> str:
    """`presse (partiel : 1 adresse(s) sur 20 en échec : https://…)`, `x-fr (échec)`: what the run log names."""
    what = STATUS_FR.get(s.status, s.status)
    if s.status == "partial":
        what += f" : {s.failure_summary} : " + ", ".join(f["target"] for f in s.failed_targets)
    return f"{s.name} ({what})"


def run(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    if not ctx.config.sources:
        raise UsageError(f"{ctx.config.path} : aucune source ([[sources]]) ; ajoutez-en une, voir `veille init`")
    with writer_run(ctx.db_path, "collect") as r:
        report = collect_step(r, ctx.config, args.source)
    return EXIT_PARTIAL if report.failed else EXIT_OK
