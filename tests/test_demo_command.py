"""`veille demo --no-dashboard`: the real path builds a database a new user can explore."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from veille.cli import main

pytestmark = pytest.mark.slow


def test_demo_database_holds_every_platform_tags_and_the_incident_alert(demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    platforms = dict(conn.execute("SELECT platform, count(*) FROM mentions GROUP BY platform"))
    assert set(platforms) == {"rss", "x", "mastodon", "bluesky", "reddit"}
    assert sum(platforms.values()) > 3000
    untagged = conn.execute("SELECT count(*) FROM mentions m LEFT JOIN mention_tags t ON t.mention_id = m.id "
                            "WHERE t.mention_id IS NULL").fetchone()[0]
    assert untagged == 0
    own = conn.execute("SELECT name FROM brands WHERE own = 1").fetchone()[0]
    alerts = conn.execute("SELECT brand, metric FROM alerts").fetchall()
    assert (own, "volume") in alerts
    assert conn.execute("SELECT count(*) FROM runs WHERE status != 'ok'").fetchone()[0] == 0


def test_the_own_brand_s_incident_notices_are_not_mentions_of_it(demo_db: Path) -> None:
    """The demo's own brand posts three incident notices per network from its accounts (`accounts` in the demo
    config): they are the brand speaking, not people talking about it, and would count as its negative mentions."""
    from demo.social import OFFICIAL

    conn = sqlite3.connect(demo_db)
    own = conn.execute("SELECT name FROM brands WHERE own = 1").fetchone()[0]
    for phase, notice in OFFICIAL.items():
        said = notice.split("#{tag}")[0].format(B=own)  # « Un incident technique affecte actuellement le réseau… »
        stored = conn.execute("SELECT count(*) FROM mentions WHERE instr(text, ?)", (said,)).fetchone()[0]
        assert stored == 0, phase  # none of them stored: they name no other brand
    customers = conn.execute("SELECT count(*) FROM mentions m JOIN mention_brands b ON b.mention_id = m.id "
                             "JOIN brands o ON o.name = b.brand AND o.own = 1 WHERE m.platform != 'rss'").fetchone()[0]
    assert customers > 100  # what people post about it is still there


def test_running_the_demo_again_changes_nothing(demo_db: Path, tmp_path: Path, capsys) -> None:
    copy = tmp_path / "demo.db"
    sqlite3.connect(demo_db).backup(target := sqlite3.connect(copy))
    target.close()
    before = sqlite3.connect(copy).execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert main(["demo", "--db", str(copy), "--no-dashboard"]) == 0
    out = capsys.readouterr().out
    assert "Base de démonstration" in out and "mentions" in out
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == before
    assert conn.execute("SELECT count(*) FROM alerts").fetchone()[0] == \
        sqlite3.connect(demo_db).execute("SELECT count(*) FROM alerts").fetchone()[0]


def _counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("mentions", "mention_brands", "mention_tags", "alerts")}
    finally:
        conn.close()


def test_a_second_demo_adds_nothing_at_any_time_of_day(tmp_path: Path) -> None:
    """The flaky failure (4154 mentions instead of 3771): the demo's content ended at "now", so a second run
    minutes later shifted the window and renumbered every item after its start. The clock is frozen here on
    each side of an hour that is also midnight in Paris, then past midnight UTC, then a week later."""
    from datetime import datetime

    from veille.commands.demo import build_demo

    db = tmp_path / "demo.db"
    clock = ["2026-11-03T22:59:59", "2026-11-03T23:00:01",  # an hour, and midnight in Paris (UTC+1 in November)
             "2026-11-04T00:00:01",  # midnight UTC
             "2026-11-11T09:30:00"]  # a week later
    moments = [datetime.fromisoformat(t + "+00:00") for t in clock]
    assert build_demo(db, days=3, now=moments[0])
    first = _counts(db)
    assert first["mentions"] > 100
    for moment in moments[1:]:
        assert build_demo(db, days=3, now=moment)
        assert _counts(db) == first, moment
    conn = sqlite3.connect(db)
    periods = {r[0] for r in conn.execute("SELECT json_extract(summary, '$.demo.end') FROM runs")}
    assert periods == {"2026-11-03T22:59:59Z"}  # every run served the content of the first
