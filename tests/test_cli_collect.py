"""`veille collect` / `veille run` end to end against a real local HTTP server."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from demo.server import Reply
from veille.cli import main
from veille.lock import RunLock

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Presse test</title><link>https://presse.example/</link>
<item><guid isPermaLink="false">a1</guid><title>Orange lance une offre</title><link>https://presse.example/a1?utm_source=x</link>
<pubDate>Tue, 03 Nov 2026 08:00:00 +0000</pubDate><description>Le groupe Orange annonce une offre fibre.</description></item>
<item><guid isPermaLink="false">a2</guid><title>Recette</title><link>https://presse.example/a2</link>
<pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate><description>Une orangeade maison, sans marque.</description></item>
<item><guid isPermaLink="false">a3</guid><title>Free et Orange</title><link>https://presse.example/a3</link>
<pubDate>Wed, 04 Nov 2026 09:00:00 +0000</pubDate><description>Free c'est top, Orange c'est nul.</description></item>
</channel></rss>"""


def config(tmp_path: Path, url: str, extra_source: str = "") -> Path:
    path = tmp_path / "veille.toml"
    path.write_text(f"""
[database]
path = "v.db"
[[brands]]
name = "Orange"
query = "Orange"
own = true
[[brands]]
name = "Free"
query = "Free"
[[sources]]
name = "presse"
type = "rss"
url = "{url}"
{extra_source}
""", encoding="utf-8")
    return path


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_collect_twice_on_an_unchanged_feed_adds_nothing(tmp_path: Path, http_server) -> None:
    http_server.route("/feed.xml", Reply(200, FEED, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}))
    cfg = config(tmp_path, f"{http_server.url}/feed.xml")
    assert main(["collect", "-c", str(cfg)]) == 0
    db = tmp_path / "v.db"
    first = rows(db, "SELECT id, url FROM mentions ORDER BY id")
    assert [r[0][-2:] for r in first] == ["a1", "a3"]  # the orangeade item matched no brand
    assert first[0][1] == "https://presse.example/a1"
    assert rows(db, "SELECT brand FROM mention_brands WHERE mention_id LIKE '%a3' ORDER BY brand") == [
        ("Free",), ("Orange",)]
    assert main(["collect", "-c", str(cfg)]) == 0
    assert rows(db, "SELECT id, url FROM mentions ORDER BY id") == first
    assert http_server.requests[-1].headers.get("If-None-Match") == '"v1"'
    assert rows(db, "SELECT status FROM runs") == [("ok",), ("ok",)]


def test_one_failing_source_does_not_stop_the_others(tmp_path: Path, http_server) -> None:
    http_server.route("/feed.xml", Reply(200, FEED))
    http_server.route("/broken.xml", Reply(404, "absent"))
    cfg = config(tmp_path, f"{http_server.url}/feed.xml",
                 f'[[sources]]\nname = "cassee"\ntype = "rss"\nurl = "{http_server.url}/broken.xml"\n')
    assert main(["collect", "-c", str(cfg)]) == 1
    db = tmp_path / "v.db"
    assert len(rows(db, "SELECT id FROM mentions")) == 2
    health = dict(rows(db, "SELECT name, status FROM sources"))
    assert health == {"presse": "ok", "cassee": "failed"}
    assert "404" in rows(db, "SELECT last_error FROM sources WHERE name = 'cassee'")[0][0]


def test_a_second_run_while_one_holds_the_lock_exits_at_once(tmp_path: Path, http_server, capsys) -> None:
    http_server.route("/feed.xml", Reply(200, FEED))
    cfg = config(tmp_path, f"{http_server.url}/feed.xml")
    with RunLock(tmp_path / "v.db", "collect"):
        assert main(["collect", "-c", str(cfg)]) == 1
    assert "une autre exécution" in capsys.readouterr().err
    assert http_server.requests == []


def test_bad_config_is_exit_code_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "veille.toml"
    path.write_text("[[brands]]\nname = 'A'\nquery = 'A'\ncolor = 1\n")
    assert main(["collect", "-c", str(path)]) == 2
    assert "[[brands]] n° 1 (« A »), clé color : clé inconnue" in capsys.readouterr().err


def test_run_checks_the_analysis_settings_before_collecting(tmp_path: Path, http_server, capsys) -> None:
    http_server.route("/feed.xml", Reply(200, FEED))
    cfg = config(tmp_path, f"{http_server.url}/feed.xml")
    cfg.write_text(cfg.read_text() + "\n[analysis]\nbatch_size = 0\n")
    assert main(["run", "-c", str(cfg)]) == 2
    assert "batch" in capsys.readouterr().err.replace("-", "_")
    assert http_server.requests == []


@pytest.mark.slow
def test_run_collects_then_tags(tmp_path: Path, http_server) -> None:
    http_server.route("/feed.xml", Reply(200, FEED))
    cfg = config(tmp_path, f"{http_server.url}/feed.xml")
    assert main(["run", "-c", str(cfg)]) == 0
    tagged = rows(tmp_path / "v.db", "SELECT id, lang, sentiment FROM mentions_tagged ORDER BY id")
    assert [lang for _, lang, _ in tagged] == ["fr", "fr"]
    assert all(s in ("positive", "neutral", "negative") for *_, s in tagged)
