"""The steps of `veille run` (and of the demo): collect → analyze → alerts, each reported in the run.

`veille collect` and `veille analyze` run the same steps alone: the commands import this module, never the reverse.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from typing import Any

from collectors.runner import CollectReport, SourceReport, collect
from storage.db import is_disk_full
from veille.config import AnalysisSettings, Config
from veille.runs import Run
from veille.usage import UsageError

log = logging.getLogger("veille.run")
collect_log = logging.getLogger("veille.collect")  # each step logs under its command's name, run alone or in `run`
analyze_log = logging.getLogger("veille.analyze")

STATUS_FR = {"new": "jamais collectée", "ok": "ok", "warning": "avertissement", "partial": "partiel",
             "failed": "échec", "rate_limited": "limite d'API", "skipped": "reportée"}


def collect_step(run: Run, config: Config, only: list[str] | None) -> CollectReport:
    """The collect step shared by `collect` and `run`: logs a summary and records it in the run."""
    if only:
        unknown = set(only) - {s.name for s in config.sources}
        if unknown:
            raise UsageError(f"source(s) inconnue(s) : {', '.join(sorted(unknown))} ; "
                             f"sources configurées : {', '.join(s.name for s in config.sources)}")
    report = collect(run.conn, config.brands, config.sources, run_id=run.id, only=set(only or ()))
    for s in report.sources:
        collect_log.info("source %s : %s, %d mention(s) nouvelle(s)", s.name, STATUS_FR.get(s.status, s.status), s.new,
                 extra={"source": s.name})
    run.summary["collect"] = {"new": report.new, "failed": [s.name for s in report.failed],
                              "failed_urls": {s.name: [f["target"] for f in s.failed_targets]
                                              for s in report.sources if s.failed_targets}}
    if report.failed:
        run.failed = True
        collect_log.error("collecte : %d source(s) en échec ou partielle(s) : %s", len(report.failed),
                  ", ".join(_trouble(s) for s in report.failed))
    collect_log.info("collecte terminée : %d nouvelle(s) mention(s)", report.new)
    return report


def _trouble(s: SourceReport) -> str:
    """`presse (partiel : 1 adresse(s) sur 20 en échec : https://…)`, `x-fr (échec)`: what the run log names."""
    what = STATUS_FR.get(s.status, s.status)
    if s.status == "partial":
        what += f" : {s.failure_summary} : " + ", ".join(f["target"] for f in s.failed_targets)
    return f"{s.name} ({what})"


def analysis_options(settings: AnalysisSettings, batch_size: int | None = None,
                     workers: int | None = None) -> tuple[int, int]:
    """(batch_size, workers): the values given (command line), else [analysis] of the config, checked."""
    batch_size = settings.batch_size if batch_size is None else batch_size
    workers = settings.workers if workers is None else workers
    if batch_size < 1:
        raise UsageError(f"--batch-size {batch_size} : un entier ≥ 1 est attendu (par exemple 128)")
    cores = os.cpu_count() or 1
    if not 1 <= workers <= max(2, cores):
        raise UsageError(f"--workers {workers} : entre 1 et {max(2, cores)} processus sur cette machine")
    return batch_size, workers


def analyze_step(run: Run, batch_size: int, workers: int, progress: bool = False) -> dict[str, Any]:
    """Tag pending mentions; the step's summary, with `error` when it failed (batches already saved stay saved)."""
    from analysis.model_store import load_tagger  # spaCy loads in ~3 s: only when a run needs it
    from analysis.runner import analyze_pending

    try:
        with load_tagger(run.db_path, workers=workers) as tagger:
            done = analyze_pending(run.conn, tagger, batch_size=batch_size, progress=progress)
    except Exception as exc:
        if is_disk_full(exc):
            raise  # not the analysis' fault: the run stops and says so (veille.runs)
        analyze_log.error("analyse interrompue : %s", exc, exc_info=analyze_log.isEnabledFor(logging.DEBUG))
        return {"error": str(exc)}
    analyze_log.info("%d mention(s) analysée(s) (%s %s)", done, tagger.analyzer, tagger.version)
    return {"tagged": done, "analyzer": tagger.analyzer, "version": tagger.version}


def alerts_step(run: Run, config: Config, now: datetime | None = None) -> bool:
    """Detect spikes, store alerts, deliver pending notifications (failed ones are retried next run)."""
    from veille.alerting import run_alerts  # numpy/scipy load in ~2 s: not for `veille --help`

    try:
        ok = run_alerts(run.conn, config, now)
    except Exception as exc:
        if is_disk_full(exc):
            raise
        log.error("alertes : %s", exc, exc_info=log.isEnabledFor(logging.DEBUG))
        run.summary["alerts"] = {"error": str(exc)}
        return False
    run.summary["alerts"] = {"ok": ok}
    return ok


def run_pipeline(run: Run, config: Config, only: list[str] | None = None, progress: bool = False,
                 now: datetime | None = None) -> bool:
    """Collect, analyze, detect and deliver alerts; True when every step succeeded (each runs regardless).

    `now` is the alerts' clock (default: the real one): the demo's tests freeze it.
    """
    batch_size, workers = analysis_options(config.analysis)  # a bad setting stops the run before it starts
    report = collect_step(run, config, only)
    run.summary["analyze"] = analysis = analyze_step(run, batch_size, workers, progress=progress)
    alerted = alerts_step(run, config, now)
    ok = not report.failed and "error" not in analysis and alerted
    run.failed = run.failed or not ok
    return ok
