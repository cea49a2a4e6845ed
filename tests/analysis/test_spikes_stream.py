"""`veille spikes` on real exports with clock glitches: rows are read in file order as a stream, none is lost."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.spikes import out_of_order, stream_positions
from veille.cli import main


def test_stream_positions_keep_time_spacing_and_put_late_rows_next():
    ts = pd.DatetimeIndex(pd.to_datetime([
        "2024-01-01 00:00", "2024-01-01 01:00", "2024-01-01 03:00",  # a gap: 02:00 is missing
        "2024-01-01 01:00", "2024-01-01 03:00",  # the clock steps back, then repeats 03:00
        "2024-01-01 04:00", "2024-01-01 04:30", "2024-01-01 05:00",  # 04:30 shares the 04:00 slot
    ]))
    assert out_of_order(ts).tolist() == [False, False, False, True, True, False, False, False]
    assert stream_positions(ts, pd.Timedelta("1h")).tolist() == [0, 1, 3, 3, 3, 4, 4, 5]


def _hourly(tmp_path: Path, name: str, stamps: pd.DatetimeIndex, values: np.ndarray) -> Path:
    path = tmp_path / name
    pd.DataFrame({"timestamp": stamps.strftime("%Y-%m-%d %H:%M:%S"), "value": values}).to_csv(path, index=False)
    return path


def test_cli_reads_a_series_whose_clock_steps_back(tmp_path, capsys):
    idx = pd.date_range("2024-03-04", periods=24 * 21, freq="h")
    values = np.array([10 + (i % 24 > 8) * 20 + (7 if i % 5 == 0 else 0) for i in range(len(idx))], dtype=float)
    glitch = 24 * 15
    # the clock goes back three hours once: those three hours are logged twice (other values)
    stamps = idx[:glitch].append(idx[glitch - 3:])
    glitched = np.concatenate([values[:glitch], values[glitch - 3:glitch] + 1, values[glitch:]])
    glitched[len(glitched) - 30] = 200  # a spike after the glitch
    path = _hourly(tmp_path, "glitch.csv", stamps, glitched)
    assert main(["spikes", str(path)]) == 0
    captured = capsys.readouterr()
    assert "3 ligne(s) hors d'ordre" in captured.err
    out = pd.read_csv(pd.io.common.StringIO(captured.out), dtype={"timestamp": str})
    assert list(out.columns) == ["timestamp", "value", "score", "alert"]
    assert out["timestamp"].tolist() == list(stamps.strftime("%Y-%m-%d %H:%M:%S"))  # one row per input row, in order
    assert out.index[out["alert"] == 1].tolist() == [len(glitched) - 30]
    # causal: the rows before the glitch are judged as if the file stopped there
    cut = _hourly(tmp_path, "cut.csv", stamps[:glitch], glitched[:glitch])
    assert main(["spikes", str(cut)]) == 0
    before = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert np.allclose(before["score"], out["score"][:glitch])


def test_cli_on_nab_machine_temperature(shared_dir, tmp_path, capsys):
    path = shared_dir / "data" / "anomaly" / "realKnownCause" / "machine_temperature_system_failure.csv"
    rows = pd.read_csv(path)
    target = tmp_path / "out.csv"
    assert main(["spikes", str(path), "--both", "-o", str(target)]) == 0
    assert "12 ligne(s) hors d'ordre" in capsys.readouterr().err
    out = pd.read_csv(target)
    assert len(out) == len(rows) and (out["timestamp"] == rows["timestamp"]).all()
    assert (out["score"] >= 0).all() and out["alert"].isin([0, 1]).all() and out["alert"].sum() > 0
