"""The spike detector on synthetic series with known spikes, weekly/daily seasonality and noise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.spikes import (
    DetectorSettings,
    detect,
    detect_frame,
    detect_share,
    infer_freq,
    settings_for_freq,
)

COUNTS = DetectorSettings(counts=True, min_volume=10, scale_quantile=0.5)


def weekly_rate(weeks: int = 8, level: float = 20.0) -> np.ndarray:
    """Mentions per hour: busy afternoons, quiet nights, weekends at 60 %."""
    t = np.arange(24 * 7 * weeks)
    hour, dow = t % 24, (t // 24) % 7
    return level * (0.3 + np.sin(np.pi * np.clip((hour - 6) / 16, 0, 1))) * np.where(dow >= 5, 0.6, 1.0)


def test_calm_weekly_cycle_gives_no_alert():
    lam = weekly_rate()
    for seed in range(5):
        x = np.random.default_rng(seed).poisson(lam).astype(float)
        result = detect(x, COUNTS)
        assert result.spikes == [], f"seed {seed}: {result.spikes}"
        assert (result.score >= 0).all()


def test_sustained_spike_gives_one_alert_at_its_start():
    lam = weekly_rate()
    x = np.random.default_rng(1).poisson(lam).astype(float)
    x[1000:1036] += 3 * lam[1000:1036]  # a day and a half at four times the usual volume
    result = detect(x, COUNTS)
    assert len(result.spikes) == 1
    spike = result.spikes[0]
    assert 1000 <= spike.start <= 1002 and spike.end >= 1030
    assert result.alert.sum() == 1 and result.alert[spike.start] == 1
    assert spike.severity == pytest.approx(result.score[spike.peak]) and spike.severity > COUNTS.sensitivity


def test_short_spikes_found_and_cooldown_merges_close_ones():
    lam = weekly_rate()
    x = np.random.default_rng(2).poisson(lam).astype(float)
    for start in (710, 713, 1100):  # 14:00 and 17:00 the same day: one alert with a 6 h cool-down
        x[start] += 6 * lam[start] + 30
    result = detect(x, COUNTS)
    assert [s.start for s in result.spikes] == [710, 1100]
    # without cool-down (and without the slow score, whose 24-hour mean keeps these two big spikes
    # above the threshold for a day) each spike is its own alert
    no_cooldown = detect(x, DetectorSettings(counts=True, min_volume=10, scale_quantile=0.5, cooldown=0, smooth=0))
    assert [s.start for s in no_cooldown.spikes] == [710, 713, 1100]


def test_detector_is_causal():
    lam = weekly_rate()
    x = np.random.default_rng(3).poisson(lam).astype(float)
    x[900] += 100
    full = detect(x, COUNTS)
    cut = detect(x[:901], COUNTS)  # nothing after the point may change its judgement
    assert cut.score[900] == pytest.approx(full.score[900])
    assert np.allclose(cut.expected, full.expected[:901], equal_nan=True)
    assert cut.alert[900] == 1


def test_seasonal_peak_is_not_a_spike_but_a_night_burst_is():
    lam = weekly_rate()
    x = np.random.default_rng(4).poisson(lam).astype(float)
    night = 24 * 7 * 6 + 3  # 03:00, six weeks in: usual volume ~6
    x[night] = 30  # below a normal afternoon, five times a normal night
    result = detect(x, DetectorSettings(counts=True, min_volume=10, scale_quantile=0.5))
    assert [s.start for s in result.spikes] == [night]
    assert result.expected[night] < 10


def test_minimum_volume_and_direction():
    lam = weekly_rate(level=2.0)
    x = np.random.default_rng(5).poisson(lam).astype(float)
    x[1000] = 9  # a jump, but under the minimum volume
    assert detect(x, COUNTS).spikes == []
    drop = np.full(24 * 28, 100.0) + np.random.default_rng(6).normal(0, 2, 24 * 28)
    drop[600:620] = 20
    assert detect(drop, DetectorSettings()).spikes == []  # rises only by default
    assert [s.start for s in detect(drop, DetectorSettings(direction="both")).spikes] == [600]
    with pytest.raises(ValueError, match="direction"):
        detect(drop, DetectorSettings(direction="down"))


def test_share_spike_needs_enough_mentions():
    rng = np.random.default_rng(7)
    total = rng.poisson(weekly_rate(weeks=4)).astype(float)
    negative = rng.binomial(total.astype(int), 0.1).astype(float)
    assert detect_share(negative, total, DetectorSettings(min_volume=10)).spikes == []
    negative[500:520] = np.round(total[500:520] * 0.7)
    total[300], negative[300] = 3, 3  # 100 % negative, but three mentions
    result = detect_share(negative, total, DetectorSettings(min_volume=10))
    assert [s.start for s in result.spikes] == [500 + int(np.argmax(total[500:520] >= 10))]
    assert result.expected[510] == pytest.approx(0.1, abs=0.05)


def test_frame_on_an_irregular_five_minute_series():
    idx = pd.date_range("2024-01-01", periods=288 * 10, freq="5min")
    values = 50 + 10 * np.sin(2 * np.pi * np.arange(len(idx)) / 288) + np.random.default_rng(8).normal(0, 1, len(idx))
    values[288 * 8 + 100] += 60
    frame = pd.DataFrame({"timestamp": idx.strftime("%Y-%m-%d %H:%M:%S"), "value": values}).drop(index=[5, 6, 7])
    assert infer_freq(pd.DatetimeIndex(frame["timestamp"])) == pd.Timedelta("5min")
    out = detect_frame(frame)
    assert list(out.columns) == ["timestamp", "value", "score", "alert"] and len(out) == len(frame)
    flagged = out.loc[out["alert"] == 1, "timestamp"].tolist()
    assert flagged == [idx[288 * 8 + 100].strftime("%Y-%m-%d %H:%M:%S")]


def test_new_normal_ends_an_alert_on_a_lasting_change_of_level():
    lam = weekly_rate(weeks=10)
    shift = 24 * 7 * 5 + 12  # from a Friday noon on, the brand is talked about 2.5 times as much, for good
    lam[shift:] *= 2.5
    x = np.random.default_rng(0).poisson(lam).astype(float)
    spikes = detect(x, COUNTS).spikes
    assert [s.start for s in spikes] == [shift]  # one alert, and none in the four weeks after
    assert spikes[0].end < shift + 60  # the new level is the new normal within two and a half days
    stale = detect(x, DetectorSettings(counts=True, min_volume=10, scale_quantile=0.5, level_days=0)).spikes
    assert stale[0].end > shift + 80  # without it, the old weeks' medians keep the spike open longer


def test_slow_score_finds_a_drift_that_no_single_point_shows():
    x = 50 + np.random.default_rng(2).normal(0, 1, 288 * 10)  # ten days every 5 minutes
    x[288 * 8:288 * 8 + 36] += 2.0  # three hours two standard deviations up
    slow = detect(x, settings_for_freq(pd.Timedelta("5min"), direction="both"))
    found = [s.start for s in slow.spikes if s.start >= 288 * 8 - 1]
    assert len(found) == 1 and 288 * 8 < found[0] <= 288 * 8 + 24  # within two hours of the drift's start
    assert slow.spikes[-1].severity > 4 > slow.score[288 * 8]
    points_only = detect(x, settings_for_freq(pd.Timedelta("5min"), direction="both", smooth=0))
    assert points_only.spikes == [] and points_only.score[288 * 8:288 * 8 + 36].max() < 4


def test_score_column_is_news_zero_inside_a_signalled_spike():
    idx = pd.date_range("2024-01-01", periods=24 * 21, freq="h")
    values = 100 + np.random.default_rng(9).normal(0, 3, len(idx))
    values[400:410] += 60  # ten hours far above: one alert
    out = detect_frame(pd.DataFrame({"timestamp": idx, "value": values}), cooldown="6h")
    assert out.index[out["alert"] == 1].tolist() == [400]
    assert out["score"][400] > 4 and (out["score"][401:416] == 0).all()
    assert out["score"][417:].max() < 4
