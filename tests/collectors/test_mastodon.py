"""Mastodon collector end to end against a real HTTP server on 127.0.0.1, through the runner."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from collectors.base import SourceConfig
from collectors.mastodon import html_to_text, next_max_id, parse_statuses
from collectors.runner import collect
from demo.server import Reply
from storage.records import Brand
from tests.collectors.social_support import fixture, params, reply, state, stored

TAG = "/api/v1/timelines/tag/luminaenergie"
SEARCH = "/api/v2/search"
BRANDS = [Brand("Lumina", '"Lumina Énergie" OR LuminaEnergie', own=True), Brand("Verdis", "Verdis")]
PAGE1_IDS = {"mastodon:127.0.0.1:112450000000000305", "mastodon:127.0.0.1:112450000000000304",
             "mastodon:127.0.0.1:112450000000000303"}


def source(server, **settings) -> SourceConfig:
    return SourceConfig("masto", "mastodon", {"instance": server.url, "backoff": 0, "limit": 3, **settings})


def fake_tags(server, after: dict[str, str] | None = None):
    """Lumina's tag: page1 (full, Link next) → page2; since_id → `after`; any other tag: empty."""
    after = after or {}

    def handler(req):
        q = params(req)
        if "max_id" in q:
            return reply("mastodon", "tag_page2")
        if "since_id" in q:
            return reply("mastodon", after.get(q["since_id"], "tag_empty"))
        link = (f'<{server.url}{TAG}?limit=3&max_id=112450000000000303>; rel="next", '
                f'<{server.url}{TAG}?limit=3&min_id=112450000000000305>; rel="prev"')
        return reply("mastodon", "tag_page1", Link=link)

    server.handle(TAG, handler)
    server.route("/api/v1/timelines/tag/verdis", reply("mastodon", "tag_empty"))


def test_parse_statuses_plain_text_and_counts():
    [lea, infos, marc] = parse_statuses(fixture("mastodon", "tag_page1"), "mastodon.example", "masto")
    assert lea.id == "mastodon:mastodon.example:112450000000000305"
    # the no-break space before « ! » becomes a plain space: one whitespace rule for RSS and Mastodon
    assert lea.text == ("Encore une facture estimée n'importe comment par Lumina Énergie !\n\n"
                        "Qui a réussi à joindre le SAV ? #LuminaEnergie")
    assert (lea.author_handle, lea.author_name, lea.author_followers) == ("lea@mastodon.example", "Léa Dubois", 842)
    assert (lea.likes, lea.shares, lea.replies, lea.lang) == (5, 2, 3, "fr")
    assert lea.url == "https://mastodon.example/@lea/112450000000000305"
    assert lea.published_at == "2024-05-13T09:41:00Z"
    assert infos.author_handle == "infosverte@piaille.fr" and infos.shares == 14 + 2
    assert "https://example.org/parc" in infos.text
    assert marc.text.startswith("Énergie\n\nLumina Énergie ou Verdis pour un contrat vert ?\nAvis bienvenus")
    assert marc.author_name == "marc"  # empty display name: the username


def test_reblog_is_the_original_status():
    original = fixture("mastodon", "tag_page2")[0]
    boost = {**fixture("mastodon", "tag_page1")[0], "id": "999", "reblog": original, "content": ""}
    [m] = parse_statuses([boost], "mastodon.example", "masto")
    assert m.id == "mastodon:mastodon.example:112450000000000302" and "top au final" in m.text


def test_html_and_link_helpers():
    assert html_to_text("<p>a &amp; b<br>c</p><p>&lt;script&gt;</p>") == "a & b\nc\n\n<script>"
    link = '<https://m.example/api/v1/timelines/tag/x?max_id=42>; rel="next", <https://m.example/x?min_id=50>; rel="prev"'
    assert next_max_id(link) == "42" and next_max_id(None) is None


def test_no_space_left_before_paragraph_breaks(conn, http_server):
    """A quote post from another server: `<p>…:</p> <p class="quote-inline">RE: <a>…</a></p>`, a space between."""
    status = fixture("mastodon", "tag_newer")[0]
    status["content"] = (
        '<p>Lumina Énergie, ce matin :</p> <p class="quote-inline">RE: <a href="https://piaille.fr/@lea/1124">'
        '<span class="invisible">https://</span><span class="ellipsis">piaille.fr/@lea/1124</span>'
        '<span class="invisible"></span></a></p>\n<p>Vu.<br> Pas surpris.</p>')
    http_server.route(TAG, Reply(200, json.dumps([status]), {"Content-Type": "application/json"}))
    collect(conn, BRANDS[:1], [source(http_server)])
    [text] = conn.execute("SELECT text FROM mentions").fetchone()
    assert text == "Lumina Énergie, ce matin :\n\nRE: https://piaille.fr/@lea/1124\n\nVu.\nPas surpris."


def test_hashtag_first_incremental_and_quiet_runs(conn, http_server):
    fake_tags(http_server, {"112450000000000305": "tag_newer"})
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "ok"
    mentions = stored(conn)
    assert len(mentions) == 5 and mentions["mastodon:127.0.0.1:112450000000000303"] == ["Lumina", "Verdis"]
    first, second = [params(r) for r in http_server.requests if r.path == TAG]
    assert first == {"limit": "3"} and second == {"limit": "3", "max_id": "112450000000000303"}
    assert state(conn, "masto", "Lumina") == {"since": "112450000000000305"}

    http_server.requests.clear()
    collect(conn, BRANDS, [source(http_server)])
    assert params(next(r for r in http_server.requests if r.path == TAG))["since_id"] == "112450000000000305"
    assert "mastodon:127.0.0.1:112450000000000320" in stored(conn)
    assert state(conn, "masto", "Lumina") == {"since": "112450000000000320"}

    http_server.requests.clear()
    collect(conn, BRANDS, [source(http_server)])
    assert len(http_server.requests) == len(BRANDS)  # nothing new: one request per brand


def test_page_budget_keeps_the_backlog(conn, http_server):
    fake_tags(http_server)
    collect(conn, BRANDS, [source(http_server, max_pages=1)])
    assert set(stored(conn)) == PAGE1_IDS
    assert state(conn, "masto", "Lumina") == {"resume": "112450000000000303", "backlog_newest": "112450000000000305"}
    http_server.requests.clear()
    collect(conn, BRANDS, [source(http_server, max_pages=1)])
    assert params(next(r for r in http_server.requests if r.path == TAG)) == {"limit": "3", "max_id": "112450000000000303"}
    assert len(stored(conn)) == 5 and state(conn, "masto", "Lumina") == {"since": "112450000000000305"}


def test_several_hashtags_use_any(conn, http_server):
    http_server.route("/api/v1/timelines/tag/verdis", reply("mastodon", "tag_empty"))
    collect(conn, [Brand("Verdis", 'Verdis OR "Verdis Énergie"')], [source(http_server)])
    [request] = http_server.requests
    assert request.path == "/api/v1/timelines/tag/verdis" and request.query["any[]"] == ["verdisenergie"]


def test_search_mode_with_token(conn, http_server, monkeypatch):
    monkeypatch.setenv("MY_MASTO", "secret-token")
    http_server.route(SEARCH, reply("mastodon", "search"), reply("mastodon", "search_empty"))
    report = collect(conn, BRANDS[:1], [source(http_server, mode="search", token_env="MY_MASTO", limit=40)])
    assert report.sources[0].status == "ok"
    requests_ = [r for r in http_server.requests if r.path == SEARCH]
    assert {params(r)["q"] for r in requests_} == {'"lumina énergie"', "luminaenergie"}  # one per OR alternative
    assert all(r.headers["Authorization"] == "Bearer secret-token" for r in requests_)
    assert params(requests_[0])["type"] == "statuses" and "min_id" not in params(requests_[0])
    assert len(stored(conn)) == 2
    streams = state(conn, "masto", "Lumina")["streams"]
    assert streams == {'"lumina énergie"': {"since": "112450000000000305"}, "luminaenergie": {}}

    http_server.requests.clear()
    collect(conn, BRANDS[:1], [source(http_server, mode="search", token_env="MY_MASTO", limit=40)])
    sent = {params(r)["q"]: params(r).get("min_id") for r in http_server.requests}
    assert sent == {'"lumina énergie"': "112450000000000305", "luminaenergie": None}


def test_search_mode_needs_a_token(conn, http_server):
    report = collect(conn, BRANDS[:1], [source(http_server, mode="search")])
    assert report.sources[0].status == "failed" and "MASTODON_TOKEN" in report.sources[0].errors[0]
    assert http_server.requests == []


def test_401_names_the_token_variable(conn, http_server, monkeypatch):
    monkeypatch.setenv("MY_MASTO", "expired")
    http_server.route(TAG, reply("mastodon", "error_401", status=401))
    report = collect(conn, BRANDS, [source(http_server, token_env="MY_MASTO")])
    assert report.sources[0].status == "failed" and "MY_MASTO" in report.sources[0].errors[0]
    assert conn.execute("SELECT count(*) FROM fetch_state").fetchone()[0] == 0


def test_429_reads_the_iso_reset_header(conn, http_server):
    reset = (datetime.now(UTC) + timedelta(minutes=5)).replace(microsecond=0)
    http_server.route(TAG, reply("mastodon", "error_429", status=429, **{
        "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.000000Z")}))
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "rate_limited"
    assert report.sources[0].next_attempt_at == reset.strftime("%Y-%m-%dT%H:%M:%SZ")
    http_server.requests.clear()
    collect(conn, BRANDS, [source(http_server)])
    assert http_server.hits(TAG) == 0  # never retried before the reset


def test_500_then_success(conn, http_server):
    http_server.route(TAG, Reply(502, b"<html>Bad Gateway</html>"), reply("mastodon", "tag_newer"))
    report = collect(conn, BRANDS[:1], [source(http_server)])
    assert report.sources[0].status == "ok" and list(stored(conn)) == ["mastodon:127.0.0.1:112450000000000320"]
    assert conn.execute("SELECT requests FROM fetches").fetchone()[0] == 2


def test_malformed_json_saves_nothing(conn, http_server):
    fake_tags(http_server)
    http_server.handle(TAG, lambda req: Reply(200, b'[{"id": "1", "content": "<p>Lumina', {}))
    report = collect(conn, BRANDS, [source(http_server)])
    # the other brand's search worked: the source is partial, the failing search named first
    assert report.sources[0].status == "partial" and report.sources[0].errors[0] == \
        "1 recherche(s) de marque sur 2 en échec" and "JSON illisible" in report.sources[0].errors[1]
    assert stored(conn) == {} and state(conn, "masto", "Lumina") == {}


def test_empty_timeline(conn, http_server):
    http_server.route(TAG, reply("mastodon", "tag_empty"))
    http_server.route("/api/v1/timelines/tag/verdis", reply("mastodon", "tag_empty"))
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "ok" and stored(conn) == {} and len(http_server.requests) == 2


@pytest.mark.parametrize("mode", ["timeline", "SEARCH"])
def test_unknown_mode_is_named(conn, http_server, mode):
    report = collect(conn, BRANDS, [source(http_server, mode=mode)])
    assert report.sources[0].status == "failed" and f"« {mode} »" in report.sources[0].errors[0]
