"""Record types shared by collectors, analysis and the dashboard (plain dataclasses, no DB handles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Brand:
    """A watched brand: `own` is the user's brand, the others are competitors."""

    name: str
    query: str
    own: bool = False


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
    raw: Any = None  # platform payload kept for reprocessing (JSON-serialisable)
    brands: list[str] = field(default_factory=list)  # filled by the brand matcher

    @property
    def reach(self) -> int:
        """Estimated audience: see docs/schema.md ("reach")."""
        return estimate_reach(self.author_followers, self.likes, self.shares, self.replies)


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


@dataclass
class Tags:
    """Everything the analysis stage says about one mention (stored by `storage.tags.save_tags`)."""

    mention_id: str
    lang: str | None
    sentiment: str | None = None  # positive | neutral | negative; None when not French
    sentiment_score: float | None = None  # [-1, 1]
    brand_sentiments: dict[str, tuple[str, float]] = field(default_factory=dict)
    motivations: dict[str, float] = field(default_factory=dict)  # label -> confidence
    topics: list[tuple[str, str, float]] = field(default_factory=list)  # (kind, value, score)
    emotions: dict[str, float] = field(default_factory=dict)
