"""Conformance: the social parsers over every relevant recorded real response in ../shared/fixtures.

Each case is one recorded page; the expected number of posts is counted here by shape
(independently of the parser), and every extracted mention must have an id, a web URL,
and the text the platform gave. `pytest -v` lists the files that passed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from collectors import bluesky, mastodon, reddit, x
from collectors.base import CollectorError
from collectors.social import decode_json
from tests.conftest import SHARED

FIX = SHARED / "fixtures"


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _tweets(body) -> list[dict]:
    data = body.get("data") if isinstance(body, dict) else None
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    return [t for t in items if isinstance(t, dict) and "text" in t and "id" in t
            and "username" not in t and "event_type" not in t]  # users and direct messages are not posts


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
            cases.append(pytest.param("x", path, None, len(_tweets(rec["body"])), id=path.name))
    for path in sorted((FIX / "twarc-csv" / "test-data").glob("*.jsonl")):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            try:
                page = json.loads(line)
            except ValueError:
                continue  # the deliberately broken line: test_malformed_twarc_line
            if _tweets(page) and "data" in page:
                cases.append(pytest.param("x", path, i, len(_tweets(page)), id=f"{path.name}:{i}"))
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
        for tweet, m in zip(_tweets(body), mentions, strict=True):
            assert m.id == f"x:{tweet['id']}" and m.text == (tweet.get("note_tweet") or {}).get("text", tweet["text"])
            if tweet.get("author_id") in users:  # expansions: author resolved, followers read when requested
                user = users[tweet["author_id"]]
                assert m.author_handle == user["username"] and m.url.endswith(f"/{user['username']}/status/{tweet['id']}")
                assert m.author_followers == (user.get("public_metrics") or {}).get("followers_count")
            if "created_at" in tweet:
                assert m.published_at and m.published_at.endswith("Z")
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
