"""The `veille spikes` work: read a `timestamp,value` CSV, run the detector, write scores (pandas)."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from analysis.spikes import detect_frame, out_of_order
from veille.usage import EXIT_OK, UsageError


def _duration(text: str, option: str) -> pd.Timedelta:
    try:
        value = pd.Timedelta(text)
    except ValueError:
        raise UsageError(f"{option} {text!r} : durée invalide ; exemples : 1h, 5min, 30s, 1D") from None
    if value < pd.Timedelta(0) or (option == "--freq" and value == pd.Timedelta(0)):
        raise UsageError(f"{option} {text!r} : une durée positive est attendue")
    return value


def read_series(path: str) -> pd.DataFrame:
    """The input CSV with its timestamps checked (readable; file order is kept); values must be numbers."""
    try:
        frame = pd.read_csv(sys.stdin if path == "-" else path, dtype={"timestamp": str})
    except FileNotFoundError:
        raise UsageError(f"{path} : fichier introuvable") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path} : CSV illisible ({exc}) ; attendu : un en-tête timestamp,value") from None
    missing = {"timestamp", "value"} - set(frame.columns)
    if missing:
        raise UsageError(f"{path} : colonne(s) manquante(s) : {', '.join(sorted(missing))} ; en-tête attendu : "
                         f"timestamp,value (trouvé : {','.join(map(str, frame.columns))})")
    if frame.empty:
        raise UsageError(f"{path} : aucune ligne de données")
    frame = frame[["timestamp", "value"]]
    values = pd.to_numeric(frame["value"], errors="coerce")
    bad = values.isna() & frame["value"].notna()
    if bad.any():
        line = int(bad.to_numpy().nonzero()[0][0]) + 2
        raise UsageError(f"{path}, ligne {line} : valeur non numérique {frame['value'][bad].iloc[0]!r}")
    stamps = pd.to_datetime(frame["timestamp"], errors="coerce", utc=True)
    if stamps.isna().any():
        line = int(stamps.isna().to_numpy().nonzero()[0][0]) + 2
        raise UsageError(f"{path}, ligne {line} : date illisible {frame['timestamp'][stamps.isna()].iloc[0]!r} ; "
                         "format attendu : 2024-05-01 13:00:00 ou ISO-8601")
    return frame.assign(value=values)


def run_spikes(args: argparse.Namespace) -> int:
    """Read the CSV, detect, write `timestamp,value,score,alert`."""
    frame = read_series(args.file)
    freq = _duration(args.freq, "--freq") if args.freq else None
    cooldown = _duration(args.cooldown, "--cooldown")
    if args.sensitivity <= 0:
        raise UsageError(f"--sensitivity {args.sensitivity} : un nombre > 0 est attendu (par exemple 4)")
    detect_input = frame.assign(timestamp=pd.to_datetime(frame["timestamp"], utc=True))
    late = int(out_of_order(pd.DatetimeIndex(detect_input["timestamp"])).sum())
    if late:
        print(f"attention : {late} ligne(s) hors d'ordre (date antérieure ou égale à une date déjà lue) ; "
              "elles sont jugées dans l'ordre du fichier, sur les lignes qui les précèdent", file=sys.stderr)
    try:
        result = detect_frame(detect_input, freq=freq, cooldown=cooldown, sensitivity=args.sensitivity,
                              min_volume=args.min_volume, direction="both" if args.both else "up")
    except ValueError as exc:
        raise UsageError(f"{args.file} : {exc}") from None
    out = frame.assign(score=result["score"].to_numpy(), alert=result["alert"].to_numpy())
    if args.output:
        out.to_csv(args.output, index=False)
    else:
        out.to_csv(sys.stdout, index=False)
    return EXIT_OK
