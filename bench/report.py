"""`veille report` at a million mentions: the whole command as cron runs it (start-up, queries, charts, HTML or
PDF), median of a few runs per period and format. The issue asks for ≤ 30 s at 1 M mentions.

Run: `.venv/bin/python -m bench.report [--mentions 1000000] [--db PATH] [--runs 3]`.
Uses the database of `bench.dashboard` (built by `bench.generate` when missing: about 6 minutes for 1 M).
Writes `bench/results/report.md`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import storage
from bench import publish

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "report.md"
CASES = [("7j", "html"), ("30j", "html"), ("30j", "pdf"), ("90j", "pdf")]


def timed(db: Path, period: str, until: str, out: Path, runs: int) -> tuple[float, int]:
    """Median wall time (s) of `veille report` in a fresh process, and the file's size in bytes."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "veille.cli", "--quiet", "report", "--db", str(db), "--period",
                        period, "--until", until, "-o", str(out)], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times), out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure la durée de veille report sur une grande base.")
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--db", help="base à utiliser ou à créer (défaut : var/bench/dashboard-<N>.db)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    db = Path(args.db or ROOT / "var" / "bench" / f"dashboard-{args.mentions}.db")
    if not db.exists():
        from bench.generate import generate

        db.parent.mkdir(parents=True, exist_ok=True)
        generate(db, args.mentions, quiet=False)
    conn = storage.connect(db)  # migrated and checkpointed before the timings
    mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    until = conn.execute("SELECT substr(max(published_at), 1, 10) FROM dash_facts").fetchone()[0]  # full periods
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    lines = ["# veille report : durée", "",
             f"Base : `{db.name}` ({f'{mentions:,}'.replace(',', ' ')} mentions). Commande complète dans un nouveau "
             f"processus (démarrage compris), médiane de {args.runs} exécutions, périodes finissant le {until} "
             "(dernier jour de la base). Mesuré le "
             f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}.", "",
             "| période | format | durée (s) | taille (ko) |", "| --- | --- | ---: | ---: |"]
    with tempfile.TemporaryDirectory() as tmp:
        for period, kind in CASES:
            seconds, size = timed(db, period, until, Path(tmp) / f"rapport.{kind}", args.runs)
            print(f"  {period} {kind} : {seconds:.1f} s", flush=True)
            lines.append(f"| {period} | {kind.upper()} | {seconds:.1f} | {size / 1e3:.0f} |")
    publish(RESULTS, "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
