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
