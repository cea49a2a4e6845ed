"""`veille backup FILE`: a consistent copy of the database, safe to run while collectors write."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from storage.maintenance import backup_database
from veille.commands._common import EXIT_OK, UsageError, add_config_args, open_context

log = logging.getLogger("veille.backup")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "backup", help="sauvegarder la base (cohérente, même pendant une collecte)",
        description="Copie la base dans FICHIER avec l'API de sauvegarde de SQLite : la copie est un instantané "
        "cohérent, même si une collecte écrit en même temps, et n'empêche pas la collecte d'avancer. La copie "
        "est vérifiée (PRAGMA integrity_check et index plein texte) avant de prendre sa place.",
    )
    add_config_args(p)
    p.add_argument("file", metavar="FICHIER", help="fichier de sauvegarde à écrire, par exemple sauvegardes/2026-11-27/veille.db")
    p.add_argument("--force", action="store_true", help="remplacer FICHIER s'il existe déjà")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ctx = open_context(args, config_required=False)
    dest = Path(args.file)
    if dest.exists() and not args.force:
        raise UsageError(f"{dest} existe déjà ; ajoutez --force pour le remplacer, ou choisissez un autre nom "
                         "(par exemple avec la date du jour)")
    report = backup_database(ctx.db_path, dest)
    log.info("sauvegarde de %s écrite dans %s : %.1f Mo, %d mention(s), intégrité vérifiée",
             ctx.db_path, report.path, report.size / 1e6, report.mentions)
    return EXIT_OK
