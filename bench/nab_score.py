"""Numenta Anomaly Benchmark scoring, as NAB's `sweeper.py` and `runner.normalize` compute it.

Each labelled window is worth its earliest detection, credited by a scaled sigmoid of the
detection's position in the window (start of window → full weight, end → ~0), or −fnWeight
when nothing is detected in it. Each detection outside every window costs fpWeight times the
scaled sigmoid of its distance after the preceding window (−1 before any window or far after).
The first 15 % of each file (at most 750 rows) is a probationary period and is not scored;
a window with no scored row is ignored. Scores are normalised over a set of files: the null
detector (no detection) scores 0 and a perfect one (every window detected at its first row,
nothing else) scores 100. The three profiles are NAB's `config/profiles.json`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

PROBATION_PERCENT = 0.15


@dataclass(frozen=True)
class Profile:
    """Weights of a NAB application profile."""

    tp: float = 1.0
    fp: float = 0.11
    fn: float = 1.0


STANDARD = Profile()
PROFILES = {
    "standard": STANDARD,
    "reward_low_FP_rate": Profile(fp=0.22),
    "reward_low_FN_rate": Profile(fn=2.0),
}


def scaled_sigmoid(position: float) -> float:
    """NAB's credit for a position relative to a window's right edge (−1 = left edge, 0 = right edge)."""
    if position > 3.0:
        return -1.0
    return 2.0 / (1.0 + math.exp(5.0 * position)) - 1.0


def probationary_length(rows: int) -> int:
    """Rows not scored at the start of a file: 15 % of it, at most 15 % of 5 000."""
    return int(min(math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000))


@dataclass
class ScoredRows:
    """Per-row NAB credit before profile weights, and each row's window (-1 outside, -2 probation).

    In a window, `credit` is the scaled sigmoid over its value at the window's left edge (× tpWeight
    gives NAB's weighted score); outside, it is the scaled sigmoid in [−1, 0] (× fpWeight).
    """

    credit: np.ndarray
    window: np.ndarray
    windows: list[int]  # ids of the labelled windows that have scored rows (NAB ignores the others)
    bounds: list[tuple[int, int]]  # first and last row of every labelled window

    def weighted(self, profile: Profile) -> np.ndarray:
        """NAB's weighted score of a detection on each row, for a profile."""
        return self.credit * np.where(self.window >= 0, profile.tp, profile.fp)


def score_rows(timestamps: pd.DatetimeIndex, windows: list[tuple[pd.Timestamp, pd.Timestamp]]) -> ScoredRows:
    """What a detection on each row would be worth, following NAB's `Sweeper.calcSweepScore`."""
    n = len(timestamps)
    credit = np.zeros(n)
    window_of = np.full(n, -1)
    max_tp = scaled_sigmoid(-1.0)
    bounds = []
    for start, end in windows:
        left = int(timestamps.searchsorted(start, side="left"))
        right = int(timestamps.searchsorted(end, side="right")) - 1
        bounds.append((left, right))
    prev_right = prev_width = None
    w = 0
    i = 0
    while i < n:
        if w < len(bounds) and i == bounds[w][0]:
            left, right = bounds[w]
            width = float(right - left + 1)
            for j in range(left, right + 1):
                credit[j] = scaled_sigmoid(-(right - j + 1) / width) / max_tp
                window_of[j] = w
            prev_right, prev_width = right, width
            w += 1
            i = right + 1
            continue
        if prev_right is None:
            credit[i] = -1.0
        else:
            credit[i] = scaled_sigmoid(abs(prev_right - i) / max(prev_width - 1, 1.0))
        i += 1
    window_of[: probationary_length(n)] = -2
    return ScoredRows(credit, window_of, sorted(set(window_of[window_of >= 0].tolist())), bounds)


def raw_score(rows: ScoredRows, detections: np.ndarray, profile: Profile = STANDARD) -> float:
    """A file's raw NAB score for a 0/1 detection array: best credit per window, sum of FP costs."""
    detected = np.asarray(detections, dtype=bool)
    weighted = rows.weighted(profile)
    total = 0.0
    for w in rows.windows:
        hits = detected & (rows.window == w)
        total += weighted[hits].max() if hits.any() else -profile.fn
    outside = detected & (rows.window == -1)
    return total + float(weighted[outside].sum())


def first_detections(rows: ScoredRows, detections: np.ndarray) -> list[tuple[int, int, int]]:
    """For each scored window with a detection: (window id, rows from its start to the first detection, width)."""
    detected = np.asarray(detections, dtype=bool)
    out = []
    for w in rows.windows:
        hits = np.flatnonzero(detected & (rows.window == w))
        if len(hits):
            left, right = rows.bounds[w]
            out.append((w, int(hits[0] - left), right - left + 1))
    return out


def normalise(raw: float, windows: int, profile: Profile = STANDARD) -> float:
    """0 for the null detector (−fn per window), 100 for a perfect one (+tp per window)."""
    null, perfect = -profile.fn * windows, profile.tp * windows
    return 100.0 * (raw - null) / (perfect - null) if perfect != null else 0.0


def best_threshold(files: list[tuple[ScoredRows, np.ndarray]], profile: Profile = STANDARD) -> tuple[float, float]:
    """The threshold on anomaly scores that maximises the summed raw score over files, and that score.

    Like NAB's optimiser, but exact: every distinct score is tried, highest first, and the total
    is updated incrementally (a window keeps its best credit so far; every outside row adds its cost).
    """
    scores, credits, keys = [], [], []
    base = 0.0
    for f, (rows, anomaly) in enumerate(files):
        scored = rows.window != -2
        scores.append(np.asarray(anomaly, dtype=float)[scored])
        credits.append(rows.weighted(profile)[scored])
        keys.append(np.where(rows.window[scored] >= 0, f * 100_000 + rows.window[scored], -1))
        base -= profile.fn * len(rows.windows)
    score = np.concatenate(scores)
    credit = np.concatenate(credits)
    key = np.concatenate(keys)
    order = np.argsort(-score, kind="stable")
    best_total, best_thr = base, math.inf
    total = base
    window_best: dict[int, float] = {}
    for pos, idx in enumerate(order):
        k = int(key[idx])
        if k < 0:
            total += credit[idx]
        else:
            old = window_best.get(k, -profile.fn)
            if credit[idx] > old:
                total += credit[idx] - old
                window_best[k] = credit[idx]
        last_of_tie = pos + 1 == len(order) or score[order[pos + 1]] != score[idx]
        if last_of_tie and total > best_total:
            best_total, best_thr = total, float(score[idx])
    return best_thr, best_total


def load_windows(path: Path) -> dict[str, list[tuple[pd.Timestamp, pd.Timestamp]]]:
    """`combined_windows.json`: relative file path → list of (start, end) timestamps."""
    data = json.loads(Path(path).read_text())
    return {name: [(pd.Timestamp(a), pd.Timestamp(b)) for a, b in spans] for name, spans in data.items()}
