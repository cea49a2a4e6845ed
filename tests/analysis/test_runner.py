"""Tagging pending mentions: batches, idempotency, stale re-tagging, a crash mid-run."""

from __future__ import annotations

import pytest

from analysis.runner import analyze_pending
from tests.analysis.conftest import store_mentions

TEXTS = [
    "Exemplo a encore augmenté ses prix, c'est honteux",
    "Merci Exemplo pour la livraison rapide !",
    "Exemplo ouvre un magasin à Lille",
    "Worst support ever from Exemplo",
    "",
]


def tag_rows(conn):
    return conn.execute("SELECT mention_id, analyzer, analyzer_version, lang, sentiment FROM mention_tags "
                        "ORDER BY mention_id").fetchall()


def test_tags_every_pending_mention_once(conn, tagger):
    store_mentions(conn, TEXTS, brands=["Exemplo"])
    assert analyze_pending(conn, tagger, batch_size=2) == len(TEXTS)
    rows = tag_rows(conn)
    assert len(rows) == len(TEXTS)
    assert {r["analyzer_version"] for r in rows} == {tagger.version}
    by_id = {r["mention_id"]: r for r in rows}
    assert by_id["rss:3"]["lang"] == "en" and by_id["rss:3"]["sentiment"] is None
    assert by_id["rss:0"]["lang"] == "fr" and by_id["rss:0"]["sentiment"] is not None


def test_second_run_changes_nothing(conn, tagger):
    store_mentions(conn, TEXTS)
    analyze_pending(conn, tagger)
    before = [tuple(r) for r in tag_rows(conn)]
    assert analyze_pending(conn, tagger) == 0
    assert [tuple(r) for r in tag_rows(conn)] == before


def test_only_new_and_stale_mentions_are_retagged(conn, tagger, monkeypatch):
    store_mentions(conn, TEXTS[:3])
    analyze_pending(conn, tagger)
    store_mentions(conn, ["Nouvelle mention sur Exemplo"], start=10)
    assert analyze_pending(conn, tagger) == 1
    conn.execute("UPDATE mention_tags SET analyzer_version = 'old' WHERE mention_id = 'rss:1'")
    assert analyze_pending(conn, tagger) == 1
    monkeypatch.setattr(tagger, "version", tagger.version + "-next")
    assert analyze_pending(conn, tagger) == 4
    rows = tag_rows(conn)
    assert len(rows) == 4 and {r["analyzer_version"] for r in rows} == {tagger.version}


def test_a_crash_keeps_the_batches_already_saved(conn, tagger, monkeypatch):
    store_mentions(conn, TEXTS)
    real_tag, calls = tagger.tag, []

    def failing_tag(items):
        calls.append(len(items))
        if len(calls) == 2:
            raise RuntimeError("killed")
        return real_tag(items)

    monkeypatch.setattr(tagger, "tag", failing_tag)
    with pytest.raises(RuntimeError):
        analyze_pending(conn, tagger, batch_size=2)
    assert len(tag_rows(conn)) == 2
    monkeypatch.setattr(tagger, "tag", real_tag)
    assert analyze_pending(conn, tagger, batch_size=2) == 3
    assert len(tag_rows(conn)) == len(TEXTS)
