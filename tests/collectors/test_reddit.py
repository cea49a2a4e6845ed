"""Reddit collector end to end against a real HTTP server on 127.0.0.1, through the runner."""

from __future__ import annotations

import base64

import pytest

from collectors.base import SourceConfig
from collectors.reddit import parse_listing
from collectors.runner import collect
from demo.server import Reply
from storage.records import Brand
from tests.collectors.social_support import fixture, params, reply, state, stored

TOKEN = "/api/v1/access_token"
SEARCH = "/search"
BRANDS = [Brand("Lumina", '"Lumina Énergie"', own=True), Brand("Verdis", "Verdis")]
LUMINA_Q = '("lumina énergie" OR "lumina energie")'


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    monkeypatch.setenv("REDDIT_CLIENT_ID", "client-id")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "client-secret")


def source(server, **settings) -> SourceConfig:
    return SourceConfig("reddit-fr", "reddit", {"oauth_url": server.url, "auth_url": server.url, "backoff": 0,
                                                "limit": 3, "user_agent": "python:veille-test:0.1 (by /u/test)",
                                                **settings})


class FakeReddit:
    """Token endpoint + newest-first search: `first` is what page one holds now; `after` → page 2."""

    def __init__(self, server, first: str = "search_page1"):
        self.first = first
        server.route(TOKEN, reply("reddit", "token"))
        server.handle(SEARCH, self.search)

    def search(self, req):
        if req.headers.get("Authorization") != "bearer app-token-1":
            return reply("reddit", "error_401", status=401)
        q = params(req)
        if q["type"] == "comment":
            return reply("reddit", "comments")
        if q["q"] != LUMINA_Q:
            return reply("reddit", "search_empty")
        return reply("reddit", "search_page2" if "after" in q else self.first)


def lumina_searches(server):
    return [params(r) for r in server.requests if r.path == SEARCH and params(r)["q"] == LUMINA_Q]


def test_parse_listing_maps_posts_and_comments():
    listing = fixture("reddit", "search_page1")
    posts = parse_listing(listing, "reddit-fr")
    m = posts[0]
    assert m.id == "reddit:t3_1cr0a5" and m.title == "Lumina Énergie : trois semaines sans réponse du SAV"
    assert m.text == "Lumina Énergie : trois semaines sans réponse du SAV\n\nQuelqu'un a un contact qui répond ?"
    assert m.url == "https://www.reddit.com" + listing["data"]["children"][0]["data"]["permalink"]
    assert (m.author_handle, m.author_followers, m.likes, m.shares, m.replies) == ("camille_m", None, 42, 0, 17)
    assert m.published_at == "2024-05-13T09:41:00Z" and m.raw["subreddit"] == "france"
    removed = parse_listing(fixture("reddit", "search_page2"), "reddit-fr")[0]
    assert removed.text == "Le conseiller Lumina Énergie a été top au final" and removed.author_handle is None
    [comment] = parse_listing(fixture("reddit", "comments"), "reddit-fr")  # the [deleted] one is skipped
    assert comment.id == "reddit:t1_l3x9k2a" and comment.title.startswith("Lumina Énergie : trois")
    assert comment.url == "https://www.reddit.com/r/france/comments/1cr0a5/x/l3x9k2a/"


def test_first_incremental_and_quiet_runs(conn, http_server):
    fake = FakeReddit(http_server)
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "ok"
    mentions = stored(conn)
    assert len(mentions) == 5 and mentions["reddit:t3_1cr0a3"] == ["Lumina", "Verdis"]
    login = next(r for r in http_server.requests if r.path == TOKEN)
    assert login.method == "POST" and login.body == b"grant_type=client_credentials"
    assert login.headers["Authorization"] == "Basic " + base64.b64encode(b"client-id:client-secret").decode()
    assert login.headers["User-Agent"] == "python:veille-test:0.1 (by /u/test)"
    first, second = lumina_searches(http_server)
    assert first == {"q": LUMINA_Q, "sort": "new", "t": "all", "type": "link", "limit": "3", "raw_json": "1"}
    assert second["after"] == "t3_1cr0a3"
    assert state(conn, "reddit-fr", "Lumina") == {"streams": {f"link:{LUMINA_Q}": {"since": 1715593260.0}}}

    fake.first = "search_newer"
    http_server.requests.clear()
    collect(conn, BRANDS, [source(http_server)])
    assert len(lumina_searches(http_server)) == 1  # stops at the first post older than the cursor
    assert "reddit:t3_1cr0b1" in stored(conn)
    assert state(conn, "reddit-fr", "Lumina")["streams"][f"link:{LUMINA_Q}"] == {"since": 1715601660.0}

    fake.first = "search_quiet"
    http_server.requests.clear()
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.new == 0
    assert http_server.hits(SEARCH) == len(BRANDS) and http_server.hits(TOKEN) == 1


def test_page_budget_keeps_the_after_token(conn, http_server):
    FakeReddit(http_server)
    collect(conn, BRANDS, [source(http_server, max_pages=1)])
    assert len(stored(conn)) == 3
    assert state(conn, "reddit-fr", "Lumina")["streams"][f"link:{LUMINA_Q}"] == {
        "resume": "t3_1cr0a3", "backlog_newest": 1715593260.0}
    http_server.requests.clear()
    collect(conn, BRANDS, [source(http_server, max_pages=1)])
    assert lumina_searches(http_server)[0]["after"] == "t3_1cr0a3" and len(stored(conn)) == 5


def test_comments_and_subreddits(conn, http_server):
    FakeReddit(http_server)
    http_server.handle("/r/france+rennes/search", FakeReddit(http_server).search)
    collect(conn, BRANDS[:1], [source(http_server, comments=True, subreddits=["france", "rennes"])])
    sent = [params(r) for r in http_server.requests if r.path == "/r/france+rennes/search"]
    assert {p["type"] for p in sent} == {"link", "comment"} and all(p["restrict_sr"] == "1" for p in sent)
    assert "reddit:t1_l3x9k2a" in stored(conn)


def test_expired_token_gets_one_new_token(conn, http_server):
    FakeReddit(http_server)
    http_server.routes[TOKEN].clear()
    http_server.route(TOKEN, Reply(200, b'{"access_token": "stale", "expires_in": 86400}'), reply("reddit", "token"))
    report = collect(conn, BRANDS[:1], [source(http_server)])
    assert report.sources[0].status == "ok" and http_server.hits(TOKEN) == 2


def test_bad_credentials_name_the_variables(conn, http_server):
    http_server.route(TOKEN, reply("reddit", "error_401", status=401))
    report = collect(conn, BRANDS, [source(http_server)])
    [error] = report.sources[0].errors
    assert report.sources[0].status == "failed" and "REDDIT_CLIENT_ID" in error and "REDDIT_CLIENT_SECRET" in error
    assert http_server.hits(SEARCH) == 0


def test_missing_secret(conn, http_server, monkeypatch):
    monkeypatch.delenv("REDDIT_CLIENT_SECRET")
    report = collect(conn, BRANDS, [source(http_server)])
    assert "REDDIT_CLIENT_SECRET" in report.sources[0].errors[0] and http_server.requests == []


def test_429_with_delay_reset(conn, http_server):
    FakeReddit(http_server)
    http_server.handle(SEARCH, lambda req: reply("reddit", "error_429", status=429, **{
        "x-ratelimit-remaining": "0.0", "x-ratelimit-used": "100", "x-ratelimit-reset": "120"}))
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "rate_limited"
    row = conn.execute("SELECT next_attempt_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+100 seconds') AND "
                       "next_attempt_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+122 seconds') "
                       "FROM fetch_state WHERE target = 'brand:Lumina'").fetchone()
    assert row[0] == 1


def test_500_then_success(conn, http_server):
    fake = FakeReddit(http_server)
    calls = []

    def flaky(req):
        calls.append(req)
        return Reply(500, b"") if len(calls) == 1 else fake.search(req)

    http_server.handle(SEARCH, flaky)
    report = collect(conn, BRANDS[:1], [source(http_server)])
    assert report.sources[0].status == "ok" and len(stored(conn)) == 5
    assert conn.execute("SELECT requests FROM fetches").fetchone()[0] == 4  # token, 500, page 1, page 2


def test_malformed_json_saves_nothing(conn, http_server):
    FakeReddit(http_server)
    http_server.handle(SEARCH, lambda req: Reply(200, b'{"kind": "Listing", "data": {"children": [', {}))
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "failed" and "JSON illisible" in report.sources[0].errors[0]
    assert stored(conn) == {} and state(conn, "reddit-fr", "Lumina") == {}


def test_empty_result(conn, http_server):
    FakeReddit(http_server, first="search_empty")
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "ok" and stored(conn) == {} and http_server.hits(SEARCH) == 2
