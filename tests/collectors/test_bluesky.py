"""Bluesky collector end to end against a real HTTP server on 127.0.0.1, through the runner."""

from __future__ import annotations

import json
import time

import pytest

from collectors.base import SourceConfig
from collectors.bluesky import SINCE_MARGIN, parse_page, post_url, precise_utc
from collectors.runner import collect
from demo.server import Reply
from storage.records import Brand
from tests.collectors.social_support import fixture, params, reply, state, stored

SEARCH = "/xrpc/app.bsky.feed.searchPosts"
SESSION = "/xrpc/com.atproto.server.createSession"
REFRESH = "/xrpc/com.atproto.server.refreshSession"
PROFILES = "/xrpc/app.bsky.actor.getProfiles"
BRANDS = [Brand("Lumina", '"Lumina Énergie"', own=True), Brand("Verdis", "Verdis")]
NEWEST_PAGE1 = "2024-05-13T09:41:00.500000Z"


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    monkeypatch.setenv("BLUESKY_HANDLE", "veille.bsky.social")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop")


def source(server, **settings) -> SourceConfig:
    return SourceConfig("bsky", "bluesky", {"service": server.url, "backoff": 0, "limit": 3, **settings})


def fake_bluesky(server, after: dict[str, str] | None = None, access: str = "access-1"):
    """Session + search: page1 (cursor) → page2; `since` → `after[since]`; Verdis: empty."""
    after = after or {}
    server.route(SESSION, reply("bluesky", "session"))
    server.route(PROFILES, reply("bluesky", "profiles"))

    def search(req):
        if req.headers.get("Authorization") != f"Bearer {access}":
            return reply("bluesky", "error_expired", status=400)
        q = params(req)
        if q["q"] != '"lumina énergie"':
            return reply("bluesky", "search_empty")
        if "cursor" in q:
            return reply("bluesky", "search_page2")
        if "since" in q:
            return reply("bluesky", after.get(q["since"], "search_empty"))
        return reply("bluesky", "search_page1")

    server.handle(SEARCH, search)


def searches(server) -> list[dict[str, str]]:
    return [params(r) for r in server.requests if r.path == SEARCH and params(r)["q"] == '"lumina énergie"']


def test_parse_page_maps_every_field():
    mentions = parse_page(fixture("bluesky", "search_page1"), "bsky")
    m = mentions[1]
    assert m.id == "bluesky:at://did:plc:q2filecoactu000000000000/app.bsky.feed.post/3kxa4"
    assert m.url == "https://bsky.app/profile/lefileco.fr/post/3kxa4"
    assert (m.author_handle, m.author_name, m.author_followers) == ("lefileco.fr", "Le Fil Éco", None)
    assert (m.likes, m.shares, m.replies, m.lang) == (57, 12 + 3, 4, "fr")
    assert m.published_at == "2024-05-13T09:02:09Z" and m.text.startswith("Lumina Énergie ouvre")
    assert mentions[2].author_name == "jules.bsky.social"  # empty display name: the handle
    assert parse_page(fixture("bluesky", "search_page2"), "bsky")[1].lang is None


def test_helpers():
    assert precise_utc("2024-05-13T11:41:00.5+02:00") == NEWEST_PAGE1
    assert post_url({"uri": "at://did:plc:abc/app.bsky.feed.post/3k", "author": {"did": "did:plc:abc",
                                                                               "handle": "handle.invalid"}}) \
        == "https://bsky.app/profile/did:plc:abc/post/3k"


def test_first_incremental_and_quiet_runs(conn, http_server):
    since1 = "2024-05-13T09:31:00.500Z"  # newest indexedAt minus SINCE_MARGIN
    since2 = "2024-05-13T11:51:00.000Z"
    assert SINCE_MARGIN.total_seconds() == 600
    fake_bluesky(http_server, {since1: "search_newer", since2: "search_quiet"})
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "ok"
    mentions = stored(conn)
    assert len(mentions) == 5
    assert mentions["bluesky:at://did:plc:x9julesvelo00000000000000/app.bsky.feed.post/3kxa3"] == ["Lumina", "Verdis"]
    first, second = searches(http_server)
    assert first == {"q": '"lumina énergie"', "sort": "latest", "limit": "3"} and second["cursor"] == "3"
    assert http_server.hits(SESSION) == 1  # one session for the whole source
    login = next(r for r in http_server.requests if r.path == SESSION)
    assert json.loads(login.body) == {"identifier": "veille.bsky.social", "password": "abcd-efgh-ijkl-mnop"}
    followers = conn.execute("SELECT author_handle, author_followers FROM mentions ORDER BY id").fetchall()
    assert {tuple(r) for r in followers} == {("camille.bsky.social", 310), ("lefileco.fr", 25400),
                                             ("jules.bsky.social", 42)}
    assert state(conn, "bsky", "Lumina") == {"streams": {'"lumina énergie"': {"since": NEWEST_PAGE1}}}

    http_server.requests.clear()
    collect(conn, BRANDS, [source(http_server)])
    [incremental] = searches(http_server)
    assert incremental["since"] == since1
    assert "bluesky:at://did:plc:x9julesvelo00000000000000/app.bsky.feed.post/3kxb1" in stored(conn)
    assert conn.execute("SELECT items FROM fetches WHERE target = 'brand:Lumina' ORDER BY id DESC").fetchone()[0] == 1

    http_server.requests.clear()
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.new == 0
    assert [r.path for r in http_server.requests].count(SEARCH) == len(BRANDS)  # one search per brand
    assert len(http_server.requests) == len(BRANDS) + 1  # plus the session, created once per run


def test_page_budget_keeps_the_cursor(conn, http_server):
    fake_bluesky(http_server)
    collect(conn, BRANDS, [source(http_server, max_pages=1, followers=False)])
    assert len(stored(conn)) == 3
    assert state(conn, "bsky", "Lumina")["streams"]['"lumina énergie"'] == {"resume": "3",
                                                                            "backlog_newest": NEWEST_PAGE1}
    http_server.requests.clear()
    collect(conn, BRANDS, [source(http_server, max_pages=1, followers=False)])
    assert searches(http_server)[0]["cursor"] == "3" and len(stored(conn)) == 5
    assert state(conn, "bsky", "Lumina")["streams"]['"lumina énergie"'] == {"since": NEWEST_PAGE1}


def test_or_alternatives_are_separate_searches(conn, http_server):
    fake_bluesky(http_server)
    collect(conn, [Brand("Lumina", '"Lumina Énergie" OR LuminaEnergie')], [source(http_server, followers=False)])
    assert sorted(params(r)["q"] for r in http_server.requests if r.path == SEARCH) == [
        '"lumina énergie"', '"lumina énergie"', "luminaenergie"]
    assert set(state(conn, "bsky", "Lumina")["streams"]) == {'"lumina énergie"', "luminaenergie"}


def test_expired_token_is_refreshed_once(conn, http_server):
    fake_bluesky(http_server, access="access-2")
    http_server.route(REFRESH, reply("bluesky", "session_refreshed"))
    report = collect(conn, BRANDS[:1], [source(http_server, followers=False)])
    assert report.sources[0].status == "ok" and len(stored(conn)) == 5
    refresh = next(r for r in http_server.requests if r.path == REFRESH)
    assert refresh.headers["Authorization"] == "Bearer refresh-1"
    assert http_server.hits(REFRESH) == 1 and http_server.hits(SESSION) == 1
    assert "refresh" not in conn.execute("SELECT group_concat(state) FROM fetch_state").fetchone()[0]


def test_refused_refresh_signs_in_again(conn, http_server):
    fake_bluesky(http_server, access="access-1")
    http_server.routes[SESSION].clear()  # first session's token (access-2) is refused, the second one works
    http_server.route(SESSION, reply("bluesky", "session_refreshed"), reply("bluesky", "session"))
    http_server.route(REFRESH, reply("bluesky", "error_expired", status=400))
    report = collect(conn, BRANDS[:1], [source(http_server, followers=False)])
    assert report.sources[0].status == "ok" and http_server.hits(SESSION) == 2


def test_wrong_password_names_both_variables(conn, http_server):
    http_server.route(SESSION, reply("bluesky", "error_auth", status=401))
    report = collect(conn, BRANDS, [source(http_server)])
    [error] = report.sources[0].errors
    assert report.sources[0].status == "failed" and "BLUESKY_HANDLE" in error and "BLUESKY_APP_PASSWORD" in error
    assert http_server.hits(SEARCH) == 0


def test_missing_variables_no_request(conn, http_server, monkeypatch):
    monkeypatch.delenv("BLUESKY_APP_PASSWORD")
    report = collect(conn, BRANDS, [source(http_server)])
    assert "BLUESKY_APP_PASSWORD" in report.sources[0].errors[0] and http_server.requests == []


def test_429_ratelimit_reset(conn, http_server):
    reset = int(time.time()) + 300
    fake_bluesky(http_server)
    http_server.handle(SEARCH, lambda req: reply("bluesky", "error_429", status=429, **{
        "RateLimit-Limit": "3000", "RateLimit-Remaining": "0", "RateLimit-Reset": str(reset),
        "RateLimit-Policy": "3000;w=300"}))
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "rate_limited"
    assert report.sources[0].next_attempt_at == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(reset))


def test_500_then_success(conn, http_server):
    fake_bluesky(http_server)
    http_server.handlers.pop(SEARCH)
    http_server.route(SEARCH, Reply(500, b'{"error":"InternalServerError"}'), reply("bluesky", "search_page2"))
    report = collect(conn, BRANDS[:1], [source(http_server, followers=False)])
    assert report.sources[0].status == "ok" and len(stored(conn)) == 2
    assert conn.execute("SELECT requests FROM fetches").fetchone()[0] == 3  # session + 500 + retry


def test_malformed_json_saves_nothing(conn, http_server):
    fake_bluesky(http_server)
    http_server.handle(SEARCH, lambda req: Reply(200, b'{"posts": [{"uri": "at://x', {}))
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "failed" and "JSON illisible" in report.sources[0].errors[0]
    assert stored(conn) == {} and state(conn, "bsky", "Lumina") == {}


def test_empty_result(conn, http_server):
    fake_bluesky(http_server)
    http_server.handle(SEARCH, lambda req: reply("bluesky", "search_empty"))
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "ok" and stored(conn) == {}
    assert http_server.hits(PROFILES) == 0
    assert state(conn, "bsky", "Lumina") == {"streams": {'"lumina énergie"': {}}}


ODD_PROFILES = {  # getProfiles answers that must leave followers empty without failing the page
    "absent (404)": (Reply(404, b'{"error":"NotFound"}', {"Content-Type": "application/json"}), "404"),
    "server error (500)": (Reply(500, b""), "500"),
    "not JSON": (Reply(200, b"<html>maintenance</html>", {"Content-Type": "text/html"}), "JSON illisible"),
    "empty body": (Reply(200, b"{}", {"Content-Type": "application/json"}), "« profiles »"),
    "profiles not a list": (Reply(200, b'{"profiles": 5}', {"Content-Type": "application/json"}), "« profiles »"),
    "no profile": (Reply(200, b'{"profiles": []}', {"Content-Type": "application/json"}), None),
    "odd profiles": (Reply(200, json.dumps({"profiles": [
        "did:plc:k3v7camille0000000000000", {"did": ["did:plc:k3v7camille0000000000000"], "followersCount": 1},
        {"did": "did:plc:k3v7camille0000000000000", "followersCount": "beaucoup"},
        {"did": "did:plc:q2filecoactu000000000000", "followersCount": -25400},
        {"did": "did:plc:x9julesvelo00000000000000"}]}), {"Content-Type": "application/json"}), None),
}


@pytest.mark.parametrize("case", ODD_PROFILES)
def test_odd_profile_answer_leaves_followers_empty(conn, http_server, case):
    answer, warning = ODD_PROFILES[case]
    fake_bluesky(http_server)
    http_server.routes[PROFILES].clear()
    http_server.route(PROFILES, answer)
    report = collect(conn, BRANDS[:1], [source(http_server)])
    assert http_server.hits(PROFILES) >= 1
    assert len(stored(conn)) == 5  # the page is stored all the same, its cursor moves
    assert state(conn, "bsky", "Lumina") == {"streams": {'"lumina énergie"': {"since": NEWEST_PAGE1}}}
    assert conn.execute("SELECT count(*) FROM mentions WHERE author_followers IS NOT NULL").fetchone()[0] == 0
    if warning:
        assert report.sources[0].status == "warning" and "abonnés" in report.sources[0].errors[0]
        assert warning in report.sources[0].errors[0]
    else:
        assert report.sources[0].status == "ok"


def test_followers_filled_for_the_profiles_answered(conn, http_server):
    fake_bluesky(http_server)
    http_server.routes[PROFILES].clear()
    partial = fixture("bluesky", "profiles")
    partial["profiles"] = [p for p in partial["profiles"] if p["handle"] == "lefileco.fr"]
    http_server.route(PROFILES, Reply(200, json.dumps(partial), {"Content-Type": "application/json"}))
    report = collect(conn, BRANDS[:1], [source(http_server)])
    assert report.sources[0].status == "ok"
    followers = {tuple(r) for r in conn.execute("SELECT author_handle, author_followers FROM mentions")}
    assert followers == {("lefileco.fr", 25400), ("camille.bsky.social", None), ("jules.bsky.social", None)}
