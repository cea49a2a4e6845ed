"""NAB scoring (standard profile) against values worked out by hand from NAB's definitions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bench.nab_score import (
    PROFILES,
    STANDARD,
    best_threshold,
    first_detections,
    load_windows,
    normalise,
    probationary_length,
    raw_score,
    scaled_sigmoid,
    score_rows,
)


def test_scaled_sigmoid_matches_nab_docstring():
    assert scaled_sigmoid(-1.0) == pytest.approx(0.98661, abs=1e-5)
    assert scaled_sigmoid(-0.5) == pytest.approx(0.84828, abs=1e-5)
    assert scaled_sigmoid(0.0) == 0.0
    assert scaled_sigmoid(1.0) == pytest.approx(-0.98661, abs=1e-5)
    assert scaled_sigmoid(3.5) == -1.0


def test_probationary_length():
    assert probationary_length(1000) == 150
    assert probationary_length(20000) == 750  # capped at 15 % of 5 000


def _file(rows: int = 1000, windows=((500, 599),)):
    ts = pd.date_range("2024-01-01", periods=rows, freq="5min")
    return ts, score_rows(ts, [(ts[a], ts[b]) for a, b in windows])


def test_window_credit_is_early_detection_and_fp_cost_decays_after_window():
    ts, rows = _file()
    assert rows.windows == [0]
    credit = rows.weighted(STANDARD)
    assert credit[500] == pytest.approx(1.0)  # first row of the window: full tp weight
    assert credit[599] == pytest.approx(scaled_sigmoid(-1 / 100) / scaled_sigmoid(-1.0))
    assert credit[200] == pytest.approx(-0.11)  # before any window
    assert credit[600] == pytest.approx(0.11 * scaled_sigmoid(1 / 99))  # just after: almost free
    assert credit[999] == pytest.approx(-0.11)  # far after
    low_fp = rows.weighted(PROFILES["reward_low_FP_rate"])
    assert low_fp[500] == pytest.approx(1.0) and low_fp[200] == pytest.approx(-0.22)
    assert (rows.window[:150] == -2).all()


def test_raw_score_counts_each_window_once_and_every_false_positive():
    ts, rows = _file()
    detections = np.zeros(1000, dtype=int)
    assert raw_score(rows, detections) == -1.0  # missed window
    detections[[550, 560, 570]] = 1  # three hits in one window: only the earliest counts
    hit = rows.weighted(STANDARD)[550]
    assert raw_score(rows, detections) == pytest.approx(hit)
    detections[[200, 300, 100]] = 1  # two false positives; row 100 is probationary
    assert raw_score(rows, detections) == pytest.approx(hit - 0.22)


def test_normalisation_null_zero_perfect_hundred():
    assert normalise(-3.0, 3) == 0.0
    assert normalise(3.0, 3) == 100.0
    assert normalise(0.0, 3) == 50.0
    low_fn = PROFILES["reward_low_FN_rate"]  # a missed window costs 2: the null detector scores −2 per window
    assert normalise(-6.0, 3, low_fn) == 0.0 and normalise(3.0, 3, low_fn) == 100.0
    assert normalise(0.0, 3, low_fn) == pytest.approx(200 / 3)


def test_profiles_weigh_misses_and_false_alarms_as_nab_does():
    ts, rows = _file(windows=((300, 399), (700, 799)))
    detections = np.zeros(1000, dtype=int)
    detections[[350, 200, 900]] = 1  # one window caught mid-way, one missed, two false alarms
    hit = scaled_sigmoid(-50 / 100) / scaled_sigmoid(-1.0)
    fp_before = -1.0  # before any window
    fp_after = scaled_sigmoid(101 / 99)  # 101 rows after the second window (width 100)
    expected = {"standard": (0.11, 1.0), "reward_low_FP_rate": (0.22, 1.0), "reward_low_FN_rate": (0.11, 2.0)}
    for name, (fp, fn) in expected.items():
        assert raw_score(rows, detections, PROFILES[name]) == pytest.approx(hit - fn + fp * (fp_before + fp_after))
    assert first_detections(rows, detections) == [(0, 50, 100)]


def test_windows_and_detections_in_the_probationary_period_are_not_scored():
    ts, rows = _file(windows=((50, 99), (500, 599)))  # the first window is entirely probationary (150 rows)
    assert rows.windows == [1]
    detections = np.zeros(1000, dtype=int)
    detections[[60, 120]] = 1
    assert raw_score(rows, detections) == -1.0  # only the second window counts, and it is missed


def test_best_threshold_is_exact_sweep():
    ts, rows = _file()
    scores = np.zeros(1000)
    scores[520] = 0.9  # early in the window
    scores[[200, 300, 400]] = [0.95, 0.8, 0.7]  # false positives
    thr, total = best_threshold([(rows, scores)], STANDARD)
    assert thr == 0.9  # take the FP at 0.95 and the hit at 0.9, not the other FPs
    assert total == pytest.approx(rows.weighted(STANDARD)[520] - 0.11)


def test_real_corpus_null_and_perfect_detectors(shared_dir):
    data = shared_dir / "data" / "anomaly"
    windows = load_windows(data / "combined_windows.json")
    name = "realKnownCause/nyc_taxi.csv"
    frame = pd.read_csv(data / name)
    ts = pd.DatetimeIndex(pd.to_datetime(frame["timestamp"]))
    rows = score_rows(ts, windows[name])
    assert len(rows.windows) == 5
    perfect = np.zeros(len(ts), dtype=int)
    for start, _ in windows[name]:
        perfect[ts.searchsorted(start)] = 1
    assert normalise(raw_score(rows, perfect), 5) == pytest.approx(100.0)
    assert normalise(raw_score(rows, np.zeros(len(ts))), 5) == 0.0
