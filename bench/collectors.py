"""Social collectors: mentions parsed per second from recorded pages, and requests of a quiet second run.

Run: `.venv/bin/python -m bench.collectors`. Writes `bench/results/collectors.md`.

1. Parsing: each platform's pure parser over recorded real responses (../shared/fixtures when
   present, else the project's own fixtures), median of 5 timed rounds. Baseline measured in
   the same run: `json.loads` of the same pages, so the ratio says what parsing adds to decoding.
2. Requests: every collector runs twice through the runner against a local HTTP server
   (127.0.0.1) answering in the platform's format; the second run has nothing new.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import storage
from bench import publish
from collectors import bluesky, mastodon, reddit, x
from collectors.base import SourceConfig
from collectors.runner import collect
from demo.server import LocalServer, Reply
from storage.records import Brand

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "collectors.md"
SHARED = ROOT.parent / "shared" / "fixtures"
OWN = ROOT / "tests" / "fixtures" / "social"
ROUNDS, MIN_ROUND_S = 5, 0.2


def _recorded(pattern: str, key: str | None = "body") -> list[bytes]:
    out = []
    for path in sorted(SHARED.glob(pattern)):
        if path.suffix == ".jsonl":
            out += [line.encode() for line in path.read_text(encoding="utf-8").splitlines() if '"data": [' in line
                    and "/2/tweets/search/" in line]
        else:
            out.append(json.dumps(json.loads(path.read_text(encoding="utf-8"))[key]).encode())
    return out


def pages() -> tuple[str, dict[str, tuple[list[bytes], Callable]]]:
    """Raw pages and the parser of each platform."""
    parsers = {
        "x": lambda body: x.parse_page(body, "bench"),
        "mastodon": lambda body: mastodon.parse_statuses(body, "bench.example", "bench"),
        "bluesky": lambda body: bluesky.parse_page(body, "bench"),
        "reddit": lambda body: reddit.parse_listing(body, "bench"),
    }
    if SHARED.is_dir():
        raw = {
            "x": _recorded("twarc-csv/test-data/*.jsonl"),
            "mastodon": [p for p in _recorded("mastodon/decoded/test_pagination_iterator__*.json")
                         + _recorded("mastodon/decoded/test_public_tl__*.json") if p.startswith(b"[{")],
            "bluesky": _recorded("bluesky/decoded/f_*.json"),
            "reddit": _recorded("reddit-praw/decoded/Test*__0[12].json"),
        }
        origin = "pages enregistrées réelles de ../shared/fixtures (twarc-csv, Mastodon.py, bskyr, praw)"
    else:
        raw = {p: [f.read_bytes() for f in sorted((OWN / p).glob("search*.json")) + sorted((OWN / p).glob("tag*.json"))]
               for p in parsers}
        raw["mastodon"] = [f.read_bytes() for f in sorted((OWN / "mastodon").glob("tag*.json"))]
        origin = "fixtures du projet (tests/fixtures/social), ../shared absent"
    return origin, {p: (raw[p], parsers[p]) for p in parsers}


def _timed(fn: Callable[[], int]) -> tuple[float, int]:
    """Seconds per call (looping until MIN_ROUND_S) and the call's result."""
    calls, start = 0, time.perf_counter()
    while True:
        result = fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= MIN_ROUND_S:
            return elapsed / calls, result


def parse_rates() -> tuple[str, list[dict]]:
    origin, by_platform = pages()
    rows = []
    for platform, (raw, parse) in by_platform.items():
        decoded = [json.loads(p) for p in raw]
        decode_s, parse_s, count = [], [], 0
        for _ in range(ROUNDS):
            d, _ = _timed(lambda raw=raw: len([json.loads(p) for p in raw]))
            s, count = _timed(lambda decoded=decoded, parse=parse: sum(len(parse(b)) for b in decoded))
            decode_s.append(d)
            parse_s.append(s)
        rows.append({"platform": platform, "pages": len(raw), "mentions": count,
                     "parse_per_s": count / statistics.median(parse_s),
                     "decode_per_s": count / statistics.median(decode_s)})
    return origin, rows


BRANDS = [Brand("Lumina", '"Lumina Énergie"', own=True), Brand("Verdis", "Verdis")]


def _ok(platform: str, name: str) -> Reply:
    return Reply(200, (OWN / platform / f"{name}.json").read_bytes(), {"Content-Type": "application/json"})


def _servers(server: LocalServer) -> list[tuple[SourceConfig, set[str]]]:
    """Each collector's source on the local server, and the paths that are logins rather than searches."""
    server.handle("/2/tweets/search/recent",
                  lambda r: _ok("x", "search_empty" if "since_id" in r.query else "search_newer"))
    for tag in ("luminaenergie", "verdis"):
        server.handle(f"/api/v1/timelines/tag/{tag}",
                      lambda r: _ok("mastodon", "tag_empty" if "since_id" in r.query else "tag_newer"))
    server.route("/xrpc/com.atproto.server.createSession", _ok("bluesky", "session"))
    server.route("/xrpc/app.bsky.feed.searchPosts", _ok("bluesky", "search_quiet"))
    server.route("/xrpc/app.bsky.actor.getProfiles", _ok("bluesky", "profiles"))
    server.route("/api/v1/access_token", _ok("reddit", "token"))
    server.route("/search", _ok("reddit", "search_quiet"))
    url = server.url
    return [
        (SourceConfig("x", "x", {"api_url": url}), set()),
        (SourceConfig("mastodon", "mastodon", {"instance": url}), set()),
        (SourceConfig("bluesky", "bluesky", {"service": url}), {"/xrpc/com.atproto.server.createSession"}),
        (SourceConfig("reddit", "reddit", {"oauth_url": url, "auth_url": url}), {"/api/v1/access_token"}),
    ]


def quiet_runs() -> list[dict]:
    os.environ.update({"X_BEARER_TOKEN": "bench", "BLUESKY_HANDLE": "bench.bsky.social",
                       "BLUESKY_APP_PASSWORD": "bench-pass", "REDDIT_CLIENT_ID": "bench",
                       "REDDIT_CLIENT_SECRET": "bench"})
    rows = []
    with tempfile.TemporaryDirectory() as tmp, LocalServer() as server:
        for source, logins in _servers(server):
            conn = storage.connect(Path(tmp) / f"{source.name}.db")
            collect(conn, BRANDS, [source])
            server.requests.clear()
            report = collect(conn, BRANDS, [source])
            paths = [r.path for r in server.requests]
            rows.append({"platform": source.name, "status": report.sources[0].status, "new": report.new,
                         "searches": sum(p not in logins for p in paths), "logins": sum(p in logins for p in paths)})
            conn.close()
    return rows


def main() -> int:
    origin, rates = parse_rates()
    quiet = quiet_runs()
    lines = [
        "# Collecteurs sociaux", "",
        f"Analyse : {origin}. Médiane de {ROUNDS} tours ; référence mesurée dans le même tour : `json.loads` "
        "des mêmes pages.", "",
        "| plateforme | pages | mentions | mentions analysées/s | json.loads seul (mentions/s) | temps analyse ÷ temps décodage |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rates:
        lines.append(f"| {r['platform']} | {r['pages']} | {r['mentions']} | {r['parse_per_s']:,.0f} | "
                     f"{r['decode_per_s']:,.0f} | {r['decode_per_s'] / r['parse_per_s']:.2f} |")
    lines += ["", f"Seconde collecte sans nouveauté ({len(BRANDS)} marques, serveur local 127.0.0.1) :", "",
              "| plateforme | statut | nouvelles mentions | requêtes de recherche | par marque | connexions |",
              "| --- | --- | ---: | ---: | ---: | ---: |"]
    for r in quiet:
        lines.append(f"| {r['platform']} | {r['status']} | {r['new']} | {r['searches']} | "
                     f"{r['searches'] / len(BRANDS):g} | {r['logins']} |")
    publish(RESULTS, "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
