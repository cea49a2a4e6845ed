"""Issue 11's first test, reproducible: a new user watches Renault, SNCF, Macron and Free in the real French
press feeds of ../shared (`fixtures/french-news-rss`, read in place, never copied) and reads what Veille stored.

Two annotators labelled, each alone and without seeing Veille's output, the sentiment toward the brand of
every (mention, brand) such a run stores, and whether the text as a whole is factual (its author expresses
no emotion): `evaluation/press_scenario.jsonl`, keyed by mention id, without the texts. `veille eval presse`
runs the scenario in a temporary folder (collection and analysis, as `veille run` does) and compares.
The same builder makes the real-feeds database of the dashboard and report tests (`tests/support`).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from contextlib import closing
from pathlib import Path

from veille.devset import ROOT

LABELS = ROOT / "evaluation" / "press_scenario.jsonl"
Brand = tuple[str, str, bool]  # name, query, own
SCENARIO_BRANDS: tuple[Brand, ...] = tuple((name, name, False) for name in ("Renault", "SNCF", "Macron", "Free"))


class ScenarioError(Exception):
    """The scenario cannot be run or compared (corpora missing or changed, analysis failed)."""


def press_feeds(shared: Path) -> list[Path]:
    feeds = sorted((shared / "fixtures" / "french-news-rss").rglob("*.xml"))
    if not feeds:
        raise ScenarioError(f"aucun flux fixtures/french-news-rss/*.xml dans {shared} : indiquez les corpus tiers "
                            "avec --shared DOSSIER")
    return feeds


def write_config(shared: Path, db: Path, path: Path, brands: tuple[Brand, ...]) -> Path:
    """A veille.toml watching `brands` in every press feed file of ../shared, as a user would write it."""
    lines = ["[database]", f"path = {json.dumps(str(db))}", ""]
    for name, query, own in brands:
        lines += ["[[brands]]", f"name = {json.dumps(name)}", f"query = {json.dumps(query, ensure_ascii=False)}",
                  *(["own = true"] if own else []), ""]
    urls = json.dumps([str(f) for f in press_feeds(shared)], ensure_ascii=False)
    lines += ["[[sources]]", 'name = "presse"', 'type = "rss"', f"urls = {urls}", 'lang = "fr"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def build_real_feeds_db(shared: Path, db: Path, workdir: Path, brands: tuple[Brand, ...]) -> Path:
    """Collect, analyse and look for alerts in the real feeds, as `veille run` does; return the database. Some
    feeds are broken on purpose: the run reports them and goes on. A failed analysis is an error."""
    from veille.config import load_config
    from veille.pipeline import run_pipeline
    from veille.runs import writer_run

    config = load_config(write_config(shared, db, workdir / "veille.toml", brands))
    with writer_run(db, "run") as run:
        run_pipeline(run, config)
    if "error" in run.summary.get("analyze", {}):
        raise ScenarioError(f"analyse en échec : {run.summary['analyze']['error']}")
    return db


def compare(db: Path, labels: Path = LABELS) -> dict:
    """Brand sentiment against the annotators; categories, emotions, motivations and brand kinds as stored."""
    from sklearn.metrics import cohen_kappa_score

    from storage.db import open_readonly

    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    with closing(open_readonly(db)) as conn:
        tagged = {(m, b): s for b, m, s in conn.execute("SELECT brand, mention_id, sentiment FROM brand_mentions")}
        missing = [f"{r['mention_id']} ({r['brand']})" for r in rows if (r["mention_id"], r["brand"]) not in tagged]
        if missing or len(tagged) != len(rows):
            raise ScenarioError(f"la collecte ne donne plus les couples annotés ({len(tagged)} stockés, {len(rows)} "
                                f"annotés{', absents : ' + ', '.join(missing[:3]) if missing else ''}) : les flux de "
                                "../shared ou les règles de collecte ont changé")
        with_emotion = {m for (m,) in conn.execute("SELECT DISTINCT mention_id FROM mention_emotions")}
        categories = Counter(n for (n,) in conn.execute(
            "SELECT (SELECT count(*) FROM mention_topics t WHERE t.mention_id = m.id AND t.kind = 'category') "
            "FROM mentions m"))
        motivations = dict(conn.execute("SELECT motivation, count(*) FROM mention_motivations GROUP BY 1"))
        names = [name for name, _, _ in SCENARIO_BRANDS]
        kinds = conn.execute("SELECT value, kind, count(*) FROM mention_topics WHERE kind IN ('PER', 'ORG', 'LOC', "
                             f"'MISC') AND value IN ({','.join('?' * len(names))}) GROUP BY 1, 2 ORDER BY 1, 2",
                             names).fetchall()
    a, b = [r["sentiment_a"] for r in rows], [r["sentiment_b"] for r in rows]
    agreed = [(r, x) for r, x, y in zip(rows, a, b, strict=True) if x == y]
    polar = [(r, x) for r, x in agreed if x != "neutral"]
    factual = {r["mention_id"] for r in rows if r["factual_a"] and r["factual_b"]}
    return {
        "pairs": len(rows), "mentions": len({r["mention_id"] for r in rows}), "agreed": len(agreed),
        "kappa": cohen_kappa_score(a, b), "tagged": sum(s is not None for s in tagged.values()),
        "right": sum(tagged[(r["mention_id"], r["brand"])] == x for r, x in agreed),
        "polar": len(polar), "polar_right": sum(tagged[(r["mention_id"], r["brand"])] == x for r, x in polar),
        "factual": len(factual), "factual_with_emotion": len(factual & with_emotion),
        "categories": categories, "motivations": motivations, "brand_kinds": kinds,
    }


def report(f: dict) -> list[str]:
    """The figures, in French, one line each (`veille eval presse`)."""
    return [
        f"{f['pairs']} couples (mention, marque) sur {f['mentions']} mentions",
        f"annotateurs d'accord sur le sentiment : {f['agreed']}/{f['pairs']} (κ {f['kappa']:.3f})",
        f"sentiment envers la marque juste : {f['right']}/{f['agreed']} des couples où ils sont d'accord, dont "
        f"{f['polar_right']}/{f['polar']} positifs ou négatifs",
        f"textes factuels (pour les deux annotateurs) avec une émotion : {f['factual_with_emotion']}/{f['factual']}",
        "catégories par mention : " + ", ".join(f"{n} → {c} mention(s)" for n, c in sorted(f["categories"].items())),
        "motivations : " + (", ".join(f"{m} {c}" for m, c in sorted(f["motivations"].items(), key=lambda x: -x[1]))
                            or "aucune"),
        "type des noms de marque parmi les entités : " + ", ".join(f"{v} {k} {c}" for v, k, c in f["brand_kinds"]),
    ]


def evaluate(shared: Path) -> dict:
    """Run the scenario in a temporary folder (never $VEILLE_DB: not the user's database) and compare it."""
    with tempfile.TemporaryDirectory(prefix="veille-presse-") as tmp:
        folder = Path(tmp)
        return compare(build_real_feeds_db(shared, folder / "veille.db", folder, SCENARIO_BRANDS))
