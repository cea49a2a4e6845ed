"""Frames for charts and tables: every bucket of the period, zeros for counts, gaps for ratios, "—" for missing."""

from __future__ import annotations

import pandas as pd

from presentation import frames, tables


def rows(*items):
    return [{"bucket": b, "brand": br, "sentiment": s, "mentions": n, "reach": 10 * n} for b, br, s, n in items]


def test_time_grid_covers_every_bucket_of_the_period() -> None:
    assert len(frames.time_grid("2026-01-01", "2026-01-31", "day")) == 31
    weeks = frames.time_grid("2026-01-01", "2026-01-31", "week")  # 1 Jan 2026 is a Thursday
    assert weeks[0] == pd.Timestamp("2025-12-29") and len(weeks) == 5 and (weeks.day_of_week == 0).all()
    months = frames.time_grid("2021-03-15", "2026-02-02", "month")
    assert months[0] == pd.Timestamp("2021-03-01") and months[-1] == pd.Timestamp("2026-02-01") and len(months) == 60
    hours = frames.time_grid("2026-10-25", "2026-10-25", "hour")  # the night Paris goes back one hour
    assert len(hours) == 23 and hours.is_unique  # 24 UTC hours, 02:00 twice in Paris: one bucket


def test_volumes_are_zero_where_nothing_was_said_and_shares_are_gaps() -> None:
    grid = frames.time_grid("2021-01-01", "2025-12-31", "month")
    series = frames.series_frame(rows(("2021-02-01", "A", "positive", 3), ("2021-02-01", "B", "negative", 1),
                                      ("2025-11-01", "A", "neutral", 2)), "month")
    volumes = frames.per_brand(series, grid)
    assert len(volumes) == 2 * 60 and set(volumes["brand"]) == {"A", "B"}
    a = volumes[volumes["brand"] == "A"].set_index("bucket")
    assert a.loc["2021-02-01", "mentions"] == 3 and a.loc["2023-06-01", "mentions"] == 0  # a real zero
    assert a.loc["2021-02-01", "share"] == 0.75 and a.loc["2025-11-01", "share"] == 1.0
    assert a["share"].isna().sum() == 58  # nothing said: no share, not a line drawn across four years
    assert (volumes["mentions"] >= 0).all()


def test_net_sentiment_breaks_where_there_is_not_enough_data() -> None:
    grid = frames.time_grid("2026-01-05", "2026-02-01", "week")
    series = frames.series_frame(rows(("2026-01-05", "A", "positive", 5), ("2026-01-05", "A", "negative", 1),
                                      ("2026-01-12", "A", "positive", 1),  # too few: a gap
                                      ("2026-01-19", "A", "negative", 6), ("2026-01-26", "A", "neutral", 5)), "week")
    net = frames.net_per_brand(series, grid)
    assert list(net["net"].round(1)) == [66.7, -100.0, 0.0]
    first, second, third = net["segment"]
    assert first != second and second == third  # the line stops at the gap and restarts after it


def test_sentiment_per_bucket_fills_the_grid() -> None:
    grid = frames.time_grid("2026-01-01", "2026-01-03", "day")
    out = frames.per_sentiment(frames.series_frame(rows(("2026-01-02", "A", "negative", 2)), "day"), grid)
    assert list(out["mentions"]) == [0, 2, 0] and set(out["Sentiment"]) == {"Négatif"}


def test_alert_drivers_are_what_rose() -> None:
    explanation = {
        "categories": [{"kind": "category", "value": "customer_service", "count": 106, "expected": 105.6, "lift": 0.04},
                       {"kind": "category", "value": "product_quality", "count": 90, "expected": 20.0, "lift": 15.4}],
        "terms": [{"kind": "keyphrase", "value": "panne", "count": 40, "expected": 0.0, "lift": 40.0}, "ancien format"],
    }
    drivers = frames.alert_drivers(explanation)
    assert list(drivers["Thème"]) == ["panne", "Qualité des produits"]
    assert drivers["Hausse"].tolist() == ["nouveau", "×\u202f4,5"]  # nothing expected: new
    assert frames.alert_drivers({}).empty


def test_tables_show_french_numbers_and_dashes() -> None:
    df = pd.DataFrame({"Marque": ["A", None], "Mentions": [1234, None], "Évolution": [51.8, float("nan")]})
    styled = tables.french(df, {"Mentions": frames.BRAND_FORMATS["Mentions"],
                                "Évolution": frames.BRAND_FORMATS["Évolution"]})
    html = styled.to_html()
    assert "1\u202f234" in html and "+51,8\u202f%" in html and html.count("—") == 3
    assert "None" not in html and "nan" not in html


def test_brand_table_marks_the_own_brand_and_leaves_missing_changes_empty() -> None:
    figures = {"brands": [
        {"brand": "A", "own": True, "mentions": 10, "mentions_change": None, "share": 50.0, "share_change": None,
         "reach": 1000, "net": -20.0, "net_change": None, "negative": 4},
        {"brand": "B", "own": False, "mentions": 10, "mentions_change": 25.0, "share": 50.0, "share_change": 1.5,
         "reach": 2000, "net": None, "net_change": None, "negative": 0}]}
    table = frames.brand_table(figures)
    assert list(table["Marque"]) == ["A (vous)", "B"]
    assert table["Évolution"].isna().tolist() == [True, False] and table["Sentiment net"].isna().tolist() == [False, True]


def test_author_names_a_mention_as_a_reader_would() -> None:
    assert frames.author({"author_name": "Claire Morand", "author_handle": "claire_m"}) == "Claire Morand (@claire_m)"
    assert frames.author({"author_name": None, "author_handle": "user12"}) == "@user12"
    assert frames.author({"author_name": "Jean Dupont", "publication": "Le Monde"}) == "Jean Dupont · Le Monde"
    assert frames.author({"publication": "lemonde.fr"}) == "lemonde.fr"
    assert frames.author({}) == ""


def test_the_brand_s_own_sentiment_comes_first_where_it_differs() -> None:
    """The filters and counts use the brand's sentiment: it is what the reader sees first."""
    row = {"sentiment": "negative", "brand_sentiments": {"Orbelle": "positive", "Kelvo": "negative"}}
    assert frames.sentiment_text(row) == "Orbelle : positif, Kelvo : négatif ; ton général : négatif"
    assert frames.sentiment_text({**row, "brand_sentiments": {"Kelvo": "negative"}}) == "Négatif"
    assert frames.sentiment_text({**row, "corrected_sentiment": "negative"}) == \
        "Orbelle : positif, Kelvo : négatif ; ton général : négatif (corrigé)"


def test_a_brand_corrected_apart_from_the_text_says_so() -> None:
    """A correction toward a brand is what that brand counts: the list says which label is a user's."""
    row = {"sentiment": "negative", "brand_sentiments": {"Orbelle": "negative"}}
    assert frames.sentiment_text({**row, "model_brand_sentiments": {"Orbelle": "positive"}}) == \
        "Orbelle : négatif (corrigé) ; ton général : négatif"
    both = {**row, "corrected_sentiment": "negative", "model_brand_sentiments": {"Orbelle": "positive"}}
    assert frames.sentiment_text(both) == "Négatif (corrigé)"  # one brand, corrected as the text was


def test_a_page_about_one_brand_shows_that_brand_s_sentiment_alone() -> None:
    row = {"sentiment": "negative", "brand_sentiments": {"Orbelle": "positive", "Kelvo": "negative"},
           "model_brand_sentiments": {"Kelvo": "positive"}}
    assert frames.sentiment_text(row, "Orbelle") == "Positif"
    assert frames.sentiment_text(row, "Kelvo") == "Négatif (corrigé)"
    assert frames.sentiment_text(row, "Lumeo") == frames.sentiment_text(row)  # a brand the row does not have
    assert list(frames.mention_table([{**row, "published_at": None, "platform": "rss", "brands": "Kelvo, Orbelle",
                                       "title": None, "text": "…", "reach": 1, "url": None}], "Kelvo")["Sentiment"]) \
        == ["Négatif (corrigé)"]


def test_a_right_label_a_user_vouched_for_reads_confirmed() -> None:
    """What the user did is stored (migration 0160), not guessed from today's model label."""
    row = {"sentiment": "negative", "corrected_sentiment": "negative", "sentiment_confirmed": True,
           "brand_sentiments": {"Orbelle": "positive", "Kelvo": "negative"},
           "model_brand_sentiments": {"Orbelle": "positive", "Kelvo": "positive"}, "confirmed_brands": {"Orbelle"}}
    assert frames.sentiment_text(row) == \
        "Orbelle : positif (confirmé), Kelvo : négatif (corrigé) ; ton général : négatif (confirmé)"
    same = {**row, "brand_sentiments": {"Kelvo": "negative"}}  # one brand as the text: said once, unless the marks
    assert frames.sentiment_text({**same, "confirmed_brands": {"Kelvo"}}) == "Négatif (confirmé)"  # differ
    assert frames.sentiment_text(same) == "Kelvo : négatif (corrigé) ; ton général : négatif (confirmé)"
