"""`python -m bench.sentiment_choice`: its settings and its refusal without ../shared (the measure itself is a bench)."""

from __future__ import annotations

import argparse

import pytest

from bench import sentiment_choice


def test_a_setting_is_c_and_the_negative_weight() -> None:
    assert sentiment_choice.setting("8,1.5") == (8.0, 1.5)
    with pytest.raises(argparse.ArgumentTypeError, match="C,POIDS_NÉGATIF"):
        sentiment_choice.setting("8")


def test_without_the_third_party_corpora_it_says_what_it_reads(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sentiment_choice, "SHARED", tmp_path / "absent")
    assert sentiment_choice.main(["4,1.5"]) == 2
    assert "DEFT" in capsys.readouterr().err
