"""Collector classes by source `type` (the value of `type = "…"` in a `[[sources]]` table)."""

from __future__ import annotations

from collectors.base import Collector
from collectors.bluesky import BlueskyCollector
from collectors.mastodon import MastodonCollector
from collectors.reddit import RedditCollector
from collectors.rss import RssCollector
from collectors.x import XCollector

COLLECTORS: dict[str, type[Collector]] = {
    cls.name: cls
    for cls in (RssCollector, XCollector, MastodonCollector, BlueskyCollector, RedditCollector)
}
