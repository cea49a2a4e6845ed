"""`veille prune --older-than DAYS`: delete old mentions and everything attached to them; keep alerts."""

from __future__ import annotations

import argparse
import logging
from datetime import UTC, datetime, timedelta

from storage.db import open_readonly
from storage.maintenance import PruneReport, optimize, plan_prune, prune_mentions
from veille.commands._common import EXIT_OK, UsageError, add_config_args, open_context
from veille.runs import writer_run

log = logging.getLogger("veille.prune")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "prune", help="supprimer les mentions anciennes (les alertes restent)",
        description="Supprime les mentions publiées il y a plus de JOURS jours, avec leurs marques, analyses, "
        "thèmes, émotions et motivations, ainsi que le journal technique (fetches, runs) plus ancien. Les "
        "alertes restent. Les mentions dont un utilisateur a corrigé le sentiment restent aussi (elles servent "
        "à réentraîner le modèle), sauf avec --include-corrected. Travaille par lots : on peut l'interrompre "
        "et le relancer.",
    )
    add_config_args(p)
    p.add_argument("--older-than", type=int, required=True, metavar="JOURS",
                   help="âge minimal, en jours, des mentions à supprimer (par exemple 365)")
    p.add_argument("--dry-run", action="store_true", help="compter seulement, sans rien supprimer")
    p.add_argument("--include-corrected", action="store_true",
                   help="supprimer aussi les mentions dont le sentiment a été corrigé à la main")
    p.add_argument("--vacuum", action="store_true",
                   help="rendre la place au disque ensuite (VACUUM : demande autant d'espace libre que la base)")
    p.set_defaults(func=run)


def cutoff_for(days: int, now: datetime | None = None) -> str:
    """The UTC instant `days` ago, in the `*_at` format."""
    if days < 1:
        raise UsageError(f"--older-than {days} : un nombre de jours ≥ 1 est attendu (par exemple 365)")
    return ((now or datetime.now(UTC)) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def format_report(report: PruneReport, dry_run: bool) -> str:
    """The counts, one table per line, as an operator reads them."""
    verb = "seraient supprimées" if dry_run else "supprimées"
    lines = [f"Lignes publiées ou enregistrées avant le {report.cutoff} ({verb}) :"]
    width = max(len(t) for t in report.deleted)
    lines += [f"  {table:<{width}}  {n:>10,}".replace(",", "\u202f") for table, n in report.deleted.items()]
    if report.kept_corrected:
        lines.append(f"{report.kept_corrected} mention(s) corrigée(s) à la main conservée(s) "
                     "(--include-corrected pour les supprimer aussi).")
    lines.append("Les alertes et leurs notifications sont conservées.")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    cutoff = cutoff_for(args.older_than)
    ctx = open_context(args, config_required=False)
    keep = not args.include_corrected
    if args.dry_run:
        conn = open_readonly(ctx.db_path)
        try:
            report = plan_prune(conn, cutoff, keep_corrected=keep)
        finally:
            conn.close()
    else:
        with writer_run(ctx.db_path, "prune") as r:
            report = prune_mentions(r.conn, cutoff, keep_corrected=keep)
            r.summary.update({"cutoff": cutoff, "deleted": report.deleted, "kept_corrected": report.kept_corrected})
            optimize(r.conn, vacuum=args.vacuum)
    if not args.quiet:
        print(format_report(report, args.dry_run))
    log.info("purge %s : %d mention(s) avant %s", "simulée" if args.dry_run else "terminée",
             report.deleted["mentions"], cutoff)
    return EXIT_OK
