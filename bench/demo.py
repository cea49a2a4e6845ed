"""The built-in demo: generation time, demo server latency, and one full collection of the demo.

Run: `.venv/bin/python -m bench.demo`. Writes `bench/results/demo.md`.

1. Generation: `build_demo_site` (90 days, default seed), median of 3, against copying the
   same files (pure I/O), measured in the same run.
2. Server: median latency of a feed GET, an X search page and a Bluesky search page, against
   a 404 on the same server (the HTTP round trip alone).
3. Collection: the runner over the whole demo config (RSS + four social APIs), then a second
   run with nothing new.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

import storage
from bench import publish
from collectors.runner import collect
from demo import build_demo_site, serve_demo, write_demo_config
from veille.config import load_config

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "demo.md"
END = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def timed(fn, rounds: int) -> float:
    """Median wall time of `rounds` calls, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    lines = ["# Demo", "", f"Python {sys.version.split()[0]}, end = {END.isoformat()}, seed 7.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        site = build_demo_site(root / "site", end=END)
        build = timed(lambda: build_demo_site(root / "site", end=END), 3)
        copy = timed(lambda: shutil.copytree(root / "site", root / "copy", dirs_exist_ok=True), 3)
        files = sum(1 for p in (root / "site").rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) / 2**20
        total = site.counts["feed_items"] + site.counts["social_posts"]
        lines += ["## Generation (median of 3)", "",
                  "| what | seconds | items/s |", "| --- | ---: | ---: |",
                  f"| build_demo_site ({total} items, {files} files, {size:.1f} MiB) | {build:.3f} | {total / build:,.0f} |",
                  f"| baseline: copy the same files | {copy:.3f} | |",
                  f"| ratio | {build / copy:.1f}× | |", ""]

        with serve_demo(site) as base:
            session = requests.Session()
            token = session.post(f"{base}/xrpc/com.atproto.server.createSession", timeout=10,
                                 json={"identifier": "bench.bsky.social", "password": "x"}).json()["accessJwt"]
            feed = f"{base}/{site.feeds[3].paths[-1].as_posix()}"
            probes = {
                "404 (round trip only)": lambda: session.get(f"{base}/nowhere", timeout=10),
                f"feed GET ({site.feeds[3].key}, last month)": lambda: session.get(feed, timeout=10),
                "X search page (100 tweets, expansions)": lambda: session.get(
                    f"{base}/2/tweets/search/recent", timeout=10,
                    params={"query": "Orbelle -is:retweet", "max_results": 100, "expansions": "author_id",
                            "tweet.fields": "created_at,public_metrics", "user.fields": "public_metrics"}),
                "Bluesky search page (100 posts)": lambda: session.get(
                    f"{base}/xrpc/app.bsky.feed.searchPosts", timeout=10,
                    headers={"Authorization": f"Bearer {token}"}, params={"q": "Orbelle", "limit": 100}),
            }
            lines += ["## Demo server latency (median of 30, sequential)", "", "| request | ms |", "| --- | ---: |"]
            lines += [f"| {name} | {timed(fn, 30) * 1000:.1f} |" for name, fn in probes.items()]
            lines.append("")

            config = load_config(write_demo_config(site, base, root / "demo.db", root / "veille.toml"))
            conn = storage.connect(root / "demo.db")
            start = time.perf_counter()
            first = collect(conn, config.brands, config.sources)
            first_s = time.perf_counter() - start
            start = time.perf_counter()
            second = collect(conn, config.brands, config.sources)
            second_s = time.perf_counter() - start
            stored = conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
            conn.close()
        lines += ["## Collection of the whole demo (runner, 10 sources)", "",
                  "| run | seconds | new mentions | mentions/s |", "| --- | ---: | ---: | ---: |",
                  f"| first | {first_s:.2f} | {first.new} | {first.new / first_s:,.0f} |",
                  f"| second (nothing new) | {second_s:.2f} | {second.new} | |", "",
                  f"Stored: {stored} mentions; failed sources: {len(first.failed) + len(second.failed)}.", ""]
    publish(RESULTS, "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
