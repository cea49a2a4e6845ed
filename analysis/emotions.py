"""Emotions from FEEL (joy, fear, sadness, anger, surprise, disgust) with scores in [0, 1].

A score is the share of the text's emotional words (FEEL words not under negation, plus
emoji) that carry that emotion; with a single emotional word each of its emotions gets 0.5,
so one word never reads as a certainty.
"""

from __future__ import annotations

from analysis.lexicons import EMOTIONS
from analysis.sentiment_features import Features

MIN_SCORE = 0.2


def emotion_scores(features: Features) -> dict[str, float]:
    """Emotion → score, for the emotions at or above MIN_SCORE, strongest first."""
    if not features.emotional_words:
        return {}
    denominator = max(2, features.emotional_words)
    scores = {e: round(min(1.0, features.emotion_hits.get(e, 0) / denominator), 3) for e in EMOTIONS}
    return dict(sorted(((e, s) for e, s in scores.items() if s >= MIN_SCORE), key=lambda x: -x[1]))
