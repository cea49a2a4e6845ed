"""The mixed-opinion rule (analysis/mixed.py) on clauses whose probabilities a stand-in model dictates.

The stand-in replaces only the trained model (tested against real text by `veille eval devset` and
tests/analysis/test_sentiment_targets.py): here, the counting rule itself."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.mixed import is_mixed
from analysis.sentiment_features import Tok

PRAISE, BLAME, FLAT = [0.05, 0.05, 0.9], [0.9, 0.05, 0.05], [0.1, 0.8, 0.1]


class ClauseModel:
    """P(negative, neutral, positive) of a clause from its marker word: `top` praises, `nul` blames."""

    def probabilities(self, features) -> np.ndarray:
        return np.array([PRAISE if "top" in f.terms else BLAME if "nul" in f.terms else FLAT for f in features])


def toks(text: str) -> list[Tok]:
    """`livraison top , produit nul .` → tokens; every word is content (NOUN), commas, points and `!` end clauses."""
    return [Tok(w, w, "PUNCT" if w in ",.!" else "NOUN") for w in text.split()]


@pytest.mark.parametrize("text, mixed", [
    ("livraison top , produit nul .", True),
    ("livraison top , emballage top , produit nul .", True),  # the weaker side is half the stronger
    ("livraison top , emballage top , prix top , produit nul .", False),  # a third: praise wins
    ("livraison top , emballage top .", False),
    ("livraison top , produit arrivé .", False),
])
def test_praise_and_blame_make_a_mixed_text(text, mixed) -> None:
    assert is_mixed(ClauseModel(), toks(text), np.array([0.3, 0.4, 0.3])) is mixed


def test_a_one_sided_text_is_not_mixed_whatever_its_clauses() -> None:
    assert not is_mixed(ClauseModel(), toks("livraison top , produit nul ."), np.array([0.85, 0.1, 0.05]))


@pytest.mark.parametrize("text, mixed", [
    ("produit top mais prix nul .", True),  # the whole reads as its last side; the reader hears both
    ("service nul , cependant produit top .", True),
    ("produit top par contre prix nul .", True),
    ("produit top , mais prix nul ! ! !", True),  # marks alone are not clauses of a longer text
    ("produit top et prix nul .", False),  # no turn
    ("produit top mais livraison top .", False),  # praise on both sides
    ("livraison top , emballage top , service top , mais prix nul .", False),  # a longer text weighs more things
])
def test_a_short_text_turned_by_mais_is_mixed_however_one_sided_the_whole(text, mixed) -> None:
    assert is_mixed(ClauseModel(), toks(text), np.array([0.9, 0.05, 0.05])) is mixed
