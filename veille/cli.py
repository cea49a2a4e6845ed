"""`veille` command line: every module in `veille/commands/` adds one sub-command.

Exit codes: 0 all good, 1 some source or step failed (the others still ran), 2 bad usage or config.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sqlite3
import sys

from storage.db import DatabaseError
from veille import __version__, commands
from veille.commands._common import EXIT_PARTIAL, EXIT_USAGE, UsageError
from veille.config import ConfigError
from veille.lock import LockBusy
from veille.logs import setup_logging

log = logging.getLogger("veille")


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every command module's sub-parser."""
    parser = argparse.ArgumentParser(
        prog="veille",
        description="Veille : social listening et e-réputation en français. Les mentions de vos marques, "
        "collectées dans un seul fichier SQLite qui vous appartient.",
    )
    parser.add_argument("--version", action="version", version=f"veille {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="n'afficher que les erreurs (pour cron)")
    parser.add_argument("-v", "--verbose", action="store_true", help="journal détaillé")
    parser.add_argument("--log-json", action="store_true", help="journal en JSON, une ligne par événement")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", required=True)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"veille.commands.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `veille` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(quiet=args.quiet, verbose=args.verbose, json_lines=args.log_json)
    try:
        return int(args.func(args) or 0)
    except (ConfigError, UsageError, DatabaseError) as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    except LockBusy as exc:
        log.error("%s", exc)
        return EXIT_PARTIAL
    except sqlite3.Error as exc:
        log.error("erreur de la base de données : %s. Si le disque est plein, libérez de la place "
                  "(ou `veille prune`) puis relancez : les données déjà enregistrées sont intactes.", exc)
        return EXIT_PARTIAL
    except KeyboardInterrupt:
        log.error("interrompu")
        return 130


if __name__ == "__main__":
    sys.exit(main())
