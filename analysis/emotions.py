"""Emotions from FEEL (joy, fear, sadness, anger, surprise, disgust) with scores in [0, 1].

Evidence: FEEL nouns, adjectives and verbs not under negation (weight 1; only the emotions that
agree with the word's own FEEL polarity), and our own list of emotional words and emoji (weight 2,
`lexicons.OWN_EMOTIONS`). A score is the share of that evidence carrying the emotion, with a
denominator of at least 2; an emotion needs weight 2 (two FEEL words, or one of ours) to be
reported, so a single noisy FEEL word never makes an emotion.
"""

from __future__ import annotations

from analysis.lexicons import EMOTIONS
from analysis.sentiment_features import Features

MIN_SCORE = 0.25
MIN_WEIGHT = 2


def emotion_scores(features: Features) -> dict[str, float]:
    """Emotion → score, for the emotions at or above MIN_SCORE, strongest first."""
    if not features.emotional_words:
        return {}
    denominator = max(2, features.emotional_words)
    scores = {e: round(min(1.0, features.emotion_hits.get(e, 0) / denominator), 3) for e in EMOTIONS}
    kept = ((e, s) for e, s in scores.items() if s >= MIN_SCORE and features.emotion_hits.get(e, 0) >= MIN_WEIGHT)
    return dict(sorted(kept, key=lambda x: -x[1]))
