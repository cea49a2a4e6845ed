"""`veille backup`, `veille prune` and `veille export` from the command line: files, filters, exit codes."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import storage
from storage.query import parse_query
from tests.support.sample_db import build_sample
from veille.cli import main
from veille.lock import RunLock

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Read-only use: the export tests share one populated database."""
    path = tmp_path_factory.mktemp("sample") / "veille.db"
    conn = storage.connect(path)
    build_sample(conn, now=NOW)
    conn.close()
    return path


@pytest.fixture
def own_db(tmp_path: Path) -> Path:
    """A populated database a test may modify."""
    path = tmp_path / "veille.db"
    conn = storage.connect(path)
    build_sample(conn, now=NOW)
    conn.close()
    return path


# --- backup ---


def test_backup_writes_a_checked_copy_and_refuses_to_overwrite(own_db: Path, tmp_path: Path, capsys) -> None:
    dest = tmp_path / "sauvegardes" / "2026-11-27" / "veille.db"  # folders are created
    assert main(["backup", str(dest), "--db", str(own_db)]) == 0
    assert "intégrité vérifiée" in capsys.readouterr().err
    copy = storage.open_readonly(dest)
    assert copy.execute("SELECT count(*) FROM mentions").fetchone()[0] == 450
    copy.close()
    before = dest.read_bytes()
    assert main(["backup", str(dest), "--db", str(own_db)]) == 2
    assert "--force" in capsys.readouterr().err
    assert dest.read_bytes() == before
    assert main(["backup", str(dest), "--db", str(own_db), "--force"]) == 0


def test_backup_of_a_missing_database_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["backup", str(tmp_path / "b.db"), "--db", str(tmp_path / "absent.db")]) == 2
    assert "introuvable" in capsys.readouterr().err
    assert not (tmp_path / "b.db").exists()


# --- prune ---


def test_prune_dry_run_counts_without_deleting(own_db: Path, capsys) -> None:
    assert main(["prune", "--older-than", "30", "--dry-run", "--db", str(own_db)]) == 0
    out = capsys.readouterr().out
    assert "seraient supprimées" in out and "mention_brands" in out and "alertes" in out
    conn = storage.open_readonly(own_db)
    assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 450


def test_prune_deletes_audits_its_run_and_keeps_alerts(own_db: Path, capsys) -> None:
    conn = storage.open_readonly(own_db)
    cutoff = (NOW - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    expected = conn.execute("SELECT count(*) FROM mentions m WHERE published_at < ? AND m.id NOT IN "
                            "(SELECT mention_id FROM sentiment_overrides UNION "
                            "SELECT mention_id FROM brand_sentiment_overrides)", (cutoff,)).fetchone()[0]
    conn.close()
    assert main(["prune", "--older-than", "30", "--vacuum", "--db", str(own_db)]) == 0
    out = capsys.readouterr().out
    assert f"{expected:>10,}".replace(",", "\u202f") in out
    conn = storage.open_readonly(own_db)
    assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 450 - expected
    assert conn.execute("SELECT count(*) FROM alerts").fetchone()[0] == 1
    run = conn.execute("SELECT command, status, summary FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    assert run["command"] == "prune" and run["status"] == "ok"
    assert json.loads(run["summary"])["deleted"]["mentions"] == expected
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_prune_waits_for_no_one_when_a_run_holds_the_lock(own_db: Path, capsys) -> None:
    with RunLock(own_db, "collect"):
        assert main(["prune", "--older-than", "30", "--db", str(own_db)]) == 1
    assert "une autre exécution" in capsys.readouterr().err


@pytest.mark.parametrize("days", ["0", "-3"])
def test_prune_needs_a_positive_age(own_db: Path, days: str) -> None:
    assert main(["prune", "--older-than", days, "--db", str(own_db)]) == 2


# --- export ---


def all_rows(db: Path) -> list[dict]:
    """The reference: every mention with its tags, computed without the export code."""
    conn = storage.open_readonly(db)
    rows = []
    for r in conn.execute("SELECT v.*, coalesce(m.title, '') || ' ' || m.text AS full FROM mentions_tagged v "
                          "JOIN mentions m ON m.id = v.id"):
        row = dict(r)
        row["brand_set"] = {b[0] for b in conn.execute("SELECT brand FROM mention_brands WHERE mention_id = ?",
                                                        (row["id"],))}
        row["motivation_set"] = {b[0] for b in conn.execute(
            "SELECT motivation FROM mention_motivations WHERE mention_id = ?", (row["id"],))}
        row["toward"] = {b: ("mixed" if mixed else s) for b, s, mixed in conn.execute(
            "SELECT brand, sentiment, mixed FROM brand_mentions WHERE mention_id = ? AND sentiment IS NOT NULL",
            (row["id"],))}
        rows.append(row)
    conn.close()
    return rows


def export_ids(db: Path, tmp_path: Path, fmt: str, *args: str) -> list[str]:
    out = tmp_path / f"export.{fmt}"
    assert main(["export", "-o", str(out), "--db", str(db), *args]) == 0
    if fmt == "csv":
        with open(out, encoding="utf-8", newline="") as f:
            return [row["id"] for row in csv.DictReader(f)]
    if fmt == "jsonl":
        return [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    return pq.read_table(out).column("id").to_pylist()


SINCE = (NOW - timedelta(days=20)).date()
UNTIL = (NOW - timedelta(days=3)).date()
CASES = {
    "all": ([], lambda r: True),
    "brands": (["--brand", "Boréa", "--brand", "Celtis"], lambda r: r["brand_set"] & {"Boréa", "Celtis"}),
    "dates": (["--since", SINCE.isoformat(), "--until", UNTIL.isoformat()],
              lambda r: SINCE <= date.fromisoformat(r["published_at"][:10]) <= UNTIL),
    "platform+sentiment": (["--platform", "x", "--platform", "reddit", "--sentiment", "negative"],  # toward a brand
                           lambda r: r["platform"] in ("x", "reddit") and "negative" in r["toward"].values()),
    "brand+sentiment": (["--brand", "Azura", "--sentiment", "positive"], lambda r: r["toward"].get("Azura") == "positive"),
    "motivation+lang": (["--motivation", "cause", "--lang", "fr"],
                        lambda r: "cause" in r["motivation_set"] and r["lang"] == "fr"),
    "query": (["--query", '(colis OR "service client") NOT honte'],
              lambda r: parse_query('(colis OR "service client") NOT honte').matches(r["full"])),
    "combined": (["--brand", "Azura", "--query", "livraison", "--since", SINCE.isoformat()],
                 lambda r: "Azura" in r["brand_set"] and "livraison" in r["full"]
                 and date.fromisoformat(r["published_at"][:10]) >= SINCE),
}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
@pytest.mark.parametrize("case", list(CASES))
def test_export_selects_exactly_the_filtered_mentions_oldest_first(sample_db: Path, tmp_path: Path, fmt: str,
                                                                   case: str) -> None:
    args, keep = CASES[case]
    reference = sorted((r for r in all_rows(sample_db) if keep(r)), key=lambda r: (r["published_at"], r["id"]))
    assert reference, f"the sample must give rows for {case}"
    assert export_ids(sample_db, tmp_path, fmt, *args) == [r["id"] for r in reference]


def test_corrected_sentiment_wins_in_the_export(sample_db: Path, tmp_path: Path) -> None:
    """A correction toward a brand is what `--sentiment` selects and `brand_sentiments` says; one of the text as
    a whole is the `sentiment` column (the sample corrects the brands of 8 mentions, the text of 3 others)."""
    out = tmp_path / "e.jsonl"
    assert main(["export", "-o", str(out), "--db", str(sample_db), "--sentiment", "negative"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    corrected = [r for r in rows if r["corrected_brands"]]
    assert len(corrected) == 8
    assert all(r["model_sentiment"] == "neutral" and r["corrected_brands"] == r["brands"]
               and r["brand_sentiments"] == [f"{b}:negative" for b in r["brands"]] for r in corrected)
    assert main(["export", "-o", str(out), "--db", str(sample_db)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    texts = [r for r in rows if r["corrected"]]
    assert len(texts) == 3 and all(r["model_sentiment"] == "neutral" and r["sentiment"] == "negative"
                                   and not r["corrected_brands"] for r in texts)


def test_the_sentiment_toward_each_brand_is_exported(sample_db: Path, tmp_path: Path) -> None:
    out, french = tmp_path / "e.jsonl", tmp_path / "e.csv"
    assert main(["export", "-o", str(out), "--db", str(sample_db)]) == 0
    assert main(["export", "-o", str(french), "--db", str(sample_db), "--fr"]) == 0
    exported = {r["id"]: r["brand_sentiments"] for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    reference = {r["id"]: [f"{b}:{s}" for b, s in sorted(r["toward"].items())] for r in all_rows(sample_db)}
    assert exported == reference
    assert any(len(pairs) > 1 for pairs in exported.values())  # a mention naming two brands: two sentiments
    cells = {row["identifiant"]: row["sentiment par marque"] for row in read_csv(french).values()}
    some = next(i for i, pairs in reference.items() if pairs and pairs[0].endswith(":negative"))
    assert cells[some].startswith(reference[some][0].replace(":negative", " : négatif"))


def test_parquet_is_typed(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    assert main(["export", "-o", str(out), "--db", str(sample_db)]) == 0
    table = pq.read_table(out)
    assert table.num_rows == 450
    assert table.schema.field("published_at").type == pa.timestamp("ms", tz="UTC")
    assert table.schema.field("brands").type == pa.list_(pa.string())
    assert table.schema.field("reach").type == pa.int64()
    first = table.slice(0, 1).to_pylist()[0]
    assert isinstance(first["published_at"], datetime) and first["brands"]
    ref = min(all_rows(sample_db), key=lambda r: (r["published_at"], r["id"]))
    assert first["published_at"].strftime("%Y-%m-%dT%H:%M:%SZ") == ref["published_at"]
    assert sorted(first["brands"]) == sorted(ref["brand_set"])


def read_csv(path: Path) -> dict[str, dict]:
    """Rows by id of an export: commas for scripts, semicolons after a byte order mark for a spreadsheet (`--fr`)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        french = path.read_bytes().startswith("\ufeff".encode())
        return {row.get("id") or row["identifiant"]: row for row in csv.DictReader(f, delimiter=";" if french else ",")}


def test_medium_categories_themes_and_emotions_are_exported_strongest_first(own_db: Path, tmp_path: Path) -> None:
    conn = storage.connect(own_db)
    with conn:
        conn.execute("UPDATE mentions SET publication = 'Le Quotidien' WHERE id = 'rss:sample-0'")
        conn.execute("DELETE FROM mention_topics WHERE mention_id = 'rss:sample-0'")
        conn.execute("DELETE FROM mention_emotions WHERE mention_id = 'rss:sample-0'")
        conn.executemany("INSERT INTO mention_topics (mention_id, kind, value, score) VALUES ('rss:sample-0', ?, ?, ?)",
                         [("category", "price", 0.4), ("category", "delivery", 0.9), ("keyphrase", "retard", 0.7),
                          ("keyphrase", "colis perdu", 0.7), ("ORG", "Azura", 1.0)])
        conn.executemany("INSERT INTO mention_emotions (mention_id, emotion, score) VALUES ('rss:sample-0', ?, ?)",
                         [("sadness", 0.3), ("anger", 0.8)])
    conn.close()
    assert main(["export", "-o", str(tmp_path / "e.jsonl"), "--db", str(own_db)]) == 0
    rows = {r["id"]: r for r in map(json.loads, (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines())}
    row = rows["rss:sample-0"]
    assert row["publication"] == "Le Quotidien"
    assert (row["categories"], row["keyphrases"], row["emotions"]) == (["delivery", "price"],
                                                                       ["colis perdu", "retard"], ["anger", "sadness"])
    assert main(["export", "-o", str(tmp_path / "e.csv"), "--db", str(own_db)]) == 0
    row = read_csv(tmp_path / "e.csv")["rss:sample-0"]
    assert (row["categories"], row["keyphrases"], row["emotions"]) == ("delivery,price", "colis perdu,retard",
                                                                       "anger,sadness")
    assert main(["export", "-o", str(tmp_path / "fr.csv"), "--db", str(own_db), "--fr"]) == 0
    row = read_csv(tmp_path / "fr.csv")["rss:sample-0"]
    assert (row["média"], row["catégories"], row["thèmes"], row["émotions"]) == (
        "Le Quotidien", "Livraison,Prix", "colis perdu,retard", "Colère,Tristesse")
    assert main(["export", "-o", str(tmp_path / "e.parquet"), "--db", str(own_db)]) == 0
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.schema.field("publication").type == pa.string()
    for name in ("categories", "keyphrases", "emotions"):
        assert table.schema.field(name).type == pa.list_(pa.string())
    row = next(r for r in table.to_pylist() if r["id"] == "rss:sample-0")
    assert row["categories"] == ["delivery", "price"] and row["emotions"] == ["anger", "sadness"]


def test_a_mention_not_tagged_yet_is_exported_with_blank_tags(own_db: Path, tmp_path: Path) -> None:
    conn = storage.connect(own_db)
    with conn:
        conn.execute("DELETE FROM mention_tags WHERE mention_id = 'rss:sample-0'")
    conn.close()
    for fr in ([], ["--fr"]):
        assert main(["export", "-o", str(tmp_path / "e.csv"), "--db", str(own_db), *fr]) == 0
        row = read_csv(tmp_path / "e.csv")["rss:sample-0"]
        assert row["mixed" if not fr else "mitigée"] == "" and row["sentiment"] == ""


def test_csv_neutralises_formulas_and_jsonl_keeps_the_text(own_db: Path, tmp_path: Path) -> None:
    conn = storage.connect(own_db)
    conn.execute("UPDATE mentions SET title = '=HYPERLINK(\"http://evil\")' WHERE id = 'rss:sample-0'")
    conn.close()
    assert main(["export", "-o", str(tmp_path / "e.csv"), "--db", str(own_db)]) == 0
    with open(tmp_path / "e.csv", encoding="utf-8", newline="") as f:
        titles = {row["id"]: row["title"] for row in csv.DictReader(f)}
    assert titles["rss:sample-0"] == "'=HYPERLINK(\"http://evil\")"
    assert main(["export", "-o", str(tmp_path / "e.jsonl"), "--db", str(own_db)]) == 0
    rows = {r["id"]: r for r in map(json.loads, (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines())}
    assert rows["rss:sample-0"]["title"] == '=HYPERLINK("http://evil")'


def test_export_to_a_pipe_closed_early_is_not_an_error(sample_db: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "veille.cli", "export", "-o", "-", "--format", "csv",
                             "--db", str(sample_db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"id,platform,")
    proc.stdout.close()  # like `| head -1`
    assert proc.wait(timeout=60) == 0
    assert b"Traceback" not in proc.stderr.read()


def test_export_to_stdout(sample_db: Path, capsys) -> None:
    assert main(["--quiet", "export", "-o", "-", "--format", "jsonl", "--db", str(sample_db), "--brand", "Celtis"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all("Celtis" in json.loads(line)["brands"] for line in lines)


@pytest.mark.parametrize("args, message", [
    (["-o", "x.txt"], "précisez --format"),
    (["-o", "-", "--format", "parquet"], "Parquet"),
    (["-o", "x.csv", "--query", "colis AND ("], "position"),
    (["-o", "x.csv", "--since", "2026-02-01", "--until", "2026-01-01"], "inversez"),
    (["-o", "veille.toml/x.csv"], "impossible de créer le dossier"),
])
def test_export_usage_errors(sample_db: Path, tmp_path: Path, monkeypatch, capsys, args, message) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "veille.toml").write_text('[[brands]]\nname = "A"\nquery = "a"\n')  # a file, not a folder
    assert main(["export", "--db", str(sample_db), *args]) == 2
    assert message in capsys.readouterr().err
    assert not list(tmp_path.glob("*.csv")) and not list(tmp_path.glob(".*part"))


def test_export_bad_date_is_refused_by_argparse(sample_db: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", "-o", "x.csv", "--db", str(sample_db), "--since", "01/02/2026"])
    assert exc.value.code == 2 and "AAAA-MM-JJ" in capsys.readouterr().err


def test_export_reads_a_snapshot_while_a_writer_holds_a_transaction(sample_db: Path, tmp_path: Path) -> None:
    writer = sqlite3.connect(sample_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM mention_tags")
    try:
        assert len(export_ids(sample_db, tmp_path, "csv", "--sentiment", "positive")) > 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_mixed_mentions_are_exported_and_can_be_selected(own_db: Path, tmp_path: Path) -> None:
    """A mitigated mention is neutral with `mixed` true; `--sentiment mixed` selects exactly those."""
    from storage.records import Tags
    from storage.tags import save_tags

    conn = storage.connect(own_db)
    ids = [r[0] for r in conn.execute("SELECT id FROM mentions ORDER BY published_at, id LIMIT 3")]
    save_tags(conn, "test", "1", [Tags(i, "fr", "neutral", 0.1, mixed=True) for i in ids[:2]]
              + [Tags(ids[2], "fr", "neutral", 0.0)])
    conn.close()
    assert export_ids(own_db, tmp_path, "jsonl", "--sentiment", "mixed") == ids[:2]
    rows = {json.loads(line)["id"]: json.loads(line)
            for line in (tmp_path / "export.jsonl").read_text(encoding="utf-8").splitlines()}
    assert all(r["mixed"] is True and r["sentiment"] == "neutral" for r in rows.values())
    both = export_ids(own_db, tmp_path, "parquet", "--sentiment", "mixed", "--sentiment", "positive")
    assert set(ids[:2]) <= set(both) and ids[2] not in both
