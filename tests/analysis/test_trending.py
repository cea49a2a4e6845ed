"""storage.tags.trending_themes: themes whose share of mentions rose against the previous period."""

from __future__ import annotations

import pytest

from storage.collect_writes import save_batch, sync_source
from storage.db import utcnow
from storage.records import Batch, Mention, Tags
from storage.tags import save_tags, trending_themes


def add(conn, n, day, topics, brand="Exemplo", start=0):
    sync_source(conn, "s", "rss", {})
    mentions = [Mention(id=f"m{start + i}", platform="rss", source="s", text="x", brands=[brand],
                        published_at=f"2026-11-{day:02d}T12:00:00Z") for i in range(n)]
    save_batch(conn, "s", "t", Batch(mentions, {}), utcnow(), None)
    save_tags(conn, "a", "1", [Tags(m.id, "fr", "neutral", 0.0, topics=[("keyphrase", t, 1.0) for t in topics])
                               for m in mentions])


def test_rising_theme_comes_first(conn):
    add(conn, 10, 1, ["livraison"], start=0)
    add(conn, 10, 1, ["prix"], start=100)
    add(conn, 10, 8, ["livraison"], start=200)
    add(conn, 2, 8, ["prix"], start=300)
    add(conn, 8, 8, ["panne géante"], start=400)
    rows = trending_themes(conn, "2026-11-08", "2026-11-15")
    assert [r["value"] for r in rows] == ["panne géante"]
    assert rows[0]["mentions"] == 8 and rows[0]["previous_mentions"] == 0
    assert rows[0]["share"] == pytest.approx(8 / 20)


def test_brand_filter_and_minimum(conn):
    add(conn, 5, 8, ["grève"], brand="Autre", start=0)
    add(conn, 2, 8, ["appli"], start=100)
    assert trending_themes(conn, "2026-11-08", "2026-11-15", brand="Exemplo") == []
    assert [r["value"] for r in trending_themes(conn, "2026-11-08", "2026-11-15", brand="Autre")] == ["grève"]
    with pytest.raises(ValueError):
        trending_themes(conn, "2026-11-15", "2026-11-08")
