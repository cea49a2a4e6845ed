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


def test_what_a_brand_s_own_account_publishes_is_not_a_mention_of_it():
    """Its incident notice would count in its volume, its negative share and its alerts."""
    matcher = BrandMatcher([Brand("Orbelle", "orbelle", own=True, accounts=("@OrbelleFR", "orbelle@mastodon.social")),
                            Brand("Kelvo", "kelvo")])
    notice = "Incident en cours sur le réseau Orbelle, nos équipes sont mobilisées."
    for handle in ("OrbelleFR", "@orbellefr", "ORBELLE@mastodon.social", "orbellefr@piaille.fr", "u/OrbelleFR"):
        post = Mention(id="x:1", platform="x", source="x", text=notice, author_handle=handle)
        assert matcher.match(post) == []
    for handle in ("client75", "orbelle@piaille.fr", "orbellefr.bsky.social", ""):  # someone else, or nobody
        customer = Mention(id="x:2", platform="x", source="x", text=notice, author_handle=handle)
        assert matcher.match(customer) == ["Orbelle"], handle
    about_both = Mention(id="x:3", platform="x", source="x", text="Orbelle ou Kelvo ?", author_handle="OrbelleFR")
    assert matcher.match(about_both) == ["Kelvo"]  # it still names its competitor
    assert matcher.match(mention("Orbelle en panne")) == ["Orbelle"]  # no author (a feed item): a mention
