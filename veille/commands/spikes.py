"""`veille spikes FILE.csv`: run the spike detector on any exported `timestamp,value` series."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from analysis.spikes import detect_frame
from veille.commands._common import EXIT_OK, UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "spikes",
        help="détecter les pics d'une série CSV (timestamp,value)",
        description="Lit une série `timestamp,value` et écrit `timestamp,value,score,alert` : score ≥ 0 "
        "(écart au niveau attendu, en écarts-types robustes), alert = 1 au début de chaque pic. Chaque point "
        "n'est jugé que sur ce qui le précède, comme en production.",
    )
    parser.add_argument("file", metavar="FICHIER.csv", help="série à analyser (`-` pour l'entrée standard)")
    parser.add_argument("-o", "--output", metavar="FICHIER", help="fichier de sortie (défaut : sortie standard)")
    parser.add_argument("--freq", help="pas de la série, par exemple 1h, 5min, 1D (défaut : déduit des dates)")
    parser.add_argument("--sensitivity", type=float, default=4.0,
                        help="score à partir duquel un pic est signalé (défaut : 4 ; plus haut = moins de pics)")
    parser.add_argument("--cooldown", default="6h", help="durée après un pic avant le suivant (défaut : 6h)")
    parser.add_argument("--min-volume", type=float, default=0.0,
                        help="valeur en dessous de laquelle aucun pic n'est signalé (défaut : 0)")
    parser.add_argument("--both", action="store_true", help="signaler aussi les creux (par défaut : hausses seules)")
    parser.set_defaults(func=run)


def _duration(text: str, option: str) -> pd.Timedelta:
    try:
        value = pd.Timedelta(text)
    except ValueError:
        raise UsageError(f"{option} {text!r} : durée invalide ; exemples : 1h, 5min, 30s, 1D") from None
    if value < pd.Timedelta(0) or (option == "--freq" and value == pd.Timedelta(0)):
        raise UsageError(f"{option} {text!r} : une durée positive est attendue")
    return value


def read_series(path: str) -> pd.DataFrame:
    """The input CSV with its timestamps checked; values must be numbers."""
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
    if not stamps.is_monotonic_increasing:
        raise UsageError(f"{path} : les dates doivent être en ordre croissant")
    return frame.assign(value=values)


def run(args: argparse.Namespace) -> int:
    frame = read_series(args.file)
    freq = _duration(args.freq, "--freq") if args.freq else None
    cooldown = _duration(args.cooldown, "--cooldown")
    if args.sensitivity <= 0:
        raise UsageError(f"--sensitivity {args.sensitivity} : un nombre > 0 est attendu (par exemple 4)")
    detect_input = frame.assign(timestamp=pd.to_datetime(frame["timestamp"], utc=True))
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
