"""The steps of `veille run` (and of the demo): collect → analyze → alerts, each reported in the run."""

from __future__ import annotations

import logging
from datetime import datetime

from storage.db import is_disk_full
from veille.commands.collect import collect_step
from veille.config import Config
from veille.runs import Run

log = logging.getLogger("veille.run")


def analyze_step(run: Run, config: Config, progress: bool = False, workers: int | None = None) -> bool:
    """Tag pending mentions; False (and logged) when the step failed, batches already saved stay saved."""
    from analysis.model_store import load_tagger  # spaCy loads in ~3 s: only when a run needs it
    from analysis.runner import analyze_pending

    settings = config.analysis
    try:
        with load_tagger(run.db_path, workers=workers or settings.workers) as tagger:
            done = analyze_pending(run.conn, tagger, batch_size=settings.batch_size, progress=progress)
    except Exception as exc:
        if is_disk_full(exc):
            raise  # not the analysis' fault: the run stops and says so (veille.runs)
        log.error("analyse : %s", exc, exc_info=log.isEnabledFor(logging.DEBUG))
        run.summary["analyze"] = {"error": str(exc)}
        return False
    log.info("analyse : %d mention(s) analysée(s)", done)
    run.summary["analyze"] = {"tagged": done}
    return True


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
    report = collect_step(run, config, only)
    analyzed = analyze_step(run, config, progress=progress)
    alerted = alerts_step(run, config, now)
    ok = not report.failed and analyzed and alerted
    run.failed = run.failed or not ok
    return ok
