"""Alerts: listing and lifecycle (open → acknowledged → resolved), upserts, notification queue, series.

Alerts are read by the dashboard and `veille alerts`, written by the alerting run and by operators.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from typing import Any

from storage.db import transaction, utcnow
from storage.records import bound_row

STATUSES = ("open", "acknowledged", "resolved")
STATUS_LABELS = {"open": "ouverte", "acknowledged": "prise en compte", "resolved": "résolue"}  # what people read
MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger id cannot exist (and would raise OverflowError)
METRICS = ("volume", "negative_volume", "negative_share")
_ORDER = {status: rank for rank, status in enumerate(STATUSES)}
_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")
# Words too common to explain anything (French and English), for untagged mentions.
_STOPWORDS = frozenset("""
avec cette dans elle elles être leur leurs mais même nous nous-mêmes pour plus sans sont tout tous toute
toutes vous était avait avoir fait faire comme aussi très bien encore alors après avant depuis entre
chez sous ceux celle celui ainsi donc dont quand quel quelle quels quelles selon leurs notre votre nos
vos cela ceci sera seront peut ont est pas que qui les des une aux par sur ils this that with from have
were will would about their there what which your they been more than into just also only over some
""".split())


class AlertError(Exception):
    """An alert action that cannot be done (unknown id, going back in the lifecycle); the message says why."""


def _alert_dict(row: sqlite3.Row) -> dict[str, Any]:
    alert = dict(row)
    alert["explanation"] = json.loads(alert["explanation"] or "{}")
    for mention in alert["explanation"].get("mentions", []):  # an older version may have stored a 1 MB title
        bound_row(mention)
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
    if not 0 < alert_id <= MAX_ID:
        return None
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
        row = None if not 0 < alert_id <= MAX_ID else \
            conn.execute("SELECT status FROM alerts WHERE id = ?", (alert_id,)).fetchone()
        if row is None:
            raise AlertError(f"alerte {alert_id} introuvable. `veille alerts --list` liste les alertes et leurs "
                             "numéros.")
        current = row["status"]
        if _ORDER[status] < _ORDER[current]:
            raise AlertError(f"l'alerte {alert_id} est déjà « {STATUS_LABELS[current]} » : impossible de revenir "
                             f"à « {STATUS_LABELS[status]} »")
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


def hourly_counts(conn: sqlite3.Connection, since: str, until: str) -> dict[str, list[tuple[str, int, int, int]]]:
    """Per brand, the hours with mentions in [since, until): (hour 'YYYY-MM-DDTHH', mentions, negative, tagged).

    `negative` and `tagged` use the brand's own sentiment (a user's correction first); `tagged`
    counts mentions that have a sentiment, so shares are negative / tagged and untagged mentions
    only count in the volume.
    """
    series: dict[str, list[tuple[str, int, int, int]]] = {}
    rows = conn.execute(
        "SELECT brand, substr(published_at, 1, 13) AS hour, count(*) AS mentions, "
        "sum(sentiment = 'negative') AS negative, sum(sentiment IS NOT NULL) AS tagged "
        "FROM brand_mentions WHERE published_at >= ? AND published_at < ? "
        "GROUP BY brand, hour ORDER BY brand, hour",
        (since, until),
    )
    for row in rows:
        series.setdefault(row["brand"], []).append(
            (row["hour"], row["mentions"], row["negative"] or 0, row["tagged"] or 0))
    return series


def upsert_alert(
    conn: sqlite3.Connection,
    *,
    brand: str,
    metric: str,
    window_start: str,
    window_end: str,
    observed: float,
    expected: float,
    severity: float,
    explanation: dict[str, Any],
    merge_gap: str,
    channels: Iterable[str] = (),
) -> tuple[int, bool]:
    """Store a spike once: returns (alert id, created).

    A spike that overlaps an alert of the same brand and metric, or starts before `merge_gap`
    (UTC ISO-8601) after its end, is the same spike seen again (a later run, a longer window):
    that alert is updated — wider window, highest severity, fresh explanation — and keeps its
    status and notifications. Only a new alert queues notifications, one per channel.
    """
    if metric not in METRICS:
        raise AlertError(f"métrique inconnue : {metric!r}")
    now = utcnow()
    payload = json.dumps(explanation, ensure_ascii=False, sort_keys=True)
    with transaction(conn):
        row = conn.execute(
            "SELECT id, window_start, window_end, severity FROM alerts WHERE brand = ? AND metric = ? "
            "AND window_start <= ? AND window_end >= ? ORDER BY window_start DESC LIMIT 1",
            (brand, metric, window_end, merge_gap),
        ).fetchone()
        if row is not None:
            conn.execute(
                "UPDATE alerts SET window_start = ?, window_end = ?, observed = ?, expected = ?, severity = ?, "
                "explanation = ?, updated_at = ? WHERE id = ? AND (window_start IS NOT ? OR window_end IS NOT ? "
                "OR observed IS NOT ? OR expected IS NOT ? OR severity IS NOT ? OR explanation IS NOT ?)",
                (s := min(row["window_start"], window_start), e := max(row["window_end"], window_end),
                 observed, expected, sev := max(row["severity"], severity), payload, now, row["id"],
                 s, e, observed, expected, sev, payload),
            )
            return row["id"], False
        alert_id = conn.execute(
            "INSERT INTO alerts (brand, metric, window_start, window_end, observed, expected, severity, "
            "explanation, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (brand, metric, window_start, window_end, observed, expected, severity, payload, now, now),
        ).lastrowid
        conn.executemany(
            "INSERT OR IGNORE INTO notifications (alert_id, channel, updated_at) VALUES (?, ?, ?)",
            [(alert_id, channel, now) for channel in channels],
        )
    return alert_id, True


def pending_notifications(conn: sqlite3.Connection) -> list[tuple[str, dict[str, Any]]]:
    """(channel, alert) for every notification not yet delivered (pending, or failed and to retry).

    Alerts already resolved are skipped: nobody needs to hear about a closed incident.
    """
    rows = conn.execute(
        "SELECT n.channel, a.* FROM notifications n JOIN alerts a ON a.id = n.alert_id "
        "WHERE n.status IN ('pending', 'failed') AND a.status != 'resolved' ORDER BY a.id, n.channel"
    ).fetchall()
    out = []
    for row in rows:
        alert = _alert_dict(row)
        out.append((alert.pop("channel"), alert))
    return out


def mark_notification(conn: sqlite3.Connection, alert_id: int, channel: str, error: str | None = None) -> None:
    """Record a delivery attempt: sent when `error` is None, else failed (retried on the next run)."""
    now = utcnow()
    conn.execute(
        "UPDATE notifications SET status = ?, attempts = attempts + 1, last_error = ?, "
        "sent_at = CASE WHEN ? IS NULL THEN ? ELSE sent_at END, updated_at = ? WHERE alert_id = ? AND channel = ?",
        ("failed" if error else "sent", error, error, now, now, alert_id, channel),
    )


MIN_LIFT = 2.0  # a driver rose by at least this many Poisson standard deviations over what was expected


def window_terms(
    conn: sqlite3.Connection, brand: str, start: str, end: str, baseline_start: str, limit: int = 8,
    negative_only: bool = False,
) -> dict[str, list[dict[str, Any]]]:
    """What rose most in [start, end) against [baseline_start, start): topics/entities and taxonomy categories.

    Each item: value, kind, count in the window, count expected from the baseline at the window's
    volume, and a lift score (excess over what the baseline predicts, in Poisson standard deviations);
    only items with a lift of MIN_LIFT or more are kept (what really rose). With `negative_only` (alerts on
    negative mentions) only the brand's negative mentions are counted, so counts add up to the alert's.
    """
    only = " AND b.sentiment = 'negative'" if negative_only else ""

    def counts(lo: str, hi: str) -> tuple[int, dict[tuple[str, str], int]]:
        total = conn.execute(
            f"SELECT count(*) FROM brand_mentions b WHERE b.brand = ? AND b.published_at >= ? AND b.published_at < ?"
            f"{only}", (brand, lo, hi)).fetchone()[0]
        rows = conn.execute(
            "SELECT t.kind, t.value, count(*) FROM brand_mentions b JOIN mention_topics t ON t.mention_id = b.mention_id "
            f"WHERE b.brand = ? AND b.published_at >= ? AND b.published_at < ?{only} GROUP BY t.kind, t.value",
            (brand, lo, hi))
        return total, {(kind, value): n for kind, value, n in rows}

    window_total, window = counts(start, end)
    base_total, base = counts(baseline_start, start)
    if not window:  # untagged mentions: words of the texts instead of topics
        window_total, window = _word_counts(conn, brand, start, end)
        base_total, base = _word_counts(conn, brand, baseline_start, start)
    ratio = window_total / base_total if base_total else 0.0
    items: dict[str, list[dict[str, Any]]] = {"terms": [], "categories": []}
    for (kind, value), n in window.items():
        if n < 2:
            continue
        expected = base.get((kind, value), 0) * ratio
        lift = (n - expected) / (expected + 1.0) ** 0.5
        if lift < MIN_LIFT:
            continue
        key = "categories" if kind == "category" else "terms"
        items[key].append({"value": value, "kind": kind, "count": n, "expected": round(expected, 1),
                           "lift": round(lift, 2)})
    for key in items:
        items[key] = sorted(items[key], key=lambda i: (-i["lift"], i["value"]))[:limit]
    return items


def _word_counts(conn: sqlite3.Connection, brand: str, lo: str, hi: str,
                 sample: int = 3000) -> tuple[int, dict[tuple[str, str], int]]:
    """Mentions counted and, per word, how many of them use it (the latest `sample` mentions at most)."""
    texts = conn.execute(
        "SELECT coalesce(m.title, '') || ' ' || m.text FROM mention_brands b JOIN mentions m ON m.id = b.mention_id "
        "WHERE b.brand = ? AND m.published_at >= ? AND m.published_at < ? ORDER BY m.published_at DESC LIMIT ?",
        (brand, lo, hi, sample)).fetchall()
    words: Counter[tuple[str, str]] = Counter()
    brand_words = {w.lower() for w in _WORD.findall(brand)}
    for (text,) in texts:
        found = {w.lower() for w in _WORD.findall(text)} - _STOPWORDS - brand_words
        words.update(("word", w) for w in found)
    return len(texts), dict(words)


def top_mentions(conn: sqlite3.Connection, brand: str, start: str, end: str, limit: int = 5,
                 negative_only: bool = False) -> list[dict[str, Any]]:
    """The most influential mentions of a brand in [start, end), by estimated reach (text cut to 280 chars)."""
    sql = (
        "SELECT mention_id AS id, platform, source, published_at, reach, sentiment, "
        "(SELECT url FROM mentions WHERE id = mention_id) AS url, "
        "(SELECT title FROM mentions WHERE id = mention_id) AS title, "
        "(SELECT substr(text, 1, 280) FROM mentions WHERE id = mention_id) AS text "
        "FROM brand_mentions WHERE brand = ? AND published_at >= ? AND published_at < ?"
    )
    if negative_only:
        sql += " AND sentiment = 'negative'"
    sql += " ORDER BY reach DESC, published_at LIMIT ?"
    return [bound_row(dict(r)) for r in conn.execute(sql, (brand, start, end, limit))]
