"""Turning query rows into what the pages and the report show: tables, and tidy frames for the charts.

Pure functions (no Streamlit). Time series cover every bucket of the period (`time_grid`): a bucket
without mentions is a real zero for counts, and a gap (NaN, no point, no line across it) for ratios
such as net sentiment and share of voice.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd

from presentation import labels, numbers
from presentation.export import neutralise

NET_MIN_ANALYSED = 5  # a net sentiment over fewer analysed mentions is noise: no point


def period_of(grid: pd.DatetimeIndex) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last bucket of a grid: the time axis of a chart that must show the whole period."""
    return grid[0], grid[-1]


def grain_for(days: int) -> str:
    """The time step that keeps a chart readable: days up to 4 months, weeks up to 2 years, then months."""
    return "day" if days <= 120 else ("week" if days <= 730 else "month")


def net_grain_for(days: int) -> str:
    """A coarser step for net sentiment, which needs several analysed mentions per bucket."""
    return "day" if days <= 14 else ("week" if days <= 730 else "month")


def time_grid(start: str, end: str, grain: str) -> pd.DatetimeIndex:
    """Every bucket of the UTC days [start, end] as the charts show them (hours in Paris time)."""
    lo, hi = date.fromisoformat(start), date.fromisoformat(end)
    if grain == "hour":
        hours = pd.date_range(pd.Timestamp(lo, tz="UTC"), pd.Timestamp(hi + timedelta(days=1), tz="UTC"),
                              freq="h", inclusive="left")
        return hours.tz_convert(labels.PARIS).tz_localize(None).unique()
    if grain == "day":
        return pd.date_range(lo, hi, freq="D")
    if grain == "week":
        return pd.date_range(lo - timedelta(days=lo.weekday()), hi, freq="W-MON")
    if grain == "month":
        return pd.date_range(lo.replace(day=1), hi, freq="MS")
    raise ValueError(f"pas de temps inconnu : {grain}")


BRAND_COLUMNS = ["Marque", "Mentions", "Évolution", "Part de voix", "Évolution de la part", "Audience estimée",
                 "Sentiment net", "Évolution du sentiment", "Mentions négatives"]


def brand_table(figures: dict[str, Any]) -> pd.DataFrame:
    """One row per brand of `storage.dashboard_queries.key_figures` (own brand first, marked « (vous) »):
    mentions, share of voice, reach, net sentiment and their changes; NaN where there is nothing to compare
    with (shown as « — »)."""
    rows = [{
        "Marque": r["brand"] + (" (vous)" if r["own"] else ""), "Mentions": r["mentions"],
        "Évolution": r["mentions_change"], "Part de voix": r["share"], "Évolution de la part": r["share_change"],
        "Audience estimée": r["reach"], "Sentiment net": r["net"], "Évolution du sentiment": r["net_change"],
        "Mentions négatives": r["negative"],
    } for r in figures["brands"]]
    df = pd.DataFrame(rows, columns=BRAND_COLUMNS)
    for column in BRAND_COLUMNS[1:]:
        df[column] = pd.to_numeric(df[column], errors="coerce")  # None → NaN: a missing value, not "None"
    return df


BRAND_FORMATS = {
    "Mentions": numbers.number, "Évolution": lambda x: numbers.percent(x, 1, sign=True),
    "Part de voix": numbers.percent, "Évolution de la part": numbers.points, "Audience estimée": numbers.compact,
    "Sentiment net": numbers.signed, "Évolution du sentiment": numbers.points, "Mentions négatives": numbers.number,
}


def _buckets(values: pd.Series, grain: str) -> pd.Series:
    """Bucket labels → datetimes; hours (UTC) are shown in Paris time."""
    times = pd.to_datetime(values, utc=True)
    if grain == "hour":
        return times.dt.tz_convert(labels.PARIS).dt.tz_localize(None)
    return times.dt.tz_localize(None)


def series_frame(rows: list[dict[str, Any]], grain: str) -> pd.DataFrame:
    """Series rows → bucket (datetime), brand, sentiment label and order, mentions, reach."""
    df = pd.DataFrame(rows, columns=["bucket", "brand", "sentiment", "mentions", "reach"])
    df["bucket"] = _buckets(df["bucket"], grain)
    df["Sentiment"] = df["sentiment"].map(labels.sentiment)
    df["order"] = df["Sentiment"].map(labels.SENTIMENT_ORDER.index)
    return df


def per_brand(series: pd.DataFrame, grid: pd.DatetimeIndex) -> pd.DataFrame:
    """Mentions and reach per (bucket, brand) over every bucket of `grid` (0 where the brand had none), and
    each brand's `share` of the bucket's mentions (NaN where the bucket has none). Only brands that have
    mentions in the period are kept (a chart's legend lists what it shows)."""
    totals = series.groupby(["bucket", "brand"])[["mentions", "reach"]].sum()
    brands = list(dict.fromkeys(series.loc[series["mentions"] > 0, "brand"]))
    full = pd.MultiIndex.from_product([grid, brands], names=["bucket", "brand"])
    out = totals.reindex(full, fill_value=0).reset_index()
    bucket_total = out.groupby("bucket")["mentions"].transform("sum")
    out["share"] = out["mentions"] / bucket_total.where(bucket_total > 0)
    return out


def per_sentiment(series: pd.DataFrame, grid: pd.DatetimeIndex) -> pd.DataFrame:
    """Mentions per (bucket, sentiment) over every bucket of `grid`, brands together (0 where none)."""
    totals = series.groupby(["bucket", "Sentiment"])["mentions"].sum()
    present = [s for s in labels.SENTIMENT_ORDER if s in set(series["Sentiment"])]
    full = pd.MultiIndex.from_product([grid, present], names=["bucket", "Sentiment"])
    out = totals.reindex(full, fill_value=0).reset_index()
    out["order"] = out["Sentiment"].map(labels.SENTIMENT_ORDER.index)
    return out


def per_label(rows: pd.DataFrame, grid: pd.DatetimeIndex, label: str = "Libellé") -> pd.DataFrame:
    """Mentions per (bucket, label) over every bucket of `grid` (0 where a label had none)."""
    totals = rows.groupby(["bucket", label])["mentions"].sum()
    full = pd.MultiIndex.from_product([grid, list(dict.fromkeys(rows[label]))], names=["bucket", label])
    return totals.reindex(full, fill_value=0).reset_index()


def net_per_brand(series: pd.DataFrame, grid: pd.DatetimeIndex) -> pd.DataFrame:
    """Net sentiment per (bucket, brand) where at least NET_MIN_ANALYSED mentions were analysed, with a line
    `segment` id: a bucket without enough data (or without any) breaks the line, nothing joins across it."""
    pivot = series.pivot_table(index=["bucket", "brand"], columns="sentiment", values="mentions", aggfunc="sum",
                               fill_value=0)
    for col in labels.SHOWN_SENTIMENTS:
        if col not in pivot:
            pivot[col] = 0
    brands = list(dict.fromkeys(series["brand"]))
    pivot = pivot.reindex(pd.MultiIndex.from_product([grid, brands], names=["bucket", "brand"]), fill_value=0)
    analysed = pivot["positive"] + pivot["negative"] + pivot["neutral"] + pivot["mixed"]
    out = pd.DataFrame({"net": 100.0 * (pivot["positive"] - pivot["negative"]) / analysed.where(
        analysed >= NET_MIN_ANALYSED), "analysed": analysed}).reset_index().sort_values(["brand", "bucket"])
    out["segment"] = out["brand"] + ":" + out.groupby("brand")["net"].transform(lambda v: v.isna().cumsum()).astype(str)
    return out[out["net"].notna()]


def alert_frame(alerts: list[dict[str, Any]], volumes: pd.DataFrame, grain: str) -> pd.DataFrame:
    """Alert markers placed just above the curve's highest point."""
    if not alerts:
        return pd.DataFrame(columns=["bucket", "y", "brand", "what", "when", "status", "id"])
    top = float(volumes["mentions"].max()) if not volumes.empty else 1.0
    df = pd.DataFrame(alerts)
    times = pd.to_datetime(df["window_start"], utc=True)
    times = times.dt.tz_convert(labels.PARIS) if grain == "hour" else times
    if grain == "day":
        times = times.dt.floor("D")
    elif grain == "week":
        times = (times.dt.floor("D") - pd.to_timedelta(times.dt.day_of_week, unit="D"))
    elif grain == "month":
        times = times.dt.floor("D") - pd.to_timedelta(times.dt.day - 1, unit="D")
    return pd.DataFrame({
        "bucket": times.dt.tz_localize(None), "y": top * 1.08, "brand": df["brand"],
        "what": df["metric"].map(lambda m: labels.ALERT_METRICS.get(m, m)),
        "when": df["window_start"].map(labels.moment), "status": df["status"].map(labels.ALERT_STATUSES.get),
        "id": df["id"],
    })


def sentiment_split(rows: list[dict[str, Any]], key: str, label=lambda v: v) -> pd.DataFrame:
    """Rows with positive/neutral/mixed/negative counts → long frame (key, Sentiment, order, mentions) for stacked
    bars."""
    out = []
    for r in rows:
        for code in labels.SHOWN_SENTIMENTS:
            out.append({key: label(r[key]), "Sentiment": labels.sentiment(code),
                        "order": labels.SENTIMENT_ORDER.index(labels.sentiment(code)), "mentions": r.get(code) or 0})
    return pd.DataFrame(out, columns=[key, "Sentiment", "order", "mentions"])


def shares(df: pd.DataFrame, group: str, value: str = "mentions") -> pd.DataFrame:
    """Add a `share` column: each row's part of its `group` total."""
    df = df.copy()
    totals = df.groupby(group)[value].transform("sum")
    df["share"] = df[value] / totals.where(totals > 0)
    return df


def bucket_bounds(bucket: pd.Timestamp, grain: str) -> tuple[str, str]:
    """[since, until) in UTC ISO-8601 for a chart bucket (hours are in Paris time on the chart)."""
    if grain == "hour":
        start = pd.Timestamp(bucket).tz_localize(labels.PARIS, ambiguous=True, nonexistent="shift_forward")
        start, end = start.tz_convert("UTC"), start.tz_convert("UTC") + pd.Timedelta(hours=1)
    else:
        start = pd.Timestamp(bucket).tz_localize("UTC")
        end = start + (pd.DateOffset(months=1) if grain == "month" else pd.Timedelta(days=1 if grain == "day" else 7))
    return start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ")


def author(row: dict[str, Any]) -> str:
    """Who wrote a mention, as a reader names them: « Claire Morand (@claire) », « @user12 », the medium for
    an unsigned article; '' when nothing is known."""
    name, handle = (row.get("author_name") or "").strip(), (row.get("author_handle") or "").strip()
    who = f"{name} (@{handle})" if name and handle and name.casefold() != handle.casefold() else (
        name or (f"@{handle}" if handle else ""))
    medium = (row.get("publication") or "").strip()
    if medium and who and who.casefold() != medium.casefold():
        return f"{who} · {medium}"
    return who or medium


def user_mark(confirmed: bool) -> str:
    """How a user's answer reads: « confirmé » when it was the model's own label (a right label vouched for,
    migration 0160), « corrigé » when it changed it."""
    return "confirmé" if confirmed else "corrigé"


def sentiment_text(row: dict[str, Any], brand: str | None = None) -> str:
    """The mention's sentiment, « (corrigé) » or « (confirmé) » where a user set it (`user_mark`). Where a brand's
    own sentiment differs or was answered apart, every brand's comes first, since the filters and counts use
    them, so that a page about one brand always shows it (« Ondéa : négatif (corrigé), Lumeo : neutre ; ton
    général : neutre »). With `brand` (a page filtered on it), that brand's alone: « Négatif (corrigé) » fits the
    table's column where the whole list was cut."""
    def shown(sentiment: str, answered: bool, confirmed: bool) -> str:
        return labels.sentiment(sentiment) + (f" ({user_mark(confirmed)})" if answered else "")

    brands = row.get("brand_sentiments") or {}
    answered = row.get("model_brand_sentiments") or {}
    confirmed = row.get("confirmed_brands") or frozenset()
    if brand in brands:
        return shown(brands[brand], brand in answered, brand in confirmed)
    whole_answered = bool(row.get("corrected_sentiment"))
    text = shown(row["sentiment"], whole_answered, bool(row.get("sentiment_confirmed")))
    whole_confirmed = bool(row.get("sentiment_confirmed"))
    if all(s == row["sentiment"] and (b in answered) == whole_answered and (b in confirmed) == whole_confirmed
           for b, s in brands.items()):
        return text
    return ", ".join(f"{b} : {shown(s, b in answered, b in confirmed).lower()}" for b, s in brands.items()) + \
        f" ; ton général : {text.lower()}"


MENTION_COLUMNS = ["Date", "Auteur", "Plateforme", "Texte", "Sentiment", "Audience", "Lien", "Marques"]


def mention_table(rows: list[dict[str, Any]], brand: str | None = None) -> pd.DataFrame:
    """Mentions as a table for `st.dataframe` (text is shown as text, never as HTML or Markdown); with `brand`, the
    sentiment toward it (`sentiment_text`)."""
    return pd.DataFrame([{
        "Date": labels.published(r["published_at"]),
        "Auteur": author(r) or "—",
        "Plateforme": labels.platform(r["platform"], short=True),
        "Marques": r["brands"] or "—",
        "Texte": (f"{r['title']} — " if r["title"] else "") + r["text"],
        "Sentiment": sentiment_text(r, brand),
        "Audience": r["reach"],
        "Lien": safe_url(r["url"]),
    } for r in rows], columns=MENTION_COLUMNS)


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are shown: a `javascript:` URL from a feed must never become clickable."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def csv_safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in untrusted cells (`=`, `+`, `-`, `@` at the start)."""
    return neutralise(value) if isinstance(value, str) else value


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    """CSV for Excel in French: `;` separator, UTF-8 with BOM, formulas neutralised, values as given (an int
    column with a blank stays whole numbers: no float64)."""
    df = pd.DataFrame([{key: csv_safe(value) for key, value in row.items()} for row in rows], dtype=object)
    return df.to_csv(index=False, sep=";").encode("utf-8-sig")


VOICE_FORMATS = {"Abonnés": numbers.number, "Mentions": numbers.number, "Audience": numbers.compact,
                 "Positives": numbers.number, "Neutres": numbers.number, "Mitigées": numbers.number,
                 "Négatives": numbers.number,
                 "Sentiment net": numbers.signed}


def voice_table(rows: list[dict[str, Any]], kind: str = "author") -> pd.DataFrame:
    """Authors (or media) of `storage.dashboard_queries.voices` as a table: who, platform, followers, mentions,
    audience, sentiment split, net sentiment, last mention."""
    who = "Auteur" if kind == "author" else "Média"
    columns = [who, "Plateforme", *(["Abonnés"] if kind == "author" else []), "Mentions", "Audience", "Positives",
               "Neutres", "Mitigées", "Négatives", "Sentiment net", "Dernière mention"]
    df = pd.DataFrame([{
        who: author({"author_name": r["name"], "author_handle": r["handle"]}) if kind == "author" else r["name"],
        "Plateforme": labels.platform(r["platform"], short=True), "Abonnés": r["followers"], "Mentions": r["mentions"],
        "Audience": r["reach"], "Positives": r["positive"], "Neutres": r["neutral"], "Mitigées": r.get("mixed", 0),
        "Négatives": r["negative"],
        "Sentiment net": r["net"], "Dernière mention": labels.moment(r["last_at"]),
    } for r in rows], columns=columns)
    for column in ("Abonnés", "Sentiment net"):
        if column in df:
            df[column] = pd.to_numeric(df[column], errors="coerce")
    return df


DRIVER_MIN_LIFT = 2.0  # Poisson standard deviations above what was expected: what really rose


def alert_drivers(explanation: dict[str, Any]) -> pd.DataFrame:
    """What made an alert rise: the explanation's themes and categories counted above what the baseline
    predicted (a lift of DRIVER_MIN_LIFT or more), the strongest rise first; « Hausse » reads « × 2,3 », or
    « nouveau » when nothing was expected."""
    rows = []
    for item in [*explanation.get("categories", []), *explanation.get("terms", [])]:
        if not isinstance(item, dict) or (item.get("lift") or 0) < DRIVER_MIN_LIFT:
            continue
        count, expected = item.get("count"), item.get("expected")
        if count is None or expected is None or count <= expected:
            continue
        rows.append({"Thème": labels.topic(item.get("kind", ""), str(item.get("value", ""))),
                     "Type": labels.TOPIC_KINDS.get(item.get("kind", ""), "Mot"), "Mentions": count,
                     "Attendu": expected, "Hausse": numbers.ratio(count / expected) if expected else "nouveau",
                     "lift": item["lift"]})
    df = pd.DataFrame(rows, columns=["Thème", "Type", "Mentions", "Attendu", "Hausse", "lift"])
    return df.sort_values("lift", ascending=False).drop(columns="lift").reset_index(drop=True)
