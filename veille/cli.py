"""`veille` command line: every module in `veille/commands/` adds one sub-command.

Exit codes: 0 all good, 1 some source or step failed or a source is partial (the others still ran), or the
disk is full, 2 bad usage or config.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sqlite3
import sys

from analysis.errors import PackageMissing
from storage.db import DatabaseError, DiskFull
from veille import __version__, commands
from veille.commands._common import EXIT_PARTIAL, EXIT_USAGE, UsageError
from veille.config import ConfigError
from veille.lock import LockBusy
from veille.logs import setup_logging

log = logging.getLogger("veille")


class FrenchParser(argparse.ArgumentParser):
    """argparse with its own headings and --help in French, like the rest of the interface."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog} : erreur : {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every command module's sub-parser."""
    parser = FrenchParser(
        prog="veille",
        description="Veille : social listening et e-réputation en français. Les mentions de vos marques, "
        "collectées dans un seul fichier SQLite qui vous appartient.",
    )
    parser.add_argument("--version", action="version", version=f"veille {__version__}",
                        help="afficher la version et quitter")
    add_logging_flags(parser, default=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", required=True, parser_class=FrenchParser,
                                title="commandes")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"veille.commands.{info.name}").register(sub)
    for command in sub.choices.values():  # `veille run --quiet` works as well as `veille --quiet run`
        add_logging_flags(command, default=argparse.SUPPRESS)
    return parser


def add_logging_flags(parser: argparse.ArgumentParser, default) -> None:
    """-q/--quiet, -v/--verbose, --log-json (on the main parser and on every command)."""
    parser.add_argument("-q", "--quiet", action="store_true", default=default,
                        help="n'afficher que les erreurs (pour cron)")
    parser.add_argument("-v", "--verbose", action="store_true", default=default, help="journal détaillé")
    parser.add_argument("--log-json", action="store_true", default=default,
                        help="journal en JSON, une ligne par événement (pour un collecteur de journaux)")


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
    except PackageMissing as exc:  # a spaCy model package of the installation is missing
        log.error("installation incomplète : %s", exc, exc_info=log.isEnabledFor(logging.DEBUG))
        return EXIT_USAGE
    except (LockBusy, DiskFull) as exc:
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
