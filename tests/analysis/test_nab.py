"""NAB scoring (standard profile) against values worked out by hand from NAB's definitions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.nab import (
    STANDARD,
    best_threshold,
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
    assert rows.credit[500] == pytest.approx(1.0)  # first row of the window: full tp weight
    assert rows.credit[599] == pytest.approx(scaled_sigmoid(-1 / 100) / scaled_sigmoid(-1.0))
    assert rows.credit[200] == pytest.approx(-0.11)  # before any window
    assert rows.credit[600] == pytest.approx(0.11 * scaled_sigmoid(1 / 99))  # just after: almost free
    assert rows.credit[999] == pytest.approx(-0.11)  # far after
    assert (rows.window[:150] == -2).all()


def test_raw_score_counts_each_window_once_and_every_false_positive():
    ts, rows = _file()
    detections = np.zeros(1000, dtype=int)
    assert raw_score(rows, detections) == -1.0  # missed window
    detections[[550, 560, 570]] = 1  # three hits in one window: only the earliest counts
    hit = rows.credit[550]
    assert raw_score(rows, detections) == pytest.approx(hit)
    detections[[200, 300, 100]] = 1  # two false positives; row 100 is probationary
    assert raw_score(rows, detections) == pytest.approx(hit - 0.22)


def test_normalisation_null_zero_perfect_hundred():
    assert normalise(-3.0, 3) == 0.0
    assert normalise(3.0, 3) == 100.0
    assert normalise(0.0, 3) == 50.0


def test_best_threshold_is_exact_sweep():
    ts, rows = _file()
    scores = np.zeros(1000)
    scores[520] = 0.9  # early in the window
    scores[[200, 300, 400]] = [0.95, 0.8, 0.7]  # false positives
    thr, total = best_threshold([(rows, scores)], STANDARD)
    assert thr == 0.9  # take the FP at 0.95 and the hit at 0.9, not the other FPs
    assert total == pytest.approx(rows.credit[520] - 0.11)


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
