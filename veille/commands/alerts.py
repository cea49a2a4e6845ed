"""`veille alerts`: detect spikes and deliver notifications; list, acknowledge and resolve alerts."""

from __future__ import annotations

import argparse
import logging

import storage
from storage.alerts import STATUSES, AlertError, list_alerts, set_alert_status
from storage.db import DatabaseError
from veille.commands._common import EXIT_OK, EXIT_PARTIAL, UsageError, add_config_args, open_context

log = logging.getLogger("veille.alerts")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "alerts",
        help="détecter les pics, envoyer les alertes ; lister, prendre en compte, clore",
        description="Sans option : cherche les pics de chaque marque (volume, volume négatif, part négative), "
        "enregistre les alertes et envoie les notifications en attente (celles en échec sont réessayées). "
        "--list affiche les alertes ; --ack et --resolve les font avancer : ouverte → prise en compte → close.",
    )
    add_config_args(parser)
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--list", action="store_true", help="lister les alertes au lieu de détecter")
    action.add_argument("--ack", type=int, metavar="ID", help="marquer l'alerte ID comme prise en compte")
    action.add_argument("--resolve", type=int, metavar="ID", help="clore l'alerte ID")
    parser.add_argument("--status", choices=STATUSES, help="avec --list : ce statut seulement")
    parser.add_argument("--brand", action="append", metavar="MARQUE", help="avec --list : cette marque (répétable)")
    parser.add_argument("--limit", type=int, default=50, help="avec --list : nombre maximal (défaut : 50)")
    parser.set_defaults(func=run)


def _connect(path):
    try:
        return storage.connect(path)
    except DatabaseError as exc:
        raise UsageError(str(exc)) from exc


def print_alerts(alerts: list[dict]) -> None:
    if not alerts:
        print("Aucune alerte.")
        return
    print(f"{'id':>5}  {'statut':<12} {'marque':<16} {'mesure':<16} {'début (UTC)':<20} {'observé':>9} "
          f"{'attendu':>9} {'sévérité':>8}")
    for a in alerts:
        print(f"{a['id']:>5}  {a['status']:<12} {a['brand'][:16]:<16} {a['metric']:<16} {a['window_start']:<20} "
              f"{a['observed']:>9.4g} {a['expected']:>9.4g} {a['severity']:>8.1f}")


def run(args: argparse.Namespace) -> int:
    if args.ack is not None or args.resolve is not None or args.list:
        ctx = open_context(args, config_required=False)
        conn = _connect(ctx.db_path)
        try:
            if args.list:
                print_alerts(list_alerts(conn, status=args.status, brands=args.brand, limit=args.limit))
                return EXIT_OK
            alert_id, status = (args.ack, "acknowledged") if args.ack is not None else (args.resolve, "resolved")
            alert = set_alert_status(conn, alert_id, status)
        except AlertError as exc:
            raise UsageError(str(exc)) from exc
        finally:
            conn.close()
        print(f"Alerte {alert['id']} ({alert['brand']}, {alert['metric']}) : {alert['status']}.")
        return EXIT_OK
    from veille.alerting import run_alerts
    from veille.runs import writer_run

    ctx = open_context(args)
    if not ctx.config.brands:
        raise UsageError(f"{ctx.config.path} : aucune marque ([[brands]]) ; rien à surveiller")
    with writer_run(ctx.db_path, "alerts") as r:
        ok = run_alerts(r.conn, ctx.config)
        r.summary["alerts"] = {"ok": ok}
        r.failed = not ok
    return EXIT_OK if ok else EXIT_PARTIAL
