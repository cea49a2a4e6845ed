"""Alerts in the database: listing, lifecycle, upserts without duplicates, delivery retried, `veille alerts`."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

import storage
from demo.server import Reply
from storage.alerts import (
    AlertError,
    get_alert,
    hourly_counts,
    list_alerts,
    pending_notifications,
    set_alert_status,
)
from storage.db import transaction
from veille.alerting import run_alerts
from veille.config import parse_config


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


# --- detection over the database, dedup, explanation, delivery retried -------------------------------------

START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
NOW = START + timedelta(weeks=6, hours=15, minutes=30)  # Monday of week 7, 15:30 (15:00 hour in progress)
OLD_SPIKE = START + timedelta(weeks=4, days=2, hours=10)  # two weeks before NOW: stored, not notified
NEW_SPIKE = NOW.replace(minute=0) - timedelta(hours=5)  # still going on at NOW


def _rows(tagged: bool) -> tuple[list, list, list, list]:
    """Six weeks of hourly mentions of Acme with a weekly rhythm, 10 % negative, and two negative buzzes."""
    rng = np.random.default_rng(11)
    rows, brands, tags, topics = [], [], [], []
    hour = START
    while hour <= NOW:
        h, dow = hour.hour, hour.weekday()
        rate = 12 * (0.3 + np.sin(np.pi * min(max((h - 6) / 16, 0), 1))) * (0.6 if dow >= 5 else 1.0)
        n = int(rng.poisson(rate))
        buzz = OLD_SPIKE <= hour < OLD_SPIKE + timedelta(hours=8) or NEW_SPIKE <= hour <= NOW
        total = n + (int(rate * 4) if buzz else 0)
        negatives = rng.random(total) < 0.1
        stamp = hour.strftime("%Y-%m-%dT%H:")
        last_minute = 59 if hour + timedelta(hours=1) <= NOW else NOW.minute
        for i in range(total):
            if i % 60 > last_minute:
                continue
            mid = f"t:{stamp}:{i}"
            negative = i >= n or negatives[i]
            text = "panne réseau géante, clients furieux" if i >= n else f"Acme propose une offre numéro {i}"
            rows.append((mid, "x", "test", text, f"{stamp}{i % 60:02d}:00Z", "2026-01-01T00:00:00Z",
                         50_000 if i == n else 100 + i))
            brands.append((mid, "Acme"))
            if tagged:
                tags.append((mid, "test", "1", "fr", "negative" if negative else "neutral", -0.5 if negative else 0.0,
                             "2026-01-01T00:00:00Z"))
                topics.append((mid, "keyphrase", "panne réseau" if i >= n else "offre"))
        hour += timedelta(hours=1)
    return rows, brands, tags, topics


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[bool, Path]:
    """One filled database per tagging state, built once and copied by each test (inserts are the slow part)."""
    out = {}
    for tagged in (True, False):
        path = tmp_path_factory.mktemp("alerting") / f"tagged-{tagged}.db"
        c = storage.connect(path)
        rows, brands, tags, topics = _rows(tagged)
        with transaction(c):
            c.executemany("INSERT INTO mentions (id, platform, source, text, published_at, collected_at, reach) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            c.executemany("INSERT INTO mention_brands VALUES (?, ?)", brands)
            c.executemany("INSERT INTO mention_tags (mention_id, analyzer, analyzer_version, lang, sentiment, "
                          "sentiment_score, tagged_at) VALUES (?, ?, ?, ?, ?, ?, ?)", tags)
            c.executemany("INSERT INTO mention_topics (mention_id, kind, value) VALUES (?, ?, ?)", topics)
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        c.close()
        out[tagged] = path
    return out


@pytest.fixture
def filled(templates, tmp_path):
    """A connection to a copy of the tagged database."""
    return _copy(templates[True], tmp_path)


def _copy(template: Path, tmp_path: Path):
    path = tmp_path / "filled.db"
    shutil.copy(template, path)
    c = storage.connect(path)
    return c


def _config(webhook_url: str | None = None, **alerts):
    data = {"brands": [{"name": "Acme", "query": "acme"}],
            "alerts": {"min_volume": 5, "channels": ["webhook"], **alerts},
            "notifications": {"dashboard_url": "http://veille.test:8501"}}
    if webhook_url:
        data["notifications"]["webhook_url"] = webhook_url
    return parse_config(data)


def test_hourly_counts_split_negative_and_tagged(filled):
    conn = filled
    series = hourly_counts(conn, "2026-01-05T00:00:00Z", "2026-01-05T12:00:00Z")["Acme"]
    assert [h for h, *_ in series][:2] == ["2026-01-05T00", "2026-01-05T01"]
    assert all(tagged == total and 0 <= neg <= total for _, total, neg, tagged in series)


def test_buzzes_give_one_alert_per_metric_with_explanation_and_no_duplicates(filled):
    conn = filled
    assert run_alerts(conn, _config(), now=NOW)  # no channel configured: stored, nothing to send
    alerts = list_alerts(conn)
    by_metric = {}
    for a in alerts:
        by_metric.setdefault(a["metric"], []).append(a)
    assert set(by_metric) == {"volume", "negative_volume", "negative_share"}
    for metric, found in by_metric.items():
        starts = sorted(a["window_start"] for a in found)
        assert starts == [OLD_SPIKE.strftime("%Y-%m-%dT%H:00:00Z"), NEW_SPIKE.strftime("%Y-%m-%dT%H:00:00Z")], metric
    volume = max(by_metric["volume"], key=lambda a: a["window_start"])
    assert volume["observed"] > 2 * volume["expected"] and volume["severity"] >= 4
    assert volume["window_end"] == NOW.replace(minute=0).strftime("%Y-%m-%dT%H:00:00Z").replace("15:00", "16:00")
    assert volume["explanation"]["terms"][0]["value"] == "panne réseau"
    assert volume["explanation"]["mentions"][0]["reach"] == 50_000
    share = max(by_metric["negative_share"], key=lambda a: a["window_start"])
    assert share["observed"] > 0.5 and share["expected"] == pytest.approx(0.1, abs=0.05)
    # a second run, and a run an hour later while the buzz goes on, update the same alerts
    assert run_alerts(conn, _config(), now=NOW)
    assert run_alerts(conn, _config(), now=NOW + timedelta(minutes=20))
    assert sorted(a["id"] for a in list_alerts(conn)) == sorted(a["id"] for a in alerts)


def test_untagged_mentions_still_alert_on_volume_with_words(templates, tmp_path):
    conn = _copy(templates[False], tmp_path)
    assert run_alerts(conn, _config(), now=NOW)
    alerts = list_alerts(conn)
    assert {a["metric"] for a in alerts} == {"volume"} and len(alerts) == 2
    words = [t["value"] for t in alerts[0]["explanation"]["terms"]]
    assert set(words[:5]) == {"panne", "réseau", "géante", "clients", "furieux"}  # not "offre", nor the brand


def test_failed_webhook_is_retried_next_run_and_only_fresh_alerts_are_sent(filled, http_server):
    conn = filled
    http_server.route("/hook", Reply(500, b"boom"), Reply(200, b"ok"))
    config = _config(webhook_url=f"{http_server.url}/hook", metrics=["volume"])
    assert run_alerts(conn, config, now=NOW) is False
    alerts = list_alerts(conn)
    assert len(alerts) == 2
    fresh, old = alerts  # newest first
    assert fresh["notifications"] == {"webhook": "failed"} and old["notifications"] == {}
    row = conn.execute("SELECT attempts, last_error FROM notifications").fetchone()
    assert row["attempts"] == 1 and "HTTP 500" in row["last_error"]
    assert run_alerts(conn, config, now=NOW + timedelta(minutes=5)) is True
    assert list_alerts(conn)[0]["notifications"] == {"webhook": "sent"}
    assert http_server.hits("/hook") == 2
    payload = json.loads(http_server.requests[-1].body)
    assert set(payload) == {"text"}
    assert "Pic de volume de mentions pour Acme" in payload["text"]
    assert f"http://veille.test:8501/alertes?alert={fresh['id']}" in payload["text"]
    assert run_alerts(conn, config, now=NOW + timedelta(minutes=10)) is True
    assert http_server.hits("/hook") == 2  # sent once, never again
    assert pending_notifications(conn) == []


def test_resolved_alert_is_not_sent(filled, http_server):
    conn = filled
    http_server.route("/hook", Reply(503))
    config = _config(webhook_url=f"{http_server.url}/hook", metrics=["volume"])
    assert run_alerts(conn, config, now=NOW) is False
    set_alert_status(conn, list_alerts(conn)[0]["id"], "resolved")
    assert run_alerts(conn, config, now=NOW) is True
    assert http_server.hits("/hook") == 1


def test_veille_alerts_command_lists_acks_resolves(conn, db_path, tmp_path, capsys):
    from veille.cli import main

    a = _insert_alert(conn)
    assert main(["alerts", "--db", str(db_path), "--list"]) == 0
    assert "Acme" in capsys.readouterr().out
    assert main(["alerts", "--db", str(db_path), "--ack", str(a)]) == 0
    assert get_alert(conn, a)["status"] == "acknowledged"
    assert main(["alerts", "--db", str(db_path), "--resolve", str(a)]) == 0
    assert main(["alerts", "--db", str(db_path), "--ack", str(a)]) == 2  # cannot go back
    assert main(["alerts", "--db", str(db_path), "--resolve", "999"]) == 2
    assert main(["alerts", "--db", str(db_path), "--list", "--status", "open"]) == 0
    assert "Aucune alerte" in capsys.readouterr().out
    toml = tmp_path / "veille.toml"
    toml.write_text('[[brands]]\nname = "Acme"\nquery = "acme"\n')
    assert main(["alerts", "--config", str(toml), "--db", str(db_path)]) == 0


def test_an_alerts_drivers_are_what_rose_and_count_like_the_alert(filled):
    """A driver rose by MIN_LIFT or more, and an alert on negative mentions counts only negative ones: no theme
    can count more mentions than the alert itself."""
    from storage.alerts import MIN_LIFT

    conn = filled
    assert run_alerts(conn, _config(), now=NOW)
    for alert in list_alerts(conn):
        drivers = alert["explanation"].get("terms", []) + alert["explanation"].get("categories", [])
        assert all(d["lift"] >= MIN_LIFT and d["count"] > d["expected"] for d in drivers), alert["metric"]
        if alert["metric"] == "negative_volume":
            assert drivers and all(d["count"] <= alert["observed"] for d in drivers)
