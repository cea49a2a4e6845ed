"""Replay every recorded real social page of ../shared through the real `veille collect`, on 127.0.0.1.

The pages are the ones tests/collectors/test_social_conformance.py parses one by one. Here each page
answers its platform's search on a local HTTP server, `veille collect` (the CLI, in this process)
stores it in a fresh database with the brands below, and every stored (mention, brand) is written
as one JSON line, so two versions of the code can be compared on the same input:

    python -m tests.collectors.replay_social after.jsonl
    python -m tests.collectors.replay_social --compare before.jsonl after.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from collectors import bluesky
from collectors.translate import hashtags
from demo.server import LocalServer, Reply
from tests.collectors import test_social_conformance as conformance
from tests.collectors.social_support import reply
from veille.cli import main

BRANDS = {  # the searches the recordings were made with, two brands spelled with « & », and common words
    "Brexit": "brexit", "Kpop": "kpop OR BTS", "Salvini": "Salvini", "Obama": "obama", "Twitter": "Twitter",
    "Q&A": '"Q&A"', "Carlo&Matteo": '"Carlo&Matteo"', "Mastodon": "mastodon OR hoot OR halcy",
    "rstats": "rstats OR bluesky", "Reddit": "reddit OR python", "Commun": "the OR de OR la OR and OR is",
}
JSON = {"Content-Type": "application/json; charset=utf-8"}
CREDENTIALS = {"X_BEARER_TOKEN": "replay", "BLUESKY_HANDLE": "veille.bsky.social",
               "BLUESKY_APP_PASSWORD": "abcd-efgh-ijkl-mnop", "REDDIT_CLIENT_ID": "id", "REDDIT_CLIENT_SECRET": "secret"}


def _answer(server: LocalServer, platform: str, path: Path, line: int | None) -> str:
    """Route the platform's search to this recorded page; return the source settings (TOML lines)."""
    body = conformance._body(path, line)
    if platform == "x":
        meta = {k: v for k, v in (body.get("meta") or {}).items() if k != "next_token"}
        server.route("/2/tweets/search/recent", Reply(200, json.dumps({**body, "meta": meta}), JSON))
        return f'api_url = "{server.url}"\nexclude_retweets = false'
    if platform == "mastodon":
        statuses = conformance._statuses(body, conformance._load(path)["uri"])
        for query in BRANDS.values():
            server.route(f"/api/v1/timelines/tag/{quote(hashtags(query)[0], safe='')}",
                         Reply(200, json.dumps(statuses), JSON))
        return f'instance = "{server.url}"'
    if platform == "bluesky":
        profiles = conformance._body(conformance.FIX / "bluesky" / "decoded" / "a_profile__00.json", None)
        server.route("/xrpc/com.atproto.server.createSession", reply("bluesky", "session"))
        server.route("/xrpc/app.bsky.feed.searchPosts", Reply(200, json.dumps({"posts": bluesky.posts_in(body)}), JSON))
        server.route("/xrpc/app.bsky.actor.getProfiles", Reply(200, json.dumps(profiles), JSON))
        return f'service = "{server.url}"'
    things = conformance._reddit_things(body)
    server.route("/api/v1/access_token", reply("reddit", "token"))
    server.route("/search", Reply(200, json.dumps({"kind": "Listing", "data": {"children": things, "after": None}}),
                                  JSON))
    return f'oauth_url = "{server.url}"\nauth_url = "{server.url}"\nuser_agent = "python:veille-replay:0.1"'


def replay_case(platform: str, path: Path, line: int | None, case: str) -> list[dict]:
    """Collect one recorded page into a fresh database; one row per stored (mention, brand)."""
    brands = "".join(f'[[brands]]\nname = {json.dumps(n)}\nquery = {json.dumps(q)}\n' for n, q in BRANDS.items())
    with tempfile.TemporaryDirectory() as tmp, LocalServer() as server:
        settings = _answer(server, platform, path, line)
        config = Path(tmp) / "veille.toml"
        config.write_text(f'[database]\npath = "{tmp}/v.db"\n{brands}[[sources]]\nname = "replay"\n'
                          f'type = "{platform}"\nbackoff = 0\n{settings}\n', encoding="utf-8")
        code = main(["--quiet", "collect", "-c", str(config)])
        conn = sqlite3.connect(f"{tmp}/v.db")
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT m.id, b.brand, m.text, m.reach, m.shares, m.author_followers, m.raw "
                            "FROM mentions m JOIN mention_brands b ON b.mention_id = m.id ORDER BY m.id, b.brand")
        out = [{"case": case, "platform": platform, "exit": code, **{k: r[k] for k in r.keys() if k != "raw"},
                **{k: (json.loads(r["raw"]) or {}).get(k) for k in ("kind", "retweet_of", "found_via")
                   if platform == "x"}} for r in rows]
        conn.close()
    return out or [{"case": case, "platform": platform, "exit": code, "id": None}]


def replay(out: Path) -> None:
    os.environ.update(CREDENTIALS)
    with out.open("w", encoding="utf-8") as f:
        for case in conformance._cases():
            platform, path, line, _ = case.values
            for row in replay_case(platform, path, line, case.id):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _summary(rows: list[dict], platform: str) -> dict:
    rows = [r for r in rows if r["platform"] == platform]
    stored = [r for r in rows if r["id"]]
    return {"pages": len({r["case"] for r in rows}), "mentions": len({(r["case"], r["id"]) for r in stored}),
            "pairs": {(r["case"], r["id"], r["brand"]) for r in stored},
            "failed": len({r["case"] for r in rows if r["exit"] != 0}), "brands": Counter(r["brand"] for r in stored)}


def compare(before: Path, after: Path) -> None:
    """Per platform: pages, stored mentions and (mention, brand) pairs before/after, and what was lost."""
    runs = [[json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()] for p in (before, after)]
    for platform in ("x", "mastodon", "bluesky", "reddit"):
        old, new = (_summary(rows, platform) for rows in runs)
        print(f"{platform}: {old['pages']} pages ; mentions {old['mentions']} -> {new['mentions']} ; "
              f"(mention, marque) {len(old['pairs'])} -> {len(new['pairs'])} ; perdues {len(old['pairs'] - new['pairs'])}"
              f" ; gagnées {len(new['pairs'] - old['pairs'])} ; collectes en échec {old['failed']} -> {new['failed']}")
        for brand in sorted(set(old["brands"]) | set(new["brands"])):
            if old["brands"][brand] != new["brands"][brand]:
                print(f"    {brand}: {old['brands'][brand]} -> {new['brands'][brand]}")
    _x_figures(runs)


def _x_figures(runs: list[list[dict]]) -> None:
    for label, rows in zip(("avant", "après"), runs, strict=True):
        mentions = {(r["case"], r["id"]): r for r in rows if r["platform"] == "x" and r["id"]}.values()
        escaped = [r for r in mentions if any(e in r["text"] for e in ("&amp;", "&lt;", "&gt;"))]
        retweets = [r for r in mentions if r["kind"] == "retweet"]
        print(f"X {label} : {len(mentions)} mentions, {len(escaped)} avec &amp;/&lt;/&gt;, {len(retweets)} retweets "
              f"(portée totale {sum(r['reach'] for r in retweets):,}, {sum(r['text'].endswith('…') for r in retweets)}"
              f" au texte coupé), {sum(bool(r.get('found_via')) for r in mentions)} originaux vus par un retweet")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--compare", action="store_true", help="comparer deux relevés (avant, après)")
    args = parser.parse_args()
    if not conformance.FIX.is_dir():
        sys.exit(f"../shared absent ({conformance.FIX}) : rien à rejouer")
    compare(*args.files) if args.compare else replay(args.files[0])
