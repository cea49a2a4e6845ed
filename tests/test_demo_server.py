"""The demo server on 127.0.0.1: real HTTP, the real APIs' paths, and the project's collectors reading it."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests

import storage
from collectors.base import SourceConfig, Target
from collectors.mastodon import html_to_text
from collectors.registry import COLLECTORS
from collectors.runner import BrandMatcher, collect
from demo import build_demo_site, demo_credentials, serve_demo, write_demo_config
from demo.config import DEMO_CREDENTIALS
from demo.server import fake_jwt
from storage.query import parse_query
from veille.config import load_config

END = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
TIMEOUT = 10


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Three weeks, so the incident is in and the files stay small."""
    return build_demo_site(tmp_path_factory.mktemp("demo"), end=END, days=21)


@pytest.fixture(scope="module")
def base(site):
    with serve_demo(site) as url:
        yield url


@pytest.fixture(scope="module")
def config(site, base, tmp_path_factory):
    path = write_demo_config(site, base, tmp_path_factory.mktemp("cfg") / "demo.db",
                             tmp_path_factory.mktemp("cfg") / "veille.toml")
    return load_config(path)


def load(site, name: str):
    return json.loads((site.directory / site.social[name]).read_text(encoding="utf-8"))


def expected(site) -> dict[str, dict[str, set[str]]]:
    """platform -> brand -> ids of the posts the brand's query matches and its own accounts did not write (what a
    full collection must store)."""
    queries = {b.name: parse_query(b.query) for b in site.brands}
    accounts = {b.name: {a.removeprefix("@").casefold() for a in b.accounts} for b in site.brands}
    x = load(site, "x")
    users = {u["id"]: u["username"] for u in x["includes"]["users"]}
    texts = {  # (id, text, author)
        "x": [(f"x:{t['id']}", t["text"], users[t["author_id"]]) for t in x["data"]
              if not any(r["type"] == "retweeted" for r in t.get("referenced_tweets", []))],
        "mastodon": [(s["id"], html_to_text(s["content"]), s["account"]["acct"])  # id sans host
                     for s in load(site, "mastodon")["statuses"]],
        "bluesky": [(f"bluesky:{p['uri']}", p["record"]["text"], p["author"]["handle"])
                    for p in load(site, "bluesky")["posts"]],
        "reddit": [(f"reddit:{c['data']['name']}", f"{c['data']['title']}\n{c['data']['selftext']}", c["data"]["author"])
                   for c in load(site, "reddit")["data"]["children"]],
    }
    return {platform: {name: {i for i, text, author in items
                              if q.matches(text) and author.casefold() not in accounts[name]}
                       for name, q in queries.items()}
            for platform, items in texts.items()}


def get(url: str, **kwargs) -> requests.Response:
    return requests.get(url, timeout=TIMEOUT, **kwargs)


def test_listens_on_loopback_and_stops(site, monkeypatch):
    monkeypatch.setenv("X_BEARER_TOKEN", "a-real-token")
    with serve_demo(site) as url:
        assert url.startswith("http://127.0.0.1:")
        assert get(url + "/nowhere").status_code == 404
        assert os.environ["X_BEARER_TOKEN"] == DEMO_CREDENTIALS["X_BEARER_TOKEN"]  # real tokens never sent
    assert os.environ["X_BEARER_TOKEN"] == "a-real-token"
    with pytest.raises(requests.ConnectionError):
        get(url + "/nowhere")


def test_feeds_with_conditional_get(site, base):
    for feed in site.feeds:
        for path in feed.paths:
            r = get(f"{base}/{path.as_posix()}")
            assert r.status_code == 200 and r.content == (site.directory / path).read_bytes()
            assert r.headers["Content-Type"].startswith(f"application/{feed.format}+xml")
            assert get(r.url, headers={"If-None-Match": r.headers["ETag"]}).status_code == 304
    since = format_datetime(site.end + timedelta(minutes=1), usegmt=True)
    assert get(r.url, headers={"If-Modified-Since": since}).status_code == 304
    assert get(f"{base}/flux/../social/x/tweets_search_recent.json").status_code == 404
    assert get(f"{base}/flux/gazette/1999-01.xml").status_code == 404


def test_x_search_pages_filters_and_expansions(site, base):
    url = f"{base}/2/tweets/search/recent"
    params = {"query": '(Kelvo OR KelvoFR) -is:retweet', "max_results": 10, "expansions": "author_id",
              "tweet.fields": "created_at,public_metrics", "user.fields": "public_metrics"}
    seen, token, pages = [], None, 0
    while True:
        body = get(url, params={**params, **({"next_token": token} if token else {})}).json()
        pages += 1
        seen += [t["id"] for t in body["data"]]
        assert {t["author_id"] for t in body["data"]} == {u["id"] for u in body["includes"]["users"]}
        assert all("followers_count" in u["public_metrics"] for u in body["includes"]["users"])
        token = body["meta"].get("next_token")
        if not token:
            break
    wanted = [t for t in load(site, "x")["data"] if "kelvo" in t["text"].lower()
              and not any(r["type"] == "retweeted" for r in t.get("referenced_tweets", []))]
    assert seen == [t["id"] for t in wanted] and pages == -(-len(wanted) // 10) > 1
    newer = get(url, params={**params, "since_id": seen[3]}).json()
    assert [t["id"] for t in newer["data"]] == seen[:3] and newer["meta"]["result_count"] == 3
    assert get(url, params={**params, "since_id": seen[0]}).json() == {"meta": {"result_count": 0}}
    bare = get(url, params={"query": "Kelvo"}).json()["data"][0]
    assert set(bare) == {"id", "text", "edit_history_tweet_ids"}  # only the default fields unless asked
    assert get(url).status_code == 400
    assert int(get(url, params=params).headers["x-rate-limit-reset"]) > 0


def test_mastodon_search_and_hashtag_timeline(site, base):
    statuses = load(site, "mastodon")["statuses"]
    orbelle = [s["id"] for s in statuses if "orbelle" in s["content"].lower()]
    page1 = get(f"{base}/api/v2/search", params={"q": "Orbelle", "type": "statuses", "limit": 5}).json()
    page2 = get(f"{base}/api/v2/search", params={"q": "Orbelle", "type": "statuses", "limit": 5, "offset": 5}).json()
    assert [s["id"] for s in page1["statuses"] + page2["statuses"]] == orbelle[:10]
    newer = get(f"{base}/api/v2/search", params={"q": "Orbelle", "type": "statuses", "min_id": orbelle[2]}).json()
    assert [s["id"] for s in newer["statuses"]] == orbelle[:2]
    assert get(f"{base}/api/v2/search", params={"q": "Orbelle", "type": "accounts"}).json()["statuses"] == []

    tagged = [s["id"] for s in statuses if {t["name"] for t in s["tags"]} & {"panneorbelle", "orbelle"}]
    seen, url = [], f"{base}/api/v1/timelines/tag/PanneOrbelle?limit=4&any[]=orbelle"
    while url:
        r = get(url)
        seen += [s["id"] for s in r.json()]
        url = r.links.get("next", {}).get("url") if r.json() else None
        if url:
            url += "&any[]=orbelle&limit=4"
    assert seen == tagged and len(tagged) > 4
    panne = [s["id"] for s in statuses if "panneorbelle" in {t["name"] for t in s["tags"]}]
    forward = get(f"{base}/api/v1/timelines/tag/panneorbelle", params={"min_id": panne[-1], "limit": 2}).json()
    assert [s["id"] for s in forward] == panne[-3:-1]  # min_id pages forward from just above it


def test_bluesky_session_search_and_profiles(site, base):
    search = f"{base}/xrpc/app.bsky.feed.searchPosts"
    assert get(search, params={"q": "Azur"}).status_code == 401
    session = requests.post(f"{base}/xrpc/com.atproto.server.createSession", timeout=TIMEOUT,
                            json={"identifier": "demo.bsky.social", "password": "x"}).json()
    auth = {"Authorization": f"Bearer {session['accessJwt']}"}
    seen, cursor = [], None
    while True:
        body = get(search, headers=auth, params={"q": "Azur", "limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [p["uri"] for p in body["posts"]]
        cursor = body.get("cursor")
        if not cursor:
            break
    posts = load(site, "bluesky")["posts"]
    assert seen == [p["uri"] for p in posts if "azur" in p["record"]["text"].lower()] and len(seen) > 2
    late = [p for p in posts if p["indexedAt"] >= posts[5]["indexedAt"]]
    since = get(search, headers=auth, params={"q": "Orbelle OR Azur OR Kelvo OR Ondalys", "since": posts[5]["indexedAt"],
                                              "limit": 100}).json()
    assert {p["uri"] for p in since["posts"]} <= {p["uri"] for p in late}
    dids = list(dict.fromkeys(p["author"]["did"] for p in posts))[:3]
    profiles = get(f"{base}/xrpc/app.bsky.actor.getProfiles", headers=auth, params=[("actors", d) for d in dids]).json()
    assert [p["did"] for p in profiles["profiles"]] == dids and all("followersCount" in p for p in profiles["profiles"])
    refreshed = requests.post(f"{base}/xrpc/com.atproto.server.refreshSession", timeout=TIMEOUT,
                              headers={"Authorization": f"Bearer {session['refreshJwt']}"})
    assert refreshed.status_code == 200 and refreshed.json()["accessJwt"]
    expired = fake_jwt("com.atproto.access", timedelta(seconds=-5), "did:plc:x")
    r = get(search, headers={"Authorization": f"Bearer {expired}"}, params={"q": "Azur"})
    assert r.status_code == 400 and r.json()["error"] == "ExpiredToken"


def test_reddit_token_and_listing_pages(site, base):
    assert requests.post(f"{base}/api/v1/access_token", data={"grant_type": "client_credentials"},
                         timeout=TIMEOUT).status_code == 401
    token = requests.post(f"{base}/api/v1/access_token", data={"grant_type": "client_credentials"},
                          auth=("id", "secret"), timeout=TIMEOUT).json()["access_token"]
    assert get(f"{base}/search", params={"q": "Orbelle"}).status_code == 401
    auth = {"Authorization": f"bearer {token}"}
    names, after = [], None
    while True:
        data = get(f"{base}/search", headers=auth,
                   params={"q": "Orbelle", "limit": 3, "sort": "new", **({"after": after} if after else {})}).json()["data"]
        names += [c["data"]["name"] for c in data["children"]]
        after = data["after"]
        if not after:
            break
    children = load(site, "reddit")["data"]["children"]
    wanted = [c["data"]["name"] for c in children
              if "orbelle" in f"{c['data']['title']} {c['data']['selftext']}".lower()]
    assert names == wanted and len(names) > 3
    newer = get(f"{base}/search", headers=auth, params={"q": "Orbelle", "before": names[4], "limit": 2}).json()["data"]
    assert [c["data"]["name"] for c in newer["children"]] == names[2:4] and newer["before"] == names[2]
    sub = children[0]["data"]["subreddit"]
    restricted = get(f"{base}/r/{sub}+other/search", headers=auth,
                     params={"q": "Orbelle Azur Kelvo Ondalys", "restrict_sr": 1, "limit": 100}).json()["data"]
    assert {c["data"]["subreddit"] for c in restricted["children"]} == {sub}


def test_demo_config_validates_and_names_every_served_file(site, base, config):
    assert [b.name for b in config.brands] == [b.name for b in site.brands]
    assert sum(b.own for b in config.brands) == 1
    assert config.database.is_absolute()
    kinds = [s.type for s in config.sources]
    assert kinds.count("rss") == len(site.feeds) and {"x", "mastodon", "bluesky", "reddit"} <= set(kinds)
    for source in config.sources:
        assert source.type in COLLECTORS
        for url in source.settings.get("urls", []):
            assert url.startswith(base) and get(url).status_code == 200


def test_demo_credentials_are_set_then_restored(monkeypatch):
    monkeypatch.setenv("X_BEARER_TOKEN", "a-real-token")
    monkeypatch.delenv("REDDIT_CLIENT_ID", raising=False)
    with demo_credentials() as env:
        assert all(os.environ[k] == v for k, v in env.items()) and env == DEMO_CREDENTIALS
    assert os.environ["X_BEARER_TOKEN"] == "a-real-token" and "REDDIT_CLIENT_ID" not in os.environ


@pytest.mark.parametrize("kind", ["x", "mastodon", "bluesky", "reddit"])
def test_each_social_collector_reads_every_brand_post_then_nothing_new(site, base, config, kind):
    source = next(s for s in config.sources if s.type == kind)
    want = expected(site)[kind]
    collector = COLLECTORS[kind](source)  # credentials: the placeholders `serve_demo` sets
    brands = {b.name: b for b in config.brands}
    for target in collector.targets(list(config.brands)):
        brand = target.params["brand"]
        matcher = BrandMatcher([brands[brand]])  # its query, and not its own accounts
        first = collector.fetch(target, {})
        got = {m.id.rsplit(":", 1)[1] if kind == "mastodon" else m.id for m in first.mentions if matcher.match(m)}
        assert got == want[brand] and got, brand
        again = collector.fetch(target, first.state)  # the cursor works against the demo too
        assert {m.id for m in again.mentions} <= {m.id for m in first.mentions}, brand


def test_mastodon_hashtag_mode_reads_the_brand_tags(site, config, base):
    source = SourceConfig("Mastodon tags", "mastodon", {"instance": base, "max_pages": 20})
    collector = COLLECTORS["mastodon"](source)
    batch = collector.fetch(Target("brand:Orbelle", {"brand": "Orbelle", "query": "Orbelle OR PanneOrbelle"}), {})
    assert batch.mentions and all({t["name"] for t in m.raw["tags"]} & {"orbelle", "panneorbelle"}
                                  for m in batch.mentions)


def test_collect_stores_every_brand_mention_once(site, base, config, db_path):
    conn = storage.connect(db_path)
    report = collect(conn, config.brands, config.sources)
    assert not report.failed, [(s.name, s.errors) for s in report.failed]
    again = collect(conn, config.brands, config.sources)
    assert again.new == 0
    counts = dict(conn.execute("SELECT platform, COUNT(*) FROM mentions GROUP BY platform").fetchall())
    want = expected(site)
    for platform in ("x", "bluesky", "reddit", "mastodon"):
        assert counts[platform] == len(set().union(*want[platform].values())), platform
    branded_items = site.counts["feed_items"] - site.counts["noise_items"]
    assert counts["rss"] == branded_items
    own = conn.execute("SELECT COUNT(*) FROM mention_brands WHERE brand = 'Orbelle'").fetchone()[0]
    assert own > conn.execute("SELECT COUNT(*) FROM mention_brands WHERE brand = 'Kelvo'").fetchone()[0]
    conn.close()
