"""What every command shares: --config/--db options, loading them, exit codes."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from veille.config import Config, load_config, resolve_db

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2
DEFAULT_CONFIG = "veille.toml"


class UsageError(Exception):
    """Bad usage of a command (exit code 2); the message says what to type instead."""


@dataclass
class Context:
    config: Config | None
    db_path: Path


def add_config_args(parser: argparse.ArgumentParser, db: bool = True) -> None:
    """--config (default: $VEILLE_CONFIG or ./veille.toml) and --db."""
    parser.add_argument("-c", "--config", metavar="FICHIER",
                        help="fichier de configuration (défaut : $VEILLE_CONFIG ou ./veille.toml)")
    if db:
        add_db_arg(parser)


def add_db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="FICHIER",
                        help="fichier SQLite (défaut : $VEILLE_DB, sinon [database] path, sinon ./veille.db)")


def open_context(args: argparse.Namespace, config_required: bool = True) -> Context:
    """Load the config (required or optional) and resolve the database path."""
    path = getattr(args, "config", None) or os.environ.get("VEILLE_CONFIG") or DEFAULT_CONFIG
    config = None
    if config_required or Path(path).exists():
        config = load_config(path)
    return Context(config, resolve_db(getattr(args, "db", None), config))


def existing_db(ctx: Context) -> Path:
    """The database path of a command that works on collected data: it must exist (never created empty here)."""
    if ctx.db_path.exists():
        return ctx.db_path
    where = "" if ctx.config is None else f" (d'après {ctx.config.path})"
    raise UsageError(f"base de données introuvable : {ctx.db_path}{where}. Indiquez-la avec --db ou VEILLE_DB, "
                     "ou créez-la en collectant d'abord : `veille init` puis `veille collect`.")
