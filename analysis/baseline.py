"""textblob-fr's `PatternAnalyzer`: the baseline our sentiment must beat, kept for `veille eval`.

Only `.sentiment` is used: textblob-fr's `PatternTagger` crashes on Python ≥ 3.7 and
`.sentences` needs NLTK's tokenizer data, which no installed package ships and Veille never
downloads (it runs offline).
"""

from __future__ import annotations

from functools import lru_cache

from textblob import Blobber
from textblob_fr import PatternAnalyzer


@lru_cache(maxsize=1)
def _blobber() -> Blobber:
    return Blobber(analyzer=PatternAnalyzer())


def textblob_polarity(text: str) -> float:
    """Polarity in [-1, 1]; 0.0 when textblob-fr knows none of the words."""
    return float(_blobber()(text).sentiment[0])


def textblob_label(text: str) -> tuple[str, float]:
    """The usual reading of textblob's polarity: its sign (0.0 → neutral)."""
    p = textblob_polarity(text)
    return ("positive" if p > 0 else "negative" if p < 0 else "neutral"), p
