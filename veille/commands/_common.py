"""What every command shares: --config/--db options, loading them, exit codes."""

from __future__ import annotations

import argparse
import difflib
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from storage.query import fold
from veille.config import Config, load_config, resolve_db
from veille.usage import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, UsageError  # noqa: F401 (the commands import them from here)

DEFAULT_CONFIG = "veille.toml"


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


def resolve_brands(asked: Iterable[str], known: Sequence[str], option: str, commas: bool = False) -> list[str]:
    """The base's spelling of each brand asked for, matched without regard to case or accents (`orbelle`, `Borea`)
    unless it is written exactly, so that a filter never selects nothing in silence; an unknown name is a usage
    error naming the closest one and the known ones, an ambiguous one (`Borea` and `Boréa` in the base after a
    renaming) an error naming both. `commas`: a value may list several names (`--brands A,B`)."""
    folded: dict[str, list[str]] = {}
    for brand in known:
        folded.setdefault(fold(brand), []).append(brand)
    chosen = []
    for name in (n.strip() for value in asked for n in (value.split(",") if commas else [value])):
        if not name:
            continue
        matches = [name] if name in known else folded.get(fold(name), [])
        if not matches:
            close = difflib.get_close_matches(fold(name), list(folded), n=1, cutoff=0.6)
            hint = f" ; vouliez-vous dire {folded[close[0]][0]} ?" if close else "."
            raise UsageError(f"{option} : marque inconnue « {name} »{hint} Marques de la base : "
                             f"{', '.join(known) or 'aucune'}")
        if len(matches) > 1:
            raise UsageError(f"{option} : « {name} » peut désigner {' ou '.join(matches)} ; écrivez-la exactement")
        chosen.append(matches[0])
    return list(dict.fromkeys(chosen))


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


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to `path`, moved over it only if the body succeeds: an interrupted write never
    leaves a truncated file behind. A path that is no regular file (`/dev/null`, a named pipe) is written into:
    moving a file over it would replace the device itself."""
    if path.exists() and not path.is_file():
        yield path
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
