"""Issue 11's first test, reproducible: a new user watches Renault, SNCF, Macron and Free in the real French
press feeds of ../shared (`fixtures/french-news-rss`) and reads what Veille stored.

Two annotators labelled, each alone and without seeing Veille's output, the sentiment toward the brand of
every (mention, brand) such a run stores, and whether the text as a whole is factual (its author expresses
no emotion): `evaluation/press_scenario.jsonl`, keyed by mention id, without the texts. `veille eval presse`
runs the scenario in a temporary folder (collection and analysis, as `veille run` does) and compares.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

from veille.devset import NEWS_GLOB, ROOT

LABELS = ROOT / "evaluation" / "press_scenario.jsonl"
BRANDS = ("Renault", "SNCF", "Macron", "Free")  # each name is its own query


def write_config(shared: Path, folder: Path) -> Path:
    """A `veille.toml` with the four brands and every feed file of the corpus, as a user would write it."""
    feeds = sorted(str(p) for p in shared.glob(NEWS_GLOB))
    brands = "".join(f'[[brands]]\nname = "{name}"\nquery = "{name}"\n\n' for name in BRANDS)
    path = folder / "veille.toml"
    path.write_text(f'[database]\npath = "veille.db"\n\n{brands}[[sources]]\nname = "presse"\ntype = "rss"\n'
                    f"urls = {json.dumps(feeds, ensure_ascii=False)}\n", encoding="utf-8")
    return path


def collect_and_analyze(shared: Path, folder: Path) -> Path:
    """Run the pipeline of `veille run` on the scenario (some fixture feeds are broken on purpose: a partial
    collection is expected); return the database."""
    from veille.config import load_config
    from veille.pipeline import run_pipeline
    from veille.runs import writer_run

    config = load_config(write_config(shared, folder))
    db = folder / "veille.db"  # never $VEILLE_DB: the scenario must not write into the user's database
    with writer_run(db, "run") as r:
        run_pipeline(r, config)
    return db


def compare(db: Path, labels: Path = LABELS) -> dict:
    """Brand sentiment against the annotators; categories, emotions, motivations and brand kinds as stored."""
    from sklearn.metrics import cohen_kappa_score

    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    tagged = {(m, b): s for b, m, s in conn.execute("SELECT brand, mention_id, sentiment FROM brand_mentions")}
    unknown = [r["mention_id"] for r in rows if (r["mention_id"], r["brand"]) not in tagged]
    if unknown or len(tagged) != len(rows):
        raise ValueError(f"la collecte ne donne plus les couples annotés ({len(tagged)} stockés, {len(rows)} annotés, "
                         f"absents : {unknown[:3]}) : les flux de ../shared ou les requêtes ont changé")
    a, b = [r["sentiment_a"] for r in rows], [r["sentiment_b"] for r in rows]
    agreed = [(r, x) for r, x, y in zip(rows, a, b, strict=True) if x == y]
    factual = {r["mention_id"] for r in rows if r["factual_a"] and r["factual_b"]}
    with_emotion = {m for (m,) in conn.execute("SELECT DISTINCT mention_id FROM mention_emotions")}
    figures = {
        "pairs": len(rows), "mentions": len({r["mention_id"] for r in rows}), "agreed": len(agreed),
        "kappa": cohen_kappa_score(a, b),
        "right": sum(tagged[(r["mention_id"], r["brand"])] == x for r, x in agreed),
        "factual": len(factual), "factual_with_emotion": len(factual & with_emotion),
        "categories": Counter(n for (n,) in conn.execute(
            "SELECT (SELECT count(*) FROM mention_topics t WHERE t.mention_id = m.id AND t.kind = 'category') "
            "FROM mentions m")),
        "motivations": dict(conn.execute("SELECT motivation, count(*) FROM mention_motivations GROUP BY 1")),
        "brand_kinds": conn.execute(
            "SELECT value, kind, count(*) FROM mention_topics WHERE kind IN ('PER', 'ORG', 'LOC', 'MISC') "
            f"AND value IN ({','.join('?' * len(BRANDS))}) GROUP BY 1, 2 ORDER BY 1, 2", BRANDS).fetchall(),
    }
    conn.close()
    return figures


def report(f: dict) -> list[str]:
    return [
        f"{f['pairs']} couples (mention, marque) sur {f['mentions']} mentions",
        f"annotateurs d'accord sur le sentiment : {f['agreed']}/{f['pairs']} (κ {f['kappa']:.3f})",
        f"sentiment envers la marque juste : {f['right']}/{f['agreed']} des couples où ils sont d'accord",
        f"textes factuels (pour les deux annotateurs) avec une émotion : {f['factual_with_emotion']}/{f['factual']}",
        "catégories par mention : " + ", ".join(f"{n} → {c} mention(s)" for n, c in sorted(f["categories"].items())),
        "motivations : " + (", ".join(f"{m} {c}" for m, c in sorted(f["motivations"].items(), key=lambda x: -x[1]))
                            or "aucune"),
        "type des noms de marque parmi les entités : " + ", ".join(f"{v} {k} {c}" for v, k, c in f["brand_kinds"]),
    ]


def evaluate(shared: Path) -> dict:
    """Run the scenario in a temporary folder and compare it with the annotations."""
    with tempfile.TemporaryDirectory(prefix="veille-presse-") as tmp:
        return compare(collect_and_analyze(shared, Path(tmp)))
