"""Causal spike detection on a regular time series: seasonal robust baseline, new normal, two time scales, hysteresis.

Each point is judged only from the points before it, as in a live run. The expected value is the
median of the same slot in previous weeks (hour-of-week), else in previous days, else the recent
level, moved by the median residual of the last `level_days` when it exceeds half the scale (a
lasting change of level becomes the new normal instead of alerting for weeks; noise never moves
it). The scale is a robust spread of recent residuals
(counts are compared on the square-root scale, where Poisson noise has unit variance, so quiet
night hours and busy afternoons are judged alike). Two scores are computed: the point's own
residual, and the mean residual of the last `smooth` points against its own spread (a drift or a
burst of small deviations that no single point shows); the score is the larger. A spike is an
*event*: it opens when the score crosses `sensitivity` (and the observed value reaches
`min_volume`), stays open while the score is above `release` × it, and a new event can only open
`cooldown` points after the previous one closed. So a sustained spike gives one alert, not one per point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from statistics import NormalDist

import numpy as np
import pandas as pd
from scipy.stats import binom, norm

MAD_TO_SIGMA = 1.4826


@dataclass(frozen=True)
class DetectorSettings:
    """How a detector judges a series. Lengths are in points of the series (see `periods_for`)."""

    sensitivity: float = 4.0  # score that opens a spike
    min_volume: float = 0.0  # observed value below which no spike opens
    cooldown: int = 6  # points after a spike closes before another may open
    direction: str = "up"  # "up": only rises count (reputation); "both": drops too (generic series)
    counts: bool = False  # values are counts: judged on the square-root scale, where Poisson noise has unit variance
    day: int = 24  # points per day
    week: int = 168  # points per week
    weeks: int = 4  # previous weeks in the hour-of-week median
    days: int = 7  # previous days in the fallback hour-of-day median
    scale_window: int = 168  # trailing points whose residuals give the scale
    release: float = 0.5  # the spike closes when the score falls below release × sensitivity
    # quantile of trailing |residual| that sets the scale, read as the matching Gaussian quantile:
    # 0.5 is the MAD (right for counts, whose noise is known); 0.99 for series of unknown, heavy-tailed noise
    scale_quantile: float = 0.99
    level_days: float = 2.0  # the median residual of this trailing period moves the expected level (0: off)
    smooth: int = 24  # points averaged for the second, slower score (0: off)


@dataclass(frozen=True)
class Spike:
    """One detected event, by positions in the series: [start, end] inclusive."""

    start: int
    end: int
    peak: int  # position of the highest score
    severity: float  # highest score in the event
    # what the event's points were expected to total, with the level known when it opened (a new normal
    # accepted during the event does not shrink the gap); for a share: the baseline share when it opened
    expected: float = math.nan


@dataclass
class Detection:
    """Per-point results (arrays as long as the input) and the events."""

    expected: np.ndarray
    scale: np.ndarray
    score: np.ndarray  # ≥ 0
    alert: np.ndarray  # 1 where a spike opens, else 0
    spikes: list[Spike]
    cooldown: int = 0  # the settings' cool-down, for `news`

    def news(self) -> np.ndarray:
        """The score where it tells something new: 0 after a spike's first point, until its cool-down ends.

        This is `veille spikes`' score column: a row inside a spike already signalled says nothing a
        reader does not know, so a threshold on the column finds spike onsets, not every hour of one.
        """
        out = self.score.copy()
        for sp in self.spikes:
            out[sp.start + 1:sp.end + 1 + self.cooldown] = 0.0
        return out


def periods_for(freq: pd.Timedelta) -> tuple[int, int]:
    """Points per day and per week for a sampling step (at least 1 each)."""
    step = freq.total_seconds()
    return max(1, round(86400 / step)), max(1, round(7 * 86400 / step))


def settings_for_freq(freq: pd.Timedelta, **overrides) -> DetectorSettings:
    """Settings whose seasonal lags and windows fit a sampling step (cool-down given in points)."""
    day, week = periods_for(freq)
    base = {"day": day, "week": week, "scale_window": week}
    return DetectorSettings(**{**base, **overrides})


def _lagged_median(x: np.ndarray, lag: int, count: int, min_count: int) -> np.ndarray:
    """Median of x[t - k·lag] for k = 1..count (NaN-aware); NaN where fewer than min_count exist."""
    n = len(x)
    stack = np.full((count, n), np.nan)
    for k in range(1, count + 1):
        if k * lag < n:
            stack[k - 1, k * lag:] = x[: n - k * lag]
    available = np.sum(~np.isnan(stack), axis=0)
    out = np.full(n, np.nan)
    ok = available >= min_count
    if ok.any():
        out[ok] = np.nanmedian(stack[:, ok], axis=0)
    return out


def expected_values(x: np.ndarray, s: DetectorSettings) -> np.ndarray:
    """Causal seasonal baseline: hour-of-week median, else hour-of-day median, else recent median."""
    expected = np.full(len(x), np.nan)
    if s.week > s.day:
        expected = _lagged_median(x, s.week, s.weeks, min_count=2)
    if s.day > 1:
        daily = _lagged_median(x, s.day, s.days, min_count=3)
        expected = np.where(np.isnan(expected), daily, expected)
    recent = pd.Series(x).rolling(max(3, min(s.day, 24)), min_periods=3).median().shift(1).to_numpy()
    return np.where(np.isnan(expected), recent, expected)


def robust_scale(residual: np.ndarray, expected: np.ndarray, s: DetectorSettings, noise: float = 1.0) -> np.ndarray:
    """Trailing spread of residuals (MAD or a high quantile), half the mean absolute deviation as a floor.

    For counts the spread is at least `noise`, the Poisson noise's own (1 on the Anscombe scale).
    """
    r = pd.Series(np.abs(residual))
    window = max(8, s.scale_window)
    rolling = r.rolling(window, min_periods=min(window, 48))
    mad = rolling.median().shift(1).to_numpy() * MAD_TO_SIGMA
    q = s.scale_quantile
    if q != 0.5:  # heavier-tailed noise: a high quantile of |residual| read as the matching Gaussian one
        mad = np.fmax(mad, rolling.quantile(q).shift(1).to_numpy() / NormalDist().inv_cdf(0.5 + q / 2))
    mean_ad = rolling.mean().shift(1).to_numpy() * 1.2533 * 0.5
    scale = np.fmax(mad, mean_ad)  # NaN (not judged yet) until the window has enough residuals
    if s.counts:  # residuals are on the square-root scale: Poisson noise alone gives a scale of 1
        return np.maximum(scale, noise)
    return np.maximum(scale, 1e-9 * (1.0 + np.abs(np.nan_to_num(expected))))


def find_spikes(score: np.ndarray, observed: np.ndarray, s: DetectorSettings) -> list[Spike]:
    """Turn per-point scores into events: open above sensitivity, close below release, then cool down.

    Points under `min_volume` can neither open nor close an event (a quiet night hour inside a
    day-long buzz does not split it in two), for at most `cooldown` points in a row.
    """
    spikes: list[Spike] = []
    low = s.release * s.sensitivity
    quiet = observed < s.min_volume
    start = end = peak = prev = -1
    next_allowed = 0
    n = len(score)
    for t in np.flatnonzero((score >= low) | quiet).tolist() + [n + 1]:
        if start >= 0:
            if t == prev + 1 and t < n and t - end <= s.cooldown:
                prev = t
                if not quiet[t]:
                    end = t
                    if score[t] > score[peak]:
                        peak = t
                continue
            spikes.append(Spike(start, end, peak, float(score[peak])))
            next_allowed = end + 1 + s.cooldown
            start = -1
        if t < n and t >= next_allowed and not quiet[t] and score[t] >= s.sensitivity:
            start = end = peak = prev = t
    return spikes


def _transform(x: np.ndarray, s: DetectorSettings) -> np.ndarray:
    """The scale residuals are taken on: Anscombe 2·√(x + 3/8) for counts (Poisson noise of unit variance)."""
    return 2.0 * np.sqrt(np.fmax(x, 0.0) + 0.375) if s.counts else x


def _untransform(y: np.ndarray, s: DetectorSettings) -> np.ndarray:
    return np.fmax((y / 2.0) ** 2 - 0.375, 0.0) if s.counts else y


def residuals(x: np.ndarray, expected: np.ndarray, s: DetectorSettings) -> np.ndarray:
    """Observed minus expected, on the scale of `_transform`."""
    return _transform(x, s) - _transform(expected, s)


def level_shift(residual: np.ndarray, scale: np.ndarray, s: DetectorSettings) -> np.ndarray:
    """The new normal: median residual over the trailing `level_days`, less half the noise's scale.

    0 until half of the period is known, and 0 for a change smaller than half the scale, so noise
    alone never moves the level (it would bias the residuals).
    """
    if s.level_days <= 0:
        return np.zeros(len(residual))
    window = max(3, round(s.level_days * s.day))
    median = pd.Series(residual).rolling(window, min_periods=max(2, window // 2)).median().shift(1)
    median = np.nan_to_num(median.to_numpy())
    return np.sign(median) * np.fmax(np.abs(median) - 0.5 * np.nan_to_num(scale, nan=np.inf), 0.0)


def scores(residual: np.ndarray, scale: np.ndarray, s: DetectorSettings) -> np.ndarray:
    """Scores ≥ 0 in robust standard deviations: rises only, or rises and drops; 0 where not judged."""
    z = residual / scale
    if s.direction == "both":
        z = np.abs(z)
    elif s.direction != "up":
        raise ValueError(f"direction de détection inconnue {s.direction!r} : 'up' (hausses) ou 'both' "
                         "(hausses et baisses)")
    return np.nan_to_num(np.fmax(z, 0.0), nan=0.0)


def smoothed_scores(residual: np.ndarray, expected: np.ndarray, s: DetectorSettings) -> np.ndarray:
    """Score of the mean residual of the last `smooth` points (this one included) against its own spread."""
    k = s.smooth
    mean = pd.Series(residual).rolling(k, min_periods=max(1, k // 2)).mean().to_numpy()
    scale = robust_scale(mean, expected, s, noise=1.0 / np.sqrt(k))  # the mean of k unit-variance residuals
    scale[: s.day] = np.nan
    return scores(mean, scale, s)


def detect(values: np.ndarray | list[float], settings: DetectorSettings) -> Detection:
    """Judge every point of a regular series from the points before it (NaN = missing, never alerts)."""
    x = np.asarray(values, dtype=float)
    seasonal = expected_values(x, settings)
    raw = residuals(x, seasonal, settings)
    scale = robust_scale(raw, seasonal, settings)  # the spread around the seasonal baseline
    shift = level_shift(raw, scale, settings)
    expected = _untransform(_transform(seasonal, settings) + shift, settings)
    residual = raw - shift
    scale[: settings.day] = np.nan  # warm-up: a day of history before judging
    score = scores(residual, scale, settings)
    if settings.smooth > 1:
        score = np.fmax(score, smoothed_scores(residual, expected, settings))
    spikes = [replace(sp, expected=float(np.nansum(_untransform(_transform(seasonal[sp.start:sp.end + 1], settings)
                                                                + shift[sp.start], settings))))
              for sp in find_spikes(score, np.nan_to_num(x, nan=-np.inf), settings)]
    alert = np.zeros(len(x), dtype=int)
    alert[[sp.start for sp in spikes]] = 1
    return Detection(expected, scale, score, alert, spikes, settings.cooldown)


def detect_share(
    part: np.ndarray | list[float], total: np.ndarray | list[float], settings: DetectorSettings
) -> Detection:
    """Spikes of a proportion part/total (e.g. negative share): exact binomial test against the trailing share.

    The baseline is the pooled share over the previous `scale_window` points, so hours with few
    mentions weigh little; `min_volume` applies to `total` (no alert on 2 negatives out of 3).
    """
    p = np.asarray(part, dtype=float)
    n = np.asarray(total, dtype=float)
    window = max(8, settings.scale_window)
    pooled_p = pd.Series(p).rolling(window, min_periods=1).sum().shift(1).to_numpy()
    pooled_n = pd.Series(n).rolling(window, min_periods=1).sum().shift(1).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        base = np.where(pooled_n >= 10, pooled_p / pooled_n, np.nan)
        # a share of 0 or 1 in the baseline still leaves room for noise: half an event out of the pool
        floor = 0.5 / np.fmax(pooled_n, 1.0)
        b = np.clip(base, floor, 1.0 - floor)
        scale = np.sqrt(b * (1.0 - b) / np.fmax(n, 1.0))
        # exact binomial tail P(X ≥ part) read as a z-score: small hours are not over-read
        tail = binom.sf(p - 1, n.astype(int), b)
        z = np.where((n > 0) & ~np.isnan(base), norm.isf(np.clip(tail, 1e-300, 1.0)), np.nan)
    score = np.nan_to_num(np.fmax(z, 0.0), nan=0.0)
    spikes = [replace(sp, expected=float(np.nan_to_num(base[sp.start]))) for sp in find_spikes(score, n, settings)]
    alert = np.zeros(len(p), dtype=int)
    alert[[sp.start for sp in spikes]] = 1
    return Detection(base, scale, score, alert, spikes, settings.cooldown)


def infer_freq(index: pd.DatetimeIndex) -> pd.Timedelta:
    """The series' sampling step: the most common gap between consecutive timestamps."""
    if len(index) < 2:
        raise ValueError("il faut au moins deux dates pour déduire le pas de la série ; indiquez-le avec --freq "
                         "(par exemple --freq 1h)")
    gaps = pd.Series(index.sort_values()).diff().dropna()
    gaps = gaps[gaps > pd.Timedelta(0)]
    if gaps.empty:
        raise ValueError("toutes les dates sont égales : le pas de la série ne peut pas en être déduit ; "
                         "indiquez-le avec --freq (par exemple --freq 1h)")
    return gaps.mode().iloc[0]


def out_of_order(timestamps: pd.DatetimeIndex) -> np.ndarray:
    """Rows whose timestamp is not after every earlier one: a clock stepping back, a repeated row."""
    t = timestamps.as_unit("ns").asi8
    before = np.maximum.accumulate(np.concatenate([[np.iinfo(np.int64).min], t[:-1]]))
    return t <= before


def stream_positions(timestamps: pd.DatetimeIndex, step: pd.Timedelta) -> np.ndarray:
    """Each row's point on the detector's regular grid of step `step`, reading the rows in file order.

    A row later than all before it is placed by time (a gap leaves missing points; rows of one slot
    share a point), so seasonal lags stay lags of time. An out-of-order row gets the point of the
    latest row read before it: the stream's present.
    """
    slots = timestamps.as_unit("ns").floor(step).asi8 // step.value
    placed = np.where(out_of_order(timestamps), np.iinfo(np.int64).min, slots - slots[0])
    return np.maximum.accumulate(placed)


def detect_frame(
    frame: pd.DataFrame,
    freq: pd.Timedelta | str | None = None,
    cooldown: pd.Timedelta | str = "12h",
    **overrides,
) -> pd.DataFrame:
    """Run the detector on a `timestamp,value` frame read in file order; returns it with `score` and `alert`.

    Rows are placed on a regular grid of step `freq` (inferred when None) by `stream_positions`;
    in-order rows that share a point share its mean value and its score (`Detection.news`: 0 inside a
    spike already signalled), and only the first of them carries the alert. An out-of-order row (a
    clock glitch) is judged against what was expected at the stream's present, from the rows before
    it, but it neither enters the history nor opens an alert. `cooldown` is a duration; `overrides`
    are other `DetectorSettings` fields.
    """
    ts = pd.DatetimeIndex(pd.to_datetime(frame["timestamp"]))
    step = pd.Timedelta(freq) if freq is not None else infer_freq(ts)
    if step <= pd.Timedelta(0):
        raise ValueError(f"pas de la série {step} : une durée positive est attendue (par exemple 1h)")
    position = stream_positions(ts, step)
    late = out_of_order(ts)
    values = frame["value"].to_numpy(dtype=float)
    use = ~late & ~np.isnan(values)
    sums = np.bincount(position[use], weights=values[use], minlength=position[-1] + 1)
    counts = np.bincount(position[use], minlength=position[-1] + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        grid_values = sums / counts  # NaN where a point has no value
    points = max(0, int(pd.Timedelta(cooldown) / step))
    settings = settings_for_freq(step, cooldown=points, **overrides)
    result = detect(grid_values, settings)
    news = result.news()
    score = news[position]
    if late.any():
        at = position[late]
        late_score = scores(residuals(values[late], result.expected[at], settings), result.scale[at], settings)
        score[late] = np.where(news[at] == result.score[at], late_score, 0.0)  # 0 inside a signalled spike
    out = frame.copy()
    out["score"] = np.round(score, 4)
    first_row = ~late & (np.diff(position, prepend=-1) > 0)
    out["alert"] = ((result.alert[position] == 1) & first_row).astype(int)
    return out
