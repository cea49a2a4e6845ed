"""Hostile and odd input on the collection side (issue 12): each gets a clear answer, nothing is lost.

Devices and pipes as local feeds, a full disk (a real 6 MB tmpfs when the test runs as root), huge fields,
non-http links, undated items, one bad URL among many. The fault table of docs/operations.md lists them.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import storage
from collectors.base import CollectorError
from collectors.http import BodyTooLarge, Fetcher
from demo.server import Reply
from storage.alerts import hourly_counts
from storage.collect_writes import save_batch, sync_source
from storage.records import LIMITS, Batch, Mention, bound, clip
from tests.test_faults import check_db, feed
from veille.cli import main

ROOT = Path(__file__).resolve().parents[1]
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}


def config(tmp_path: Path, sources: dict[str, str | list[str]], brand_query: str = "Orange") -> Path:
    """veille.toml with one brand and RSS sources given as {name: url or [urls]}."""
    lines = ['[database]\npath = "v.db"\n', f'[[brands]]\nname = "Orange"\nquery = {json.dumps(brand_query)}\n'
             'own = true\n']
    for name, url in sources.items():
        key = "urls" if isinstance(url, list) else "url"
        lines.append(f'[[sources]]\nname = "{name}"\ntype = "rss"\n{key} = {json.dumps(url)}\ntimeout = 2\n')
    path = tmp_path / "veille.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def rss(items: str, channel: str = "") -> str:
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>{channel}{items}' \
           "</channel></rss>"


def item(title: str, link: str, date: str | None = None, guid: str | None = None, author: str | None = None) -> str:
    return (f"<item><title>{title}</title><link>{link}</link>" + (f"<pubDate>{date}</pubDate>" if date else "")
            + (f'<guid isPermaLink="false">{guid}</guid>' if guid else "")
            + (f"<author>{author}</author>" if author else "") + "<description>Orange encore.</description></item>")


def rows(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _limited_memory() -> None:  # a test of a fault must not become the fault: 1.5 GB of address space at most
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))


# --- 1. devices, pipes and folders as local feeds --------------------------------------------------------


def test_a_device_a_pipe_or_a_folder_as_a_feed_fails_that_source_and_closes_the_run(tmp_path: Path) -> None:
    """/dev/zero used to be read until the OOM killer (23 GB, run row left 'running'); a FIFO hung forever."""
    good = tmp_path / "flux.xml"
    good.write_text(feed(3, "g"), encoding="utf-8")
    fifo = tmp_path / "tube.xml"
    os.mkfifo(fifo)
    cfg = config(tmp_path, {"bon": str(good), "zero": "/dev/zero", "tube": str(fifo), "dossier": str(tmp_path)})
    proc = subprocess.run([sys.executable, "-m", "veille.cli", "collect", "-c", str(cfg)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, preexec_fn=_limited_memory)
    assert proc.returncode == 1, proc.stderr
    assert "/dev/zero : c'est un périphérique, pas un fichier ordinaire" in proc.stderr
    assert f"{fifo} : c'est un tube nommé (FIFO), pas un fichier ordinaire" in proc.stderr
    assert f"{tmp_path} : c'est un dossier, pas un fichier ordinaire" in proc.stderr
    assert "Traceback" not in proc.stderr
    db = tmp_path / "v.db"
    assert check_db(db)["mentions"] == 3  # the good source was stored
    assert rows(db, "SELECT status, finished_at IS NOT NULL FROM runs") == [("failed", 1)]
    assert dict(rows(db, "SELECT name, status FROM sources")) == {
        "bon": "ok", "zero": "failed", "tube": "failed", "dossier": "failed"}


def test_a_local_file_gets_the_size_cap_of_a_response_whatever_its_stat_says(tmp_path: Path) -> None:
    """/proc files say they are empty (st_size 0) and are not: the read itself stops at the cap."""
    maps = Path("/proc/self/maps")
    if not maps.exists() or maps.stat().st_size != 0:
        pytest.skip("needs Linux /proc, whose files report a size of 0")
    with pytest.raises(BodyTooLarge, match="fichier de plus de"):
        Fetcher(max_bytes=100).read_file(maps)
    small = tmp_path / "f.xml"
    small.write_bytes(b"<rss/>")
    assert Fetcher(max_bytes=100).read_file(small) == b"<rss/>"
    with pytest.raises(CollectorError, match="fichier introuvable"):
        Fetcher().read_file(tmp_path / "absent.xml")


# --- 3. a full disk ----------------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 6 MB tmpfs (root only; skipped elsewhere), unmounted afterwards."""
    where = tmp_path / "disque"
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the simulated full disk of test_faults.py runs instead")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(where)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); test_faults.py simulates a full disk")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_real_full_disk_names_the_cause_keeps_the_data_and_recovers(small_disk: Path, http_server,
                                                                     capsys) -> None:
    """Before: 'cannot rollback - no transaction is active', then a raw OSError [Errno 28] from veille/lock.py."""
    for i in range(8):
        http_server.route(f"/f{i}.xml", Reply(200, feed(1000, f"s{i}"), RSS))
    sources = {f"s{i}": f"{http_server.url}/f{i}.xml" for i in range(8)}
    cfg = config(small_disk, sources)
    cfg.write_text(cfg.read_text().replace("timeout = 2", "timeout = 2\nmax_items = 5000"), encoding="utf-8")
    db = small_disk / "v.db"

    assert main(["collect", "-c", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "disque plein : " in err and f"Mo libres sur {small_disk}" in err and "rollback" not in err
    kept = check_db(db)["mentions"]
    assert 0 < kept < 8000 and kept % 1000 == 0  # whole batches kept, the one that did not fit rolled back
    status, summary = rows(db, "SELECT status, summary FROM runs ORDER BY id DESC LIMIT 1")[0]
    if status == "failed":  # recorded, with its cause, when the database could still take one more page
        assert "disque plein" in json.loads(summary)["error"]
    else:  # otherwise said so; the next run that can write will mark it interrupted
        assert status == "running" and "statut « échec » non enregistré" in err

    filler = small_disk / "remplissage"  # now not one byte left: the lock file cannot even be written
    with open(filler, "wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    assert main(["collect", "-c", str(cfg)]) == 1  # no traceback: the error is named
    err = capsys.readouterr().err
    assert "disque plein : " in err and "Errno" not in err and "Traceback" not in err
    assert check_db(db)["mentions"] == kept

    filler.unlink()  # space comes back (here: the disk grows), the next run completes
    subprocess.run(["mount", "-o", "remount,size=100m", str(small_disk)], check=True)
    assert main(["collect", "-c", str(cfg)]) == 0
    assert check_db(db)["mentions"] == 8000  # nothing lost, nothing twice
    statuses = [r[0] for r in rows(db, "SELECT status FROM runs ORDER BY id")]
    assert statuses[-1] == "ok" and set(statuses[:-1]) <= {"failed", "interrupted"}  # no run left 'running'


@pytest.mark.slow
def test_a_full_disk_during_the_analysis_is_named_too(tmp_path: Path, http_server, monkeypatch, capsys) -> None:
    """The analysis step used to log the raw SQLite error as its own failure and go on."""
    http_server.route("/a.xml", Reply(200, feed(40, "a"), RSS))
    cfg = config(tmp_path, {"a": f"{http_server.url}/a.xml"})
    cfg.write_text(cfg.read_text().replace("timeout = 2", "timeout = 2\nmax_items = 5000"), encoding="utf-8")
    assert main(["collect", "-c", str(cfg)]) == 0
    db = tmp_path / "v.db"
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    configure = storage.db._configure

    def tiny_disk(conn):  # SQLITE_FULL once the file would grow by more than a few pages (no root needed)
        configure(conn)
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")

    monkeypatch.setattr(storage.db, "_configure", tiny_disk)
    capsys.readouterr()
    assert main(["analyze", "-c", str(cfg), "--batch-size", "16"]) == 1
    err = capsys.readouterr().err
    assert "disque plein : " in err and "analyse interrompue" not in err
    assert rows(db, "SELECT status FROM runs ORDER BY id DESC LIMIT 1") == [("failed",)]


def test_no_room_for_the_lock_holder_line_still_runs(tmp_path: Path, http_server, monkeypatch) -> None:
    """The lock is an flock: writing who holds it is informative. ENOSPC there used to be a raw traceback."""
    import veille.lock

    def no_space(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    http_server.route("/a.xml", Reply(200, feed(5, "a"), RSS))
    cfg = config(tmp_path, {"a": f"{http_server.url}/a.xml"})
    monkeypatch.setattr(veille.lock.os, "pwrite", no_space)
    assert main(["collect", "-c", str(cfg)]) == 0
    assert check_db(tmp_path / "v.db")["mentions"] == 5


# --- 5. and 9. unbounded fields, links that are not http(s) ------------------------------------------------


def test_clip_cuts_at_a_word_with_a_marker_and_is_idempotent() -> None:
    text = "mot " * 1000
    cut = clip(text, 100)
    assert len(cut) <= 100 and cut.endswith("mot…") and clip(cut, 100) == cut
    assert clip("x" * 500, 100) == "x" * 99 + "…"  # no word boundary near the end: cut inside the word
    assert clip("court", 100) == "court" and clip(None, 10) is None


def test_huge_fields_and_strange_links_are_bounded_at_ingest(tmp_path: Path, http_server) -> None:
    huge_title = "Orange " + "très " * 250_000  # ~1.25 MB
    items = "".join([
        item(huge_title, "https://presse.example/1", "Tue, 03 Nov 2026 08:00:00 +0000", author="A" * 5_000),
        item("Orange javascript", "javascript:alert(document.cookie)", "Tue, 03 Nov 2026 08:01:00 +0000"),
        item("Orange data", "data:text/html;base64,PHNjcmlwdD4=", "Tue, 03 Nov 2026 08:02:00 +0000"),
        item("Orange long", "https://presse.example/" + "a" * 5000, "Tue, 03 Nov 2026 08:03:00 +0000"),
        item("Orange guid", "https://presse.example/5", "Tue, 03 Nov 2026 08:04:00 +0000", guid="g" * 100_000),
    ])
    http_server.route("/f.xml", Reply(200, rss(items), RSS))
    cfg = config(tmp_path, {"presse": f"{http_server.url}/f.xml"})
    assert main(["collect", "-c", str(cfg)]) == 0
    db = tmp_path / "v.db"
    got = {r[0]: r for r in rows(db, "SELECT substr(title, 1, 12), length(title), url, length(author_name), "
                                     "length(id), json_extract(raw, '$.rejected_url'), length(raw) FROM mentions")}
    assert len(got) == 5
    title = rows(db, "SELECT title FROM mentions WHERE url = 'https://presse.example/1'")[0][0]
    assert len(title) <= LIMITS["title"] and title.endswith("très…")  # cut at a word, marked
    assert got["Orange très "][3] <= LIMITS["author_name"]
    assert got["Orange javas"][2] is None and got["Orange javas"][5] == "javascript:alert(document.cookie)"
    assert got["Orange data"][2] is None and got["Orange data"][5].startswith("data:text/html")
    assert got["Orange long"][2] is None  # a cut link would lead nowhere: dropped, kept in raw
    assert got["Orange guid"][4] <= LIMITS["id"]
    assert all(r[6] < 250_000 for r in got.values())  # raw too
    assert main(["collect", "-c", str(cfg)]) == 0  # hashed ids are stable: nothing twice
    assert check_db(db)["mentions"] == 5


@pytest.mark.parametrize("platform", ["rss", "x", "mastodon", "bluesky", "reddit"])
def test_every_platform_is_bounded_where_mentions_are_saved(conn, platform: str) -> None:
    sync_source(conn, "s", platform, {})
    m = Mention(id=f"{platform}:" + "9" * 5000, platform=platform, source="s", text="Orange " * 50_000,
                title="T" * 1_000_000, url="javascript:void(0)", author_handle="h" * 10_000,
                author_name="n" * 10_000, lang="x" * 100, published_at="2026-11-03T08:00:00Z",
                raw={"payload": "p" * 1_000_000, "list": ["q" * 1000] * 1000}, brands=["Orange"])
    save_batch(conn, "s", "t", Batch([m], {}), "2026-11-03T08:00:00Z", None)
    row = conn.execute("SELECT id, title, text, url, author_handle, author_name, platform_lang, raw "
                       "FROM mentions").fetchone()
    for key in ("id", "title", "text", "author_handle", "author_name"):
        assert len(row[key]) <= LIMITS[key], key
    assert row["url"] is None and row["platform_lang"] is None
    assert len(row["raw"]) < 120_000 and json.loads(row["raw"])["rejected_url"] == "javascript:void(0)"
    assert bound(m) is m and m.url is None  # idempotent: the runner bounds before matching, save_batch again


# --- 10. undated items ---------------------------------------------------------------------------------------


def test_undated_items_take_the_feeds_date_or_none_then_their_first_sighting(tmp_path: Path, http_server) -> None:
    undated = [item(f"Orange {i}", f"https://presse.example/article-{i}") for i in range(3)]
    http_server.route("/canal.xml", Reply(200, rss("".join(undated), "<pubDate>Sat, 09 May 2020 15:20:53 +0200"
                                                                       "</pubDate>"), RSS))
    http_server.route("/http.xml", Reply(200, rss(undated[0].replace("article-0", "h0")),
                                         {**RSS, "Last-Modified": "Fri, 08 May 2020 10:00:00 GMT"}))
    http_server.route("/adresse.xml", Reply(200, rss(item("Orange", "https://presse.example/2020/05/07/titre")),
                                            RSS))
    http_server.route("/rien.xml", Reply(200, rss(undated[1].replace("article-1", "r1")), RSS),
                      Reply(200, rss(undated[1].replace("article-1", "r1") + item("Orange nouveau",
                                                                                  "https://presse.example/r2")), RSS))
    u = http_server.url
    cfg = config(tmp_path, {"canal": f"{u}/canal.xml", "http": f"{u}/http.xml", "adresse": f"{u}/adresse.xml",
                            "rien": f"{u}/rien.xml"})
    assert main(["collect", "-c", str(cfg)]) == 0
    db = tmp_path / "v.db"
    dated = {r[0]: r[1:] for r in rows(db, "SELECT source, published_at, date_source FROM mentions ORDER BY id")}
    assert dated["canal"] == ("2020-05-09T13:20:53Z", "feed")  # the channel's date, never "now"
    assert dated["http"] == ("2020-05-08T10:00:00Z", "http")  # Last-Modified
    assert dated["adresse"] == ("2020-05-07T12:00:00Z", "url")  # the day in the link (noon UTC)
    assert dated["rien"] == (None, "unknown")  # the backlog of a feed that says nothing: undated
    assert main(["collect", "-c", str(cfg)]) == 0  # a new undated item after the first collection
    new = rows(db, "SELECT published_at = collected_at, date_source FROM mentions WHERE url LIKE '%/r2'")
    assert new == [(1, "first_seen")]
    assert rows(db, "SELECT published_at, date_source FROM mentions WHERE url LIKE '%/r1'") == [(None, "unknown")]


def test_undated_mentions_stay_out_of_trends_and_alerts(conn) -> None:
    sync_source(conn, "s", "rss", {})
    dated = [Mention(id=f"rss:d{i}", platform="rss", source="s", text="Orange", brands=["Orange"],
                     published_at="2026-11-03T08:00:00Z") for i in range(2)]
    undated = [Mention(id=f"rss:u{i}", platform="rss", source="s", text="Orange", brands=["Orange"],
                       date_source="unknown") for i in range(50)]
    save_batch(conn, "s", "t", Batch(dated + undated, {}), "2026-11-03T08:00:00Z", None)
    assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 52
    assert conn.execute("SELECT sum(mentions) FROM dash_daily").fetchone()[0] == 2
    assert conn.execute("SELECT sum(mentions) FROM brand_daily").fetchone()[0] == 2
    assert hourly_counts(conn, "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z") == {
        "Orange": [("2026-11-03T08", 2, 0, 0)]}
    assert conn.execute("SELECT count(*) FROM mentions_tagged WHERE date_source = 'unknown'").fetchone()[0] == 50


def test_prune_ages_undated_mentions_from_their_collection(conn) -> None:
    from storage.maintenance import prune_mentions

    sync_source(conn, "s", "rss", {})
    undated = Mention(id="rss:u", platform="rss", source="s", text="Orange", brands=["Orange"], date_source="unknown")
    save_batch(conn, "s", "t", Batch([undated], {}), "2026-11-03T08:00:00Z", None)
    assert prune_mentions(conn, "2000-01-01T00:00:00Z").deleted["mentions"] == 0  # collected after the cutoff
    assert prune_mentions(conn, "2100-01-01T00:00:00Z").deleted["mentions"] == 1


def test_le_parisien_backlog_is_dated_by_its_links_not_today(tmp_path: Path, shared_dir: Path) -> None:
    """The real feed without pubDate: its 30 articles of May 2020 were all dated the day of collection."""
    parisien = shared_dir / "fixtures" / "french-news-rss" / "sociomedia" / "rss_parisien.xml"
    every_word = " OR ".join(f"{c}*" for c in "abcdefghijklmnopqrstuvwxyz0123456789")
    cfg = config(tmp_path, {"parisien": str(parisien)}, brand_query=every_word)
    assert main(["collect", "-c", str(cfg)]) == 0
    db = tmp_path / "v.db"
    assert rows(db, "SELECT date_source, count(*), min(published_at) >= '2020-05-01', max(published_at) < '2020-05-10' "
                    "FROM mentions GROUP BY 1") == [("url", 30, 1, 1)]


# --- 11. one bad URL among many ---------------------------------------------------------------------------


def test_one_bad_url_makes_the_source_partial_and_names_it(tmp_path: Path, http_server, capsys) -> None:
    """Before: the whole source 'failed' ('échec', English 'failed' in the log) although its other URLs worked."""
    u = http_server.url
    for i in range(4):
        http_server.route(f"/f{i}.xml", Reply(200, feed(7, f"s{i}"), RSS))
    page = ('<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
            "</head><body>Accueil</body></html>")
    http_server.route("/accueil", Reply(200, page, {"Content-Type": "text/html"}))
    urls = [f"{u}/f0.xml", f"{u}/f1.xml", f"{u}/accueil", f"{u}/f2.xml", f"{u}/f3.xml"]
    cfg = config(tmp_path, {"presse": urls})
    assert main(["collect", "-c", str(cfg)]) == 1  # documented: a partial source needs the operator (exit 1)
    err = capsys.readouterr().err
    assert "source presse : partiel, 28 mention(s) nouvelle(s)" in err
    assert f"presse (partiel : 1 adresse(s) sur 5 en échec : {u}/accueil)" in err
    assert f"Ce site annonce ce flux : {u}/rss.xml ; mettez cette adresse dans veille.toml à la place." in err
    assert " failed" not in err and "et mettez-la" not in err
    db = tmp_path / "v.db"
    assert check_db(db)["mentions"] == 28
    assert rows(db, "SELECT status FROM sources") == [("partial",)]
    assert rows(db, "SELECT json_extract(summary, '$.collect.failed_urls') FROM runs") == [
        (json.dumps({"presse": [f"{u}/accueil"]}, separators=(",", ":")),)]

    assert main(["sources", "-c", str(cfg)]) == 1
    line = capsys.readouterr().out.splitlines()[2]
    assert "partiel" in line and f"1 adresse(s) en échec : {u}/accueil" in line
    assert main(["sources", "-c", str(cfg), "--json"]) == 1
    [source] = json.loads(capsys.readouterr().out)
    assert source["status"] == "partial" and [t["target"] for t in source["target_errors"]] == [f"{u}/accueil"]
    assert "page HTML reçue" in source["target_errors"][0]["error"]


def test_a_source_whose_every_url_fails_is_still_failed(tmp_path: Path, http_server) -> None:
    http_server.route("/a", Reply(404, "non"))
    http_server.route("/b", Reply(200, "<html><body>rien</body></html>", {"Content-Type": "text/html"}))
    cfg = config(tmp_path, {"presse": [f"{http_server.url}/a", f"{http_server.url}/b"]})
    assert main(["collect", "-c", str(cfg)]) == 1
    assert rows(tmp_path / "v.db", "SELECT status, json_array_length(target_errors) FROM sources") == [("failed", 2)]


def test_source_health_reads_a_database_not_yet_migrated(tmp_path: Path) -> None:
    """`veille sources` opens read-only, before any collection has applied migration 0103."""
    from storage.health import source_health
    from tests.dashboard.test_rollups import database_before

    conn = database_before(tmp_path / "old.db", "0103")
    sync_source(conn, "presse", "rss", {})
    assert source_health(conn)[0]["target_errors"] == []
    conn.close()
    storage.connect(tmp_path / "old.db").close()
