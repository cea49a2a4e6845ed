"""A named brand's praise or blame needs evidence on its side in its own context (`components.backed`)."""

from __future__ import annotations

import pytest

from analysis.components import backed
from analysis.sentiment_features import Tok, extract
from storage.records import Sentiment


def toks(text: str) -> list[Tok]:
    return [Tok(w, w, "NOUN") for w in text.split()]


@pytest.mark.parametrize("text, verdict, kept", [
    ("renault ouvre son usine de flins lundi", "negative", False),  # the model alone: the topic, not a judgement
    ("renault ouvre son usine de flins lundi", "positive", False),
    ("renault catastrophe", "negative", True),
    ("renault catastrophe", "positive", False),  # praise with only blame in sight
    ("renault excellent", "positive", True),
    ("l' action renault plonge", "negative", True),  # news events back a verdict the lexicons cannot
    ("renault bondit en bourse", "positive", True),
    ("en pleine crise renault ouvre son usine", "negative", False),  # the situation of the world judges no one
    ("en pleine crise renault ouvre son usine , un scandale", "negative", True),
])
def test_a_polar_verdict_stands_only_with_lexical_evidence(text, verdict, kept) -> None:
    given = Sentiment(verdict, 0.8 if verdict == "positive" else -0.8)
    assert backed(given, extract(toks(text)), toks(text)) == (given if kept else Sentiment("neutral", given.score))


def test_neutral_and_mixed_verdicts_are_left_alone() -> None:
    for given in (Sentiment("neutral", 0.1), Sentiment("neutral", 0.0, True)):
        text = toks("renault ouvre son usine de flins lundi")
        assert backed(given, extract(text), text) == given
