"""`python -m tools.demo_sentiment`: the demo's own texts against the polarity the generator gave them."""

from __future__ import annotations

from analysis.brands import fold_text
from storage.labels import SENTIMENTS
from tools.demo_sentiment import demo_pairs, report


def test_every_pair_is_a_french_entry_naming_its_one_brand_with_an_intended_sentiment() -> None:
    pairs = demo_pairs(days=4)
    assert len(pairs) > 50
    assert {kind for kind, *_ in pairs} >= {"forum", "presse"}
    for _, text, brand, intended in pairs:
        assert intended in SENTIMENTS
        assert fold_text(brand.split()[0]) in fold_text(text), (brand, text)


def test_the_report_counts_what_the_tagger_got_right() -> None:
    pairs = [("forum", "t", "B", "negative"), ("forum", "t", "B", "positive"), ("presse", "t", "B", "neutral"),
             ("presse", "t", "B", "neutral")]
    lines = report(pairs, ["negative", "positive", "neutral", "positive"])
    assert "4 entrées" in lines[0]
    assert "exactitude  75.0" in lines[1]
    assert lines[2].split()[:2] == ["forum", "2"] and "exactitude 100.0" in lines[2]
    assert "exactitude  50.0" in lines[3]


def test_the_tagger_agrees_with_most_of_the_demo_s_forum_posts(tagger) -> None:
    """The forum posts are customers' stories naming their provider once: the brand is judged on the whole story."""
    from analysis.tagger import Item

    pairs = [p for p in demo_pairs(days=10) if p[0] == "forum"]
    tags = tagger.tag([Item(str(n), text, (brand,)) for n, (_, text, brand, _) in enumerate(pairs)])
    right = sum(t.brand_sentiments[brand].label == intended for t, (_, _, brand, intended) in zip(tags, pairs,
                                                                                                   strict=True))
    assert right / len(pairs) >= 0.68, f"{right}/{len(pairs)}"  # 150/208 today; 128 without the stories
