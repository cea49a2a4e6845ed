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
from tests.support.http import Reply
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


@pytest.mark.slow
def test_kill_during_analysis_then_run_again(tmp_path: Path, http_server) -> None:
    http_server.route("/a.xml", Reply(200, feed(1500, "a")))
    cfg = write_config(tmp_path, {"a": f"{http_server.url}/a.xml"}, "max_items = 5000")
    assert main(["collect", "-c", str(cfg)]) == 0
    db = tmp_path / "v.db"
    proc = subprocess.Popen([sys.executable, "-m", "veille.cli", "analyze", "-c", str(cfg), "--batch-size", "32"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if check_db(db)["mention_tags"] > 0:
            break
        time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = check_db(db)["mention_tags"]
    assert 0 < partial < 1500, "kill the analysis mid-way"
    assert main(["analyze", "-c", str(cfg)]) == 0
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
    assert "sources[0]" in capsys.readouterr().err
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
