"""Record types shared by collectors, analysis and the dashboard (plain dataclasses, no DB handles)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, NamedTuple

# Longest value kept per mention field, in characters (docs/schema.md): a hostile or broken source
# must not store a 1 MB title that freezes the dashboard. Text is cut at a word, with a marker.
LIMITS = {"id": 512, "source": 200, "url": 2048, "title": 1000, "text": 20_000, "author_handle": 200,
          "author_name": 200, "publication": 200, "lang": 35}
RAW_BUDGET = 100_000  # characters of strings (values and keys) kept in `raw`, the platform payload
MARK = "…"
DATE_SOURCES = ("item", "feed", "http", "url", "first_seen", "unknown")


@dataclass(frozen=True)
class Brand:
    """A watched brand: `own` is the user's brand, the others are competitors. `accounts`: the brand's own accounts
    (`@OrangeFR`, `orange@mastodon.social`): what they publish is the brand speaking, not a mention of it."""

    name: str
    query: str
    own: bool = False
    accounts: tuple[str, ...] = ()


@dataclass
class Mention:
    """One post or article that names at least one brand.

    `id` is namespaced and natural (`rss:<guid or link hash>`, `x:<tweet id>`,
    `mastodon:<instance>:<id>` …) so every write can be an upsert.
    """

    id: str
    platform: str
    source: str
    text: str
    url: str | None = None
    title: str | None = None
    author_handle: str | None = None
    author_name: str | None = None
    author_followers: int | None = None
    likes: int | None = None
    shares: int | None = None
    replies: int | None = None
    lang: str | None = None
    published_at: str | None = None  # UTC ISO-8601
    publication: str | None = None  # the medium of a news item (RSS): Le Monde, lemonde.fr…
    raw: Any = None  # platform payload kept for reprocessing (JSON-serialisable)
    brands: list[str] = field(default_factory=list)  # filled by the brand matcher
    # Where `published_at` comes from (DATE_SOURCES): the item itself, the feed's date, the HTTP
    # Last-Modified, a date in the link, the time it was first seen, or nowhere (`unknown`, no date).
    date_source: str | None = None

    @property
    def reach(self) -> int:
        """Estimated audience: see docs/schema.md ("reach")."""
        return estimate_reach(self.author_followers, self.likes, self.shares, self.replies)


def clip(value: str | None, limit: int) -> str | None:
    """`value` cut to at most `limit` characters, at a word boundary when one is near, ending with `…`."""
    if value is None or len(value) <= limit:
        return value
    cut = value[:limit - len(MARK)]
    at_space = cut.rstrip().rfind(" ")
    if at_space >= limit * 0.8:  # a word boundary in the last fifth: cut there rather than mid-word
        cut = cut[:at_space]
    return cut.rstrip() + MARK


def bound(m: Mention) -> Mention:
    """Make a mention safe to store, whatever the platform: every field within its limit, links only http(s).

    Idempotent; applied by the collection runner before brand matching, and by `save_batch`. An id
    over its limit becomes the platform prefix + a hash (still unique and stable); a link that is not
    http(s) (`javascript:`, `data:`, `file:`…) is dropped and kept in `raw` as `rejected_url`.
    """
    if len(m.id) > LIMITS["id"]:
        m.id = f"{m.platform}:sha256:{hashlib.sha256(m.id.encode()).hexdigest()}"
    if m.url is not None:
        url = m.url.strip()
        if not url.lower().startswith(("http://", "https://")) or len(url) > LIMITS["url"]:
            if url:  # first in `raw`, so that the budget below always keeps it
                payload = m.raw if isinstance(m.raw, dict) else {} if m.raw is None else {"payload": m.raw}
                m.raw = {"rejected_url": clip(url, LIMITS["url"]), **payload}
            url = None
        m.url = url
    m.title = clip(m.title, LIMITS["title"])
    m.text = clip(m.text, LIMITS["text"])
    m.source = clip(m.source, LIMITS["source"])
    m.author_handle = clip(m.author_handle, LIMITS["author_handle"])
    m.author_name = clip(m.author_name, LIMITS["author_name"])
    m.publication = clip(m.publication, LIMITS["publication"])
    if m.lang is not None and len(m.lang) > LIMITS["lang"]:
        m.lang = None  # not a language tag
    m.raw = _bounded(m.raw, [RAW_BUDGET])
    return m


def bound_row(row: dict[str, Any]) -> dict[str, Any]:
    """A mention read back (dict) with its strings cut to their limits, for display: rows saved before the
    limits existed may hold a 1 MB title, which would freeze a browser. A link too long to be whole is dropped."""
    for key in ("title", "text", "author_handle", "author_name", "publication"):
        if isinstance(row.get(key), str):
            row[key] = clip(row[key], LIMITS[key])
    if isinstance(row.get("url"), str) and len(row["url"]) > LIMITS["url"]:
        row["url"] = None
    return row


def _bounded(value: Any, budget: list[int]) -> Any:
    """A copy of a JSON-like value whose strings (keys included) total at most `budget[0]` characters.

    What does not fit is left out (a string cut by it ends with `…`); applying it twice changes nothing.
    """
    if isinstance(value, str):
        kept = clip(value, max(budget[0], len(MARK))) if len(value) > budget[0] else value
        budget[0] -= len(kept)
        return kept
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if budget[0] <= 0:
                break
            key = str(key)[:200]
            budget[0] -= len(key)
            out[key] = _bounded(item, budget)
        return out
    if isinstance(value, list | tuple):
        items = []
        for item in value:
            if budget[0] <= 0:
                break
            items.append(_bounded(item, budget))
        return items
    return value


def estimate_reach(followers: int | None, likes: int | None, shares: int | None, replies: int | None) -> int:
    """People who plausibly saw the mention: the author's audience plus what engagement adds.

    Each share exposes the post to a new audience (counted as 100 people, a median
    follower count on social platforms); each like or reply proves at least one reader.
    A news article with no figures counts as 1 000 (a conservative floor for a feed item).
    """
    if followers is None and likes is None and shares is None and replies is None:
        return 1000
    return int((followers or 0) + 100 * (shares or 0) + (likes or 0) + (replies or 0))


@dataclass
class Batch:
    """What one fetch of one target returns: mentions plus the state to save with them."""

    mentions: list[Mention]
    state: dict[str, Any]
    requests: int = 1
    warnings: list[str] = field(default_factory=list)
    http_status: int | None = None
    not_modified: bool = False


# Kinds of `mention_topics` rows that are names found in the text (docs/schema.md); the others are
# `keyphrase` and `category`.
ENTITY_KINDS = ("ORG", "PER", "LOC", "MISC", "HASHTAG")


class Sentiment(NamedTuple):
    """A sentiment: `label` positive | neutral | negative, `score` in [-1, 1], and `mixed` when the text
    holds real praise and real blame with no clear winner (then the label is neutral)."""

    label: str
    score: float
    mixed: bool = False


@dataclass
class Tags:
    """Everything the analysis stage says about one mention (stored by `storage.tags.save_tags`)."""

    mention_id: str
    lang: str | None
    sentiment: str | None = None  # positive | neutral | negative; None when not French
    sentiment_score: float | None = None  # [-1, 1]
    mixed: bool = False  # praise and blame together (the sentiment is then neutral)
    brand_sentiments: dict[str, Sentiment] = field(default_factory=dict)  # from each brand's own context
    motivations: dict[str, float] = field(default_factory=dict)  # label -> confidence
    topics: list[tuple[str, str, float]] = field(default_factory=list)  # (kind, value, score)
    emotions: dict[str, float] = field(default_factory=dict)
