"""storage.dashboard_queries.trending_topics: topics that rose against the previous period (« Thèmes en hausse »)."""

from __future__ import annotations

from dataclasses import replace

from storage import dashboard_queries as dq
from storage.collect_writes import save_batch, sync_source
from storage.db import utcnow
from storage.records import Batch, Mention, Tags
from storage.tags import save_tags

WEEK = dq.Filters(start="2026-11-08", end="2026-11-14")


def add(conn, n, day, topics, brand="Exemplo", start=0):
    sync_source(conn, "s", "rss", {})
    mentions = [Mention(id=f"m{start + i}", platform="rss", source="s", text="x", brands=[brand],
                        published_at=f"2026-11-{day:02d}T12:00:00Z") for i in range(n)]
    save_batch(conn, "s", "t", Batch(mentions, {}), utcnow(), None)
    save_tags(conn, "a", "1", [Tags(m.id, "fr", "neutral", 0.0, topics=[("keyphrase", t, 1.0) for t in topics])
                               for m in mentions])


def trending(conn, f: dq.Filters) -> list[dict]:
    return dq.trending_topics(dq.topic_counts(conn, f), dq.topic_counts(conn, f.previous()), ("keyphrase",))


def test_rising_theme_comes_first(conn):
    add(conn, 10, 1, ["livraison"], start=0)
    add(conn, 10, 1, ["prix"], start=100)
    add(conn, 10, 8, ["livraison"], start=200)
    add(conn, 2, 8, ["prix"], start=300)
    add(conn, 8, 8, ["panne géante"], start=400)
    rows = trending(conn, WEEK)
    assert [r["value"] for r in rows] == ["panne géante"]
    assert rows[0]["mentions"] == 8 and rows[0]["previous"] == 0 and rows[0]["change"] is None


def test_brand_filter_and_minimum(conn):
    add(conn, 5, 8, ["grève"], brand="Autre", start=0)
    add(conn, 2, 8, ["appli"], start=100)
    assert trending(conn, replace(WEEK, brands=("Exemplo",))) == []
    assert [r["value"] for r in trending(conn, replace(WEEK, brands=("Autre",)))] == ["grève"]
    assert trending(conn, dq.Filters(start="2026-11-15", end="2026-11-21")) == []  # nothing in the period
