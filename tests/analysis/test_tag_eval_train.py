"""`veille tag`, `veille eval`, `veille train-sentiment` driven through the CLI."""

from __future__ import annotations

import io
import json

import pytest

from analysis import model_store
from analysis.tagger import VERSION, Tagger
from storage.db import utcnow
from tests.analysis.conftest import store_mentions
from veille.cli import main
from veille.commands.tag import tag_stream

LINES = [
    b'{"text": "Free c\'est top, Orange c\'est nul", "brands": ["Free", "Orange"], "id": "a"}',
    b"pas du json",
    b"",
    b'{"texte": "sans champ text"}',
    '{"text": "caf\u00e9 froid"}'.encode("latin-1"),
    b'{"text": "The parcel never arrived"}',
    b'{"text": ""}',
    b'{"text": "Livraison rapide, merci !", "brands": "Free"}',
]


@pytest.fixture
def shared_tagger(tagger, monkeypatch):
    monkeypatch.setattr(model_store, "load_tagger", lambda db, workers=1: tagger)
    return tagger


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_tag_writes_one_line_per_input_line_with_per_line_errors(tmp_path, shared_tagger):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(b"\n".join(LINES) + b"\n")
    assert main(["tag", str(src), "-o", str(out), "--db", str(tmp_path / "x.db")]) == 1  # some lines failed
    rows = read_jsonl(out)
    assert [r["line"] for r in rows] == [1, 2, 4, 5, 6, 7, 8]
    first = rows[0]
    assert first["id"] == "a" and first["lang"] == "fr"
    assert set(first) >= {"sentiment", "brand_sentiment", "motivations", "topics", "entities", "emotions"}
    assert first["brand_sentiment"]["Free"]["label"] == "positive"
    assert first["brand_sentiment"]["Orange"]["label"] == "negative"
    assert "JSON invalide" in rows[1]["error"]
    assert "text" in rows[2]["error"]
    assert "UTF-8" in rows[3]["error"]
    assert rows[4]["lang"] == "en" and rows[4]["sentiment"] is None
    assert rows[5]["sentiment"]["label"] in ("positive", "neutral", "negative")
    assert "brands" in rows[6]["error"]


def test_tag_reads_stdin_and_ok_exit(tmp_path, shared_tagger, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "Super service"}\n')))
    assert main(["tag", "-", "--db", str(tmp_path / "x.db")]) == 0
    assert json.loads(capsys.readouterr().out)["sentiment"]["label"] == "positive"


def test_two_workers_stream_in_order(nlp):
    source = io.BytesIO(b"\n".join([f'{{"text": "Message {i}", "id": {i}}}'.encode() for i in range(30)] + [b"bad"]))
    out = io.StringIO()
    with Tagger(nlp=nlp, workers=2) as pooled:
        assert tag_stream(pooled, source, out, batch_size=4) == (30, 1)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r.get("id") for r in rows] == list(range(30)) + [None]


def test_progress_counts_lines_on_stderr_only_when_asked(tagger, capsys):
    source = b"\n".join(b'{"text": "Message %d"}' % i for i in range(5))
    for progress in (False, True):
        tag_stream(tagger, io.BytesIO(source), io.StringIO(), batch_size=2, progress=progress)
        err = capsys.readouterr().err
        assert ("5 lignes" in err) is progress


def test_missing_file_is_a_usage_error(tmp_path):
    assert main(["tag", str(tmp_path / "absent.jsonl")]) == 2
    assert main(["eval", "sentiment", str(tmp_path / "absent.jsonl")]) == 2


def write_labelled(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


SMALL = [{"text": "Service impeccable, merci", "label": "positive"},
         {"text": "Colis perdu, honteux", "label": "negative"},
         {"text": "Le magasin ouvre lundi à 9 h", "label": "neutral"}]


def test_eval_sentiment_prints_baseline_and_ours(tmp_path, capsys):
    path = tmp_path / "gold.jsonl"
    write_labelled(path, SMALL)
    assert main(["eval", "sentiment", str(path), "--db", str(tmp_path / "none.db")]) == 0
    out = capsys.readouterr().out
    assert "textblob-fr (référence)" in out and "veille (modèle livré)" in out and "entraîné" not in out
    ours = next(line for line in out.splitlines() if line.startswith("veille (modèle livré)"))
    assert ours.split()[4] == "100.0"  # accuracy column: the three easy cases


def test_eval_motivations_table(tmp_path, capsys):
    path = tmp_path / "mot.jsonl"
    write_labelled(path, [{"text": "Signez la pétition !", "motivations": ["cause"]},
                          {"text": "mdr 😂", "motivations": ["entertainment"]}])
    assert main(["eval", "motivations", str(path)]) == 0
    out = capsys.readouterr().out
    assert "cause" in out and "moyenne (macro)" in out
    write_labelled(path, [{"text": "x", "motivations": ["nope"]}])
    assert main(["eval", "motivations", str(path)]) == 2


def test_train_sentiment_learns_new_slang_and_corrections(tmp_path, db_path, conn, capsys):
    ids = store_mentions(conn, ["Exemplo, ça me gave", "Exemplo ouvre lundi"])
    conn.execute("INSERT INTO sentiment_overrides (mention_id, sentiment, corrected_at) VALUES (?, 'negative', ?)",
                 (ids[0], utcnow()))
    words = ["zorglub", "zorglubesque", "zorglubé"]
    rows = [{"text": f"Franchement c'est {w} ce {thing}", "label": "negative"}
            for w in words for thing in ("service", "magasin", "forfait", "site", "colis")]
    rows += [{"text": f"Franchement c'est bidulo ce {thing}", "label": "positive"}
             for thing in ("service", "magasin", "forfait", "site", "colis", "resto", "film")]
    path = tmp_path / "mine.jsonl"
    write_labelled(path, rows)
    assert main(["train-sentiment", str(path), "--db", str(db_path)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["corrections"] == 1 and summary["examples"] == len(rows) + 1
    model_file = model_store.user_model_file(db_path)
    assert model_file is not None and model_file.parent.name == "veille.db.sentiment-model"

    test = tmp_path / "test.jsonl"
    write_labelled(test, [{"text": "Franchement c'est zorglub ce train", "label": "negative"},
                          {"text": "Franchement c'est bidulo ce train", "label": "positive"}])
    assert main(["eval", "sentiment", str(test), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    trained = next(line for line in out.splitlines() if line.startswith("veille (modèle entraîné)"))
    assert trained.split()[4] == "100.0"

    tagger = model_store.load_tagger(db_path)
    assert tagger.version.startswith(VERSION + "+")  # a new model makes every stored tag stale


def test_train_sentiment_learns_a_brand_correction_on_the_brand_s_own_context(db_path, conn, capsys):
    """A correction toward a brand is learned on that brand's context, as the tagger reads it: here the clause
    naming Kelvo, not the praise of Orbelle around it. A brand that only speaks gives nothing to learn."""
    from analysis.pipeline import build_pipeline
    from analysis.sentiment_training import featurize
    from storage.tags import sentiment_corrections
    from veille.commands.train_sentiment import correction_examples

    ids = store_mentions(conn, ["Orbelle est super. Kelvo est une arnaque, fuyez.",
                                "Selon Kelvo, la fibre arrive en mars.",
                                "Kelvo est bien plus cher qu'Orbelle."], brands=["Orbelle", "Kelvo"])
    for mention_id, brand, label in ((ids[0], "Kelvo", "negative"), (ids[1], "Kelvo", "negative"),
                                     (ids[2], "Orbelle", "positive")):
        conn.execute("INSERT INTO brand_sentiment_overrides (mention_id, brand, sentiment, corrected_at) "
                     "VALUES (?, ?, ?, ?)", (mention_id, brand, label, utcnow()))
    rows = sentiment_corrections(conn)
    assert [sorted(r["brands"].split("\x1f")) for r in rows] == [["Kelvo", "Orbelle"]] * 3
    examples = correction_examples(rows)
    assert len(examples) == 2  # « Selon Kelvo, … »: Kelvo only speaks
    (features, example), (compared, mirrored) = examples
    assert example.label == "negative" and example.text.endswith("[Kelvo]")
    # Orbelle is only the compared one: its praise is learned as blame of the comparison, which judges Kelvo
    assert mirrored.label == "negative" and mirrored.text.endswith("[Orbelle]")
    whole, own = featurize(build_pipeline(), ["Orbelle est super. Kelvo est une arnaque, fuyez.",
                                              "Kelvo est une arnaque, fuyez."])
    assert features.terms == own.terms != whole.terms and features.lexicon_score == own.lexicon_score
    assert main(["train-sentiment", "--db", str(db_path)]) == 0  # no whole-text example: still something to learn
    summary = json.loads(capsys.readouterr().out)
    assert summary["corrections"] == 3 and summary["examples"] == 2


def test_train_sentiment_without_examples_is_a_usage_error(db_path):
    assert main(["train-sentiment", "--db", str(db_path)]) == 2


def test_user_model_of_another_shipped_model_is_not_used(tmp_path, caplog):
    from analysis.components import load_sentiment_model
    from analysis.sentiment_model import shipped_model

    stale = shipped_model()
    stale.save(tmp_path / "model.npz")  # its meta has no "base": stacked on an unknown model
    assert load_sentiment_model(str(tmp_path / "model.npz")) is shipped_model()
    assert "train-sentiment" in caplog.text


def test_train_motivations_learns_from_files_and_corrections(tmp_path, db_path, conn, capsys):
    ids = store_mentions(conn, ["Exemplo ouvre lundi", "Exemplo, rien à dire"])
    conn.execute("INSERT INTO motivation_overrides (mention_id, motivations, model_motivations, corrected_at) "
                 "VALUES (?, '[\"cause\"]', '{}', ?)", (ids[0], utcnow()))
    rows = [{"text": f"Zorglubez avec nous pour {thing} !", "motivations": ["cause"]}
            for thing in ("le service", "le magasin", "le forfait", "le site", "les colis", "le resto")]
    rows += [{"text": f"Bidulo le {thing}, voilà.", "motivations": []} for thing in ("service", "magasin", "forfait")]
    path = tmp_path / "mine.jsonl"
    write_labelled(path, rows)
    assert main(["train-motivations", str(path), "--db", str(db_path)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["corrections"] == 1 and summary["examples"] == len(rows) + 1
    model_file = model_store.user_model_file(db_path, "motivation")
    assert model_file is not None and model_file.parent.name == "veille.db.motivation-model"
    tagger = model_store.load_tagger(db_path)
    assert "+m" in tagger.version  # a new model makes every stored tag stale: `analyze` re-tags
    from analysis.components import load_motivation_model
    from analysis.motivation_training import featurize_motivations

    inputs = featurize_motivations(tagger.nlp, ["Zorglubez avec nous pour le train !"])
    cause = 0  # MOTIVATIONS order
    assert (load_motivation_model(str(model_file)).probabilities(inputs)[0, cause]
            > load_motivation_model("").probabilities(inputs)[0, cause] + 0.2)  # it learned the new word

    assert main(["eval", "motivations", str(path), "--db", str(db_path)]) == 0
    assert "veille (modèle entraîné)" in capsys.readouterr().out


def test_train_motivations_without_examples_or_with_bad_ones_is_a_usage_error(tmp_path, db_path):
    assert main(["train-motivations", "--db", str(db_path)]) == 2
    path = tmp_path / "bad.jsonl"
    write_labelled(path, [{"text": "x", "motivations": ["fun"]}])
    assert main(["train-motivations", str(path), "--db", str(db_path)]) == 2


def test_user_motivation_model_of_another_shipped_model_is_not_used(tmp_path, caplog):
    from analysis.components import load_motivation_model
    from analysis.motivation_model import shipped_motivation_model

    shipped_motivation_model().save(tmp_path / "model.npz")  # no "base" in its meta
    assert load_motivation_model(str(tmp_path / "model.npz")) is shipped_motivation_model()
    assert "train-motivations" in caplog.text
