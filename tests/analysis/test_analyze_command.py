"""`veille analyze` end to end on a database, and the 2-worker pool giving the same tags as 1 worker."""

from __future__ import annotations

import json

from analysis import model_store
from analysis.tagger import Item, Tagger
from tests.analysis.conftest import store_mentions
from veille.cli import main


def test_analyze_command_tags_and_audits(db_path, conn, tagger, monkeypatch):
    store_mentions(conn, ["Exemplo c'est top", "Exemplo en panne", "Exemplo recrute"])
    monkeypatch.setattr(model_store, "load_tagger", lambda db, workers=1: tagger)
    assert main(["analyze", "--db", str(db_path), "--batch-size", "2"]) == 0
    assert conn.execute("SELECT count(*) FROM mention_tags").fetchone()[0] == 3
    run = conn.execute("SELECT command, status, summary FROM runs").fetchone()
    assert run["command"] == "analyze" and run["status"] == "ok"
    assert json.loads(run["summary"])["tagged"] == 3
    assert main(["analyze", "--db", str(db_path)]) == 0
    assert json.loads(conn.execute("SELECT summary FROM runs ORDER BY id DESC").fetchone()[0])["tagged"] == 0


def test_bad_options_are_usage_errors(db_path):
    assert main(["analyze", "--db", str(db_path), "--batch-size", "0"]) == 2
    assert main(["analyze", "--db", str(db_path), "--workers", "99"]) == 2


def test_two_workers_give_the_same_tags_in_order(nlp, tagger):
    batches = [[Item(f"{b}-{i}", f"Message {i} : livraison {'rapide' if i % 2 else 'en retard'}") for i in range(7)]
               for b in range(5)]
    expected = [tagger.tag(batch) for batch in batches]
    with Tagger(nlp=nlp, workers=2) as pooled:
        got = list(pooled.tag_batches(iter(batches)))
    assert got == expected


def test_analyze_waits_for_nobody_when_another_run_holds_the_lock(db_path, conn, tagger, monkeypatch):
    from veille.lock import RunLock

    store_mentions(conn, ["Exemplo c'est top"])
    monkeypatch.setattr(model_store, "load_tagger", lambda db, workers=1: tagger)
    with RunLock(db_path, "collect"):
        assert main(["analyze", "--db", str(db_path)]) == 1
    assert conn.execute("SELECT count(*) FROM mention_tags").fetchone()[0] == 0
