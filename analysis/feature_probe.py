"""A fingerprint of what the learned models were fitted on, stored in their meta at build time.

A model's weights index the features of the code that built it (tokens, lemmas, rules, lexicons, vectors)
and were learned from the project's written texts. When either changes, the shipped model is stale: it
still loads and tags, only worse, silently (it happened once: docs/nlp.md, « Sentiment »). Rather than list
the files the features depend on, the build records the features of fixed probe texts; the test
`tests/analysis/test_models_current.py` recomputes them and names the rebuild command when they differ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from spacy.language import Language

PROBE_STEP = 5  # every 5th written text: 181 short posts and headlines, about a second to featurize
DECIMALS = 4  # the mean inputs are compared to 1e-3: numerical noise passes, a changed feature does not


def files_digest(paths: Sequence[Path]) -> str:
    """SHA-256 of the files' names and contents (line endings normalised)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()


def probe_texts() -> list[str]:
    """Texts written for the project (always present, unlike ../shared)."""
    from analysis.sentiment_training import written_examples

    return [ex.text for ex in written_examples()[::PROBE_STEP]]


def feature_probe(nlp: Language) -> dict:
    """The probe texts' features: a digest of their terms and the mean of the sentiment model's dense inputs
    and of the motivation model's cues."""
    from analysis.motivation_training import featurize_motivations

    texts = probe_texts()
    inputs = featurize_motivations(nlp, texts)
    terms = "\n".join(" ".join(sorted(x.features.terms)) for x in inputs)
    return {
        "texts": len(texts),
        "terms_sha256": hashlib.sha256(terms.encode("utf-8")).hexdigest(),
        "mean_inputs": np.round(np.mean([x.features.inputs() for x in inputs], axis=0), DECIMALS).tolist(),
        "mean_cues": np.round(np.mean([x.cues for x in inputs], axis=0), DECIMALS).tolist(),
    }


def probe_differences(stored: dict | None, current: dict) -> list[str]:
    """What differs between a model's stored probe and today's features (empty when they match)."""
    if not stored:
        return ["le modèle n'a pas d'empreinte de ses traits (construit avant qu'on les enregistre)"]
    out = []
    if stored.get("texts") != current["texts"] or stored.get("terms_sha256") != current["terms_sha256"]:
        out.append("les termes (jetons, lemmes, négations, règles) ont changé")
    for key, name in (("mean_inputs", "traits denses (lexiques, vecteurs)"), ("mean_cues", "indices de motivation")):
        old, new = np.array(stored.get(key, [])), np.array(current[key])
        if old.shape != new.shape or not np.allclose(old, new, atol=1e-3):
            out.append(f"les {name} ont changé")
    return out
