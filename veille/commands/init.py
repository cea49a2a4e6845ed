"""`veille init`: write a commented starter `veille.toml`."""

from __future__ import annotations

import argparse
import logging
from importlib import resources
from pathlib import Path

from veille.commands._common import EXIT_OK, UsageError

log = logging.getLogger("veille")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="écrire un veille.toml de départ, commenté",
                       description="Écrit un fichier de configuration de départ, commenté, à adapter : "
                       "vos marques, vos concurrents, vos sources.")
    p.add_argument("path", nargs="?", default="veille.toml", help="fichier à écrire (défaut : veille.toml)")
    p.add_argument("--force", action="store_true", help="remplacer le fichier s'il existe")
    p.set_defaults(func=run)


def starter_config() -> str:
    """The commented starter configuration shipped with the package."""
    return resources.files("veille").joinpath("starter.toml").read_text(encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.exists() and not args.force:
        raise UsageError(f"{path} existe déjà ; ajoutez --force pour le remplacer")
    path.write_text(starter_config(), encoding="utf-8")
    log.info("configuration écrite dans %s : ajoutez vos marques et vos sources, puis `veille collect -c %s`",
             path, path)
    return EXIT_OK
