"""`veille` command line: every module in `veille/commands/` adds one sub-command.

Exit codes: 0 all good, 1 some source or step failed or a source is partial (the others still ran), or the
disk is full, 2 bad usage or config.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import logging
import pkgutil
import re
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


class FrenchHelpFormatter(argparse.HelpFormatter):
    """argparse's help with « utilisation : » instead of "usage:"."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


# argparse's error messages (it has no French translation), most specific first; `{…}` are the English parts.
_ERRORS = (
    (r"the following arguments are required: (?P<names>.+)", "argument(s) obligatoire(s) manquant(s) : {names}"),
    (r"one of the arguments (?P<names>.+) is required", "il faut l'un de ces arguments : {names}"),
    (r"unrecognized arguments: (?P<names>.+)", "argument(s) non reconnu(s) : {names}"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "option ambiguë : {option} peut être {matches}"),
    (r"argument (?P<arg>.+?): not allowed with argument (?P<other>.+)",
     "l'argument {arg} ne va pas avec l'argument {other}"),
    (r"argument (?P<arg>.+?): expected one argument", "l'argument {arg} attend une valeur"),
    (r"argument (?P<arg>.+?): expected at least one argument", "l'argument {arg} attend au moins une valeur"),
    (r"argument (?P<arg>.+?): expected at most one argument", "l'argument {arg} attend au plus une valeur"),
    (r"argument (?P<arg>.+?): expected (?P<n>\d+) arguments?", "l'argument {arg} attend {n} valeurs"),
    (r"argument (?P<arg>.+?): ignored explicit argument (?P<value>.+)",
     "l'argument {arg} ne prend pas de valeur ({value} ignoré)"),
    (r"argument (?P<arg>.+?): invalid (?P<type>int|float) value: (?P<value>.+)",
     "l'argument {arg} attend un nombre{type}, pas {value}"),
    (r"argument (?P<arg>.+?): invalid \S+ value: (?P<value>.+)", "l'argument {arg} : valeur invalide {value}"),
    (r"argument (?P<arg>.+?): (?P<message>.+)", "argument {arg} : {message}"),
)
_INVALID_CHOICE = re.compile(r"(?:argument (?P<arg>.+?): )?invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)")


def _unquote(text: str) -> str:
    return text.strip().strip("'\"")


def _suggest(word: str, candidates: list[str]) -> str:
    """` ; vouliez-vous dire collect ?` for a near miss, else nothing."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" ; vouliez-vous dire {close[0]} ?" if close else ""


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return sorted({option for action in parser._actions for option in action.option_strings})


def _command(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The sub-command's parser when the command line named one (its options are the ones to suggest)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for word in getattr(parser, "seen", []):
                if word in action.choices:
                    return action.choices[word]
    return parser


def french_error(message: str, parser: argparse.ArgumentParser) -> str:
    """argparse's English error in French, with a suggestion for a near miss (`colect` → collect)."""
    choice = _INVALID_CHOICE.fullmatch(message)
    if choice:
        value, choices = _unquote(choice["value"]), [_unquote(c) for c in choice["choices"].split(",")]
        what = "commande inconnue" if choice["arg"] in (None, "COMMANDE") else f"argument {choice['arg']} : valeur"
        return f"{what} « {value} »{_suggest(value, choices) or '.'} Choix possibles : {', '.join(choices)}"
    for pattern, french in _ERRORS:
        found = re.fullmatch(pattern, message)
        if found:
            parts = found.groupdict()
            if "type" in parts:
                parts["type"] = " entier" if parts["type"] == "int" else ""
            text = french.format(**parts)
            if pattern.startswith("unrecognized"):
                unknown = [w.split("=")[0] for w in parts["names"].split() if w.startswith("-")]
                text += "".join(_suggest(w, _options(_command(parser))) for w in unknown[:1])
            return text
    return message


class FrenchParser(argparse.ArgumentParser):
    """argparse with its own headings, --help and error messages in French, like the rest of the interface."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def parse_known_args(self, args=None, namespace=None):
        self.seen = list(sys.argv[1:] if args is None else args)  # for suggestions in `error`
        return super().parse_known_args(args, namespace)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog} : erreur : {french_error(message, self)}\n")


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
