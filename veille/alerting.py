"""The alerting step: detect spikes for every brand and metric, store alerts, deliver notifications.

`veille alerts` and `veille run` call `run_alerts`. Hourly series start four weeks before the
period searched, so the hour-of-week baseline is ready at its first hour. The hour in progress
is judged on what it already has against a full hour's expectation: a buzz loud enough is caught
within the collection cycle, and a quiet start of hour never looks like a spike.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from analysis.spikes import Detection, DetectorSettings, Spike, detect, detect_share
from presentation.numbers import number
from storage.alerts import (
    hourly_counts,
    mark_notification,
    pending_notifications,
    top_mentions,
    upsert_alert,
    window_terms,
)
from veille.config import AlertSettings, Config
from veille.notify import METRIC_LABELS, NotifyError, configured_channels, deliver

log = logging.getLogger("veille.alerts")

BASELINE_WEEKS = 4
ISO = "%Y-%m-%dT%H:%M:%SZ"


def _iso(ts: pd.Timestamp | datetime) -> str:
    return ts.strftime(ISO)


def _detector(settings: AlertSettings) -> DetectorSettings:
    return DetectorSettings(
        sensitivity=float(settings.sensitivity), min_volume=float(settings.min_volume),
        cooldown=settings.cooldown_hours, counts=True, scale_quantile=0.5, weeks=BASELINE_WEEKS,
    )


def brand_series(rows: list[tuple[str, int, int, int]], hours: pd.DatetimeIndex) -> pd.DataFrame:
    """Dense hourly frame (mentions, negative, tagged) on `hours`: an hour without mentions is a real zero."""
    frame = pd.DataFrame(rows, columns=["hour", "mentions", "negative", "tagged"])
    frame.index = pd.to_datetime(frame.pop("hour") + ":00:00Z", utc=True)
    return frame.reindex(hours, fill_value=0).astype(float)


def detect_brand(series: pd.DataFrame, settings: AlertSettings) -> dict[str, tuple[Detection, np.ndarray]]:
    """Detection per metric, with the observed values; negative metrics only when mentions are tagged."""
    detector = _detector(settings)
    metrics = settings.metrics
    out: dict[str, tuple[Detection, np.ndarray]] = {}
    if "volume" in metrics:
        out["volume"] = detect(series["mentions"].to_numpy(), detector), series["mentions"].to_numpy()
    if series["tagged"].sum() == 0:
        return out
    if "negative_volume" in metrics:
        out["negative_volume"] = detect(series["negative"].to_numpy(), detector), series["negative"].to_numpy()
    if "negative_share" in metrics:
        share = detect_share(series["negative"].to_numpy(), series["tagged"].to_numpy(), detector)
        out["negative_share"] = share, series["tagged"].to_numpy()
    return out


def _figures(metric: str, series: pd.DataFrame, spike: Spike) -> tuple[float, float]:
    """(observed, expected) over the spike: totals for volumes, pooled share vs baseline share."""
    lo, hi = spike.start, spike.end
    if metric == "negative_share":
        tagged = series["tagged"].iloc[lo:hi + 1].sum()
        observed = series["negative"].iloc[lo:hi + 1].sum() / tagged if tagged else 0.0
        return round(float(observed), 4), round(spike.expected, 4)
    column = "mentions" if metric == "volume" else "negative"
    return float(series[column].iloc[lo:hi + 1].sum()), round(spike.expected, 1)


def explain(conn: sqlite3.Connection, brand: str, metric: str, start: str, end: str) -> dict[str, Any]:
    """Why this spike: terms and categories that rose against the previous week, and the widest-reaching mentions."""
    baseline_start = _iso(pd.Timestamp(start) - pd.Timedelta(days=7))
    explanation: dict[str, Any] = window_terms(conn, brand, start, end, baseline_start,
                                               negative_only=metric != "volume")
    explanation["mentions"] = top_mentions(conn, brand, start, end, negative_only=metric != "volume")
    return explanation


def detect_and_store(conn: sqlite3.Connection, config: Config, now: datetime) -> list[int]:
    """Detect for every brand and metric over the look-back period; return the ids of new alerts."""
    current_hour = pd.Timestamp(now).floor("h")
    lookback = max((config.alert_settings(b.name).lookback_days for b in config.brands), default=0)
    first = current_hour - pd.Timedelta(days=lookback)
    history = first - pd.Timedelta(weeks=BASELINE_WEEKS)
    hours = pd.date_range(history, current_hour, freq="h")
    counts = hourly_counts(conn, _iso(history), _iso(current_hour + pd.Timedelta(hours=1)))
    new = []
    for brand in config.brands:
        settings = config.alert_settings(brand.name)
        channels = [c for c in settings.channels if c in configured_channels(config.notifications)]
        brand_first = current_hour - pd.Timedelta(days=settings.lookback_days)
        series = brand_series(counts.get(brand.name, []), hours)
        for metric, (result, _) in detect_brand(series, settings).items():
            for spike in result.spikes:
                start, end = hours[spike.start], hours[spike.end] + pd.Timedelta(hours=1)
                if end <= brand_first:
                    continue
                observed, expected = _figures(metric, series, spike)
                fresh = end >= pd.Timestamp(now) - pd.Timedelta(hours=settings.notify_within_hours)
                alert_id, created = upsert_alert(
                    conn, brand=brand.name, metric=metric, window_start=_iso(start), window_end=_iso(end),
                    observed=observed, expected=expected, severity=round(spike.severity, 2),
                    explanation=explain(conn, brand.name, metric, _iso(start), _iso(end)),
                    merge_gap=_iso(start - pd.Timedelta(hours=settings.cooldown_hours)),
                    channels=channels if fresh else (),
                )
                if created:
                    new.append(alert_id)
                    log.info("alerte %d : %s, %s, sévérité %s", alert_id, brand.name, METRIC_LABELS[metric],
                             number(spike.severity, 1), extra={"brand": brand.name})
    return new


def deliver_pending(conn: sqlite3.Connection, config: Config) -> int:
    """Try every pending or failed notification once; return how many failed (they are retried next run)."""
    failures = 0
    for channel, alert in pending_notifications(conn):
        try:
            deliver(channel, alert, config.notifications)
        except NotifyError as exc:
            failures += 1
            mark_notification(conn, alert["id"], channel, str(exc))
            log.error("alerte %d, canal %s : %s (nouvel essai au prochain passage)", alert["id"], channel, exc)
        else:
            mark_notification(conn, alert["id"], channel)
    return failures


def run_alerts(conn: sqlite3.Connection, config: Config, now: datetime | None = None) -> bool:
    """Detect, store and notify; True when every step and every delivery went fine."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    new = detect_and_store(conn, config, now)
    failures = deliver_pending(conn, config)
    log.info("alertes : %d nouvelle(s), %d envoi(s) en échec", len(new), failures)
    return failures == 0
