"""Data lifecycle speed: backup (and what it costs a concurrent writer), export per format, prune and vacuum.

Run: `.venv/bin/python -m bench.lifecycle [--mentions 100000] [--repeat 3]`. Builds (or reuses)
`var/bench-lifecycle-<N>.db` with `bench.generate` (a realistic year for 10 brands), then:

- backup: `storage.maintenance.backup_database` (integrity checks included), median seconds and MB/s;
  meanwhile a writer thread commits batches of 25 mentions: its commits/s and longest pause during
  the backup, next to the same writer alone in the same run (the baseline);
- export: every mention through `storage.export_queries.iter_export` and each writer of `veille export`,
  median rows/s, next to a bare `SELECT * FROM mentions_tagged` loop (the floor); peak RSS of a
  `veille export` process for all rows and for a quarter of them (constant memory means equal peaks);
- prune: the oldest quarter of the mentions on a copy, mentions/s, then `--vacuum` time and file sizes.

Writes `bench/results/lifecycle.md`.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import storage
from bench import publish
from storage import collect_writes as writes
from storage.db import utcnow
from storage.export_queries import iter_export
from storage.filters import Filters
from storage.maintenance import backup_database, optimize, prune_mentions
from storage.records import Batch, Mention
from veille.commands.export import write_csv, write_jsonl, write_parquet

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results" / "lifecycle.md"
# Peak RSS of the process's own memory (VmHWM, kB): unlike ru_maxrss it does not inherit the
# parent's resident size through fork + exec. Linux only.
PEAK_RSS = """import sys
from veille.cli import main
assert main(sys.argv[1:]) == 0
print([line for line in open('/proc/self/status') if line.startswith('VmHWM')][0].split()[1])
"""


def database(mentions: int) -> Path:
    path = ROOT / "var" / f"bench-lifecycle-{mentions}.db"
    if not path.exists():
        from bench import generate

        path.parent.mkdir(parents=True, exist_ok=True)
        generate.main(["--db", str(path), "--mentions", str(mentions)])
    return path


class Writer(threading.Thread):
    """Commits batches of 25 new mentions until stopped; records when each commit ended."""

    def __init__(self, path: Path, tag: str):
        super().__init__(daemon=True)
        self.path, self.tag, self.stop, self.times = path, tag, threading.Event(), []

    def run(self) -> None:
        conn = storage.connect(self.path)
        writes.sync_source(conn, "bench-writer", "x", {})
        n = 0
        while not self.stop.is_set():
            batch = Batch([Mention(id=f"x:bench-{self.tag}-{n}-{k}", platform="x", source="bench-writer",
                                   text=f"Ondéa écriture concurrente {n} {k}", brands=["Ondéa"],
                                   published_at=utcnow()) for k in range(25)], {})
            writes.save_batch(conn, "bench-writer", "t", batch, utcnow(), None)
            self.times.append(time.perf_counter())
            n += 1
        conn.close()


def writer_stats(times: list[float], start: float, end: float) -> tuple[float, float]:
    """(commits per second, longest gap in seconds) within [start, end]."""
    inside = [t for t in times if start <= t <= end]
    gaps = [b - a for a, b in zip([start, *inside], [*inside, end], strict=True)]
    return len(inside) / (end - start), max(gaps)


def bench_backup(db: Path, tmp: Path, repeat: int) -> dict:
    seconds = []
    for i in range(repeat):
        started = time.perf_counter()
        report = backup_database(db, tmp / f"b{i}.db")
        seconds.append(time.perf_counter() - started)
        (tmp / f"b{i}.db").unlink()
    work = tmp / "work.db"
    shutil.copy(db, work)
    alone = Writer(work, "alone")
    alone.start()
    time.sleep(3)
    alone.stop.set()
    alone.join()
    base_rate, base_gap = writer_stats(alone.times, alone.times[0], alone.times[-1])
    during = Writer(work, "during")
    during.start()
    time.sleep(0.5)
    started = time.perf_counter()
    backup_database(work, tmp / "during.db")
    ended = time.perf_counter()
    during.stop.set()
    during.join()
    rate, gap = writer_stats(during.times, started, ended)
    return {"seconds": statistics.median(seconds), "mb": report.size / 1e6, "mentions": report.mentions,
            "writer_alone": base_rate, "writer_alone_gap": base_gap, "writer_during": rate, "writer_gap": gap,
            "during_seconds": ended - started}


def bench_export(db: Path, repeat: int) -> dict:
    conn = storage.open_readonly(db)
    rows = {}

    def bare() -> int:
        n = 0
        for _ in conn.execute("SELECT * FROM mentions_tagged ORDER BY published_at"):
            n += 1
        return n

    def fmt(writer):
        def run() -> int:
            if writer is write_parquet:
                with tempfile.TemporaryDirectory() as d:
                    return write_parquet(iter_export(conn, Filters()), Path(d) / "e.parquet")
            return writer(iter_export(conn, Filters()), io.StringIO())
        return run

    for name, fn in (("SELECT * (floor)", bare), ("csv", fmt(write_csv)), ("jsonl", fmt(write_jsonl)),
                     ("parquet", fmt(write_parquet))):
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            n = fn()
            times.append(time.perf_counter() - started)
        rows[name] = (n, n / statistics.median(times))
    quarter_since = conn.execute("SELECT published_at FROM mentions ORDER BY published_at DESC LIMIT 1 OFFSET ?",
                                 (rows["csv"][0] // 4,)).fetchone()[0][:10]
    conn.close()
    peaks = {}
    for label, extra in (("toutes", []), ("un quart", ["--since", quarter_since])):
        for fmt_name in ("csv", "parquet"):
            with tempfile.TemporaryDirectory() as d:
                argv = ["--quiet", "export", "--db", str(db), "-o", str(Path(d) / f"e.{fmt_name}"), *extra]
                out = subprocess.run([sys.executable, "-c", PEAK_RSS, *argv], check=True, capture_output=True,
                                     text=True).stdout
                peaks[(label, fmt_name)] = int(out.split()[-1]) / 1024
    return {"rows": rows, "peaks": peaks}


def bench_prune(db: Path, tmp: Path) -> dict:
    work = tmp / "prune.db"
    shutil.copy(db, work)
    conn = storage.connect(work)
    total = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    cutoff = conn.execute("SELECT published_at FROM mentions ORDER BY published_at LIMIT 1 OFFSET ?",
                          (total // 4,)).fetchone()[0]
    before = work.stat().st_size
    started = time.perf_counter()
    report = prune_mentions(conn, cutoff)
    pruned = time.perf_counter() - started
    started = time.perf_counter()
    optimize(conn, vacuum=True)
    vacuum = time.perf_counter() - started
    conn.close()
    return {"deleted": report.deleted["mentions"], "rate": report.deleted["mentions"] / pruned, "seconds": pruned,
            "vacuum": vacuum, "before": before / 1e6, "after": work.stat().st_size / 1e6, "total": total}


def fr(n: float) -> str:
    """A whole number with French thousands separators."""
    return f"{n:,.0f}".replace(",", "\u202f")


def report_md(n: int, b: dict, e: dict, p: dict, repeat: int) -> str:
    floor = e["rows"]["SELECT * (floor)"][1]
    lines = [
        "# Cycle de vie des données : sauvegarde, export, purge", "",
        f"Base générée par `bench.generate` : {fr(n)} mentions sur un an, 10 marques. "
        f"Médiane de {repeat} passages (la purge : un passage, sur une copie).", "",
        "## Sauvegarde (`veille backup`, vérifications d'intégrité comprises)", "",
        "| mesure | valeur |", "| --- | --- |",
        f"| durée | {b['seconds']:.2f} s |",
        f"| taille | {b['mb']:.0f} Mo ({b['mb'] / b['seconds']:.0f} Mo/s) |",
        f"| écrivain seul : validations/s, plus longue pause | {b['writer_alone']:.0f}/s, "
        f"{b['writer_alone_gap'] * 1000:.0f} ms |",
        f"| écrivain pendant une sauvegarde ({b['during_seconds']:.2f} s) : validations/s, plus longue pause | "
        f"{b['writer_during']:.0f}/s ({b['writer_during'] / b['writer_alone']:.2f}× seul), "
        f"{b['writer_gap'] * 1000:.0f} ms |", "",
        "## Export (toutes les mentions, en mémoire : écriture comprise, sans disque pour CSV/JSONL)", "",
        "| format | lignes | lignes/s | rapport au plancher |", "| --- | --- | --- | --- |",
    ]
    for name, (rows, rate) in e["rows"].items():
        lines.append(f"| {name} | {fr(rows)} | {fr(rate)} | {rate / floor:.2f}× |")
    lines += ["", "Pic de mémoire (RSS) d'un processus `veille export` :", "",
              "| lignes exportées | CSV | Parquet |", "| --- | --- | --- |"]
    for label in ("toutes", "un quart"):
        lines.append(f"| {label} | {e['peaks'][(label, 'csv')]:.0f} Mo | {e['peaks'][(label, 'parquet')]:.0f} Mo |")
    lines += ["", "## Purge (`veille prune`, le plus ancien quart)", "",
              "| mesure | valeur |", "| --- | --- |",
              f"| mentions supprimées | {fr(p['deleted'])} sur {fr(p['total'])} |",
              f"| durée, débit | {p['seconds']:.1f} s, {fr(p['rate'])} mentions/s |",
              f"| VACUUM | {p['vacuum']:.1f} s |",
              f"| fichier avant → après | {p['before']:.0f} Mo → {p['after']:.0f} Mo |", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    db = database(args.mentions)
    with tempfile.TemporaryDirectory(dir=db.parent) as d:
        tmp = Path(d)
        b = bench_backup(db, tmp, args.repeat)
        e = bench_export(db, args.repeat)
        p = bench_prune(db, tmp)
    text = report_md(args.mentions, b, e, p, args.repeat)
    publish(RESULTS, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
