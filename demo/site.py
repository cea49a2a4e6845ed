"""Build the demo site: generate the content and write its feed and social API files."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from demo import phrases as P
from demo.catalog import cast as cast_of
from demo.content import Incident, feed_items, incident_window
from demo.feeds import DemoFeed, write_feeds
from demo.social import official_accounts, social_posts, write_social
from demo.world import DEMO, World
from storage.records import Brand


@dataclass(frozen=True)
class DemoSite:
    """What `build_demo_site` wrote, and what the server and the demo config need to know about it."""

    directory: Path
    start: datetime
    end: datetime
    seed: int
    brands: tuple[Brand, ...]
    short_names: tuple[str, ...]  # the word people type for each brand (« Azur »): what the server's searches find
    feeds: tuple[DemoFeed, ...]
    social: dict[str, Path]  # response (x, mastodon, bluesky, bluesky_profiles, reddit) -> file, relative
    incident: Incident
    counts: dict[str, int]


def build_demo_site(directory: Path, end: datetime | None = None, days: int = 90, seed: int = 7,
                    world: World = DEMO) -> DemoSite:
    """Write the demo's feeds and social responses about `world`'s brands under `directory` and describe them.

    Deterministic: the same `end`, `seed` and world give byte-identical files.
    """
    cast = cast_of(world)
    end = (end or datetime.now(UTC))
    end = (end.replace(tzinfo=UTC) if end.tzinfo is None else end.astimezone(UTC)).replace(microsecond=0)
    start = end - timedelta(days=days)
    rng = random.Random(seed)
    window = incident_window(end, rng)
    items = sorted(feed_items(rng, cast, start, end, window), key=lambda i: i.published)
    posts = social_posts(random.Random(seed + 1), cast, start, end, window)
    directory = Path(directory)
    feeds = write_feeds(directory, items)
    social = write_social(directory, posts)
    counts = {
        "feed_items": len(items),
        "noise_items": sum(1 for i in items if not i.brands),
        "english_items": sum(1 for i in items if i.lang == "en"),
        "incident_items": sum(1 for i in items if i.incident),
        "social_posts": len(posts),
    }
    incident = Incident(cast.own.name, window[0], window[1], cast.incident_tag, P.INCIDENT_TERMS)
    brands = tuple(replace(b.brand, accounts=official_accounts(b.x_handle)) if b.own else b.brand for b in cast.brands)
    return DemoSite(directory, start, end, seed, brands, tuple(b.short for b in cast.brands), feeds, social, incident,
                    counts)
