"""Conformance: the social parsers over every relevant recorded real response in ../shared/fixtures.

Each case is one recorded page; the expected number of posts is counted here by shape
(independently of the parser), and every extracted mention must have an id, a web URL,
and the text the platform gave. `pytest -v` lists the files that passed.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from collectors import bluesky, mastodon, reddit, x
from collectors.base import CollectorError, SourceConfig
from collectors.runner import collect
from collectors.social import decode_json
from demo.server import Reply
from storage.records import Brand, estimate_reach
from tests.collectors.social_support import reply, stored
from tests.conftest import SHARED

FIX = SHARED / "fixtures"


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _tweets(body) -> list[dict]:
    data = body.get("data") if isinstance(body, dict) else None
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    return [t for t in items if isinstance(t, dict) and "text" in t and "id" in t
            and "username" not in t and "event_type" not in t]  # users and direct messages are not posts


def _retweeted(tweet: dict) -> str | None:
    return next((r["id"] for r in tweet.get("referenced_tweets") or [] if r.get("type") == "retweeted"), None)


def _included(body) -> dict[str, dict]:
    return {t["id"]: t for t in (body.get("includes") or {}).get("tweets", [])}


def _shown_text(tweet: dict, included: dict[str, dict], users: dict[str, dict]) -> str:
    """A tweet's full text in clear; a retweet's is « RT @author: » + its original's full text when included.

    X escapes only & < > in tweet text: html.unescape is an independent oracle for undoing it.
    """
    original = included.get(_retweeted(tweet))
    shown = original or tweet
    full = html.unescape((shown.get("note_tweet") or {}).get("text", shown["text"]))
    if original is None:
        return full
    said = re.match(r"RT @\w+: ", tweet["text"])
    author = users.get(original.get("author_id"), {}).get("username")
    return (said[0] if said else f"RT @{author}: " if author else "") + full


def _x_expected(body) -> int:
    """One mention per tweet, plus each retweeted original the page includes (once, unless it is in `data` too)."""
    tweets = _tweets(body)
    originals = {_retweeted(t) for t in tweets} & set(_included(body)) - {t["id"] for t in tweets}
    return len(tweets) + len(originals)


STATUS_PATHS = ("/timelines/", "/statuses", "/api/v2/search", "/trends/statuses")


def _statuses(body, uri: str = "") -> list[dict] | None:
    if isinstance(body, list) and (body or any(p in uri for p in STATUS_PATHS)) and all(
            isinstance(s, dict) and "content" in s and "account" in s for s in body):
        return body
    if isinstance(body, dict) and isinstance(body.get("statuses"), list):
        return body["statuses"]
    if isinstance(body, dict) and "ancestors" in body:
        return body["ancestors"] + body["descendants"]
    if isinstance(body, dict) and "content" in body and "account" in body:
        return [body]
    return None


def _reddit_things(node) -> list[dict]:
    """Every t1/t3 object anywhere in the document (a different walk from the parser's)."""
    found = []
    if isinstance(node, dict):
        if node.get("kind") in ("t1", "t3") and isinstance(node.get("data"), dict):
            found.append(node)
        for value in node.values():
            found.extend(_reddit_things(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_reddit_things(value))
    return found


BLUESKY_EXPECTED = {  # counted by hand from the recordings (the timeline holds one post twice, via a repost)
    "bluesky/decoded/f_search__00.json": 25, "bluesky/decoded/f_autfeed__00.json": 50,
    "bluesky/decoded/f_feedfeed__00.json": 7, "bluesky/decoded/f_get_list_feed__00.json": 10,
    "bluesky/decoded/f_getposts__00.json": 1, "bluesky/decoded/f_getquotes__00.json": 2,
    "bluesky/decoded/f_postthread__00.json": 1, "bluesky/decoded/f_timeline__00.json": 48,
    "bluesky/marshalx_atproto/test_data/thread_view_post_with_embed_media.json": 1,
}


def _cases() -> list:
    if not FIX.is_dir():
        return [pytest.param("none", None, None, 0, id="shared-absent")]
    cases = []
    for path in sorted((FIX / "tweepy" / "decoded_v2").glob("*.json")):
        rec = _load(path)
        if rec["method"] == "GET" and rec["status"]["code"] == 200 and _tweets(rec["body"]):
            cases.append(pytest.param("x", path, None, _x_expected(rec["body"]), id=path.name))
    for path in sorted((FIX / "twarc-csv" / "test-data").glob("*.jsonl")):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            try:
                page = json.loads(line)
            except ValueError:
                continue  # the deliberately broken line: test_malformed_twarc_line
            if _tweets(page) and "data" in page:
                cases.append(pytest.param("x", path, i, _x_expected(page), id=f"{path.name}:{i}"))
    for path in sorted((FIX / "mastodon" / "decoded").glob("*.json")):
        rec = _load(path)
        ok = rec["method"] == "GET" and rec["status"]["code"] == 200
        statuses = _statuses(rec["body"], rec["uri"]) if ok else None
        if statuses is not None:
            cases.append(pytest.param("mastodon", path, None, len(statuses), id=path.name))
    for rel, expected in BLUESKY_EXPECTED.items():
        cases.append(pytest.param("bluesky", FIX / rel, None, expected, id=Path(rel).name))
    for path in sorted((FIX / "reddit-praw" / "decoded").glob("*.json")):
        things = _reddit_things(_load(path)["body"])
        if things:
            kept = [t for t in things if not (t["kind"] == "t1" and t["data"].get("body") in reddit.GONE)]
            cases.append(pytest.param("reddit", path, None, len(kept), id=path.name))
    return cases


def _body(path: Path, line: int | None):
    if line is not None:
        return json.loads(path.read_text(encoding="utf-8").splitlines()[line])
    data = _load(path)
    return data["body"] if "body" in data and "method" in data else data


@pytest.mark.parametrize(("platform", "path", "line", "expected"), _cases())
def test_recorded_page(shared_dir, platform, path, line, expected):
    body = _body(path, line)
    if platform == "x":
        mentions = x.parse_page(body, "conformance")
        users = {u["id"]: u for u in (body.get("includes") or {}).get("users", [])}
        included, tweets = _included(body), _tweets(body)
        for tweet, m in zip(tweets, mentions[:len(tweets)], strict=True):
            assert m.id == f"x:{tweet['id']}" and m.text == _shown_text(tweet, included, users)
            if _retweeted(tweet):  # engagement belongs to the original
                assert (m.likes, m.shares, m.replies) == (0, 0, 0) and m.raw["retweet_of"] == f"x:{_retweeted(tweet)}"
            if tweet.get("author_id") in users:  # expansions: author resolved, followers read when requested
                user = users[tweet["author_id"]]
                assert m.author_handle == user["username"] and m.url.endswith(f"/{user['username']}/status/{tweet['id']}")
                assert m.author_followers == (user.get("public_metrics") or {}).get("followers_count")
            if "created_at" in tweet:
                assert m.published_at and m.published_at.endswith("Z")
        for m in mentions[len(tweets):]:  # retweeted originals, once each, with their own engagement
            original = included[m.id.removeprefix("x:")]
            assert m.raw["found_via"] == "retweet" and m.likes == original["public_metrics"]["like_count"]
        errors = body.get("errors") or []
        warnings = x.page_warnings(body)  # partial errors: one warning naming how many, never fatal
        assert (warnings == []) if not errors else (len(warnings) == 1 and f"{len(errors)} erreur" in warnings[0])
    elif platform == "mastodon":
        uri = _load(path)["uri"]
        host = "localhost" if "localhost" in uri else "mastodon.social"
        statuses = _statuses(body, uri)
        mentions = mastodon.parse_statuses(statuses, host, "conformance")
        for status, m in zip(statuses, mentions, strict=True):
            assert m.id == f"mastodon:{host}:{status['id']}" and m.url == status["url"]
            assert m.text or not status["content"]
            assert "<" not in m.text.replace("<3", "")  # no markup left
            assert not re.search(r" \n|\n ", m.text)  # no space left next to a line or paragraph break
            assert m.author_followers == status["account"]["followers_count"]
    elif platform == "bluesky":
        mentions = bluesky.parse_page(body, "conformance")
        for m in mentions:
            assert m.id.startswith("bluesky:at://did:") and m.url.startswith("https://bsky.app/profile/")
            assert m.text == m.raw["record"].get("text", "") and m.published_at
    else:
        mentions = reddit.parse_listing(body, "conformance")
        for m in mentions:
            assert m.id.split(":")[1][:3] in ("t1_", "t3_") and m.text and m.published_at
            assert m.url.startswith("https://www.reddit.com/")
    assert len(mentions) == expected
    assert len({m.id for m in mentions}) == len(mentions)


def test_enough_recordings_are_covered(shared_dir):
    by_platform: dict[str, int] = {}
    for case in _cases():
        by_platform[case.values[0]] = by_platform.get(case.values[0], 0) + 1
    assert by_platform["x"] >= 22 + 15 and by_platform["mastodon"] >= 25
    assert by_platform["bluesky"] == 9 and by_platform["reddit"] >= 15


def test_malformed_twarc_line(shared_dir):
    line = (FIX / "twarc-csv" / "test-data" / "streaming_output_with_error.jsonl").read_text().splitlines()[7]
    with pytest.raises(CollectorError, match="JSON illisible"):
        decode_json(line, "X", 1)


# --- the same recorded pages through the runner, served by a local HTTP server ---

JSON = {"Content-Type": "application/json; charset=utf-8"}


def _serve_x_page(server, body) -> None:
    """Answer every search with this recorded page (its `next_token` dropped: one page per brand)."""
    meta = {k: v for k, v in (body.get("meta") or {}).items() if k != "next_token"}
    server.route("/2/tweets/search/recent", Reply(200, json.dumps({**body, "meta": meta}), JSON))


def _rows(conn) -> dict[str, dict]:
    return {r["id"]: dict(r) for r in conn.execute("SELECT * FROM mentions")}


def test_x_escaped_ampersand_brand_found(shared_dir, conn, http_server, monkeypatch):
    """tweepy's list timeline: « Q&amp;A » in a tweet's text; the brand `"Q&A"` finds it, stored in clear."""
    monkeypatch.setenv("X_BEARER_TOKEN", "replay")
    _serve_x_page(http_server, _body(FIX / "tweepy" / "decoded_v2" / "test_client_get_list_tweets__00.json", None))
    collect(conn, [Brand("Q&A", '"Q&A"')], [SourceConfig("x", "x", {"api_url": http_server.url, "backoff": 0})])
    assert list(stored(conn)) == ["x:1578438514391150592"]
    text = _rows(conn)["x:1578438514391150592"]["text"]
    assert "doing a Q&A throughout the match" in text and "&amp;" not in text


def test_x_retweets_of_a_recorded_original(shared_dir, conn, http_server, monkeypatch):
    """twarc's `entities_test.jsonl`, page 1: six retweets of one tweet whose brand (« Carlo&amp;Matteo »)
    sits past the « RT @…: » cut. Each retweet reads as the full original, with its own author's reach;
    the original is stored once with its engagement."""
    monkeypatch.setenv("X_BEARER_TOKEN", "replay")
    page = _body(FIX / "twarc-csv" / "test-data" / "entities_test.jsonl", 0)
    _serve_x_page(http_server, page)
    source = SourceConfig("x", "x", {"api_url": http_server.url, "backoff": 0, "exclude_retweets": False})
    collect(conn, [Brand("Carlo&Matteo", '"Carlo&Matteo"')], [source])
    original_id = "1574147357520039936"
    original = _included(page)[original_id]
    users = {u["id"]: u for u in page["includes"]["users"]}
    retweets = [t for t in _tweets(page) if _retweeted(t) == original_id]
    assert len(retweets) == 6 and all("Carlo" not in t["text"] for t in retweets)
    rows = _rows(conn)
    assert set(rows) == {f"x:{t['id']}" for t in retweets} | {f"x:{original_id}"}
    full = html.unescape(original["text"])
    for tweet in retweets:
        row = rows[f"x:{tweet['id']}"]
        followers = (users[tweet["author_id"]].get("public_metrics") or {}).get("followers_count")  # not asked here
        assert row["text"] == "RT @janavel7: " + full and "Carlo&Matteo" in full
        assert (row["author_followers"], row["shares"]) == (followers, 0)
        assert row["reach"] == estimate_reach(followers, 0, 0, 0)  # was 100 × the original's 288 retweets
        assert json.loads(row["raw"])["retweet_of"] == f"x:{original_id}"
    row, metrics = rows[f"x:{original_id}"], original["public_metrics"]
    assert row["shares"] == metrics["retweet_count"] + metrics["quote_count"]
    author = users[original["author_id"]]
    assert row["reach"] == estimate_reach((author.get("public_metrics") or {}).get("followers_count"),
                                          metrics["like_count"], row["shares"], metrics["reply_count"])


def test_bluesky_recorded_profiles_answer(shared_dir, conn, http_server, monkeypatch):
    """bskyr's author feed (50 posts) as a search answer, and its recorded `getProfiles` answer, which holds
    one of the authors: that author's posts get its followers, the others stay empty, the page is stored."""
    monkeypatch.setenv("BLUESKY_HANDLE", "veille.bsky.social")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop")
    posts = bluesky.posts_in(_body(FIX / "bluesky" / "decoded" / "f_autfeed__00.json", None))
    profiles = _body(FIX / "bluesky" / "decoded" / "a_profile__00.json", None)["profiles"]
    http_server.route("/xrpc/com.atproto.server.createSession", reply("bluesky", "session"))
    http_server.route("/xrpc/app.bsky.feed.searchPosts", Reply(200, json.dumps({"posts": posts}), JSON))
    http_server.route("/xrpc/app.bsky.actor.getProfiles", Reply(200, json.dumps({"profiles": profiles}), JSON))
    report = collect(conn, [Brand("rstats", "rstats")], [SourceConfig("bsky", "bluesky", {"service": http_server.url})])
    assert report.sources[0].status == "ok"
    followers = {r["author_handle"]: r["author_followers"] for r in _rows(conn).values()}
    [known] = profiles
    assert followers.pop(known["handle"]) == known["followersCount"]
    assert followers and set(followers.values()) == {None}  # authors the answer lacks
    assert known["did"] in http_server.requests[-1].query["actors"]
