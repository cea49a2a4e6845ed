"""Alerts in the database: listing, lifecycle, upserts without duplicates, delivery retried, `veille alerts`."""

from __future__ import annotations

import pytest

from storage.alerts import AlertError, get_alert, list_alerts, set_alert_status


def _insert_alert(conn, brand="Acme", metric="volume", start="2026-01-05T10:00:00Z", end="2026-01-05T12:00:00Z"):
    cur = conn.execute(
        "INSERT INTO alerts (brand, metric, window_start, window_end, observed, expected, severity, "
        "explanation, created_at, updated_at) VALUES (?, ?, ?, ?, 120, 20, 8.5, '{\"terms\": []}', ?, ?)",
        (brand, metric, start, end, start, start),
    )
    return cur.lastrowid


def test_list_alerts_filters_and_decodes(conn):
    a = _insert_alert(conn, "Acme", start="2026-01-05T10:00:00Z", end="2026-01-05T12:00:00Z")
    b = _insert_alert(conn, "Bolt", start="2026-01-07T10:00:00Z", end="2026-01-07T11:00:00Z")
    conn.execute("INSERT INTO notifications (alert_id, channel, status, updated_at) VALUES (?, 'webhook', 'sent', 'x')",
                 (a,))
    assert [x["id"] for x in list_alerts(conn)] == [b, a]  # newest spike first
    assert [x["id"] for x in list_alerts(conn, brands=["Acme"])] == [a]
    assert [x["id"] for x in list_alerts(conn, since="2026-01-06T00:00:00Z")] == [b]
    assert [x["id"] for x in list_alerts(conn, limit=1)] == [b]
    first = list_alerts(conn, brands=["Acme"])[0]
    assert first["explanation"] == {"terms": []}
    assert first["notifications"] == {"webhook": "sent"}
    set_alert_status(conn, b, "acknowledged")
    assert [x["id"] for x in list_alerts(conn, status="open")] == [a]
    assert [x["id"] for x in list_alerts(conn, status=["open", "acknowledged"])] == [b, a]
    with pytest.raises(AlertError, match="inconnu"):
        list_alerts(conn, status="closed")


def test_lifecycle_moves_forward_only(conn):
    a = _insert_alert(conn)
    acked = set_alert_status(conn, a, "acknowledged")
    assert acked["status"] == "acknowledged" and acked["acknowledged_at"] and acked["resolved_at"] is None
    again = set_alert_status(conn, a, "acknowledged")  # idempotent
    assert again["acknowledged_at"] == acked["acknowledged_at"]
    with pytest.raises(AlertError, match="impossible de revenir"):
        set_alert_status(conn, a, "open")
    resolved = set_alert_status(conn, a, "resolved")
    assert resolved["status"] == "resolved" and resolved["resolved_at"]
    with pytest.raises(AlertError, match="introuvable"):
        set_alert_status(conn, 999, "resolved")
    with pytest.raises(AlertError, match="inconnu"):
        set_alert_status(conn, a, "closed")
    b = _insert_alert(conn, start="2026-02-01T00:00:00Z")
    assert set_alert_status(conn, b, "resolved")["acknowledged_at"] is None  # open → resolved directly
    assert get_alert(conn, 12345) is None
