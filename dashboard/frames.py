"""Turning query rows into what the pages show: KPIs with their change, tidy frames for the charts.

Pure functions (no Streamlit), so the pages stay layout only and these are easy to test.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard import labels


def net_sentiment(positive: float, negative: float, neutral: float) -> float | None:
    """% positive − % negative among analysed mentions, in points (−100…+100); None when nothing is analysed."""
    analysed = positive + negative + neutral
    return None if analysed == 0 else 100.0 * (positive - negative) / analysed


MIN_BASE = 20  # below this many mentions in the previous period, a change in % says nothing


def change(now: float | None, before: float | None) -> float | None:
    """Relative change in %, None when there is no base to compare with."""
    if now is None or not before:
        return None
    return 100.0 * (now - before) / before


def kpis(current: list[dict[str, Any]], previous: list[dict[str, Any]], own: str | None,
         brands: tuple[str, ...] = ()) -> dict[str, Any]:
    """Mentions, reach, net sentiment and own brand's share of voice, now and over the previous period.

    The share of voice is among the selected `brands` (all when empty); None when the own brand is
    unknown or not selected.
    """
    with_share = own is not None and (not brands or own in brands)

    def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
        total = sum(r["mentions"] for r in rows)
        own_rows = [r for r in rows if r["brand"] == own]
        return {
            "mentions": total,
            "reach": sum(r["reach"] or 0 for r in rows),
            "net": net_sentiment(*(sum(r[k] for r in rows) for k in ("positive", "negative", "neutral"))),
            "share": (100.0 * sum(r["mentions"] for r in own_rows) / total) if with_share and total else None,
        }
    now, before = summary(current), summary(previous)
    comparable = before["mentions"] >= MIN_BASE
    return {
        "now": now, "before": before, "comparable": comparable,
        "mentions_change": change(now["mentions"], before["mentions"]) if comparable else None,
        "reach_change": change(now["reach"], before["reach"]) if comparable else None,
        "net_change": now["net"] - before["net"] if comparable and None not in (now["net"], before["net"]) else None,
        "share_change": now["share"] - before["share"] if comparable and None not in (now["share"], before["share"])
        else None,
    }


def brand_table(current: list[dict[str, Any]], previous: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per brand: mentions, share of voice, reach, net sentiment, and their changes."""
    before = {r["brand"]: r for r in previous}
    total = sum(r["mentions"] for r in current) or 1
    rows = []
    for r in current:
        b = before.get(r["brand"])
        net = net_sentiment(r["positive"], r["negative"], r["neutral"])
        net_before = net_sentiment(b["positive"], b["negative"], b["neutral"]) if b else None
        comparable = b is not None and b["mentions"] >= MIN_BASE
        rows.append({
            "Marque": r["brand"], "Mentions": r["mentions"],
            "Évolution": change(r["mentions"], b["mentions"]) if comparable else None,
            "Part de voix": 100.0 * r["mentions"] / total, "Audience estimée": r["reach"],
            "Sentiment net": net,
            "Évolution du sentiment": net - net_before if comparable and None not in (net, net_before) else None,
            "Négatif": r["negative"],
        })
    df = pd.DataFrame(rows)
    for column in ("Évolution", "Sentiment net", "Évolution du sentiment"):
        df[column] = pd.to_numeric(df[column], errors="coerce")  # None → NaN: an empty cell, not "None"
    return df


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


def per_brand(series: pd.DataFrame) -> pd.DataFrame:
    """Mentions and reach per (bucket, brand), all sentiments together; 0 where a brand had none (so lines
    and stacked areas do not skip the bucket)."""
    totals = series.groupby(["bucket", "brand"])[["mentions", "reach"]].sum()
    if totals.empty:
        return totals.reset_index()
    grid = pd.MultiIndex.from_product([totals.index.levels[0], totals.index.levels[1]], names=["bucket", "brand"])
    return totals.reindex(grid, fill_value=0).reset_index()


def per_sentiment(series: pd.DataFrame) -> pd.DataFrame:
    """Mentions per (bucket, sentiment), brands together."""
    return series.groupby(["bucket", "Sentiment", "order"], as_index=False)["mentions"].sum()


def net_per_brand(series: pd.DataFrame) -> pd.DataFrame:
    """Net sentiment per (bucket, brand), with a line `segment` id; buckets with fewer than 5 analysed mentions
    are left out and break the line."""
    pivot = series.pivot_table(index=["bucket", "brand"], columns="sentiment", values="mentions", aggfunc="sum",
                               fill_value=0)
    for col in ("positive", "negative", "neutral"):
        if col not in pivot:
            pivot[col] = 0
    analysed = pivot["positive"] + pivot["negative"] + pivot["neutral"]
    out = pd.DataFrame({"net": 100.0 * (pivot["positive"] - pivot["negative"]) / analysed.where(analysed >= 5),
                        "analysed": analysed}).reset_index().sort_values(["brand", "bucket"])
    # A new segment after each gap, so a line never joins two points across buckets without data.
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
    return pd.DataFrame({
        "bucket": times.dt.tz_localize(None), "y": top * 1.08, "brand": df["brand"],
        "what": df["metric"].map(lambda m: labels.ALERT_METRICS.get(m, m)),
        "when": df["window_start"].map(labels.moment), "status": df["status"].map(labels.ALERT_STATUSES.get),
        "id": df["id"],
    })


def sentiment_split(rows: list[dict[str, Any]], key: str, label=lambda v: v) -> pd.DataFrame:
    """Rows with positive/neutral/negative counts → long frame (key, Sentiment, order, mentions) for stacked bars."""
    out = []
    for r in rows:
        for code in ("positive", "neutral", "negative"):
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
        end = start + pd.Timedelta(days=1 if grain == "day" else 7)
    return start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ")


def mention_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Mentions as a table for `st.dataframe` (text is shown as text, never as HTML or Markdown)."""
    return pd.DataFrame([{
        "Date": labels.published(r["published_at"]),
        "Plateforme": labels.platform(r["platform"]),
        "Marques": r["brands"] or "",
        "Texte": (f"{r['title']} — " if r["title"] else "") + r["text"],
        "Sentiment": labels.sentiment(r["sentiment"]) + (" (corrigé)" if r["corrected_sentiment"] else ""),
        "Audience": r["reach"],
        "Lien": safe_url(r["url"]),
    } for r in rows], columns=["Date", "Plateforme", "Marques", "Texte", "Sentiment", "Audience", "Lien"])


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are shown: a `javascript:` URL from a feed must never become clickable."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def csv_safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in untrusted cells (`=`, `+`, `-`, `@` at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    """CSV for Excel in French: `;` separator, UTF-8 with BOM, formulas neutralised."""
    df = pd.DataFrame(rows)
    if not df.empty:
        df = df.map(csv_safe)
    return df.to_csv(index=False, sep=";").encode("utf-8-sig")
