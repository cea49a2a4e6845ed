"""Altair charts read at a glance: one sentiment palette and one colour per brand on every page.

Charts take tidy DataFrames prepared by `dashboard.frames`; dates are numeric (`%d/%m`) so no
English month name shows up.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard import labels

BRAND_PALETTE = ["#1f5fa8", "#e8833a", "#7b5ea7", "#2a9d8f", "#c9a227", "#8c564b", "#d45087", "#5f7f3f",
                 "#4a4e69", "#17becf", "#b07aa1", "#9c755f"]
HEIGHT = 300
TIME_FORMATS = {"hour": "%d/%m %Hh", "day": "%d/%m", "week": "%d/%m/%y", "month": "%m/%Y"}
TIME_TITLES = {"hour": "Heure (Paris)", "day": "Jour", "week": "Semaine (du lundi)", "month": "Mois"}


def _legend(title: str) -> alt.Legend:
    """A compact legend that fits a dozen brands next to a 300 px chart."""
    return alt.Legend(title=title, symbolSize=60, labelFontSize=11, rowPadding=1, labelLimit=160, symbolLimit=0)


def sentiment_scale() -> alt.Scale:
    return alt.Scale(domain=labels.SENTIMENT_ORDER, range=labels.SENTIMENT_COLORS)


def brand_scale(brands: list[str]) -> alt.Scale:
    """The same colour for a brand on every page: the palette follows the full list of known brands."""
    return alt.Scale(domain=brands, range=[BRAND_PALETTE[i % len(BRAND_PALETTE)] for i in range(len(brands))])


def _time_x(grain: str) -> alt.X:
    return alt.X("bucket:T", title=TIME_TITLES[grain], axis=alt.Axis(format=TIME_FORMATS[grain], labelOverlap=True))


def volume_lines(df: pd.DataFrame, brands: list[str], grain: str, value: str = "mentions",
                 title: str = "Mentions", alerts: pd.DataFrame | None = None, selectable: bool = False,
                 series_title: str = "Marque") -> alt.Chart:
    """One line per brand over time; alert markers as red triangles; clickable points when `selectable`."""
    tooltip = [alt.Tooltip("bucket:T", title="Date", format=TIME_FORMATS[grain]),
               alt.Tooltip("brand:N", title=series_title), alt.Tooltip(f"{value}:Q", title=title, format="d")]
    # A click reports `key` (text): a temporal value would come back shifted by the browser's time zone.
    df = df.assign(key=df["bucket"].dt.strftime("%Y-%m-%dT%H:%M"))
    base = alt.Chart(df).encode(_time_x(grain), alt.Y(f"{value}:Q", title=title, axis=alt.Axis(format="~s")),
                                alt.Color("brand:N", scale=brand_scale(brands), legend=_legend(series_title)))
    layers = [base.mark_line(interpolate="monotone", strokeWidth=2)]
    points = base.mark_point(filled=True, size=40, opacity=0.85).encode(tooltip=tooltip)
    if selectable:
        pick = alt.selection_point(name="point", fields=["key", "brand"], on="click", empty=False)
        points = points.add_params(pick).encode(size=alt.condition(pick, alt.value(220), alt.value(40)))
    layers.append(points)
    if alerts is not None and not alerts.empty:
        layers.append(alt.Chart(alerts).mark_point(shape="triangle-down", size=160, filled=True, color="#b2182b",
                                                   opacity=0.95).encode(
            alt.X("bucket:T"), alt.Y("y:Q"),
            tooltip=[alt.Tooltip("brand:N", title="Alerte"), alt.Tooltip("what:N", title="Type"),
                     alt.Tooltip("when:N", title="Début"), alt.Tooltip("status:N", title="Statut")]))
    return alt.layer(*layers).properties(height=HEIGHT)


def sentiment_over_time(df: pd.DataFrame, grain: str, normalize: bool = False) -> alt.Chart:
    """Stacked areas of mentions per sentiment over time (counts, or shares when `normalize`)."""
    return alt.Chart(df).mark_area(interpolate="monotone", opacity=0.9).encode(
        _time_x(grain),
        alt.Y("mentions:Q", title="Part des mentions" if normalize else "Mentions",
              stack="normalize" if normalize else "zero", axis=alt.Axis(format="%" if normalize else "~s")),
        alt.Color("Sentiment:N", scale=sentiment_scale(), sort=labels.SENTIMENT_ORDER, legend=_legend("Sentiment")),
        alt.Order("order:Q"),
        tooltip=[alt.Tooltip("bucket:T", title="Date", format=TIME_FORMATS[grain]), "Sentiment:N",
                 alt.Tooltip("mentions:Q", title="Mentions", format="d")],
    ).properties(height=HEIGHT)


def sentiment_bars(df: pd.DataFrame, category: str, title: str, normalize: bool = True,
                   sort: list[str] | None = None, height: int | None = None) -> alt.Chart:
    """Horizontal stacked bars: one bar per `category` value split by sentiment."""
    return alt.Chart(df).mark_bar().encode(
        alt.Y(f"{category}:N", title=title, sort=sort or "-x", axis=alt.Axis(labelLimit=220)),
        alt.X("mentions:Q", title="Part des mentions" if normalize else "Mentions",
              stack="normalize" if normalize else "zero", axis=alt.Axis(format="%" if normalize else "d")),
        alt.Color("Sentiment:N", scale=sentiment_scale(), sort=labels.SENTIMENT_ORDER, legend=_legend("Sentiment")),
        alt.Order("order:Q"),
        tooltip=[alt.Tooltip(f"{category}:N", title=title), "Sentiment:N",
                 alt.Tooltip("mentions:Q", title="Mentions", format="d")],
    ).properties(height=height or max(120, 28 * df[category].nunique() + 40))


def share_bars(df: pd.DataFrame, category: str, title: str, value: str = "mentions", color_brands: list[str] | None = None,
               color: str = "#1f5fa8") -> alt.Chart:
    """Horizontal bars of shares (`share` column in [0, 1]), largest first, with the count in the tooltip."""
    order = list(df.sort_values("share", ascending=False)[category])
    enc_color = (alt.Color(f"{category}:N", scale=brand_scale(color_brands), legend=None) if color_brands
                 else alt.value(color))
    bars = alt.Chart(df).mark_bar().encode(
        alt.Y(f"{category}:N", title=title, sort=order, axis=alt.Axis(labelLimit=220)),
        alt.X("share:Q", title="Part", axis=alt.Axis(format="%")),
        color=enc_color,
        tooltip=[alt.Tooltip(f"{category}:N", title=title), alt.Tooltip("share:Q", title="Part", format=".1%"),
                 alt.Tooltip(f"{value}:Q", title="Mentions", format="d")],
    )
    text = bars.mark_text(align="left", dx=4, color="#333").encode(text=alt.Text("share:Q", format=".0%"))
    return (bars + text).properties(height=max(120, 28 * df[category].nunique() + 40))


def share_over_time(df: pd.DataFrame, brands: list[str], grain: str) -> alt.Chart:
    """Share of voice over time: stacked areas normalised to 100 %."""
    return alt.Chart(df).mark_area(opacity=0.9).encode(
        _time_x(grain),
        alt.Y("mentions:Q", stack="normalize", title="Part de voix", axis=alt.Axis(format="%")),
        alt.Color("brand:N", scale=brand_scale(brands), legend=_legend("Marque")),
        tooltip=[alt.Tooltip("bucket:T", title="Date", format=TIME_FORMATS[grain]), alt.Tooltip("brand:N", title="Marque"),
                 alt.Tooltip("mentions:Q", title="Mentions", format="d")],
    ).properties(height=HEIGHT)


def net_sentiment_lines(df: pd.DataFrame, brands: list[str], grain: str) -> alt.Chart:
    """Net sentiment (% positive − % negative) per brand over time, with the zero line."""
    lines = alt.Chart(df).mark_line(point=True).encode(
        _time_x(grain),
        alt.Y("net:Q", title="Sentiment net (points)", scale=alt.Scale(domain=[-100, 100])),
        alt.Color("brand:N", scale=brand_scale(brands), legend=_legend("Marque")),
        alt.Detail("segment:N"),
        tooltip=[alt.Tooltip("bucket:T", title="Date", format=TIME_FORMATS[grain]), alt.Tooltip("brand:N", title="Marque"),
                 alt.Tooltip("net:Q", title="Sentiment net", format="+.0f")],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#888", strokeDash=[4, 4]).encode(y="y:Q")
    return (zero + lines).properties(height=HEIGHT)


def label_lines(df: pd.DataFrame, title: str, grain: str) -> alt.Chart:
    """One line per label (motivation, category) over time."""
    return alt.Chart(df).mark_line(point=True, interpolate="monotone").encode(
        _time_x(grain), alt.Y("mentions:Q", title="Mentions", axis=alt.Axis(format="~s")),
        alt.Color("Libellé:N", legend=_legend(title)),
        tooltip=[alt.Tooltip("bucket:T", title="Date", format=TIME_FORMATS[grain]), "Libellé:N",
                 alt.Tooltip("mentions:Q", title="Mentions", format="d")],
    ).properties(height=HEIGHT)


def label_heatmap(df: pd.DataFrame, row: str, row_title: str) -> alt.Chart:
    """Share of each label within each row (brand or platform): where each motivation weighs most."""
    base = alt.Chart(df).encode(
        alt.X("Libellé:N", title=None, axis=alt.Axis(orient="top", labelAngle=-30, labelLimit=160,
                                                       labelOverlap=False)),
        alt.Y(f"{row}:N", title=row_title, axis=alt.Axis(labelLimit=180)),
    )
    cells = base.mark_rect().encode(
        alt.Color("share:Q", title="Part", scale=alt.Scale(scheme="blues"), legend=alt.Legend(format="%")),
        tooltip=[alt.Tooltip(f"{row}:N", title=row_title), "Libellé:N",
                 alt.Tooltip("share:Q", title="Part", format=".1%"), alt.Tooltip("mentions:Q", title="Mentions", format="d")],
    )
    text = base.mark_text(fontSize=11).encode(
        alt.Text("share:Q", format=".0%"),
        color=alt.condition("datum.share > 0.3", alt.value("white"), alt.value("#222")))
    return (cells + text).properties(height=max(200, 32 * df[row].nunique() + 40))
