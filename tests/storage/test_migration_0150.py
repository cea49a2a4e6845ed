"""Migration 0150 splits a mention's sentiment correction from its brands': the corrections made before keep
counting as they did, for every brand of their mention."""

from __future__ import annotations

import random
from pathlib import Path

import storage
from storage.collect_writes import save_batch, sync_source
from storage.records import Batch
from storage.tags import save_tags
from storage.user_actions import set_sentiment_overrides
from tests.dashboard.test_rollups import (
    assert_consistent,
    correct_before_0150,
    database_before,
    mention,
    tags,
)


def test_old_corrections_count_as_before_and_a_new_one_moves_only_its_brand(tmp_path: Path) -> None:
    conn = database_before(tmp_path / "old.db", "0150")
    rng = random.Random(7)
    mentions = [mention(i, rng) for i in range(30)]
    sync_source(conn, "src", "rss", {})
    save_batch(conn, "src", "t", Batch(mentions, {}), "2026-11-03T00:00:00Z", None)
    save_tags(conn, "a", "1", [tags(m, rng) for m in mentions])
    two = [m for m in mentions if len(m.brands) == 2 and m.published_at]
    assert len(two) >= 4
    corrected = two[:3] + [m for m in mentions if len(m.brands) == 1][:3]
    for m in corrected:
        correct_before_0150(conn, m.id, "negative", "Camille")
    facts = conn.execute("SELECT seq, brand, sentiment FROM dash_facts ORDER BY 1, 2").fetchall()
    counted = conn.execute("SELECT brand, mention_id, sentiment, mixed FROM brand_mentions ORDER BY 1, 2").fetchall()
    conn.close()

    conn = storage.connect(tmp_path / "old.db")
    assert conn.execute("SELECT seq, brand, sentiment FROM dash_facts ORDER BY 1, 2").fetchall() == facts
    assert conn.execute("SELECT brand, mention_id, sentiment, mixed FROM brand_mentions ORDER BY 1, 2"
                        ).fetchall() == counted
    copied = conn.execute("SELECT mention_id, brand, sentiment, corrected_by FROM brand_sentiment_overrides "
                          "ORDER BY 1, 2").fetchall()
    assert sorted(tuple(r) for r in copied) == sorted((m.id, b, "negative", "Camille") for m in corrected
                                                      for b in m.brands)
    assert_consistent(conn)

    target = two[3]
    before = dict(conn.execute("SELECT brand, sentiment FROM brand_mentions WHERE mention_id = ?", (target.id,)))
    wanted = "positive" if before[target.brands[0]] != "positive" else "negative"
    set_sentiment_overrides(conn, target.id, {target.brands[0]: wanted, None: "neutral"})
    after = dict(conn.execute("SELECT brand, sentiment FROM brand_mentions WHERE mention_id = ?", (target.id,)))
    assert after == {**before, target.brands[0]: wanted}
    assert_consistent(conn)
    conn.close()
