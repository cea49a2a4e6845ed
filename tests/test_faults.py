"""Breaking things on purpose: no data lost, none duplicated, the database intact, the next run completes."""

from __future__ import annotations

import gzip
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import storage
from demo.server import Reply
from veille.cli import main

ITEM = """<item><guid isPermaLink="false">{source}-{i}</guid><title>Orange, épisode {i}</title>
<link>https://presse.example/{source}/{i}</link><pubDate>Tue, 03 Nov 2026 08:{m:02d}:00 +0000</pubDate>
<description>Le réseau Orange est en panne à {city}, les clients sont déçus ({i}).</description></item>"""
CITIES = ["Lyon", "Brest", "Lille", "Nantes", "Metz"]


def feed(n: int, source: str = "a", start: int = 0) -> str:
    items = "".join(ITEM.format(source=source, i=i, m=i % 60, city=CITIES[i % 5]) for i in range(start, start + n))
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'


def write_config(tmp_path: Path, urls: dict[str, str], extra: str = "") -> Path:
    sources = "".join(f'[[sources]]\nname = "{name}"\ntype = "rss"\nurl = "{url}"\ntimeout = 2\n{extra}\n'
                      for name, url in urls.items())
    path = tmp_path / "veille.toml"
    path.write_text(f'[database]\npath = "v.db"\n[[brands]]\nname = "Orange"\nquery = "Orange"\nown = true\n{sources}',
                    encoding="utf-8")
    return path


def check_db(db: Path) -> dict[str, int]:
    """integrity_check and FTS consistency pass; no duplicate mention; return row counts."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO mentions_fts(mentions_fts) VALUES ('integrity-check')")
        dup = conn.execute("SELECT count(url) - count(DISTINCT url) FROM mentions").fetchone()[0]  # NULL: no link
        assert dup == 0
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("mentions", "mention_brands", "mention_tags")}
    finally:
        conn.close()


def test_kill_during_collection_then_run_again(tmp_path: Path, http_server) -> None:
    """SIGKILL while source b is being fetched: source a stays saved, b's cursor unmoved; rerun completes."""
    http_server.route("/a.xml", Reply(200, feed(50, "a")))
    arrived = threading.Event()

    def slow(req):
        arrived.set()
        return Reply(200, feed(50, "b"), delay=30)

    http_server.handle("/b.xml", slow)
    cfg = write_config(tmp_path, {"a": f"{http_server.url}/a.xml", "b": f"{http_server.url}/b.xml"})
    proc = subprocess.Popen([sys.executable, "-m", "veille.cli", "collect", "-c", str(cfg)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert arrived.wait(60), "the collector never reached source b"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    db = tmp_path / "v.db"
    assert check_db(db)["mentions"] == 50
    http_server.handle("/b.xml", lambda req: Reply(200, feed(50, "b")))
    assert main(["collect", "-c", str(cfg)]) == 0
    assert check_db(db)["mentions"] == 100
    conn = sqlite3.connect(db)
    statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["interrupted", "ok"]  # the killed run is named in the audit


def _tagged(db: Path) -> dict[str, str]:
    """mention id → tagged_at, read while the analysis may be writing (WAL: a committed snapshot)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT mention_id, tagged_at FROM mention_tags"))
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_during_analysis_writes_then_run_again(tmp_path: Path, http_server) -> None:
    """SIGKILL of the real `veille analyze` once some batches are committed: every committed batch is whole,
    the database and FTS are intact, the dashboard rollups equal a fresh GROUP BY, and the rerun tags
    exactly the mentions that were left (the tagged ones are not tagged again)."""
    from tests.dashboard.test_rollups import assert_consistent

    http_server.route("/a.xml", Reply(200, feed(1500, "a")))
    cfg = write_config(tmp_path, {"a": f"{http_server.url}/a.xml"}, "max_items = 5000")
    assert main(["collect", "-c", str(cfg)]) == 0
    db = tmp_path / "v.db"
    batch = 32
    proc = subprocess.Popen([sys.executable, "-m", "veille.cli", "analyze", "-c", str(cfg), "--batch-size", str(batch)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while not _tagged(db) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)  # the first batches are committed: the process is now tagging and writing the next ones
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _tagged(db)
    assert 0 < len(before) < 1500, "the kill must land after some batches and before the last one"
    assert len(before) % batch == 0  # batches are committed whole, never half
    counts = check_db(db)
    conn = storage.connect(db)
    try:
        assert counts["mention_tags"] == len(before)
        assert_consistent(conn)  # the rollups the dashboard reads equal a fresh GROUP BY
        per_brand = conn.execute("SELECT count(*) FROM brand_sentiments").fetchone()[0]
        assert per_brand == len(before)  # one brand per mention here: each tagged mention has its brand sentiment
    finally:
        conn.close()
    assert main(["analyze", "-c", str(cfg)]) == 0
    after = _tagged(db)
    assert len(after) == 1500 and {k: after[k] for k in before} == before  # the tagged ones untouched
    conn = storage.connect(db)
    try:
        assert_consistent(conn)
        runs = conn.execute("SELECT status, json_extract(summary, '$.tagged') FROM runs WHERE command = 'analyze' "
                            "ORDER BY id").fetchall()
    finally:
        conn.close()
    assert [tuple(r) for r in runs] == [("interrupted", None), ("ok", 1500 - len(before))]  # exactly the rest
    assert check_db(db) == {"mentions": 1500, "mention_brands": 1500, "mention_tags": 1500}


def test_a_reader_holding_the_database_while_a_run_writes(tmp_path: Path, http_server) -> None:
    http_server.route("/a.xml", Reply(200, feed(200, "a")))
    cfg = write_config(tmp_path, {"a": f"{http_server.url}/a.xml"}, "max_items = 5000")
    db = tmp_path / "v.db"
    storage.connect(db).close()
    reader = storage.open_readonly(db)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM mentions").fetchone()[0] == 0  # snapshot held open
    assert main(["collect", "-c", str(cfg)]) == 0
    assert reader.execute("SELECT count(*) FROM mentions").fetchone()[0] == 0  # its snapshot is stable
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM mentions").fetchone()[0] == 200
    reader.close()
    assert check_db(db)["mentions"] == 200


def _bomb() -> bytes:
    return gzip.compress(b"<rss>" + b" " * (200 * 1024 * 1024) + b"</rss>")


@pytest.mark.parametrize(
    ("case", "reply"),
    [
        ("never answers", lambda: Reply(200, feed(5, "x"), delay=10)),
        ("endless body", lambda: "endless"),
        ("gzip bomb", lambda: Reply(200, _bomb(), {"Content-Encoding": "gzip"})),
        ("invalid UTF-8", lambda: Reply(200, feed(5, "x").encode() .replace(b"Lyon", b"Ly\xff\xfeon"),
                                        {"Content-Type": "application/rss+xml; charset=utf-8"})),
        ("redirect loop", lambda: Reply(302, "", {"Location": "/bad.xml"})),
    ],
)
def test_hostile_servers_fail_one_source_only(tmp_path: Path, http_server, case: str, reply) -> None:
    http_server.route("/good.xml", Reply(200, feed(20, "g")))
    answer = reply()
    if answer == "endless":
        http_server.handle("/bad.xml", lambda req: Reply(200, b"<rss>" + b"x" * (40 * 1024 * 1024)))
    else:
        http_server.route("/bad.xml", answer)
    cfg = write_config(tmp_path, {"good": f"{http_server.url}/good.xml", "bad": f"{http_server.url}/bad.xml"},
                       "max_size_mb = 5")
    code = main(["collect", "-c", str(cfg)])
    counts = check_db(tmp_path / "v.db")
    if case == "invalid UTF-8":  # feedparser recovers: the items are kept, with a warning
        assert code == 0 and counts["mentions"] == 25
    else:
        assert code == 1 and counts["mentions"] == 20
        conn = sqlite3.connect(tmp_path / "v.db")
        assert conn.execute("SELECT status FROM sources WHERE name = 'bad'").fetchone()[0] == "failed"
    assert main(["collect", "-c", str(cfg), "--source", "good"]) == 0  # the next run completes


def test_a_feed_with_10000_items(tmp_path: Path, http_server) -> None:
    http_server.route("/big.xml", Reply(200, feed(10_000, "big")))
    cfg = write_config(tmp_path, {"big": f"{http_server.url}/big.xml"}, "max_items = 20000")
    assert main(["collect", "-c", str(cfg)]) == 0
    assert check_db(tmp_path / "v.db")["mentions"] == 10_000
    assert main(["collect", "-c", str(cfg)]) == 0
    assert check_db(tmp_path / "v.db")["mentions"] == 10_000


def test_config_with_a_typo(tmp_path: Path, capsys) -> None:
    path = write_config(tmp_path, {"a": "http://127.0.0.1:9/a.xml"}).read_text().replace("type =", "typ =")
    (tmp_path / "veille.toml").write_text(path)
    assert main(["collect", "-c", str(tmp_path / "veille.toml")]) == 2
    assert "[[sources]] n° 1 (« a »), clé type : clé obligatoire manquante. Types possibles : bluesky" \
        in capsys.readouterr().err
    assert not (tmp_path / "v.db").exists()


def test_database_path_not_writable(tmp_path: Path, capsys) -> None:
    cfg = write_config(tmp_path, {"a": "http://127.0.0.1:9/a.xml"})
    locked = tmp_path / "ro"
    locked.mkdir()
    (locked / "v.db").write_bytes(b"")
    os.chmod(locked / "v.db", 0o444)
    os.chmod(locked, 0o555)
    try:
        code = main(["collect", "-c", str(cfg), "--db", str(locked / "v.db")])
    finally:
        os.chmod(locked, 0o755)
    err = capsys.readouterr().err
    if os.geteuid() == 0:  # root writes anywhere: the run goes through instead
        assert code in (0, 1)
    else:
        assert code == 2 and "droits d'écriture" in err


def test_disk_full_gives_a_clear_error_and_an_intact_database(tmp_path: Path, http_server, monkeypatch,
                                                              capsys) -> None:
    http_server.route("/a.xml", Reply(200, feed(20, "a")))
    http_server.route("/b.xml", Reply(200, feed(3000, "b")))
    cfg = write_config(tmp_path, {"a": f"{http_server.url}/a.xml"}, "max_items = 5000")
    assert main(["collect", "-c", str(cfg)]) == 0
    db = tmp_path / "v.db"
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    configure = storage.db._configure

    def tiny_disk(conn):  # SQLITE_FULL once the file would grow by more than a few pages
        configure(conn)
        conn.execute(f"PRAGMA max_page_count = {pages + 8}")

    monkeypatch.setattr(storage.db, "_configure", tiny_disk)
    cfg = write_config(tmp_path, {"a": f"{http_server.url}/a.xml", "b": f"{http_server.url}/b.xml"},
                       "max_items = 5000")
    assert main(["collect", "-c", str(cfg)]) == 1
    assert "disque plein" in capsys.readouterr().err
    monkeypatch.setattr(storage.db, "_configure", configure)
    assert check_db(db)["mentions"] == 20  # the batch that did not fit was rolled back whole
    assert main(["collect", "-c", str(cfg)]) == 0
    assert check_db(db)["mentions"] == 3020


# --- credentials in a feed address (issue 12, defect 4) ---

SECRET = "s3cr3t-Fl0w:@/"  # with characters an address must percent-encode


def test_a_password_in_a_feed_address_is_refused(tmp_path: Path, capsys) -> None:
    cfg = write_config(tmp_path, {"a": "http://user:PASSWORD@127.0.0.1:9/a.xml"})
    assert main(["collect", "-c", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert "[[sources]] n° 1 (« a »), clé url : identifiants dans l'adresse" in err
    assert "{env:FLUX_MOT_DE_PASSE}" in err  # the way to give it instead
    assert "PASSWORD" not in err and not (tmp_path / "v.db").exists()


def test_feed_credentials_come_from_the_environment_and_never_leak(tmp_path: Path, http_server, monkeypatch,
                                                                     capsys) -> None:
    import base64
    import json
    from urllib.parse import quote

    wanted = "Basic " + base64.b64encode(f"veille:{SECRET}".encode()).decode()
    body = feed(5, "a").replace("https://presse.example/a/", "/a/")  # relative links, resolved on the feed's address
    http_server.handle("/a.xml", lambda req: Reply(200, body) if req.headers.get("Authorization") == wanted
                       else Reply(401, "identifiants requis"))
    credentials = "http://{env:FEED_USER}:{env:FEED_PASSWORD}@"
    address = http_server.url.replace("http://", credentials) + "/a.xml"
    cfg = write_config(tmp_path, {"a": address})
    (tmp_path / "closed").mkdir()
    closed = write_config(tmp_path / "closed", {"b": credentials + "127.0.0.1:9/b.xml"})  # errors name the address
    monkeypatch.setenv("FEED_USER", "veille")
    monkeypatch.setenv("FEED_PASSWORD", SECRET)
    assert main(["--log-json", "collect", "-c", str(cfg)]) == 0
    conn = sqlite3.connect(tmp_path / "v.db")
    urls = [r[0] for r in conn.execute("SELECT url FROM mentions")]
    conn.close()
    assert len(urls) == 5 and all(u.startswith(http_server.url + "/a/") for u in urls)
    http_server.handle("/a.xml", lambda req: Reply(404, "introuvable"))
    assert main(["collect", "-c", str(cfg)]) == 1
    assert main(["--log-json", "collect", "-c", str(cfg)]) == 1
    assert main(["collect", "-c", str(closed)]) == 1
    assert main(["--log-json", "collect", "-c", str(closed)]) == 1
    monkeypatch.delenv("FEED_PASSWORD")
    assert main(["collect", "-c", str(cfg)]) == 1
    logs = capsys.readouterr().err
    assert "variable d'environnement FEED_PASSWORD absente" in logs
    assert "http://***@127.0.0.1" in logs and '"target": "http://{env:FEED_USER}:{env:FEED_PASSWORD}@' in logs
    assert main(["sources", "-c", str(cfg)]) == 1
    assert main(["sources", "--json", "-c", str(cfg)]) == 1
    listing = capsys.readouterr().out
    assert "FEED_PASSWORD absente" in listing and json.loads(listing[listing.index("["):])[0]["status"] == "failed"
    assert main(["sources", "--json", "-c", str(closed)]) == 1
    assert "http://***@127.0.0.1:9/b.xml" in capsys.readouterr().out
    stored = b"".join(f.read_bytes() for f in [*tmp_path.glob("v.db*"), *tmp_path.glob("closed/v.db*")])
    for text in (logs, listing, stored.decode("utf-8", "replace")):
        assert SECRET not in text and quote(SECRET, safe="") not in text
    assert b"{env:FEED_PASSWORD}" in stored  # stored as written, never expanded


def test_sources_masks_credentials_a_database_already_holds(tmp_path: Path, capsys) -> None:
    cfg = write_config(tmp_path, {"a": "http://127.0.0.1:9/a.xml"})
    conn = storage.connect(tmp_path / "v.db")
    conn.execute("INSERT INTO sources (name, type, settings, status, last_error, updated_at) VALUES "
                 "('a', 'rss', '{}', 'failed', 'http://user:OLDPASS@h.example/f : 404', '2026-01-01T00:00:00Z')")
    conn.close()
    assert main(["sources", "-c", str(cfg)]) == 1
    out = capsys.readouterr().out
    assert "http://***@h.example/f : 404" in out and "OLDPASS" not in out
