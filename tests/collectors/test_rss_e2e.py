"""`veille collect` end to end on the project's French fixture feeds, served by a local HTTP server."""

from __future__ import annotations

import functools
import json
import sqlite3
from pathlib import Path

from collectors.http import Fetcher
from demo.server import Reply
from veille.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rss"
XML = {"Content-Type": "application/rss+xml; charset=utf-8"}


def feed(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def write_config(tmp_path: Path, sources: list[dict]) -> Path:
    lines = ['[database]\npath = "veille.db"\n',
             '[[brands]]\nname = "Fibrea"\nquery = "Fibrea"\nown = true\n',
             '[[brands]]\nname = "Ondelis"\nquery = "Ondelis NOT recrute"\n']
    for source in sources:
        lines.append("[[sources]]\n" + "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n"
                                               for k, v in source.items()))
    path = tmp_path / "veille.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def query(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_mixed_sources_twice_304_hash_failures_and_no_new_rows(tmp_path: Path, http_server, monkeypatch) -> None:
    monkeypatch.setattr("collectors.rss.Fetcher", functools.partial(Fetcher, backoff=0.01))  # fast retries
    http_server.route("/actu", Reply(200, feed("actualites.xml"), {**XML, "ETag": '"a1"'}), Reply(304))
    http_server.route("/dates", Reply(200, feed("dates.xml"), XML))  # no validators: content hash
    http_server.route("/blog", Reply(200, feed("blog.atom"), {"Content-Type": "application/atom+xml"}))
    http_server.route("/casse", Reply(500, "oups"))
    http_server.route("/lent", Reply(200, feed("actualites.xml"), XML, delay=1.5))
    http_server.route("/bozo", Reply(200, feed("mal-forme.xml"), XML))
    u = http_server.url
    cfg = write_config(tmp_path, [
        {"name": "presse", "type": "rss", "urls": [f"{u}/actu", f"{u}/dates"]},
        {"name": "blog", "type": "rss", "url": f"{u}/blog"},
        {"name": "casse", "type": "rss", "url": f"{u}/casse"},
        {"name": "lent", "type": "rss", "url": f"{u}/lent", "timeout": 0.3},
        {"name": "bozo", "type": "rss", "url": f"{u}/bozo"},
    ])
    db = tmp_path / "veille.db"

    assert main(["collect", "-c", str(cfg)]) == 1  # two sources failed, the others were stored
    first = query(db, "SELECT id, source, url, title, text, published_at FROM mentions ORDER BY id")
    by_source = {}
    for row in first:
        by_source.setdefault(row[1], []).append(row)
    assert {s: len(r) for s, r in by_source.items()} == {"presse": 2 + 7 - 1, "blog": 2, "bozo": 2}
    # "Ondelis recrute…" matched no brand (NOT recrute); the vélo article names no brand at all
    assert not any("recrute" in r[3] or "vélo" in r[3] for r in first if r[3])
    brands = dict(query(db, "SELECT m.title, group_concat(b.brand, ',') FROM mentions m "
                            "JOIN mention_brands b ON b.mention_id = m.id GROUP BY m.id"))
    assert brands["Ondelis & Fibrea : la guerre des prix de la fibre continue"] in ("Fibrea,Ondelis", "Ondelis,Fibrea")
    # dates.xml and mal-forme.xml have neither a channel date nor dates in their links: their undated items,
    # seen in the feeds' first collection (their backlog), stay undated instead of being dated "now"
    undated = query(db, "SELECT url, date_source FROM mentions WHERE published_at IS NULL ORDER BY url")
    assert undated == [("https://gazette-monts.example/node/105", "unknown"),
                       ("https://gazette-monts.example/node/106", "unknown"),
                       ("https://revue-tech.example/comparatif?a=1&b=2", "unknown"),
                       ("https://revue-tech.example/pannes", "unknown")]
    assert query(db, "SELECT DISTINCT date_source FROM mentions WHERE published_at IS NOT NULL") == [("item",)]
    health = dict(query(db, "SELECT name, status FROM sources"))
    # presse warns: one item of dates.xml has an unreadable date
    assert health == {"presse": "warning", "blog": "ok", "casse": "failed", "lent": "failed", "bozo": "warning"}
    assert "pas de réponse en 0.3 s" in query(db, "SELECT last_error FROM sources WHERE name = 'lent'")[0][0]
    assert http_server.hits("/casse") == 3  # retried, then given up
    assert query(db, "SELECT count(*) FROM fetch_state WHERE source IN ('casse', 'lent')") == [(0,)]

    assert main(["collect", "-c", str(cfg)]) == 1
    assert query(db, "SELECT id, source, url, title, text, published_at FROM mentions ORDER BY id") == first
    second_run = query(db, "SELECT max(run_id) FROM fetches")[0][0]
    audit = dict(query(db, "SELECT target, status || ':' || coalesce(http_status, '') || ':' || new_mentions "
                           "FROM fetches WHERE run_id = ?", second_run))
    assert audit[f"{u}/actu"] == "not_modified:304:0"  # conditional GET
    assert audit[f"{u}/dates"] == "not_modified:200:0"  # same body, no validators: hash
    assert audit[f"{u}/blog"] == "not_modified:200:0"
    assert audit[f"{u}/casse"].startswith("failed:500")
    assert [r.headers.get("If-None-Match") for r in http_server.requests if r.path == "/actu"] == [None, '"a1"']


def test_search_feed_per_brand_and_offline_file(tmp_path: Path, http_server) -> None:
    http_server.route("/recherche", Reply(200, feed("actualites.xml"), XML))
    local = tmp_path / "flux-local.xml"
    local.write_bytes(feed("sans-guid.xml"))
    cfg = write_config(tmp_path, [
        {"name": "recherche", "type": "rss", "url": f"{http_server.url}/recherche?q={{query}}&hl=fr"},
        {"name": "local", "type": "rss", "url": local.as_uri()},
    ])
    assert main(["collect", "-c", str(cfg)]) == 0
    db = tmp_path / "veille.db"
    asked = sorted(r.query["q"][0] for r in http_server.requests)
    assert asked == ["Fibrea", "Ondelis NOT recrute"]
    targets = query(db, "SELECT target FROM fetch_state WHERE source = 'recherche' ORDER BY target")
    assert len(targets) == 2 and all("hl=fr" in t for (t,) in targets)
    # the same articles come from both brand searches: stored once
    assert query(db, "SELECT count(*) FROM mentions WHERE source = 'recherche'") == [(2,)]
    local_rows = query(db, "SELECT title, text FROM mentions WHERE source = 'local' ORDER BY seq")
    assert [t for t, _ in local_rows] == ["Fibrea : débit divisé par deux le soir ?", None,
                                         "Fibrea : sujet avec un identifiant numérique"]


def test_wrong_addresses_fail_that_source_only(tmp_path: Path, http_server, capsys) -> None:
    http_server.route("/actu", Reply(200, feed("actualites.xml"), XML))
    cfg = write_config(tmp_path, [
        {"name": "ok", "type": "rss", "url": f"{http_server.url}/actu"},
        {"name": "absent", "type": "rss", "url": str(tmp_path / "absent.xml")},
        {"name": "page", "type": "rss", "url": str(FIXTURES / "page.html")},
    ])
    assert main(["collect", "-c", str(cfg)]) == 1
    db = tmp_path / "veille.db"
    errors = dict(query(db, "SELECT name, last_error FROM sources WHERE status = 'failed'"))
    assert "fichier introuvable" in errors["absent"]
    assert "page HTML reçue" in errors["page"]
    assert query(db, "SELECT count(*) FROM mentions") == [(2,)]
    page = str(FIXTURES / "page.html")
    assert f"cible {page} : page HTML reçue" in capsys.readouterr().err  # the address once, not twice


def test_neither_url_nor_urls_is_refused_at_load(tmp_path: Path, capsys) -> None:
    cfg = write_config(tmp_path, [{"name": "ni-url-ni-urls", "type": "rss"}])
    assert main(["collect", "-c", str(cfg)]) == 2  # a config error: nothing collected, the file and source named
    assert "(« ni-url-ni-urls ») : clé manquante : indiquez `url` ou `urls`" in capsys.readouterr().err
    assert not (tmp_path / "veille.db").exists()
