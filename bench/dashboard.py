"""Dashboard speed at a million mentions: every page's queries, median of 5 runs, per query and per page.

Run: `.venv/bin/python -m bench.dashboard [--mentions 1000000] [--db PATH] [--runs 5]`.
Builds the database with `bench.generate` when it is missing (about 6 minutes for 1 M on 2 shared
cores), else reuses it (migrating it to the current schema). Each query opens its own read-only
connection and closes it, as the dashboard does, outside Streamlit's cache (what a user waits for on a
first view or after new data); SQLite's page cache is warm after the first run.
Also measures what the summary triggers cost on the write paths (collect, tag, correct), against the
same schema without them, in the same run. Writes `bench/results/dashboard.md`.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import storage
from presentation import frames
from storage import alerts as alert_store
from storage import dashboard_queries as dq
from storage.collect_writes import save_batch, sync_source
from storage.health import source_health
from storage.records import Batch, Mention, Sentiment, Tags
from storage.tags import save_tags
from storage.user_actions import set_sentiment_overrides

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "dashboard.md"
Query = Callable[[Any], Any]
SEARCH = 'panne OR coupure OR "service client"'


def scenarios(options: dict[str, Any]) -> list[tuple[str, dq.Filters]]:
    today = datetime.now(UTC).date()

    def last(days: int, **kw: Any) -> dq.Filters:
        return dq.Filters(start=(today - timedelta(days=days - 1)).isoformat(), end=today.isoformat(), **kw)

    own = options["own"]
    return [
        ("30 jours, toutes les marques (vue par défaut)", last(30)),
        ("12 mois, toutes les marques", last(365)),
        ("30 jours, votre marque", last(30, brands=(own,))),
        ("12 mois, votre marque, négatif", last(365, brands=(own,), sentiments=("negative",))),
        ("12 mois, motivation « Défendre une cause »", last(365, motivations=("cause",))),
        ("12 mois, Mastodon en allemand (sélection rare)", last(365, platforms=("mastodon",), langs=("de",))),
    ]


def pages(f: dq.Filters, conn: Any, own: str) -> dict[str, list[tuple[str, Query]]]:
    """The queries each page runs for this selection (what `dashboard/app_pages/*` ask `dashboard.data` for)."""
    prev = f.previous()
    since, until = f.time_range
    grain = frames.grain_for(f.days)
    trend_grain = "day"  # the page's default step, whatever the period
    net_grain = frames.net_grain_for(f.days)
    motive_grain = "day" if f.days <= 45 else ("week" if f.days <= 180 else "month")
    compared = f if not f.brands or own in f.brands else replace(f, brands=(*f.brands, own))
    today = datetime.now(UTC).date()
    yesterday = replace(compared, start=(today - timedelta(days=1)).isoformat(), end=today.isoformat())
    negative = [replace(sel, brands=(own,), sentiments=("negative",)) for sel in (yesterday, compared)]
    # Drill-down targets picked outside the timings: the busiest day of the busiest brand, the top category.
    top = max(dq.series(conn, f, "day"), key=lambda r: r["mentions"], default=None)
    category = next(iter(dq.category_totals(conn, f)["rows"]), None)  # the page offers only these
    alerts = {s: alert_store.list_alerts(conn, s, f.brands or None, limit=100) for s in alert_store.STATUSES}
    alert = next(iter(alert_store.list_alerts(conn, limit=1)), {"id": 1})["id"]
    hour_ago = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    day_ago = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    first_author = next(iter(dq.voices(conn, f, "author", limit=1)["top"]), None)

    def influential(found: list[dict[str, Any]]) -> list[str]:
        return [m["id"] for a in found for m in a["explanation"].get("mentions", []) if m.get("id")]

    result: dict[str, list[tuple[str, Query]]] = {
        "Vue d'ensemble": [
            ("filter_options", dq.filter_options),
            ("key_figures (et période précédente)", lambda c: dq.key_figures(c, compared, own)),
            ("what_changed", lambda c: dq.what_changed(c, compared, own)),
            ("À traiter : selection_size ×2", lambda c: [dq.selection_size(c, sel) for sel in negative]),
            ("À traiter : to_handle ×2", lambda c: [dq.to_handle(c, sel, own, limit=5) for sel in (yesterday, compared)]),
            ("brand_totals", lambda c: dq.brand_totals(c, compared)),
            (f"series ({grain})", lambda c: dq.series(c, compared, grain)),
            ("alert_markers", lambda c: dq.alert_markers(c, compared)),
            ("list_alerts (5)", lambda c: alert_store.list_alerts(c, brands=compared.brands or None, limit=5)),
        ],
        "Tendances": [
            ("filter_options", dq.filter_options),
            (f"series ({trend_grain})", lambda c: dq.series(c, f, trend_grain)),
            ("alert_markers", lambda c: dq.alert_markers(c, f)),
            ("mentions d'un point", lambda c: dq.list_mentions(
                c, f.narrow(f"{top['bucket']}T00:00:00Z", f"{top['bucket']}T23:59:59Z", top["brand"]),
                sort="reach", limit=20) if top else None),
        ],
        "Concurrence": [
            ("key_figures (et période précédente)", lambda c: dq.key_figures(c, f, own)),
            (f"series ({grain})", lambda c: dq.series(c, f, grain)),
            (f"series ({net_grain}, sentiment net)", lambda c: dq.series(c, f, net_grain)),
        ],
        "Thèmes": [
            ("selection_size", lambda c: dq.selection_size(c, f)),
            ("category_totals", lambda c: dq.category_totals(c, f)),
            ("topic_counts", lambda c: dq.topic_counts(c, f)),
            ("topic_counts (période précédente)", lambda c: dq.topic_counts(c, prev)),
        ] + ([("explorer une catégorie", lambda c: dq.list_mentions(c, f, limit=30, topic=("category", category["label"])))]
             if category else []),
        "Auteurs et médias": [
            ("filter_options", dq.filter_options),
            ("selection_size", lambda c: dq.selection_size(c, f)),
            ("voices (auteurs, audience ; nouvelles voix)", lambda c: dq.voices(c, f, "author", "reach")),
            ("voices (médias, audience ; nouveaux)", lambda c: dq.voices(c, f, "medium", "reach")),
        ],
        "Auteurs : par nombre de mentions": [
            ("voices (auteurs, mentions ; nouvelles voix)", lambda c: dq.voices(c, f, "author", "mentions")),
            ("voices (médias, mentions ; nouveaux)", lambda c: dq.voices(c, f, "medium", "mentions")),
        ],
        "Auteurs : les mentions d'un auteur": [("voice_mentions", lambda c: dq.voice_mentions(
            c, f, "author", first_author["voice"], limit=50) if first_author else None)],
        "Motivations": [
            ("label_totals", lambda c: dq.label_totals(c, f, "motivation")),
            ("selection_size", lambda c: dq.selection_size(c, f)),
            ("label_totals par marque", lambda c: dq.label_totals(c, f, "motivation", "brand")),
            ("label_totals par plateforme", lambda c: dq.label_totals(c, f, "motivation", "platform")),
            (f"label_totals par {motive_grain}", lambda c: dq.label_totals(c, f, "motivation", motive_grain)),
        ],
        "Mentions": [
            ("list_mentions (page 1)", lambda c: dq.list_mentions(c, f, limit=25)),
            ("count_mentions", lambda c: dq.count_mentions(c, f)),
        ],
        "Mentions : page 10": [("list_mentions (offset 225)", lambda c: dq.list_mentions(c, f, limit=25, offset=225))],
        "Mentions : tri par audience": [("list_mentions (reach)", lambda c: dq.list_mentions(c, f, sort="reach",
                                                                                             limit=25))],
        "Mentions : recherche": [("list_mentions (FTS)", lambda c: dq.list_mentions(c, f, search=SEARCH, limit=25))],
        "Alertes": [
            ("count_alerts ×3", lambda c: [dq.count_alerts(c, s, f.brands) for s in alert_store.STATUSES]),
            ("list_alerts ×3", lambda c: [alert_store.list_alerts(c, s, f.brands or None, limit=100)
                                          for s in alert_store.STATUSES]),
            ("mentions_by_id ×3 (mentions des alertes)", lambda c: [dq.mentions_by_id(c, influential(found))
                                                                    for found in alerts.values()]),
            ("get_alert (lien ?alert=)", lambda c: alert_store.get_alert(c, alert)),
        ],
        "Sources": [
            ("source_health", source_health),
            ("fetch_summary", lambda c: dq.fetch_summary(c, day_ago)),
            ("fetch_activity", lambda c: dq.fetch_activity(c, hour_ago)),
            ("recent_fetches", lambda c: dq.recent_fetches(c, None, 100)),
        ],
    }
    if f.days <= dq.HOURLY_MAX_DAYS:
        result["Tendances (pas horaire)"] = [("series (hour)", lambda c: dq.series(c, f, "hour"))]
    return result


def timed(db: Path, query: Query, runs: int) -> float:
    """Median wall time in ms of open read-only → query → close."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        conn = storage.open_readonly(db)
        try:
            query(conn)
        finally:
            conn.close()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def _write_paths(with_triggers: bool, mentions: list[Mention], tags: list[Tags]) -> dict[str, float]:
    """Seconds spent by the real write paths on a fresh database, summary triggers kept or dropped."""
    with tempfile.TemporaryDirectory() as tmp:
        conn = storage.connect(Path(tmp) / "w.db")
        if not with_triggers:
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                        "AND name LIKE 'dash%'").fetchall():
                conn.execute(f"DROP TRIGGER {name}")
        sync_source(conn, "s", "x", {})
        spent = {}
        started = time.perf_counter()
        for k in range(0, len(mentions), 100):
            save_batch(conn, "s", "t", Batch(mentions[k:k + 100], {}), "2026-11-01T00:00:00Z", None)
        spent["collecte (save_batch)"] = time.perf_counter() - started
        started = time.perf_counter()
        for k in range(0, len(tags), 100):
            save_tags(conn, "bench", "1", tags[k:k + 100])
        spent["analyse (save_tags)"] = time.perf_counter() - started
        started = time.perf_counter()
        for m in mentions[:300]:
            set_sentiment_overrides(conn, m.id, {m.brands[0]: "negative"})
        spent["300 corrections"] = time.perf_counter() - started
        conn.close()
    return spent


def write_overhead(runs: int = 3, n: int = 3000) -> dict[str, tuple[float, float]]:
    """Collect, tag and correct `n` mentions with and without the summary triggers: (with, without) medians."""
    mentions = [Mention(id=f"x:{i}", platform="x", source="s", text=f"texte {i}", author_followers=i,
                        author_handle=f"u{i % 700}",
                        published_at=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z",
                        brands=["A", "B"] if i % 8 == 0 else ["A"]) for i in range(n)]
    tags = [Tags(m.id, "fr", ("positive", "neutral", "negative")[i % 3], 0.1,
                 brand_sentiments={"A": Sentiment("negative", -0.5)} if i % 8 == 0 else {},
                 motivations={"information": 0.8, "cause": 0.6},
                 topics=[("category", "price", 1.0), ("keyphrase", "tarif", 1.0), ("ORG", "A", 1.0)],
                 emotions={"joy": 0.4})
            for i, m in enumerate(mentions)]
    with_t = [_write_paths(True, mentions, tags) for _ in range(runs)]
    without = [_write_paths(False, mentions, tags) for _ in range(runs)]
    return {name: (statistics.median(r[name] for r in with_t), statistics.median(r[name] for r in without))
            for name in with_t[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure la vitesse des requêtes du tableau de bord.")
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--db", help="base à utiliser ou à créer (défaut : var/bench/dashboard-<N>.db)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    db = Path(args.db or ROOT / "var" / "bench" / f"dashboard-{args.mentions}.db")
    if not db.exists():
        from bench.generate import generate

        db.parent.mkdir(parents=True, exist_ok=True)
        print(f"construction de {db} ({args.mentions} mentions)…", flush=True)
        started = time.perf_counter()
        generate(db, args.mentions, quiet=False)
        print(f"  construite en {time.perf_counter() - started:.0f} s")
    storage.connect(db).close()  # apply pending migrations
    conn = storage.open_readonly(db)
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("mentions", "dash_facts", "dash_daily", "dash_daily_labels", "dash_monthly_labels",
                        "dash_voices", "mention_topics")}
    options = dq.filter_options(conn)
    lines = [
        "# Tableau de bord : vitesse des requêtes", "",
        f"Base : `{db.relative_to(ROOT) if db.is_relative_to(ROOT) else db}` ({db.stat().st_size / 1e9:.2f} Go) — "
        + ", ".join(f"{t} {n:,}".replace(",", " ") for t, n in counts.items()) + ".",
        f"Médiane de {args.runs} exécutions par requête, connexion lecture seule ouverte et fermée à chaque fois, "
        "hors cache Streamlit. Mesuré le " + datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC") + ".", "",
    ]
    slowest: list[tuple[float, str, str, str]] = []
    page_totals: list[tuple[float, str, str]] = []
    for label, f in scenarios(options):
        print(f"\n== {label}", flush=True)
        lines += [f"## {label}", "", "| page | total (ms) | requête la plus lente | (ms) |", "| --- | ---: | --- | ---: |"]
        detail = []
        for page, queries in pages(f, conn, options["own"]).items():
            times = [(timed(db, q, args.runs), name) for name, q in queries]
            total = sum(t for t, _ in times)
            worst = max(times)
            page_totals.append((total, page, label))
            slowest += [(t, name, page, label) for t, name in times]
            print(f"  {page:32s} {total:8.1f} ms   (plus lente : {worst[1]} {worst[0]:.1f} ms)", flush=True)
            lines.append(f"| {page} | {total:.0f} | {worst[1]} | {worst[0]:.0f} |")
            detail += [f"{page} / {name} : {t:.1f} ms" for t, name in times]
        lines += ["", "<details><summary>Chaque requête</summary>", "", *[f"- {d}" for d in detail], "",
                  "</details>", ""]
    export_ms = timed(db, lambda c: dq.export_mentions(c, scenarios(options)[1][1]), max(1, args.runs // 2))
    conn.close()
    slowest.sort(reverse=True)
    page_totals.sort(reverse=True)
    summary = [
        "## Résumé", "",
        f"- Requête la plus lente : **{slowest[0][1]}** (page {slowest[0][2]}, « {slowest[0][3]} ») : "
        f"**{slowest[0][0]:.0f} ms**.",
        f"- Page la plus lente (somme de ses requêtes) : **{page_totals[0][1]}** (« {page_totals[0][2]} ») : "
        f"**{page_totals[0][0]:.0f} ms**.",
        f"- Requêtes au-dessus de 500 ms : {sum(1 for s in slowest if s[0] > 500)} sur {len(slowest)} ; "
        f"pages au-dessus de 500 ms : {sum(1 for p in page_totals if p[0] > 500)} sur {len(page_totals)}.",
        f"- Export CSV de 10 000 mentions (au clic, hors affichage) : {export_ms:.0f} ms.", "",
    ]
    print("\nsurcoût des déclencheurs à l'écriture…", flush=True)
    overhead = write_overhead()
    summary += ["## Coût à l'écriture des résumés (déclencheurs)", "",
                "3 000 mentions (12 % citant deux marques) écrites par les fonctions réelles, avec et sans les "
                "déclencheurs `dash_*`, médiane de 3 :", "",
                "| chemin | avec (s) | sans (s) | rapport |", "| --- | ---: | ---: | ---: |"]
    for name, (with_t, without) in overhead.items():
        summary.append(f"| {name} | {with_t:.2f} | {without:.2f} | × {with_t / without:.1f} |")
        print(f"  {name:12s} avec {with_t:.2f} s, sans {without:.2f} s (× {with_t / without:.1f})")
    summary.append("")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines[:5] + summary + lines[5:]) + "\n", encoding="utf-8")
    print("\n" + "\n".join(summary))
    print(f"résultats : {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
