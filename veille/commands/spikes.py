"""`veille spikes FILE.csv`: run the spike detector on any exported `timestamp,value` series."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "spikes",
        help="détecter les pics d'une série CSV (timestamp,value)",
        description="Lit une série `timestamp,value` et écrit `timestamp,value,score,alert` : score ≥ 0 "
        "(écart au niveau attendu, en écarts-types robustes ; 0 pendant un pic déjà signalé et sa pause), "
        "alert = 1 au début de chaque pic. Les lignes sont lues dans l'ordre du fichier ; chaque point n'est "
        "jugé que sur ce qui le précède, comme en production.",
    )
    parser.add_argument("file", metavar="FICHIER.csv", help="série à analyser (`-` pour l'entrée standard)")
    parser.add_argument("-o", "--output", metavar="FICHIER", help="fichier de sortie (défaut : sortie standard)")
    parser.add_argument("--freq", help="pas de la série, par exemple 1h, 5min, 1D (défaut : déduit des dates)")
    parser.add_argument("--sensitivity", type=float, default=4.0,
                        help="score à partir duquel un pic est signalé (défaut : 4 ; plus haut = moins de pics)")
    parser.add_argument("--cooldown", default="12h", help="durée après un pic avant le suivant (défaut : 12h)")
    parser.add_argument("--min-volume", type=float, default=0.0,
                        help="valeur en dessous de laquelle aucun pic n'est signalé (défaut : 0)")
    parser.add_argument("--both", action="store_true", help="signaler aussi les creux (par défaut : hausses seules)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veille.spikes_csv import run_spikes  # pandas and scipy: loaded only when the command runs

    return run_spikes(args)
