"""`veille dashboard`: start the Streamlit dashboard on the database, listening on 127.0.0.1 unless told otherwise.

Streamlit runs as a child process (the `veille` package never imports `dashboard`): headless, no
usage statistics, the database path passed in `VEILLE_DB`. The database is created or migrated
first, so the dashboard (which opens it read-only) always finds the tables it reads.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import storage
from storage.db import DatabaseError
from veille.commands._common import EXIT_OK, EXIT_USAGE, UsageError, add_config_args, open_context

log = logging.getLogger("veille")
DEFAULT_PORT = 8501
DEFAULT_HOST = "127.0.0.1"
STOP_TIMEOUT = 10  # seconds Streamlit has to stop before it is killed
FORWARDED = (signal.SIGTERM, signal.SIGHUP)


def app_path() -> Path:
    """The dashboard's entry script, next to the `storage` package (source tree or installed)."""
    return Path(storage.__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "dashboard", help="ouvrir le tableau de bord (navigateur, http://127.0.0.1:8501)",
        description="Lance le tableau de bord Streamlit sur la base. Il n'écoute que sur 127.0.0.1 par défaut : "
        "mentions et alertes ne sont pas destinées à tout le réseau. Ctrl+C pour l'arrêter.")
    add_config_args(p)
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port d'écoute (défaut : {DEFAULT_PORT})")
    p.add_argument("--host", default=DEFAULT_HOST, metavar="ADRESSE",
                   help=f"adresse d'écoute (défaut : {DEFAULT_HOST} ; 0.0.0.0 ouvre à tout le réseau, "
                   "à protéger par un proxy authentifié)")
    p.set_defaults(func=run)


def command(db: Path, host: str, port: int) -> list[str]:
    """The `streamlit run` command line."""
    return [
        sys.executable, "-m", "streamlit", "run", str(app_path()),
        "--server.address", host, "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--global.developmentMode", "false", "--client.toolbarMode", "viewer", "--theme.base", "light",
        # a button that opens a page with its filters (`filters.open_with`) sets the widgets through the session state
        "--global.disableWidgetStateDuplicationWarning", "true",
        "--logger.level", "error",  # its errors only: the command says in French where the dashboard is
    ]


def child_env(db: Path, owns: Sequence[str] = ()) -> dict[str, str]:
    """The environment of the Streamlit process: the database, your brands as the config declares them (the base
    keeps them as of its last collect: `dashboard.data.declared_owns`), and the project on the import path."""
    env = dict(os.environ)
    env["VEILLE_DB"] = str(db)
    if owns:
        env["VEILLE_OWN"] = json.dumps(list(owns), ensure_ascii=False)
    root = str(app_path().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def serve(db: Path, host: str, port: int, owns: Sequence[str] = ()) -> int:
    """Run Streamlit until it stops. Ctrl+C stops both; a SIGTERM or SIGHUP (systemd, `kill`) is passed on to it, so
    that no dashboard goes on serving behind a stopped command. Stopped so, it is a success; killed by anything else
    (the OOM killer), it is a failure (128 + the signal), for systemd's `Restart=on-failure`."""
    passed: set[int] = set()
    child: subprocess.Popen | None = None

    def pass_on(signum: int, _frame: object) -> None:
        passed.add(signum)
        if child is not None:
            child.send_signal(signum)

    main_thread = threading.current_thread() is threading.main_thread()  # only it may set signal handlers
    previous = {sig: signal.signal(sig, pass_on) for sig in FORWARDED} if main_thread else {}
    try:
        # Streamlit's banner (« You can now view your Streamlit app… », stdout) is English and names `localhost`
        # even on 127.0.0.1: the command's own log line says where the dashboard is; errors go to stderr
        child = subprocess.Popen(command(db, host, port), env=child_env(db, owns), stdout=subprocess.DEVNULL)
        if passed:  # a signal came before the child existed
            child.send_signal(next(iter(passed)))
        try:
            code = child.wait()
        except KeyboardInterrupt:  # the terminal sent it to both; a `kill -INT` only to us
            pass_on(signal.SIGINT, None)
            _stopped(child)
            code = 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child is not None and child.poll() is None:
            _stopped(child)
    if code < 0:
        return EXIT_OK if -code in passed else 128 - code
    return code or EXIT_OK


def _stopped(child: subprocess.Popen) -> int:
    """Wait for Streamlit to stop, killing it after STOP_TIMEOUT seconds or at a second Ctrl+C."""
    try:
        return child.wait(timeout=STOP_TIMEOUT)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        child.kill()
        return child.wait()


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} : un port est un nombre entre 1 et 65535 (par exemple 8501)")
    ctx = open_context(args, config_required=False)
    db = ctx.db_path.resolve()
    try:
        storage.connect(db).close()  # create or migrate: the dashboard only reads
    except DatabaseError as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("le tableau de bord écoute sur %s : toute machine qui peut joindre cette adresse verra vos "
                    "mentions et pourra acquitter des alertes", args.host)
    log.info("tableau de bord sur http://%s:%d (base %s) ; Ctrl+C pour arrêter",
             "127.0.0.1" if args.host == "0.0.0.0" else args.host, args.port, db)
    owns = [b.name for b in ctx.config.brands if b.own] if ctx.config else []  # your brand as the config says now
    return serve(db, args.host, args.port, owns)
