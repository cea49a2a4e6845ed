"""collectors.runner.BrandMatcher: every fetched item re-checked against every brand query, case where asked."""

from __future__ import annotations

from collectors.runner import BrandMatcher
from storage.records import Brand, Mention


def mention(text: str, title: str = "") -> Mention:
    return Mention(id="rss:1", platform="rss", source="s", text=text, title=title)


def test_a_brand_in_braces_takes_only_the_mentions_that_write_it_with_its_case():
    matcher = BrandMatcher([Brand("TotalEnergies", "{Total} OR TotalEnergies", own=True), Brand("Orange", "orange")])
    assert matcher.match(mention("Au total, une orange pressée.")) == ["Orange"]
    assert matcher.match(mention("rien", title="Total relève ses prix")) == ["TotalEnergies"]
    assert matcher.match(mention("totalenergies et Orange s'allient")) == ["TotalEnergies", "Orange"]
