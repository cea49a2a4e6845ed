"""The demo's generated content: deterministic, the right size and shape, with its incident."""

from __future__ import annotations

import hashlib
import json
import random
import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest

from collectors.rss import parse_feed
from demo import build_demo_site
from demo.catalog import cast
from demo.content import feed_items, incident_window
from demo.phrases import TOPICS
from demo.world import DEMO
from storage.labels import MOTIVATIONS
from storage.query import fold, parse_query

END = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_demo_site(tmp_path_factory.mktemp("demo"), end=END)


@pytest.fixture(scope="module")
def entries(site):
    """Every feed entry as the RSS collector parses it: (feed key, Mention)."""
    out = []
    for feed in site.feeds:
        for path in feed.paths:
            mentions, warnings = parse_feed((site.directory / path).read_bytes(), {}, feed.source,
                                            f"http://127.0.0.1/{path.as_posix()}")
            assert warnings == [], path
            out += [(feed.key, m) for m in mentions]
    return out


@pytest.fixture(scope="module")
def queries(site):
    return {b.name: parse_query(b.query) for b in site.brands}


def entry_text(mention) -> str:
    return f"{mention.title}\n{mention.text}"


def entry_time(mention) -> datetime:
    return datetime.fromisoformat(mention.published_at.replace("Z", "+00:00"))


def social_texts(site) -> list[tuple[str, datetime]]:
    """(text, time) of every social post across the four platform files."""
    load = {name: json.loads((site.directory / rel).read_text(encoding="utf-8")) for name, rel in site.social.items()}
    stamp = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return ([(t["text"], stamp(t["created_at"])) for t in load["x"]["data"]]
            + [(s["content"], stamp(s["created_at"])) for s in load["mastodon"]["statuses"]]
            + [(p["record"]["text"], stamp(p["record"]["createdAt"])) for p in load["bluesky"]["posts"]]
            + [(f"{c['data']['title']}\n{c['data']['selftext']}", datetime.fromtimestamp(c["data"]["created_utc"], UTC))
               for c in load["reddit"]["data"]["children"]])


def digest(directory: Path) -> dict[str, str]:
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_content(tmp_path, site):
    again = build_demo_site(tmp_path / "again", end=END)
    assert digest(again.directory) == digest(site.directory)
    assert again.counts == site.counts
    other = build_demo_site(tmp_path / "other", end=END, seed=8)
    assert digest(other.directory) != digest(site.directory)


def test_rebuilding_in_place_leaves_no_stale_feed(tmp_path):
    first = build_demo_site(tmp_path, end=END, days=10)
    later = build_demo_site(tmp_path, end=END + timedelta(days=40), days=10)
    on_disk = {p.relative_to(tmp_path) for p in (tmp_path / "flux").rglob("*.xml")}
    assert on_disk == {p for f in later.feeds for p in f.paths}
    assert on_disk != {p for f in first.feeds for p in f.paths}


def test_default_end_is_now(tmp_path):
    site = build_demo_site(tmp_path, days=3)
    assert abs((datetime.now(UTC) - site.end).total_seconds()) < 60
    assert site.start == site.end - timedelta(days=3)


def test_every_feed_is_well_formed_for_feedparser(site):
    """The `entries` fixture already parses every file with no bozo warning; here feedparser's own view."""
    for feed in site.feeds:
        for path in feed.paths[-1:]:
            parsed = feedparser.parse((site.directory / path).read_bytes(), sanitize_html=False,
                                      resolve_relative_uris=False)
            assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
            assert parsed.version == ("atom10" if feed.format == "atom" else "rss20")
            for entry in parsed.entries:
                assert entry.get("id") and entry.get("link") and entry.get("author") and entry.get("published_parsed")


def test_volume_dates_and_feed_fields(site, entries, queries):
    assert site.start == END - timedelta(days=90) and site.end == END
    assert len(entries) == site.counts["feed_items"] == sum(f.items for f in site.feeds)
    assert len(site.feeds) >= 5 and {f.format for f in site.feeds} == {"rss", "atom"}
    named = [e for _, e in entries if any(q.matches(entry_text(e)) for q in queries.values())]
    social = [t for t, _ in social_texts(site) if any(q.matches(t) for q in queries.values())]
    assert 3000 <= len(named) + len(social) <= 5000
    assert 300 <= len(social) <= 700
    times = [entry_time(e) for _, e in entries]
    assert site.start <= min(times) and max(times) < site.end
    assert max(times) > site.end - timedelta(days=1)  # the content runs up to `end`
    assert len({m.id for _, m in entries}) == len(entries)
    assert all(m.url and m.author_name and m.text for _, m in entries)
    feeds = [(site.directory / p).read_text(encoding="utf-8") for f in site.feeds for p in f.paths]
    assert sum(text.count("utm_source=") for text in feeds) > len(entries) // 5
    assert sum(text.count("&lt;p&gt;") + text.count("<![CDATA[<p>") for text in feeds) > len(entries) // 3


def test_rhythm_quieter_at_night_and_on_weekends(entries):
    paris = [entry_time(e) + timedelta(hours=1) for _, e in entries]  # close enough to Paris time for a rhythm
    night = sum(t.hour < 6 for t in paris) / len(paris)
    assert night < 0.10
    per_weekday = Counter(t.weekday() for t in paris)
    assert max(per_weekday[5], per_weekday[6]) < min(per_weekday[d] for d in range(5))


def test_noise_two_brand_and_english_items(site, entries, queries):
    matched = [(e, [n for n, q in queries.items() if q.matches(entry_text(e))]) for _, e in entries]
    noise = [e for e, names in matched if not names]
    assert len(noise) == site.counts["noise_items"] > 100
    # the common word: "Côte d'Azur" items reach the Azur search but its NOT drops them
    assert sum("azur" in fold(entry_text(e)) for e in noise) > 20
    assert sum(len(names) >= 2 for _, names in matched) > 100
    english = [m for _, m in entries if (m.lang or "").startswith("en")]
    assert len(english) == site.counts["english_items"] > 100


def test_incident_is_a_clear_negative_spike_of_the_own_brand(site, entries, queries):
    own = next(b for b in site.brands if b.own)
    assert site.incident.brand == own.name
    assert timedelta(days=10) < site.end - site.incident.start < timedelta(days=20)
    assert site.incident.end - site.incident.start == timedelta(hours=36)
    stamps = [entry_time(e) for _, e in entries if queries[own.name].matches(entry_text(e))]
    stamps += [t for text, t in social_texts(site) if queries[own.name].matches(text)]
    inside = [t for t in stamps if site.incident.start <= t < site.incident.end]
    daily = Counter(t.date() for t in stamps if not site.incident.start - timedelta(days=1) <= t < site.incident.end
                    + timedelta(days=1))
    usual = statistics.median(daily.values()) * 1.5  # mentions in 36 ordinary hours
    assert len(inside) > 5 * usual
    texts = [entry_text(e) for _, e in entries
             if site.incident.start <= entry_time(e) < site.incident.end and queries[own.name].matches(entry_text(e))]
    assert sum("panne" in fold(t) for t in texts) > 0.6 * len(texts)
    assert all(term in fold(" ".join(texts)) for term in map(fold, site.incident.terms))


def test_sentiment_motivations_and_topics_are_all_there():
    rng = random.Random(7)
    items = feed_items(rng, cast(DEMO), END - timedelta(days=90), END, incident_window(END, random.Random(7)))
    branded = [i for i in items if i.brands]
    polarity = Counter(i.polarity for i in branded)
    assert polarity["neu"] > polarity["pos"] > 0 and polarity["neg"] > 0 and polarity["irony"] > 20
    assert set(MOTIVATIONS) <= {i.motivation for i in items}
    assert set(TOPICS) <= {i.topic for i in items}
    incident = [i for i in items if i.incident]
    assert sum(i.polarity in ("neg", "irony") for i in incident) > 0.7 * len(incident)
    # templates × slots: texts do not repeat much
    assert len({i.text for i in branded}) > 0.8 * len(branded)


def test_social_files_have_each_platform_shape(site):
    load = {name: json.loads((site.directory / rel).read_text(encoding="utf-8")) for name, rel in site.social.items()}
    x = load["x"]
    users = {u["id"]: u for u in x["includes"]["users"]}
    assert x["meta"]["result_count"] == len(x["data"]) and x["meta"]["newest_id"] == x["data"][0]["id"]
    for tweet in x["data"]:
        assert tweet["id"].isdigit() and tweet["text"] and tweet["created_at"].endswith("Z")
        assert {"like_count", "retweet_count", "reply_count", "quote_count"} <= set(tweet["public_metrics"])
        assert "followers_count" in users[tweet["author_id"]]["public_metrics"]
    assert [int(t["id"]) for t in x["data"]] == sorted((int(t["id"]) for t in x["data"]), reverse=True)
    kinds = Counter(r["type"] for t in x["data"] for r in t.get("referenced_tweets", []))
    assert kinds["replied_to"] and kinds["quoted"] and kinds["retweeted"]
    assert {t["id"] for t in x["includes"]["tweets"]} == {r["id"] for t in x["data"]
                                                          for r in t.get("referenced_tweets", [])}

    statuses = load["mastodon"]["statuses"]
    assert set(load["mastodon"]) == {"accounts", "statuses", "hashtags"}
    for s in statuses:
        assert s["content"].startswith("<p>") and s["account"]["followers_count"] >= 0
        assert s["id"].isdigit() and s["url"].startswith("https://") and "favourites_count" in s
    assert any(s["tags"] for s in statuses)

    profiles = {p["did"]: p for p in load["bluesky_profiles"]["profiles"]}
    for post in load["bluesky"]["posts"]:
        assert post["uri"].startswith("at://did:plc:") and "/app.bsky.feed.post/" in post["uri"]
        assert post["record"]["$type"] == "app.bsky.feed.post" and post["record"]["text"]
        assert {"likeCount", "repostCount", "replyCount", "quoteCount"} <= set(post)
        assert profiles[post["author"]["did"]]["followersCount"] >= 0
        for facet in post["record"].get("facets", []):
            raw = post["record"]["text"].encode()
            tag = facet["features"][0]["tag"]
            assert raw[facet["index"]["byteStart"]:facet["index"]["byteEnd"]].decode() == "#" + tag

    listing = load["reddit"]
    assert listing["kind"] == "Listing"
    for child in listing["data"]["children"]:
        d = child["data"]
        assert child["kind"] == "t3" and d["name"] == f"t3_{d['id']}" and d["title"] and d["subreddit"]
        assert isinstance(d["created_utc"], float) and d["permalink"].startswith(f"/r/{d['subreddit']}/comments/")
