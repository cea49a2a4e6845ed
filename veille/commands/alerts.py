"""`veille alerts`: detect spikes and deliver notifications; list, acknowledge and resolve alerts."""

from __future__ import annotations

import argparse
import logging

import storage
from presentation.numbers import number
from presentation.summary import alert_value
from storage.alerts import STATUS_LABELS, AlertError, list_alerts, set_alert_status
from storage.dashboard_queries import brand_names
from storage.db import DatabaseError
from storage.query import fold
from veille.commands._common import (
    EXIT_OK,
    EXIT_PARTIAL,
    UsageError,
    add_config_args,
    existing_db,
    open_context,
    resolve_brands,
)
from veille.notify import METRIC_LABELS

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
    parser.add_argument("--status", type=status_arg, metavar="STATUT",
                        help="avec --list : ce statut seulement : ouverte, prise-en-compte ou résolue "
                             "(open, acknowledged, resolved aussi acceptés)")
    parser.add_argument("--brand", action="append", metavar="MARQUE",
                        help="avec --list : cette marque, majuscules et accents libres (répétable)")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="avec --list : nombre maximal (défaut : 50)")
    parser.set_defaults(func=run)


# French words first (what `--list` shows), then the stored English codes, which scripts may already use.
STATUS_WORDS = {"ouverte": "open", "ouvertes": "open", "prise-en-compte": "acknowledged",
                "prises-en-compte": "acknowledged", "resolue": "resolved", "resolues": "resolved", "close": "resolved",
                "closes": "resolved", **{code: code for code in STATUS_LABELS}}


def status_arg(text: str) -> str:
    """`--status` value: French or English, any case, accents and spaces optional, singular or plural."""
    found = STATUS_WORDS.get("-".join(fold(text).replace("_", " ").replace("-", " ").split()))
    if found is None:
        raise argparse.ArgumentTypeError(f"statut inconnu « {text} » : ouverte, prise-en-compte ou résolue")
    return found


def _connect(path):
    try:
        return storage.connect(path)
    except DatabaseError as exc:
        raise UsageError(str(exc)) from exc


def print_alerts(alerts: list[dict]) -> None:
    """Aligned columns, French labels (the stored codes are for scripts: `veille export`, SQL)."""
    if not alerts:
        print("Aucune alerte.")
        return
    rows = [(str(a["id"]), STATUS_LABELS.get(a["status"], a["status"]), a["brand"],
             METRIC_LABELS.get(a["metric"], a["metric"]), a["window_start"], alert_value(a["metric"], a["observed"]),
             alert_value(a["metric"], a["expected"]), number(a["severity"], 1)) for a in alerts]
    titles = ("n°", "statut", "marque", "mesure", "début (UTC)", "observé", "attendu", "sévérité")
    widths = [max(len(t), *(len(r[i]) for r in rows)) for i, t in enumerate(titles)]
    numeric = {0, 5, 6, 7}
    for row in (titles, *rows):
        print("  ".join(v.rjust(w) if i in numeric else v.ljust(w)
                        for i, (v, w) in enumerate(zip(row, widths, strict=True))).rstrip())


def run(args: argparse.Namespace) -> int:
    if args.ack is not None or args.resolve is not None or args.list:
        ctx = open_context(args, config_required=False)
        conn = _connect(existing_db(ctx))
        try:
            if args.list:
                brands = resolve_brands(args.brand, brand_names(conn), "--brand") if args.brand else None
                print_alerts(list_alerts(conn, status=args.status, brands=brands, limit=args.limit))
                return EXIT_OK
            alert_id, status = (args.ack, "acknowledged") if args.ack is not None else (args.resolve, "resolved")
            alert = set_alert_status(conn, alert_id, status)
        except AlertError as exc:
            raise UsageError(str(exc)) from exc
        finally:
            conn.close()
        print(f"Alerte {alert['id']} ({alert['brand']}, {METRIC_LABELS.get(alert['metric'], alert['metric'])}) : "
              f"{STATUS_LABELS[alert['status']]}.")
        return EXIT_OK
    from veille.alerting import run_alerts
    from veille.runs import writer_run

    ctx = open_context(args)
    with writer_run(ctx.db_path, "alerts") as r:
        ok = run_alerts(r.conn, ctx.config)
        r.summary["alerts"] = {"ok": ok}
        r.failed = not ok
    return EXIT_OK if ok else EXIT_PARTIAL
