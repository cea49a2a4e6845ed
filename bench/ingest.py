"""Ingest throughput of the RSS path: feed bytes → parse → brand match → stored rows.

Run: `.venv/bin/python -m bench.ingest [--feeds 40] [--items 50] [--repeat 3]`. Generates French
RSS 2.0 feeds of `--items` items (HTML descriptions, entities, tracking links, about 45 words
each), then, `--repeat` times on a fresh database: `collectors.rss.parse_feed` on every feed,
`collectors.runner.BrandMatcher` (one tokenisation per mention, every brand query), and
`storage.collect_writes.save_batch` per feed (one transaction each, FTS5 trigger included), as
`veille collect` does. Reports the median mentions/s end to end and per stage, next to bare
`feedparser.parse` on the same bytes (the floor our parsing layer adds to), measured in the same run.
Writes `bench/results/ingest.md`.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import feedparser

import storage
from bench import publish
from collectors.rss import parse_feed
from collectors.runner import BrandMatcher
from storage.collect_writes import save_batch, sync_brands, sync_source
from storage.db import utcnow
from storage.records import Batch, Brand

RESULTS = Path(__file__).resolve().parent / "results" / "ingest.md"
BRANDS = [
    Brand("Fibrea", "Fibrea NOT fibreaux", own=True),
    Brand("Ondelis", '"Ondelis" OR "box Ondelis"'),
    Brand("Banque Lumière", '"Banque Lumière" OR banqlum*'),
    Brand("Voltéo", "Voltéo NEAR/6 (voiture OR batterie OR recharge)"),
    Brand("Crème Solène", '"Crème Solène" OR "Solène cosmétiques"'),
]
SUBJECTS = ["Fibrea", "Ondelis", "la Banque Lumière", "Voltéo", "Crème Solène", "la mairie", "un artisan local",
            "le syndicat des transports", "une start-up rennaise"]
VERBS = ["annonce", "dément", "prépare", "suspend", "lance", "reporte", "célèbre", "critique"]
OBJECTS = ["une nouvelle offre", "un plan social", "une hausse de ses tarifs", "une panne géante", "un partenariat",
           "une application mobile", "l'ouverture d'une boutique", "une campagne de rappel", "la recharge rapide"]
TAILS = ["Les clients sont très déçus et le font savoir sur les réseaux.",
         "Selon nos informations, la décision a été prise la semaine dernière.",
         "« C'est une excellente nouvelle pour la région », estime l'adjoint au maire.",
         "Le service client reste injoignable depuis lundi, d'après plusieurs lecteurs.",
         "La batterie de la voiture tient enfin ses promesses, selon les premiers essais.",
         "Les associations de consommateurs demandent des explications &amp; un geste commercial.",
         "Le cours de l'action a reculé de 3&nbsp;% à l'ouverture."]


def make_feed(rng: random.Random, index: int, items: int) -> bytes:
    """One realistic French RSS 2.0 feed of `items` items."""
    now = datetime(2026, 11, 1, tzinfo=UTC)
    parts = [f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Journal {index}</title><link>https://journal{index}.example/</link><language>fr-FR</language>
<description>Actualité régionale</description>"""]
    for i in range(items):
        title = f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        body = " ".join(f"<p>{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)}. "
                        f"{rng.choice(TAILS)}</p>" for _ in range(3))
        when = format_datetime(now - timedelta(minutes=37 * i + index), usegmt=True)
        link = f"https://journal{index}.example/article/{i}?utm_source=rss&amp;xtor=RSS-{index}"
        parts.append(f"<item><title>{escape(title)}</title><link>{link}</link>"
                     f"<guid isPermaLink=\"false\">j{index}-{i}</guid><pubDate>{when}</pubDate>"
                     f"<dc:creator>Rédaction</dc:creator><description><![CDATA[{body}]]></description></item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode()


def one_run(feeds: list[bytes]) -> dict[str, float]:
    """Parse, match and store every feed into a fresh database; seconds per stage and counts."""
    matcher = BrandMatcher(BRANDS)
    with tempfile.TemporaryDirectory() as tmp:
        conn = storage.connect(Path(tmp) / "bench.db")
        sync_brands(conn, BRANDS)
        sync_source(conn, "bench", "rss", {})
        parse_s = match_s = save_s = 0.0
        parsed = stored = 0
        for i, data in enumerate(feeds):
            t0 = time.perf_counter()
            mentions, _ = parse_feed(data, {"Content-Type": "application/rss+xml"}, "bench", f"https://journal{i}.example/rss")
            t1 = time.perf_counter()
            for m in mentions:
                m.brands = matcher.match(m)
            kept = [m for m in mentions if m.brands]
            t2 = time.perf_counter()
            stored += save_batch(conn, "bench", f"feed-{i}", Batch(kept, {"sha256": str(i)}), utcnow(), None)
            t3 = time.perf_counter()
            parse_s, match_s, save_s = parse_s + t1 - t0, match_s + t2 - t1, save_s + t3 - t2
            parsed += len(mentions)
        rows = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        conn.close()
    assert rows == stored, (rows, stored)
    return {"parse": parse_s, "match": match_s, "save": save_s, "total": parse_s + match_s + save_s,
            "items": parsed, "stored": stored}


def bare_feedparser(feeds: list[bytes]) -> float:
    started = time.perf_counter()
    for data in feeds:
        feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=40, help="number of generated feeds")
    parser.add_argument("--items", type=int, default=50, help="items per feed")
    parser.add_argument("--repeat", type=int, default=3, help="runs (the median is reported)")
    args = parser.parse_args(argv)
    rng = random.Random(2026)
    feeds = [make_feed(rng, i, args.items) for i in range(args.feeds)]
    runs = [one_run(feeds) for _ in range(args.repeat)]
    bare = statistics.median(bare_feedparser(feeds) for _ in range(args.repeat))
    items, stored = runs[0]["items"], runs[0]["stored"]
    med = {k: statistics.median(r[k] for r in runs) for k in ("parse", "match", "save", "total")}
    lines = [
        "# Ingest throughput of the RSS path",
        "",
        f"{args.feeds} generated French feeds × {args.items} items = {items} items "
        f"({sum(map(len, feeds)) / len(feeds) / 1024:.0f} KiB per feed); {stored} matched a brand and were stored "
        f"({len(BRANDS)} brand queries). Median of {args.repeat} runs, each into a fresh database.",
        "",
        "| stage | seconds | items/s | share |",
        "| --- | ---: | ---: | ---: |",
        f"| bare `feedparser.parse` (baseline, same bytes) | {bare:.3f} | {items / bare:,.0f} | |",
        f"| `parse_feed` (feedparser + text, dates, ids) | {med['parse']:.3f} | {items / med['parse']:,.0f} | "
        f"{med['parse'] / med['total']:.0%} |",
        f"| brand matching (`BrandMatcher`) | {med['match']:.3f} | {items / med['match']:,.0f} | "
        f"{med['match'] / med['total']:.0%} |",
        f"| `save_batch` (stored rows, FTS5) | {med['save']:.3f} | {stored / med['save']:,.0f} | "
        f"{med['save'] / med['total']:.0%} |",
        f"| **end to end** | {med['total']:.3f} | **{items / med['total']:,.0f} items/s, "
        f"{stored / med['total']:,.0f} stored mentions/s** | 100% |",
        "",
        f"`parse_feed` costs {med['parse'] / bare:.2f}× bare feedparser on the same bytes.",
        "",
        "Reproduce: `.venv/bin/python -m bench.ingest` "
        f"(`--feeds {args.feeds} --items {args.items} --repeat {args.repeat}`).",
    ]
    publish(RESULTS, "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
