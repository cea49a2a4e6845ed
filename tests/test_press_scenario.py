"""Issue 11's scenario on the real press feeds of ../shared: what a new user reads, against two annotators."""

from __future__ import annotations

import pytest

from tests.conftest import SHARED
from veille.press_scenario import evaluate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def figures():
    if not SHARED.is_dir():
        pytest.skip(f"../shared absent ({SHARED}): the scenario reads the real press feeds")
    return evaluate(SHARED)


def test_brand_sentiment_holds_on_real_press(figures) -> None:
    """Issue 11 found 9 of 28 right; 22 of 27 on 6 Dec 2026, 4 of the 7 positive or negative ones. "Always
    neutral" would get 20, so the polar pairs are checked on their own; a drop is a regression to look at."""
    assert figures["tagged"] == figures["pairs"]
    assert figures["right"] >= 21, figures
    assert figures["polar_right"] >= 4, figures


def test_tags_stay_few_on_real_press(figures) -> None:
    """No emotion on factual news, at most 3 categories, no motivation guessed on every article; but tags
    there are (a failed analysis would pass the first three)."""
    assert figures["factual"] >= 15 and figures["factual_with_emotion"] == 0
    assert max(figures["categories"]) <= 3 and sum(n for k, n in figures["categories"].items() if k) > 0
    assert figures["motivations"] and not {"cause", "entertainment"} & set(figures["motivations"])
