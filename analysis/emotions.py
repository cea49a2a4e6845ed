"""Emotions (joy, fear, sadness, anger, surprise, disgust) with scores in [0, 1].

An emotion is something a text EXPRESSES, so the evidence is the words that name a feeling and the emoji
(`lexicons.FEELING_WORDS`, written for Veille: `furieux`, `déçue`, `inquiets`, `😡`; weight 2), never under
negation. FEEL's emotion flags are not used any more: a translated lexicon of words that DESCRIBE things
(`crise`, `mort`, `menace`, `service`), they gave an emotion to two thirds of the real news headlines judged
neutral, and 12 % precision on the real development set (docs/nlp.md, "Émotions"). A long article is judged
on its title and lead (`LEAD_TOKENS`): a feeling must show there, not in the sum of a thousand words. Our words
that judge with outrage (`arnaque`, `honte`, `inadmissible`, `pourri`: anger, disgust) count too, but only in
a sentence that ends in `!` ("Arnaque !", "Je trouve cela inadmissible !"): reported, they are facts.

A score is the share of that evidence carrying the emotion (denominator at least 2), kept from MIN_SCORE.
"""

from __future__ import annotations

from analysis.sentiment_features import Features
from storage.labels import EMOTIONS

MIN_SCORE = 0.25
LEAD_TOKENS = 120  # the title and lead of a long text, where its emotions are judged


def emotion_scores(features: Features) -> dict[str, float]:
    """Emotion → score, for the emotions at or above MIN_SCORE, strongest first."""
    hits = features.felt_emotion_hits
    if not hits:
        return {}
    denominator = max(2, sum(hits.values()))
    scores = {e: round(min(1.0, 2 * hits.get(e, 0) / denominator), 3) for e in EMOTIONS}
    return dict(sorted(((e, s) for e, s in scores.items() if s >= MIN_SCORE), key=lambda x: -x[1]))
