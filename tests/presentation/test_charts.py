"""Chart specs: French numbers, no smoothing, gaps kept, every bar label, a legend of what is shown."""

from __future__ import annotations

import json

import pandas as pd

from presentation import charts, frames

BRANDS = ["Ondéa", "Voltéo", "Fibrane"]


def spec(chart) -> dict:
    return chart.to_dict()


def series():
    rows = [{"bucket": "2021-02-01", "brand": "Voltéo", "sentiment": "negative", "mentions": 3, "reach": 30},
            {"bucket": "2025-11-01", "brand": "Voltéo", "sentiment": "positive", "mentions": 2, "reach": 20}]
    grid = frames.time_grid("2021-01-01", "2025-12-31", "month")
    return frames.per_brand(frames.series_frame(rows, "month"), grid)


def marks(s: dict) -> list:
    layers = s.get("layer", [s])
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in layers]


def test_every_chart_speaks_french() -> None:
    volumes = series()
    for chart in (charts.volume_lines(volumes, BRANDS, "month"), charts.share_over_time(volumes, BRANDS, "month")):
        locale = spec(chart)["config"]["locale"]
        assert locale["number"]["decimal"] == "," and locale["number"]["thousands"] == "\u202f"
        assert locale["number"]["percent"] == "\u202f%" and locale["time"]["shortMonths"][0] == "janv."


def test_lines_are_straight_over_every_bucket_and_the_legend_lists_what_is_shown() -> None:
    s = spec(charts.volume_lines(series(), BRANDS, "month"))
    text = json.dumps(s)
    assert "monotone" not in text and "basis" not in text  # no smoothing that invents values or dips below 0
    line = s["layer"][0]
    assert line["encoding"]["color"]["scale"]["domain"] == ["Voltéo"]  # not the brands filtered out
    assert line["encoding"]["color"]["scale"]["range"] == [charts.brand_color("Voltéo", BRANDS)]  # its usual colour
    assert "labelExpr" in line["encoding"]["y"]["axis"]


def test_share_of_voice_over_time_has_no_bar_where_nothing_was_said() -> None:
    s = spec(charts.share_over_time(series(), BRANDS, "month"))
    assert marks(s) == ["bar"]
    dataset = next(iter(s["datasets"].values()))
    assert len(dataset) == 2  # two months with mentions out of sixty: no diagonal across the empty years


def test_horizontal_bars_show_every_label() -> None:
    rows = [{"brand": b, "positive": 1, "neutral": 2, "negative": 3} for b in BRANDS + ["Lumeo"]]
    s = spec(charts.sentiment_bars(frames.sentiment_split(rows, "brand"), "brand", "Marque"))
    assert s["height"] == {"step": charts.BAR_STEP}
    assert s["encoding"]["y"]["axis"]["labelOverlap"] is False
    shares = frames.shares(pd.DataFrame({"brand": BRANDS, "mentions": [5, 3, 2], "all": 1}), "all")
    s = spec(charts.share_bars(shares, "brand", "Marque", color_brands=BRANDS))
    assert s["height"] == {"step": charts.BAR_STEP} and s["layer"][0]["encoding"]["y"]["axis"]["labelOverlap"] is False
