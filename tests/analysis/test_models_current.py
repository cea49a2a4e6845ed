"""The shipped models were built from today's feature code and written texts (analysis/feature_probe.py).

A model built before a change to the tokens, lemmas, rules, lexicons or vectors its weights index, or to the
texts it learns from, still tags, only worse and silently: these tests name the rebuild instead.
"""

from __future__ import annotations

import numpy as np
import pytest

from analysis import build_data, feature_probe
from analysis.motivation_model import shipped_motivation_model
from analysis.sentiment_model import shipped_model

REBUILD = "reconstruisez-le : `python -m analysis.build_data --only {part}` (il faut ../shared pour le sentiment)"


@pytest.fixture(scope="module")
def probe(nlp) -> dict:
    return feature_probe.feature_probe(nlp)


def test_sentiment_model_matches_todays_features_texts_and_recipe(probe) -> None:
    meta = shipped_model().meta
    problems = feature_probe.probe_differences(meta.get("feature_probe"), probe)
    if meta.get("written_sha256") != feature_probe.files_digest(build_data.SENTIMENT_WRITTEN):
        problems.append("les textes écrits d'entraînement ont changé")
    if (meta.get("weights"), meta.get("c"), meta.get("negative_weight")) != (
            build_data.sentiment_weights(), build_data.C, build_data.NEGATIVE_WEIGHT):
        problems.append("les poids ou la régularisation du build ont changé")
    assert not problems, f"Le modèle de sentiment livré est périmé ({'; '.join(problems)}) : " + REBUILD.format(
        part="sentiment")


def test_motivation_model_matches_todays_features_and_texts(probe) -> None:
    meta = shipped_motivation_model().meta
    problems = feature_probe.probe_differences(meta.get("feature_probe"), probe)
    if meta.get("written_sha256") != feature_probe.files_digest(build_data.MOTIVATION_WRITTEN):
        problems.append("les textes écrits d'entraînement ont changé")
    assert not problems, f"Le modèle de motivations livré est périmé ({'; '.join(problems)}) : " + REBUILD.format(
        part="motivations")


def test_a_changed_rule_is_seen(nlp, probe, monkeypatch) -> None:
    """A rule that drops negation marks (a feature change the weights would not know) fails the check."""
    from analysis import motivation_model
    from analysis.sentiment_features import Features

    extract = motivation_model.extract

    def without_negation(toks) -> Features:
        f = extract(toks)
        return f._replace(terms=[t for t in f.terms if not t.startswith("NOT_")])

    monkeypatch.setattr(motivation_model, "extract", without_negation)
    changed = feature_probe.feature_probe(nlp)
    assert "les termes (jetons, lemmes, négations, règles) ont changé" in feature_probe.probe_differences(probe, changed)
    assert feature_probe.probe_differences(probe, probe) == []
    shifted = dict(probe, mean_inputs=(np.array(probe["mean_inputs"]) + 0.01).tolist())
    assert feature_probe.probe_differences(probe, shifted) == ["les traits denses (lexiques, vecteurs) ont changé"]
