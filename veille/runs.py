"""A writer command's lifetime: take the run lock, open the database, audit the run."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import storage
from storage.collect_writes import finish_run, mark_interrupted_runs, start_run
from storage.db import DiskFull, disk_full_message, is_disk_full
from veille.lock import RunLock

log = logging.getLogger("veille")


@dataclass
class Run:
    """What a command body gets: the connection, its audit row id, and a summary to fill."""

    conn: sqlite3.Connection
    id: int
    db_path: Path
    summary: dict[str, Any] = field(default_factory=dict)
    failed: bool = False


@contextmanager
def writer_run(db_path: Path, command: str) -> Iterator[Run]:
    """Hold the lock for the whole command; a run killed earlier is detected and its audit row closed.

    A full disk, wherever it strikes (lock file, audit row, a batch), becomes `DiskFull` with the free
    space and the fix; the run's audit row is closed as failed when the database can still take it.
    """
    try:
        with RunLock(db_path, command) as lock:
            conn = storage.connect(db_path)
            try:
                if lock.previous:
                    log.warning("exécution précédente interrompue (%s) : verrou repris", lock.previous)
                mark_interrupted_runs(conn)
                run = Run(conn, start_run(conn, command, os.getpid()), Path(db_path))
                try:
                    yield run
                except BaseException as exc:
                    if is_disk_full(exc):
                        run.summary["error"] = disk_full_message(db_path)
                    _close_failed(run)
                    raise
                finish_run(conn, run.id, "failed" if run.failed else "ok", run.summary)
            finally:
                conn.close()
    except (sqlite3.Error, OSError) as exc:
        if is_disk_full(exc):
            raise DiskFull(disk_full_message(db_path)) from exc
        raise


def _close_failed(run: Run) -> None:
    """Close the audit row of a failed run; if even that cannot be written, the next run marks it interrupted."""
    try:
        finish_run(run.conn, run.id, "failed", run.summary)
    except sqlite3.Error as exc:
        log.warning("exécution n° %d : statut « échec » non enregistré (%s) ; la prochaine exécution la marquera "
                    "« interrompue »", run.id, exc)
