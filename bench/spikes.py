"""Detection time over one year of hourly data for 50 brands (3 metrics each), against baselines in the same run.

Run: `.venv/bin/python -m bench.spikes [--before REV]`. Writes `bench/results/spikes.md`. Measured in
the same run, alternately:
- the shipped detector (`DetectorSettings` defaults, as `veille alerts` uses them);
- the same detector without the slow score and the new normal (what issue 16 added);
- with `--before REV`: `analysis/spikes.py` as it was at git revision REV (e.g. the commit before a change);
- a trailing mean/std z-score (pandas rolling, no seasonality, no events): what the seasonal
  medians, the robust scale and the event logic cost.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np
import pandas as pd

import analysis.spikes
from bench import publish

RESULTS = Path(__file__).resolve().parents[1] / "bench" / "results" / "spikes.md"
BRANDS, HOURS, REPEATS, BUZZ = 50, 24 * 365, 5, 30


def brand_year(rng: np.random.Generator, level: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hourly mentions, negative and tagged mentions with a weekly rhythm, and the starts of 4 buzzes."""
    t = np.arange(HOURS)
    hour, dow = t % 24, (t // 24) % 7
    rate = level * (0.3 + np.sin(np.pi * np.clip((hour - 6) / 16, 0, 1))) * np.where(dow >= 5, 0.6, 1.0)
    starts = rng.integers(24 * 30, HOURS - 48, size=4)
    for start in starts:
        rate[start:start + BUZZ] *= 5
    mentions = rng.poisson(rate).astype(float)
    negative = rng.binomial(mentions.astype(int), 0.12).astype(float)
    return mentions, negative, mentions, starts


def quality(data, module: types.ModuleType = analysis.spikes, **overrides) -> dict[str, tuple[int, int]]:
    """Per volume metric: (buzzes whose first 30 hours hold an alert, alerts outside every buzz)."""
    settings = module.DetectorSettings(counts=True, min_volume=10, scale_quantile=0.5, **overrides)
    out = {}
    for metric, column in (("volume", 0), ("negative volume", 1)):
        hit = false = 0
        for series in data:
            starts = [sp.start for sp in module.detect(series[column], settings).spikes]
            inside = [any(b - 2 <= s <= b + BUZZ for b in series[3]) for s in starts]
            false += inside.count(False)
            hit += sum(any(b - 2 <= s <= b + BUZZ for s in starts) for b in series[3])
        out[metric] = hit, false
    return out


def ours(data, module: types.ModuleType = analysis.spikes, **overrides) -> int:
    settings = module.DetectorSettings(counts=True, min_volume=10, scale_quantile=0.5, **overrides)
    found = 0
    for mentions, negative, tagged, _ in data:
        found += len(module.detect(mentions, settings).spikes) + len(module.detect(negative, settings).spikes)
        found += len(module.detect_share(negative, tagged, settings).spikes)
    return found


def module_at(revision: str) -> types.ModuleType:
    """`analysis/spikes.py` as it was at a git revision, loaded as a module of its own."""
    root = Path(__file__).resolve().parents[1]
    source = subprocess.run(["git", "show", f"{revision}:analysis/spikes.py"], cwd=root, check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType(f"spikes_at_{revision}")
    sys.modules[module.__name__] = module  # dataclasses look their module up there
    exec(compile(source, f"analysis/spikes.py@{revision}", "exec"), module.__dict__)
    return module


def baseline(data) -> int:
    found = 0
    for series in data:
        for x in (series[0], series[1], series[1] / np.fmax(series[2], 1)):
            s = pd.Series(x)
            z = (s - s.rolling(168).mean().shift(1)) / s.rolling(168).std().shift(1)
            found += int((z > 4).sum())
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REV", help="also time analysis/spikes.py at this git revision")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(5)
    data = [brand_year(rng, level) for level in rng.uniform(2, 40, size=BRANDS)]
    detectors = {
        "ours, shipped (slow score, new normal)": ours,
        "ours without slow score and new normal": lambda d: ours(d, smooth=0, level_days=0),
    }
    found = {"ours, shipped (slow score, new normal)": quality(data),
             "ours without slow score and new normal": quality(data, smooth=0, level_days=0)}
    if args.before:
        old = module_at(args.before)
        detectors[f"analysis/spikes.py at {args.before}"] = lambda d: ours(d, old)
        found[f"analysis/spikes.py at {args.before}"] = quality(data, old)
    detectors["baseline (rolling mean/std z > 4, per point)"] = baseline
    timings: dict[str, list[float]] = {name: [] for name in detectors}
    counts = {}
    for _ in range(REPEATS):  # alternate, so a busy moment of the machine hits every detector alike
        for name, fn in detectors.items():
            t0 = time.perf_counter()
            counts[name] = fn(data)
            timings[name].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in timings.items()}
    shipped = med["ours, shipped (slow score, new normal)"]
    points = BRANDS * HOURS * 3
    lines = [
        "# Spike detection time", "",
        f"{BRANDS} brands × {HOURS} hours (one year) × 3 metrics (volume, negative volume, negative share) = "
        f"{points:,} points; median of {REPEATS} runs, detectors alternated in the same run.", "",
        "| detector | median time | points/s | shipped / this | spikes (flagged points for the baseline) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in detectors:
        lines.append(f"| {name} | {med[name]:.2f} s | {points / med[name]:,.0f} | {shipped / med[name]:.2f}× | "
                     f"{counts[name]} |")
    lines += ["", f"Each brand has 4 injected {BUZZ}-hour buzzes at 5× the usual volume ({BRANDS * 4} in total): "
              "buzzes caught (an alert within their first 30 hours) and false alarms (alerts outside every buzz):", "",
              "| detector | volume: caught | volume: false alarms | negative volume: caught | negative volume: false alarms |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for name, q in found.items():
        lines.append(f"| {name} | {q['volume'][0]} | {q['volume'][1]} | {q['negative volume'][0]} | "
                     f"{q['negative volume'][1]} |")
    publish(RESULTS, "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
