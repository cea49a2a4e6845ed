"""The only place the spaCy pipeline is assembled: `fr_core_news_sm` + our components."""

from __future__ import annotations

import spacy
from spacy.language import Language

import analysis.components  # noqa: F401  (registers the factories)

MODEL = "fr_core_news_sm"
# Characters analysed per mention: beyond this an article's tags would not change, only the cost.
MAX_CHARS = 20_000


def build_pipeline() -> Language:
    """`fr_core_news_sm` with language detection first and our tagging components last."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("veille_language", first=True)
    nlp.add_pipe("veille_sentiment_baseline", last=True)
    return nlp
