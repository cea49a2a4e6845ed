"""`veille demo`: the whole product on built-in French content, no network, no API keys.

The real path: the demo site is served on 127.0.0.1, collected by the real collectors,
analysed, checked for alerts, then shown in the dashboard.

The content is a function of its period (end, days) and seed. The first build ends "now";
the period is recorded in the run's summary, and a later `veille demo` on the same database
serves exactly the same content again, so it adds nothing, whenever it runs. (Ending at the
new "now" renumbered every item after the window's start: hundreds of duplicates.)
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from veille.commands._common import EXIT_OK, EXIT_PARTIAL
from veille.config import load_config
from veille.pipeline import run_pipeline
from veille.runs import writer_run

log = logging.getLogger("demo")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="construire la base de démonstration et ouvrir le tableau de bord",
                       description="Construit une base de démonstration (marques fictives, 90 jours de mentions "
                       "en français, un incident) par le vrai chemin : collecte sur un serveur local, analyse, "
                       "alertes ; puis ouvre le tableau de bord. Aucun réseau, aucune clé d'API.")
    p.add_argument("--db", default="var/demo.db", metavar="FICHIER", help="fichier de la base de démonstration (défaut : var/demo.db)")
    p.add_argument("--no-dashboard", action="store_true", help="construire la base seulement, sans ouvrir le tableau de bord")
    p.add_argument("--port", type=int, default=8501, help="port du tableau de bord (défaut : 8501)")
    p.add_argument("--days", type=int, default=90, metavar="JOURS", help="jours de contenu (défaut : 90)")
    p.set_defaults(func=run)


def demo_period(db_path: Path, now: datetime, days: int) -> tuple[datetime, int]:
    """(end, days) of the content: those already recorded in this database, else (now, days)."""
    if not db_path.exists():
        return now, days
    import storage
    from storage.health import last_run_summary

    conn = storage.open_readonly(db_path)
    try:
        recorded = last_run_summary(conn, "demo", "demo")
    finally:
        conn.close()
    if recorded is None:
        return now, days
    end = datetime.fromisoformat(recorded["end"].replace("Z", "+00:00"))
    log.info("base de démonstration existante : même contenu qu'à sa création (%d jours jusqu'au %s UTC), rien "
             "n'est ajouté en double ; supprimez %s pour une démo qui se termine aujourd'hui",
             recorded["days"], end.strftime("%d/%m/%Y %H:%M"), db_path)
    return end, recorded["days"]


def build_demo(db_path: Path, days: int = 90, progress: bool = False, now: datetime | None = None) -> bool:
    """Build the demo database, or run the demo again on it (same content); True when every step succeeded.

    `now` is the clock (default: the real one), injectable so tests can freeze it at hour and day boundaries.
    """
    # the demo room is loaded by this command only (lazily: `veille demo --help` and other commands need none of it)
    from demo import build_demo_site, serve_demo, write_demo_config

    db_path = Path(db_path)
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    end, days = demo_period(db_path, now, days)
    with tempfile.TemporaryDirectory(prefix="veille-demo-") as tmp:
        site = build_demo_site(Path(tmp) / "site", end=end, days=days)
        with serve_demo(site) as base_url:
            config_path = write_demo_config(site, base_url, db_path.resolve(), Path(tmp) / "veille.toml")
            config = load_config(config_path)
            with writer_run(db_path, "demo") as run:
                run.summary["demo"] = {"end": end.strftime("%Y-%m-%dT%H:%M:%SZ"), "days": days}
                ok = run_pipeline(run, config, progress=progress, now=now)
    return ok


def print_counts(db_path: Path) -> None:
    """What the demo database holds, for the user."""
    import storage

    conn = storage.open_readonly(db_path)
    counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("mentions", "mention_brands", "mention_tags", "mention_topics",
                            "mention_motivations", "alerts")}
    platforms = dict(conn.execute("SELECT platform, count(*) FROM mentions GROUP BY platform").fetchall())
    conn.close()
    print(f"Base de démonstration : {db_path}")
    for table, n in counts.items():
        print(f"  {table:<22}{n:>8}")
    print("  par plateforme : " + ", ".join(f"{p} {n}" for p, n in sorted(platforms.items())))


def run(args: argparse.Namespace) -> int:
    from veille.logs import show_progress

    db_path = Path(args.db)
    ok = build_demo(db_path, days=args.days, progress=show_progress(args.quiet))
    print_counts(db_path)
    if args.no_dashboard:
        return EXIT_OK if ok else EXIT_PARTIAL
    return serve_dashboard(db_path.resolve(), port=args.port)


def serve_dashboard(db_path: Path, port: int) -> int:
    """Run the dashboard on the demo database until Ctrl+C (127.0.0.1 only)."""
    from veille.commands.dashboard import DEFAULT_HOST, serve

    log.info("tableau de bord de démonstration sur http://%s:%d ; Ctrl+C pour arrêter", DEFAULT_HOST, port)
    return serve(db_path, DEFAULT_HOST, port)
