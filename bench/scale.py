"""Scale: analysing a million mentions — throughput, peak memory (flat?), database size per million.

Run: `.venv/bin/python -m bench.scale [--mentions 1000000] [--workers 2]` (about 40 min at 1 M on 2 cores).
The mentions (untagged) are copied from the dashboard benchmark's generated database
(`bench.generate`, built first if missing), then `veille analyze` runs on them as a user runs it,
in its own process; the resident memory of that process and its workers is sampled every second.
Writes `bench/results/scale.md`.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import storage

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (Linux /proc), in MB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def build_untagged(source: Path, target: Path, n: int) -> None:
    """Copy n mentions and their brand links, without any tag, into a fresh database."""
    storage.connect(target).close()
    conn = sqlite3.connect(target)
    conn.execute("ATTACH DATABASE ? AS src", (f"file:{source}?mode=ro",))
    cols = ("id, platform, source, url, title, text, author_handle, author_name, author_followers, likes, shares, "
            "replies, reach, platform_lang, published_at, collected_at, raw")
    with conn:
        conn.execute(f"INSERT INTO mentions ({cols}) SELECT {cols} FROM src.mentions ORDER BY seq LIMIT ?", (n,))
        conn.execute("INSERT INTO mention_brands SELECT b.* FROM src.mention_brands b "
                     "JOIN mentions m ON m.id = b.mention_id")
    conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Analyse d'un million de mentions : débit, mémoire, taille.")
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--source-db", type=Path, default=ROOT / "var" / "bench" / "dashboard-1000000.db")
    args = parser.parse_args(argv)
    if not args.source_db.exists():
        from bench.generate import generate

        args.source_db.parent.mkdir(parents=True, exist_ok=True)
        generate(args.source_db, 1_000_000, quiet=False)
    db = ROOT / "var" / "bench" / f"analyze-{args.mentions}.db"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    build_untagged(args.source_db, db, args.mentions)
    copy_s = time.perf_counter() - started
    size_untagged = db.stat().st_size
    proc = subprocess.Popen([sys.executable, "-m", "veille.cli", "--quiet", "analyze", "--db", str(db),
                             "--workers", str(args.workers)])
    samples: list[tuple[float, float, int]] = []  # (seconds, MB, tagged)
    started = time.perf_counter()
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    while proc.poll() is None:
        elapsed = time.perf_counter() - started
        tagged = reader.execute("SELECT count(*) FROM mention_tags").fetchone()[0] if len(samples) % 30 == 0 \
            else samples[-1][2]
        samples.append((elapsed, tree_rss_mb(proc.pid), tagged))
        time.sleep(1)
    total_s = time.perf_counter() - started
    tagged = reader.execute("SELECT count(*) FROM mention_tags").fetchone()[0]
    reader.close()
    size_tagged = db.stat().st_size
    peak = max(mb for _, mb, _ in samples) if samples else 0.0
    lines = [
        "# Analyse à grande échelle", "",
        f"Mesuré le {datetime.now(UTC):%Y-%m-%d %H:%M UTC}, {thousands(args.mentions)} mentions copiées de "
        f"`{args.source_db.name}` ({copy_s:.0f} s), `veille analyze --workers {args.workers}`.", "",
        "| mesure | valeur |", "| --- | ---: |",
        f"| mentions analysées | {thousands(tagged)} |",
        f"| durée | {total_s:.0f} s |",
        f"| débit | {tagged / total_s:.0f} mentions/s |",
        f"| mémoire résidente maximale (processus + workers) | {peak:.0f} Mo |",
        f"| taille de la base collectée (texte, FTS, résumés), par million de mentions | "
        f"{size_untagged / args.mentions * 1e6 / 1e9:.2f} Go |",
        f"| taille de la base analysée, par million de mentions | {size_tagged / args.mentions * 1e6 / 1e9:.2f} Go |",
        "", "Mémoire au fil de l'analyse (la courbe doit rester plate) :", "",
        "| avancement | mémoire (Mo) |", "| ---: | ---: |",
    ]
    for fraction in (0.05, 0.25, 0.5, 0.75, 0.95):
        t = total_s * fraction
        near = min(samples, key=lambda s: abs(s[0] - t)) if samples else (0, 0, 0)
        lines.append(f"| {fraction:.0%} du temps | {near[1]:.0f} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if proc.returncode == 0 and tagged == args.mentions else 1


if __name__ == "__main__":
    sys.exit(main())
