"""X collector end to end: tweepy against a real HTTP server on 127.0.0.1, through the runner."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from collectors.base import AuthError, CollectorError, SourceConfig, Target
from collectors.runner import collect
from collectors.x import XCollector, page_warnings, parse_page, tweet_text
from demo.server import Reply
from storage.records import Brand

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "social" / "x"
SEARCH = "/2/tweets/search/recent"
BRANDS = [Brand("Lumina", '"Lumina Énergie" OR LuminaEnergie', own=True), Brand("Verdis", "Verdis")]


def page(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def ok(name: str, **headers: str) -> Reply:
    return Reply(200, (FIXTURES / f"{name}.json").read_bytes(),
                 {"Content-Type": "application/json; charset=utf-8", "x-rate-limit-remaining": "449", **headers})


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv("X_BEARER_TOKEN", "test-bearer")


def source(server, **settings) -> SourceConfig:
    return SourceConfig("x-fr", "x", {"api_url": server.url, "backoff": 0, "lang": "fr", **settings})


def fake_x(server, pages_after: dict[str, str] | None = None):
    """Lumina: page1 → (next_token) page2; since_id=newest of page2's backlog → `pages_after`; Verdis: empty."""
    pages_after = pages_after or {}

    def handler(req):
        q = {k: v[0] for k, v in req.query.items()}
        if "lumina" not in q["query"]:
            return ok("search_empty")
        if "next_token" in q or "until_id" in q:
            return ok("search_page2")
        if "since_id" in q:
            return ok(pages_after.get(q["since_id"], "search_empty"))
        return ok("search_page1")

    server.handle(SEARCH, handler)


def lumina_requests(server):
    return [{k: v[0] for k, v in r.query.items()} for r in server.requests
            if r.path == SEARCH and "lumina" in r.query["query"][0]]


def stored(conn) -> dict[str, list[str]]:
    rows = conn.execute("SELECT m.id, group_concat(b.brand) AS brands FROM mentions m "
                        "JOIN mention_brands b ON b.mention_id = m.id GROUP BY m.id ORDER BY m.id").fetchall()
    return {r["id"]: sorted(r["brands"].split(",")) for r in rows}


def state(conn, brand: str) -> dict:
    row = conn.execute("SELECT state FROM fetch_state WHERE source = 'x-fr' AND target = ?",
                       (f"brand:{brand}",)).fetchone()
    return json.loads(row["state"]) if row else {}


def test_parse_page_maps_every_field():
    mentions = {m.id: m for m in parse_page(page("search_page1"), "x-fr")}
    assert list(mentions) == ["x:1790000000000000105", "x:1790000000000000104", "x:1790000000000000103"]
    m = mentions["x:1790000000000000104"]
    assert m.platform == "x" and m.source == "x-fr"
    assert m.text.startswith("Lumina Energie annonce 300 embauches")
    assert m.url == "https://x.com/lefileco/status/1790000000000000104"
    assert (m.author_handle, m.author_name, m.author_followers) == ("lefileco", "Le Fil Éco", 48210)
    assert (m.likes, m.shares, m.replies) == (140, 35 + 6, 12)
    assert m.lang == "fr" and m.published_at == "2024-05-13T09:12:00Z"
    assert m.raw["kind"] == "original" and m.raw["author"]["verified"] is True
    assert mentions["x:1790000000000000103"].raw["kind"] == "reply"
    assert parse_page(page("search_page2"), "x-fr")[1].raw["kind"] == "quote"
    assert parse_page(page("search_empty"), "x-fr") == []


def test_tweet_text_undoes_x_escapes_once():
    assert tweet_text({"text": "Soldes chez H&amp;M, -&gt; les &lt;30 ans"}) == "Soldes chez H&M, -> les <30 ans"
    assert tweet_text({"text": "on écrit &amp;lt; pour <"}) == "on écrit &lt; pour <"  # typed by the author
    assert tweet_text({"text": "court", "note_tweet": {"text": "long &amp; complet"}}) == "long & complet"
    assert tweet_text({"text": "&copy &eacute;"}) == "&copy &eacute;"  # X escapes nothing else: left alone
    assert tweet_text({"id": "1"}) == ""


def test_escaped_ampersand_brand_is_found_and_stored_plain(conn, http_server):
    http_server.route(SEARCH, ok("search_retweets"))
    collect(conn, [Brand("H&M", '"H&M"'), *BRANDS], [source(http_server)])
    texts = dict(conn.execute("SELECT id, text FROM mentions").fetchall())
    assert stored(conn)["x:1790000000000000201"] == ["H&M"]
    assert texts["x:1790000000000000201"].startswith("Soldes chez H&M ce week-end")
    assert texts["x:1790000000000000202"] == "Lumina Énergie lance une offre pour les <30 ans & les étudiants -> 2 mois offerts"
    assert not any(entity in text for text in texts.values() for entity in ("&amp;", "&lt;", "&gt;"))


def test_retweets_read_as_the_original_with_their_own_reach(conn, http_server):
    http_server.route(SEARCH, ok("search_retweets"))
    report = collect(conn, BRANDS, [source(http_server, exclude_retweets=False)])
    assert report.sources[0].status == "warning"  # the deleted original is a partial error of the page
    rows = {r["id"]: r for r in conn.execute("SELECT id, text, author_handle, author_followers, likes, shares, "
                                             "replies, reach, raw FROM mentions")}
    full = page("search_retweets")["includes"]["tweets"][0]["note_tweet"]["text"].replace("&amp;", "&")
    full = full.replace("&lt;", "<").replace("&gt;", ">")
    for rt_id, handle, followers in (("203", "paul_rt", 95), ("204", "energie_info", 12000)):
        rt = rows[f"x:1790000000000000{rt_id}"]  # the brands sit past the « RT @…: » cut: found in the full text
        assert rt["text"] == "RT @lefileco: " + full and stored(conn)[rt["id"]] == ["Lumina", "Verdis"]
        assert (rt["author_handle"], rt["author_followers"], rt["reach"]) == (handle, followers, followers)
        assert (rt["likes"], rt["shares"], rt["replies"]) == (0, 0, 0)
        assert json.loads(rt["raw"])["retweet_of"] == "x:1790000000000000150"
    original = rows["x:1790000000000000150"]  # stored once, with its own engagement, however many retweets
    assert original["text"] == full and original["author_handle"] == "lefileco"
    assert (original["likes"], original["shares"], original["replies"]) == (1280, 412 + 9, 37)
    assert original["reach"] == 48210 + 100 * 421 + 1280 + 37
    assert json.loads(original["raw"])["found_via"] == "retweet"
    orphan = rows["x:1790000000000000205"]  # original deleted: the retweet keeps its own (cut) text
    assert orphan["text"].startswith("RT @sarah_conso: Lumina Énergie me rembourse") and "&amp;" not in orphan["text"]
    assert (orphan["shares"], orphan["reach"]) == (0, 310)
    assert len(rows) == 5  # the H&M tweet names none of these brands

    collect(conn, BRANDS, [source(http_server, exclude_retweets=False)])  # seen again: nothing doubles
    assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 5
    assert conn.execute("SELECT shares FROM mentions WHERE id = 'x:1790000000000000150'").fetchone()[0] == 421


def test_partial_errors_become_one_warning():
    assert page_warnings(page("search_page1")) == []
    [warning] = page_warnings(page("search_page2"))
    assert "1 erreur(s) partielle(s)" in warning and "Could not find tweet" in warning


def test_first_then_incremental_runs(conn, http_server):
    fake_x(http_server, {"1790000000000000105": "search_newer"})
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "warning"  # page 2 carries a partial error: recorded, not fatal
    assert stored(conn) == {
        "x:1790000000000000101": ["Lumina"], "x:1790000000000000102": ["Lumina"],
        "x:1790000000000000103": ["Verdis"], "x:1790000000000000104": ["Lumina"],
        "x:1790000000000000105": ["Lumina"],
    }
    first, second = lumina_requests(http_server)
    assert first["query"] == '(("lumina énergie" OR "lumina energie") OR luminaenergie) lang:fr -is:retweet'
    assert first["expansions"] == "author_id,referenced_tweets.id,referenced_tweets.id.author_id"
    assert "public_metrics" in first["tweet.fields"] and "public_metrics" in first["user.fields"]
    assert "since_id" not in first and second["next_token"].startswith("b26v89")
    assert http_server.requests[0].headers["Authorization"] == "Bearer test-bearer"
    assert state(conn, "Lumina") == {"since_id": "1790000000000000105"}
    row = conn.execute("SELECT reach, author_followers, platform_lang FROM mentions "
                       "WHERE id = 'x:1790000000000000104'").fetchone()
    assert tuple(row) == (48210 + 100 * 41 + 140 + 12, 48210, "fr")

    http_server.requests.clear()
    collect(conn, BRANDS, [source(http_server)])
    [incremental] = lumina_requests(http_server)
    assert incremental["since_id"] == "1790000000000000105"
    assert "x:1790000000000000120" in stored(conn)
    assert state(conn, "Lumina") == {"since_id": "1790000000000000120"}

    http_server.requests.clear()
    report = collect(conn, BRANDS, [source(http_server)])
    assert len(http_server.requests) == len(BRANDS)  # nothing new: exactly one request per brand
    assert report.sources[0].status == "ok" and report.new == 0


def test_page_budget_resumes_below_the_last_page_without_loss(conn, http_server):
    fake_x(http_server)
    collect(conn, BRANDS, [source(http_server, max_pages=1)])
    assert set(stored(conn)) == {"x:1790000000000000105", "x:1790000000000000104", "x:1790000000000000103"}
    assert state(conn, "Lumina") == {"until_id": "1790000000000000103", "backlog_newest_id": "1790000000000000105"}

    http_server.requests.clear()
    collect(conn, BRANDS, [source(http_server, max_pages=1)])
    [resumed] = lumina_requests(http_server)
    assert resumed["until_id"] == "1790000000000000103" and "since_id" not in resumed
    assert len(stored(conn)) == 5
    assert state(conn, "Lumina") == {"since_id": "1790000000000000105"}  # backlog drained: cursor moves


def test_401_names_the_variable_and_keeps_the_cursor(conn, http_server):
    http_server.route(SEARCH, Reply(401, (FIXTURES / "error_401.json").read_bytes(),
                                    {"Content-Type": "application/problem+json"}))
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "failed"
    assert "X_BEARER_TOKEN" in report.sources[0].errors[0]
    assert http_server.hits(SEARCH) == 1  # same credentials: the other brand is not tried
    assert conn.execute("SELECT count(*) FROM fetch_state").fetchone()[0] == 0
    row = conn.execute("SELECT status, http_status FROM fetches").fetchone()
    assert tuple(row) == ("failed", 401)


def test_missing_token_fails_before_any_request(monkeypatch, http_server):
    monkeypatch.delenv("X_BEARER_TOKEN")
    collector = XCollector(source(http_server))
    with pytest.raises(AuthError, match="X_BEARER_TOKEN"):
        collector.fetch(Target("brand:Lumina", {"brand": "Lumina", "query": "lumina"}), {})
    assert http_server.requests == []


def test_429_stores_reset_time_and_next_run_skips(conn, http_server):
    reset = int(time.time()) + 900
    http_server.route(SEARCH, Reply(429, (FIXTURES / "error_429.json").read_bytes(),
                                    {"x-rate-limit-limit": "450", "x-rate-limit-remaining": "0",
                                     "x-rate-limit-reset": str(reset)}))
    report = collect(conn, BRANDS, [source(http_server)])
    expected = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(reset))
    assert report.sources[0].status == "rate_limited" and report.sources[0].next_attempt_at == expected
    row = conn.execute("SELECT next_attempt_at, state FROM fetch_state WHERE target = 'brand:Lumina'").fetchone()
    assert tuple(row) == (expected, "{}")

    http_server.requests.clear()
    report = collect(conn, BRANDS, [source(http_server)])
    assert not http_server.requests  # the quota is per app: no brand of this source is tried before the reset
    assert report.sources[0].status == "skipped"
    assert conn.execute("SELECT status, next_attempt_at FROM sources").fetchone()[:] == ("rate_limited", expected)


def test_500_then_success_is_retried(conn, http_server):
    http_server.route(SEARCH, Reply(500, b'{"title":"Internal Server Error"}'), Reply(503, b""), ok("search_newer"))
    report = collect(conn, BRANDS[:1], [source(http_server)])
    assert report.sources[0].status == "ok"
    assert list(stored(conn)) == ["x:1790000000000000120"]
    assert conn.execute("SELECT requests FROM fetches").fetchone()[0] == 3


def test_persistent_500_fails_after_bounded_retries(conn, http_server):
    http_server.route(SEARCH, Reply(500, b""))
    report = collect(conn, BRANDS[:1], [source(http_server, retries=2)])
    assert report.sources[0].status == "failed" and "3 tentative(s)" in report.sources[0].errors[0]
    assert http_server.hits(SEARCH) == 3


def test_malformed_json_saves_nothing_and_keeps_cursor(conn, http_server):
    fake_x(http_server)
    collect(conn, BRANDS, [source(http_server, max_pages=1)])
    before = state(conn, "Lumina")

    def broken(req):
        return Reply(200, b'{"data": [{"id": "1790000000000000102", "text": "tronqu', {"Content-Type": "application/json"})

    http_server.handle(SEARCH, broken)
    report = collect(conn, BRANDS, [source(http_server, max_pages=1)])
    assert report.sources[0].status == "failed" and "JSON illisible" in report.sources[0].errors[0]
    assert len(stored(conn)) == 3 and state(conn, "Lumina") == before

    fake_x(http_server)  # the next good run picks up exactly where the last saved page ended
    collect(conn, BRANDS, [source(http_server, max_pages=1)])
    assert len(stored(conn)) == 5


def test_empty_result_one_request_no_cursor(conn, http_server):
    http_server.route(SEARCH, ok("search_empty"))
    report = collect(conn, BRANDS, [source(http_server)])
    assert report.sources[0].status == "ok" and report.new == 0
    assert http_server.hits(SEARCH) == 2 and state(conn, "Lumina") == {}


def test_untranslatable_query_fails_only_that_brand(conn, http_server):
    http_server.route(SEARCH, ok("search_empty"))
    brands = [Brand("Pref", "lumin*"), Brand("Verdis", "verdis")]
    report = collect(conn, brands, [source(http_server)])
    assert report.sources[0].status == "partial" and "préfixes" in report.sources[0].errors[1]
    assert [f["target"] for f in report.sources[0].failed_targets] == ["brand:Pref"]
    assert http_server.hits(SEARCH) == 1  # Verdis still searched


def test_cursor_older_than_the_search_window_restarts_from_recent(conn, http_server):
    stale = {"errors": [{"parameters": {"since_id": ["1690000000000000000"]},
                         "message": "Invalid 'since_id':'1690000000000000000'. 'since_id' must be a tweet id created "
                                    "after 2024-05-06T12:00:00Z."}],
             "title": "Invalid Request", "detail": "One or more parameters to your request was invalid.",
             "type": "https://api.twitter.com/2/problems/invalid-request"}

    def handler(req):
        if "since_id" in req.query:
            return Reply(400, json.dumps(stale), {"Content-Type": "application/json"})
        return ok("search_newer")

    http_server.handle(SEARCH, handler)
    collector = XCollector(source(http_server))
    batch = collector.fetch(Target("brand:Lumina", {"brand": "Lumina", "query": "lumina"}),
                            {"since_id": "1690000000000000000"})
    assert [m.id for m in batch.mentions] == ["x:1790000000000000120"]
    assert batch.state == {"since_id": "1790000000000000120"} and batch.requests == 2
    assert "7 jours" in batch.warnings[0]


def test_other_bad_requests_are_not_retried(http_server):
    http_server.route(SEARCH, Reply(400, b'{"errors":[{"message":"There were errors processing your request: '
                                         b'Ambiguous use of or"}],"title":"Invalid Request"}'))
    collector = XCollector(source(http_server))
    with pytest.raises(CollectorError, match="Ambiguous"):
        collector.fetch(Target("brand:Lumina", {"brand": "Lumina", "query": "lumina"}), {"since_id": "1"})
    assert http_server.hits(SEARCH) == 1
