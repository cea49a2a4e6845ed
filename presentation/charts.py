"""Altair charts read at a glance, shared by the dashboard and `veille report`.

One sentiment palette and one colour per brand everywhere; numbers in French through Vega's locale
(`presentation.numbers.D3_LOCALE`), so axes and tooltips read `1 000`, `3,2 M`, `51,8 %`. Charts take
the tidy frames of `presentation.frames`, whose time series cover every bucket of the period: an empty
bucket is a real zero for counts and a gap for ratios, never a line drawn across it. Lines are straight
between points (no smoothing that would invent values or dip below zero); shares over time are bars.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from presentation import labels
from presentation.numbers import AXIS_COMPACT, D3_LOCALE, NNBSP

BRAND_PALETTE = ["#1f5fa8", "#e8833a", "#7b5ea7", "#2a9d8f", "#c9a227", "#8c564b", "#d45087", "#5f7f3f",
                 "#4a4e69", "#17becf", "#b07aa1", "#9c755f"]
HEIGHT = 300
BAR_STEP = 26  # px per bar of a horizontal bar chart: every label has room
TIME_FORMATS = {"hour": "%d/%m/%Y %Hh", "day": "%d/%m/%Y", "week": "%d/%m/%Y", "month": "%m/%Y"}
# Axis labels: Vega picks the unit from the ticks (hours, days, months, years) and writes it in French.
AXIS_TIME = {"hours": "%Hh", "date": "%d %b", "week": "%d %b", "month": "%b %Y", "quarter": "%b %Y", "year": "%Y"}
TIME_TITLES = {"hour": "Heure (Paris)", "day": "Jour", "week": "Semaine (du lundi)", "month": "Mois"}
TIME_LOCALE = {
    "dateTime": "%A %e %B %Y à %X", "date": "%d/%m/%Y", "time": "%H:%M:%S", "periods": ["", ""],
    "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
    "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
    "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
               "novembre", "décembre"],
    "shortMonths": list(labels.MONTHS),
}
LOCALE = {"number": {**D3_LOCALE, "percent": f"{NNBSP}%"}, "time": TIME_LOCALE}
COUNT = ",d"  # 12 345
SHARE = ".1%"  # 51,8 %


def french(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The finished chart: French number and date locale (call last: a configured chart cannot be layered)."""
    return chart.configure(locale=LOCALE)


def _legend(title: str) -> alt.Legend:
    """A compact legend that fits a dozen brands next to a 300 px chart."""
    return alt.Legend(title=title, symbolSize=60, labelFontSize=11, rowPadding=1, labelLimit=160, symbolLimit=0)


def _count_axis(title: str) -> alt.Y:
    return alt.Axis(title=title, labelExpr=AXIS_COMPACT, tickMinStep=1)


def sentiment_scale() -> alt.Scale:
    return alt.Scale(domain=labels.SENTIMENT_ORDER, range=labels.SENTIMENT_COLORS)


def brand_color(brand: str, brands: list[str]) -> str:
    """A brand's colour: its rank in the full list of known brands, so it is the same on every page."""
    index = brands.index(brand) if brand in brands else len(brands) + sum(map(ord, brand))
    return BRAND_PALETTE[index % len(BRAND_PALETTE)]


def brand_scale(shown: list[str], brands: list[str]) -> alt.Scale:
    """Colours of the brands `shown` (the legend lists only them), each with its colour among all `brands`."""
    return alt.Scale(domain=shown, range=[brand_color(b, brands) for b in shown])


def _present(df: pd.DataFrame, column: str = "brand") -> list[str]:
    return list(dict.fromkeys(df[column]))


def _time_x(grain: str, period: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> alt.X:
    """The time axis; over `period` (first and last bucket) when given, so a sparse series keeps its context."""
    scale = alt.Scale(domain=[t.isoformat() for t in period]) if period else alt.Undefined
    return alt.X("bucket:T", title=TIME_TITLES[grain], scale=scale,
                 axis=alt.Axis(format=AXIS_TIME, labelOverlap=True, labelAngle=0))


def _date_tooltip(grain: str) -> alt.Tooltip:
    return alt.Tooltip("bucket:T", title=TIME_TITLES[grain], format=TIME_FORMATS[grain])


def volume_lines(df: pd.DataFrame, brands: list[str], grain: str, value: str = "mentions",
                 title: str = "Mentions", alerts: pd.DataFrame | None = None, selectable: bool = False,
                 series_title: str = "Marque") -> alt.Chart:
    """One line per brand over every bucket of the period (0 where nothing was said); alert markers as red
    triangles; clickable points when `selectable`. Points are drawn only where there were mentions."""
    tooltip = [_date_tooltip(grain), alt.Tooltip("brand:N", title=series_title),
               alt.Tooltip(f"{value}:Q", title=title, format=COUNT)]
    # A click reports `key` (text): a temporal value would come back shifted by the browser's time zone.
    df = df.assign(key=df["bucket"].dt.strftime("%Y-%m-%dT%H:%M"))
    base = alt.Chart(df).encode(_time_x(grain), alt.Y(f"{value}:Q", axis=_count_axis(title)),
                                alt.Color("brand:N", scale=brand_scale(_present(df), brands),
                                          legend=_legend(series_title)))
    layers = [base.mark_line(strokeWidth=2)]
    points = base.transform_filter(f"datum['{value}'] > 0").mark_point(filled=True, size=40, opacity=0.85) \
        .encode(tooltip=tooltip)
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
    return french(alt.layer(*layers).properties(height=HEIGHT))


def sentiment_over_time(df: pd.DataFrame, grain: str, normalize: bool = False) -> alt.Chart:
    """Stacked bars of mentions per sentiment and bucket (counts, or shares when `normalize`): an empty
    bucket shows as no bar."""
    df = df[df["mentions"] > 0]
    return french(alt.Chart(df).mark_bar().encode(
        _time_x(grain),
        alt.Y("mentions:Q", stack="normalize" if normalize else "zero",
              axis=alt.Axis(title="Part des mentions", format="%") if normalize else _count_axis("Mentions")),
        alt.Color("Sentiment:N", scale=sentiment_scale(), sort=labels.SENTIMENT_ORDER, legend=_legend("Sentiment")),
        alt.Order("order:Q"),
        tooltip=[_date_tooltip(grain), "Sentiment:N", alt.Tooltip("mentions:Q", title="Mentions", format=COUNT)],
    ).properties(height=HEIGHT))


def _bar_y(category: str, title: str, sort) -> alt.Y:
    """The category axis of a horizontal bar chart: one step per bar, every label shown in full."""
    return alt.Y(f"{category}:N", title=title, sort=sort,
                 axis=alt.Axis(labelLimit=260, labelOverlap=False, labelFontSize=12))


def sentiment_bars(df: pd.DataFrame, category: str, title: str, normalize: bool = True,
                   sort: list[str] | None = None) -> alt.Chart:
    """Horizontal stacked bars: one bar per `category` value split by sentiment."""
    return french(alt.Chart(df).mark_bar().encode(
        _bar_y(category, title, sort or "-x"),
        alt.X("mentions:Q", stack="normalize" if normalize else "zero",
              axis=alt.Axis(title="Part des mentions", format="%") if normalize else
              alt.Axis(title="Mentions", labelExpr=AXIS_COMPACT, tickMinStep=1)),
        alt.Color("Sentiment:N", scale=sentiment_scale(), sort=labels.SENTIMENT_ORDER, legend=_legend("Sentiment")),
        alt.Order("order:Q"),
        tooltip=[alt.Tooltip(f"{category}:N", title=title), "Sentiment:N",
                 alt.Tooltip("mentions:Q", title="Mentions", format=COUNT)],
    ).properties(height=alt.Step(BAR_STEP)))


def share_bars(df: pd.DataFrame, category: str, title: str, value: str = "mentions",
               color_brands: list[str] | None = None, color: str = "#1f5fa8") -> alt.Chart:
    """Horizontal bars of shares (`share` column in [0, 1]), largest first, with the count in the tooltip."""
    order = list(df.sort_values("share", ascending=False)[category])
    enc_color = (alt.Color(f"{category}:N", scale=brand_scale(order, color_brands), legend=None) if color_brands
                 else alt.value(color))
    bars = alt.Chart(df).mark_bar().encode(
        _bar_y(category, title, order),
        alt.X("share:Q", title="Part", axis=alt.Axis(format="%"), scale=alt.Scale(domainMax=1)),
        color=enc_color,
        tooltip=[alt.Tooltip(f"{category}:N", title=title), alt.Tooltip("share:Q", title="Part", format=SHARE),
                 alt.Tooltip(f"{value}:Q", title="Mentions", format=COUNT)],
    )
    text = bars.mark_text(align="left", dx=4, color="#333").encode(text=alt.Text("share:Q", format=".0%"))
    return french((bars + text).properties(height=alt.Step(BAR_STEP)))


def share_over_time(df: pd.DataFrame, brands: list[str], grain: str) -> alt.Chart:
    """Share of voice per bucket: bars stacked to 100 %; a bucket without mentions has no bar (a gap, not a
    line drawn across it)."""
    df = df[df["mentions"] > 0]
    return french(alt.Chart(df).mark_bar().encode(
        _time_x(grain),
        alt.Y("mentions:Q", stack="normalize", title="Part de voix", axis=alt.Axis(format="%")),
        alt.Color("brand:N", scale=brand_scale(_present(df), brands), legend=_legend("Marque")),
        tooltip=[_date_tooltip(grain), alt.Tooltip("brand:N", title="Marque"),
                 alt.Tooltip("share:Q", title="Part de voix", format=SHARE),
                 alt.Tooltip("mentions:Q", title="Mentions", format=COUNT)],
    ).properties(height=HEIGHT))


def net_sentiment_lines(df: pd.DataFrame, brands: list[str], grain: str,
                        period: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> alt.Chart:
    """Net sentiment (% positive − % negative) per brand over time, with the zero line; a line joins only
    consecutive buckets that both have a value (`segment`). `period` keeps the whole period on the axis."""
    lines = alt.Chart(df).mark_line(point=True).encode(
        _time_x(grain, period),
        alt.Y("net:Q", title="Sentiment net (points)", scale=alt.Scale(domain=[-100, 100])),
        alt.Color("brand:N", scale=brand_scale(_present(df), brands), legend=_legend("Marque")),
        alt.Detail("segment:N"),
        tooltip=[_date_tooltip(grain), alt.Tooltip("brand:N", title="Marque"),
                 alt.Tooltip("net:Q", title="Sentiment net", format="+.0f"),
                 alt.Tooltip("analysed:Q", title="Mentions analysées", format=COUNT)],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#888", strokeDash=[4, 4]).encode(y="y:Q")
    return french((zero + lines).properties(height=HEIGHT))


def label_lines(df: pd.DataFrame, title: str, grain: str) -> alt.Chart:
    """One line per label (motivation, category) over every bucket of the period, points where it was said."""
    base = alt.Chart(df).encode(_time_x(grain), alt.Y("mentions:Q", axis=_count_axis("Mentions")),
                                alt.Color("Libellé:N", legend=_legend(title)))
    points = base.transform_filter("datum.mentions > 0").mark_point(filled=True, size=40).encode(
        tooltip=[_date_tooltip(grain), "Libellé:N", alt.Tooltip("mentions:Q", title="Mentions", format=COUNT)])
    return french((base.mark_line() + points).properties(height=HEIGHT))


def label_heatmap(df: pd.DataFrame, row: str, row_title: str) -> alt.Chart:
    """Share of each label within each row (brand or platform): where each motivation weighs most."""
    base = alt.Chart(df).encode(
        alt.X("Libellé:N", title=None, axis=alt.Axis(orient="top", labelAngle=-30, labelLimit=160,
                                                       labelOverlap=False)),
        alt.Y(f"{row}:N", title=row_title, axis=alt.Axis(labelLimit=180, labelOverlap=False)),
    )
    cells = base.mark_rect().encode(
        alt.Color("share:Q", title="Part", scale=alt.Scale(scheme="blues"), legend=alt.Legend(format="%")),
        tooltip=[alt.Tooltip(f"{row}:N", title=row_title), "Libellé:N",
                 alt.Tooltip("share:Q", title="Part", format=SHARE),
                 alt.Tooltip("mentions:Q", title="Mentions", format=COUNT)],
    )
    text = base.mark_text(fontSize=11).encode(
        alt.Text("share:Q", format=".0%"),
        color=alt.condition("datum.share > 0.3", alt.value("white"), alt.value("#222")))
    return french((cells + text).properties(height=alt.Step(32)))
