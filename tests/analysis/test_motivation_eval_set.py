"""The motivation evaluation set (written for the project) and the rules' scores on it."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.evaluation import multilabel_scores
from analysis.motivations import motivation_scores
from storage.labels import MOTIVATIONS

EVAL_SET = Path(__file__).resolve().parents[1] / "fixtures" / "nlp" / "motivations_eval.jsonl"


def rows():
    return [json.loads(line) for line in EVAL_SET.read_text(encoding="utf-8").splitlines()]


def test_eval_set_is_large_enough_and_well_formed():
    data = rows()
    assert len(data) >= 300
    assert len({r["text"] for r in data}) == len(data)
    for r in data:
        assert r["motivations"] and set(r["motivations"]) <= set(MOTIVATIONS)
    assert all(sum(label in r["motivations"] for r in data) >= 30 for label in MOTIVATIONS)


def test_rules_keep_their_measured_quality():
    """Regression guard at the level measured in docs/nlp.md (macro-F1 0.78): a rule change that breaks
    a label shows here."""
    data = rows()
    scores = multilabel_scores(MOTIVATIONS, [set(r["motivations"]) for r in data],
                               [set(motivation_scores(r["text"])) for r in data])
    assert sum(s.f1 for s in scores) / len(scores) >= 0.75
    assert all(s.precision >= 0.65 and s.recall >= 0.55 for s in scores), scores
