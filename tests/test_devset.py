"""The real development set: labels keyed by corpus file and item id, texts read from ../shared (never copied)."""

from __future__ import annotations

import json

from veille.devset import (
    DEV_DIR,
    GOLD,
    agreement,
    changed_texts,
    predict,
    read_labels,
    real_items,
    score,
)


def test_the_project_keeps_labels_only_never_the_texts() -> None:
    for path in DEV_DIR.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert not {"text", "title"} & set(row), f"{path.name} ne doit pas contenir de texte tiers"


def test_every_label_resolves_to_an_unchanged_text_in_shared(shared_dir) -> None:
    items = real_items(shared_dir)
    gold = read_labels(GOLD)
    assert len(gold) >= 300 and sum(len(g.pairs) for g in gold.values()) >= 300
    assert set(gold) <= set(items)
    assert changed_texts(items) == []


def test_two_annotations_and_their_agreement() -> None:
    a, b = read_labels(DEV_DIR / "annotator_a.jsonl"), read_labels(DEV_DIR / "annotator_b.jsonl")
    assert set(a) == set(b) == set(read_labels(GOLD))
    rows = {tag: kappa for tag, _, kappa in agreement(a, b)}
    assert 0.6 < rows["sentiment envers la marque"] <= 1.0
    assert rows["marque valide"] > 0.6


def test_the_scorer_reads_what_the_tagger_stores(shared_dir, tagger) -> None:
    gold = read_labels(GOLD)
    some = dict(list(sorted(gold.items()))[:12])
    rows = {r.tag: r for r in score(some, predict(some, real_items(shared_dir), tagger))}
    sentiment = rows["sentiment marque [toutes] (F1 macro)"]
    assert sentiment.support == sum(p.valid for g in some.values() for p in g.pairs)
    assert 0.0 <= sentiment.f1 <= 1.0
    assert rows["entités (type et texte)"].support > 0


def test_the_agreement_command_prints_one_kappa_per_tag(tmp_path, capsys) -> None:
    from veille.cli import main

    assert main(["eval", "agreement"]) == 0
    lines = capsys.readouterr().out.splitlines()
    kappas = {line[:34].strip(): float(line.split()[-1]) for line in lines[1:]}
    assert len(kappas) == len(agreement(read_labels(DEV_DIR / "annotator_a.jsonl"),
                                        read_labels(DEV_DIR / "annotator_b.jsonl")))
    assert 0.6 < kappas["sentiment envers la marque"] <= 1.0
    lonely = tmp_path / "a.jsonl"
    lonely.write_text("", encoding="utf-8")
    assert main(["eval", "agreement", str(lonely)]) == 2
