"""Where a user-trained sentiment model lives (next to the database) and how the tagger picks it up."""

from __future__ import annotations

from pathlib import Path

from analysis.tagger import Tagger


def model_dir_for(db_path: str | Path) -> Path:
    """`<db>.sentiment-model/`: written by `veille train-sentiment`, used by analyze/tag when present."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".sentiment-model")


MODEL_FILE = "model.npz"


def user_model_file(db_path: str | Path | None) -> Path | None:
    """The trained model of this database, if `veille train-sentiment` made one."""
    if db_path is None:
        return None
    path = model_dir_for(db_path) / MODEL_FILE
    return path if path.is_file() else None


def load_tagger(db_path: str | Path | None, workers: int = 1) -> Tagger:
    """The tagger for this database: its trained sentiment model when there is one, else the shipped one."""
    return Tagger(workers=workers, sentiment_model=user_model_file(db_path))


TOKEN_CACHE = "tokens.json.gz"


def train_user_model(db_path: str | Path, examples: list) -> dict:
    """Fit a model stacked on the shipped one with the user's examples + the project's written texts.

    The tokens of every text are cached next to the model (`tokens.json.gz`): training again after a few
    corrections only runs spaCy on the new texts. The decision rule is chosen, and the new model measured,
    on a fifth of the user's examples held out from a first fit (`sentiment_training.train`). Written
    atomically (temporary file, then rename) so a running `analyze` never reads half a model. Returns a
    summary: macro-F1 of the shipped model on all the user's examples, and of the new one on the held-out
    fifth (None with fewer than five examples of a class).
    """
    import json
    import os

    from sklearn.metrics import f1_score

    from analysis.pipeline import build_pipeline
    from analysis.sentiment_features import extract
    from analysis.sentiment_model import LABELS, shipped_model, shipped_model_digest
    from analysis.sentiment_training import tokenize_cached, train, written_examples

    folder = model_dir_for(db_path)
    written = written_examples()
    texts = [ex.text for ex in written + examples]
    features = [extract(toks) for toks in tokenize_cached(build_pipeline(), texts, folder / TOKEN_CACHE)]
    pairs = list(zip(features, written + examples, strict=True))
    model, held_out_f1, held, predicted = train(pairs, pairs[len(written):], c=4.0, base=shipped_model())

    def macro_f1(gold: list[str], labels: list[str]) -> float:
        return round(float(f1_score(gold, labels, labels=list(LABELS), average="macro", zero_division=0)), 4)

    gold = [ex.label for ex in examples]
    before = macro_f1(gold, [lab for lab, _ in shipped_model().predict(features[len(written):])])
    before_held = macro_f1([gold[i] for i in held], [lab for lab, _ in shipped_model().predict(
        [features[len(written) + i] for i in held])]) if held else None
    model.meta = {"name": "veille-fr-sentiment-user", "examples": len(examples), "written_examples": len(written),
                  "held_out_macro_f1": held_out_f1 and round(held_out_f1, 4), "base": shipped_model_digest()}
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / ("tmp-" + MODEL_FILE)
    model.save(tmp)
    os.replace(tmp, folder / MODEL_FILE)
    (folder / "meta.json").write_text(json.dumps(model.meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return {"model": str(folder / MODEL_FILE), "examples": len(examples),
            "f1_macro_vos_exemples_avant": before,
            "exemples_mis_de_cote": len(held),
            "f1_macro_mis_de_cote_avant": before_held,
            "f1_macro_mis_de_cote_apres": held_out_f1 and round(held_out_f1, 4)}
