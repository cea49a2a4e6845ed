"""Motivations on real texts kept out of every choice (`veille eval motivations-reel`): labels only, texts in ../shared."""

from __future__ import annotations

import json

import pytest

from veille.devset import GOLD, RealItem, read_labels, real_items
from veille.motivations_heldout import (
    HELDOUT,
    HeldoutError,
    HeldoutLabel,
    by_source,
    kappas,
    read_heldout,
    score,
    texts,
)


def test_the_project_keeps_labels_only_never_the_texts() -> None:
    for line in HELDOUT.read_text(encoding="utf-8").splitlines():
        assert not {"text", "title"} & set(json.loads(line))


def test_two_annotations_of_texts_outside_the_development_set() -> None:
    labels = read_heldout()
    assert len(labels) >= 150
    assert not {lab.key for lab in labels} & set(read_labels(GOLD)), "tenus à l'écart : aucun texte du jeu de dév."
    assert min(kappas(labels).values()) > 0.6


def test_a_motivation_is_scored_only_where_the_annotators_agree_about_it() -> None:
    labels = [HeldoutLabel("k1", "", frozenset({"cause"}), frozenset({"cause"})),
              HeldoutLabel("k2", "", frozenset({"cause", "information"}), frozenset({"information"})),
              HeldoutLabel("k3", "", frozenset(), frozenset())]
    rows = {r.tag: r for r in score(labels, [frozenset({"cause"}), frozenset({"cause"}), frozenset({"information"})])}
    cause = rows["motivation cause"]  # k2 is left out: one annotator says cause, the other does not
    assert (cause.support, cause.precision, cause.recall) == (1, 1.0, 1.0)
    information = rows["motivation information"]
    assert (information.support, information.precision, information.recall) == (1, 0.0, 0.0)
    assert rows["motivation (macro)"].f1 == pytest.approx(0.5)  # the two motivations present: (1 + 0) / 2


def test_each_kind_of_text_gets_its_own_macro() -> None:
    press = "fixtures/french-news-rss/sociomedia/rss_figaro.xml#3"
    review = "data/sentiment/trustpilot_fr_dev.jsonl#L7"
    labels = [HeldoutLabel(press, "", frozenset({"information"}), frozenset({"information"})),
              HeldoutLabel(review, "", frozenset({"recommendation"}), frozenset({"recommendation"}))]
    rows = by_source(labels, [frozenset({"information"}), frozenset({"information"})])
    assert [(r.tag, r.f1) for r in rows] == [("motivation (macro) presse, 1 textes", 1.0),
                                            ("motivation (macro) avis, 1 textes", 0.0),
                                            ("motivation (macro) tweets et avis, 1 textes", 0.0)]


def test_an_unknown_motivation_is_refused_not_counted_as_absent(tmp_path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps({"key": "k1", "digest": "0", "annotator_a": ["recommandation"], "annotator_b": []}) + "\n",
                    encoding="utf-8")
    with pytest.raises(HeldoutError, match="ligne 1 : motivation inconnue 'recommandation'"):
        read_heldout(path)


def test_a_changed_text_is_refused() -> None:
    labels = [HeldoutLabel("k1", "000000000000", frozenset(), frozenset())]
    with pytest.raises(HeldoutError, match="modifié"):
        texts(labels, {"k1": RealItem("k1", None, "un autre texte", {})})


def test_every_label_resolves_to_an_unchanged_text_in_shared(shared_dir) -> None:
    labels = read_heldout()
    assert len(texts(labels, real_items(shared_dir))) == len(labels)


def test_the_command_prints_the_agreement_and_the_table(shared_dir, tmp_path, monkeypatch, capsys) -> None:
    from veille.cli import main

    monkeypatch.chdir(tmp_path)  # no veille.toml, no database: the shipped model
    assert main(["eval", "motivations-reel", "--shared", str(shared_dir)]) == 0
    out = capsys.readouterr().out
    assert "accord des annotateurs (κ) : cause 0.867" in out
    assert "motivation (macro)" in out
    assert "  avis (70 textes) : cause 1.000, connection 0.884, information 0.463" in out  # κ per kind of text
    assert main(["eval", "motivations-reel", "un-fichier.jsonl"]) == 2
