"""The run lock: one writer command at a time per database, never waiting.

An OS lock (`flock`) on `<db>.lock`: the kernel releases it when a process dies, so a
lock left by a killed run is simply taken over; the file keeps the holder's pid and
start time so a second run can say who is running.
"""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path

from storage.db import is_disk_full


class LockBusy(Exception):
    """Another run holds the lock; the message says which one."""


class RunLock:
    """`with RunLock(db_path, "collect"):` — raises `LockBusy` at once if another run holds it."""

    def __init__(self, db_path: Path, command: str):
        self.path = Path(f"{db_path}.lock")
        self.command = command
        self.fd: int | None = None
        self.previous: str = ""  # what the file said before we took it (a killed run's trace)

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "inconnue"
            os.close(fd)
            raise LockBusy(
                f"une autre exécution de veille utilise déjà {self.path.with_suffix('')} ({holder}) ; "
                "celle-ci s'arrête sans rien faire. Réessayez quand elle aura fini."
            ) from None
        self.previous = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
        started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}, commande {self.command}, depuis {started}\n".encode(), 0)
        except OSError as exc:  # a full disk: the lock is held all the same, only the holder's name is missing
            if not is_disk_full(exc):
                os.close(fd)
                raise
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
