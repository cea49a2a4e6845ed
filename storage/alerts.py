"""Alerts: listing and lifecycle (open → acknowledged → resolved), upserts, notification queue, series.

Alerts are read by the dashboard and `veille alerts`, written by the alerting run and by operators.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from storage.db import transaction, utcnow

STATUSES = ("open", "acknowledged", "resolved")
METRICS = ("volume", "negative_volume", "negative_share")
_ORDER = {status: rank for rank, status in enumerate(STATUSES)}


class AlertError(Exception):
    """An alert action that cannot be done (unknown id, going back in the lifecycle); the message says why."""


def _alert_dict(row: sqlite3.Row) -> dict[str, Any]:
    alert = dict(row)
    alert["explanation"] = json.loads(alert["explanation"] or "{}")
    return alert


def list_alerts(
    conn: sqlite3.Connection,
    status: str | Iterable[str] | None = None,
    brands: Iterable[str] | None = None,
    since: str | None = None,
    limit: int | None = 200,
) -> list[dict[str, Any]]:
    """Alerts, newest spike first, as dicts (`explanation` decoded from JSON).

    `status` is one status or several; `brands` keeps only those brands; `since` (UTC ISO-8601)
    keeps alerts whose window ends at or after it. Each dict also has `notifications`:
    the delivery state per channel, e.g. `{"webhook": "sent", "email": "failed"}`.
    """
    where, params = [], []
    if status is not None:
        statuses = [status] if isinstance(status, str) else list(status)
        unknown = [s for s in statuses if s not in STATUSES]
        if unknown:
            raise AlertError(f"statut d'alerte inconnu : {', '.join(unknown)}. Statuts possibles : {', '.join(STATUSES)}")
        where.append(f"a.status IN ({','.join('?' * len(statuses))})")
        params += statuses
    if brands is not None:
        names = list(brands)
        where.append(f"a.brand IN ({','.join('?' * len(names))})")
        params += names
    if since is not None:
        where.append("a.window_end >= ?")
        params.append(since)
    sql = (
        "SELECT a.*, (SELECT json_group_object(n.channel, n.status) FROM notifications n "
        "WHERE n.alert_id = a.id) AS notifications FROM alerts a"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY a.window_start DESC, a.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    alerts = []
    for row in conn.execute(sql, params):
        alert = _alert_dict(row)
        alert["notifications"] = json.loads(alert["notifications"] or "{}")
        alerts.append(alert)
    return alerts


def get_alert(conn: sqlite3.Connection, alert_id: int) -> dict[str, Any] | None:
    """One alert by id, or None."""
    row = conn.execute("SELECT * FROM alerts WHERE id = ?", (alert_id,)).fetchone()
    return None if row is None else _alert_dict(row)


def set_alert_status(conn: sqlite3.Connection, alert_id: int, status: str) -> dict[str, Any]:
    """Move an alert forward in its lifecycle and return it; setting the current status again changes nothing.

    open → acknowledged → resolved (open → resolved directly is allowed). Going back is refused:
    a spike that comes back later is a new alert.
    """
    if status not in STATUSES:
        raise AlertError(f"statut d'alerte inconnu : {status!r}. Statuts possibles : {', '.join(STATUSES)}")
    now = utcnow()
    with transaction(conn):
        row = conn.execute("SELECT status FROM alerts WHERE id = ?", (alert_id,)).fetchone()
        if row is None:
            raise AlertError(f"alerte {alert_id} introuvable. `veille alerts` liste les alertes et leurs numéros.")
        current = row["status"]
        if _ORDER[status] < _ORDER[current]:
            raise AlertError(f"l'alerte {alert_id} est déjà « {current} » : impossible de revenir à « {status} »")
        if status != current:
            conn.execute(
                "UPDATE alerts SET status = ?, updated_at = ?, "
                "acknowledged_at = CASE WHEN ? = 'acknowledged' THEN ? ELSE acknowledged_at END, "
                "resolved_at = CASE WHEN ? = 'resolved' THEN ? ELSE resolved_at END WHERE id = ?",
                (status, now, status, now, status, now, alert_id),
            )
    alert = get_alert(conn, alert_id)
    assert alert is not None
    return alert
