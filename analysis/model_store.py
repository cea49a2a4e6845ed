"""Where the user-trained sentiment and motivation models live (next to the database) and how the tagger
picks them up."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis.tagger import Tagger


def model_dir_for(db_path: str | Path, task: str = "sentiment") -> Path:
    """`<db>.sentiment-model/` (`veille train-sentiment`) or `<db>.motivation-model/` (`veille train-motivations`),
    used by analyze/tag when present."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.name}.{task}-model")


MODEL_FILE = "model.npz"


def user_model_file(db_path: str | Path | None, task: str = "sentiment") -> Path | None:
    """The trained model of this database for `task` (sentiment, motivation), if the user made one."""
    if db_path is None:
        return None
    path = model_dir_for(db_path, task) / MODEL_FILE
    return path if path.is_file() else None


def load_tagger(db_path: str | Path | None, workers: int = 1) -> Tagger:
    """The tagger for this database: its trained models when there are some, else the shipped ones."""
    return Tagger(workers=workers, sentiment_model=user_model_file(db_path),
                  motivation_model=user_model_file(db_path, "motivation"))


def _save_atomically(model, db_path: str | Path, task: str) -> Path:
    """Temporary file, then rename: a running `analyze` never reads half a model. Returns the model file."""
    import json
    import os

    folder = model_dir_for(db_path, task)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / ("tmp-" + MODEL_FILE)
    model.save(tmp)
    os.replace(tmp, folder / MODEL_FILE)
    (folder / "meta.json").write_text(json.dumps(model.meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder / MODEL_FILE


TOKEN_CACHE = "tokens.json.gz"


def train_user_model(db_path: str | Path, examples: list) -> dict:
    """Fit a model stacked on the shipped one with the user's examples + the project's written texts.

    `examples`: `Example`s (whole texts) and (features, Example) pairs (a brand's own context, already featurized:
    `sentiment_training.brand_examples`). The tokens of every whole text are cached next to the model
    (`tokens.json.gz`): training again after a few corrections only runs spaCy on the new texts. The decision
    rule is chosen, and the new model measured, on a fifth of the user's examples held out from a first fit
    (`sentiment_training.train`). Written atomically (temporary file, then rename) so a running `analyze` never
    reads half a model. Returns a summary: macro-F1 of the shipped model on all the user's examples, and of the
    new one on the held-out fifth (None with fewer than five examples of a class).
    """
    from sklearn.metrics import f1_score

    from analysis.pipeline import build_pipeline
    from analysis.sentiment_features import extract
    from analysis.sentiment_model import LABELS, shipped_model, shipped_model_digest
    from analysis.sentiment_training import Example, tokenize_cached, train, written_examples

    folder = model_dir_for(db_path, "sentiment")
    written = written_examples()
    texts = written + [ex for ex in examples if isinstance(ex, Example)]
    features = [extract(toks) for toks in tokenize_cached(build_pipeline(), [ex.text for ex in texts],
                                                          folder / TOKEN_CACHE)]
    pairs = list(zip(features, texts, strict=True)) + [ex for ex in examples if not isinstance(ex, Example)]
    user = pairs[len(written):]
    model, held_out_f1, held, predicted = train(pairs, user, c=4.0, base=shipped_model())

    def macro_f1(gold: list[str], labels: list[str]) -> float:
        return round(float(f1_score(gold, labels, labels=list(LABELS), average="macro", zero_division=0)), 4)

    def shipped(indices: Sequence[int]) -> list[str]:
        return [lab for lab, _ in shipped_model().predict([user[i][0] for i in indices])]

    gold = [ex.label for _, ex in user]
    before = macro_f1(gold, shipped(range(len(user))))
    before_held = macro_f1([gold[i] for i in held], shipped(held)) if held else None
    model.meta = {"name": "veille-fr-sentiment-user", "examples": len(user), "written_examples": len(written),
                  "held_out_macro_f1": held_out_f1 and round(held_out_f1, 4), "base": shipped_model_digest()}
    return {"model": str(_save_atomically(model, db_path, "sentiment")), "examples": len(user),
            "f1_macro_vos_exemples_avant": before,
            "exemples_mis_de_cote": len(held),
            "f1_macro_mis_de_cote_avant": before_held,
            "f1_macro_mis_de_cote_apres": held_out_f1 and round(held_out_f1, 4)}


def train_user_motivation_model(db_path: str | Path, examples: list) -> dict:
    """Fit a motivation model stacked on the shipped one with the user's examples + the project's written texts
    (the thresholds by cross-validation on them all). Summary: macro-F1 on the user's examples of the shipped
    model and of the new one (cross-validated: never on examples it learned)."""
    from analysis.motivation_model import shipped_motivation_digest, shipped_motivation_model
    from analysis.motivation_training import (
        SHIPPED_C,
        featurize_motivations,
        macro_f1,
        train,
        written_motivation_examples,
    )
    from analysis.pipeline import build_pipeline
    from storage.labels import MOTIVATIONS

    written = written_motivation_examples()
    inputs = featurize_motivations(build_pipeline(), [ex.text for ex in written + examples],
                                   cache=model_dir_for(db_path, "motivation") / TOKEN_CACHE)
    model, held_out = train(inputs, written + examples, c=SHIPPED_C, base=shipped_motivation_model())
    gold = [ex.motivations for ex in examples]
    before = macro_f1(gold, [set(p) for p in shipped_motivation_model().predict(inputs[len(written):])])
    after = macro_f1(gold, [{label for label, q, t in zip(MOTIVATIONS, p, model.thresholds, strict=True) if q >= t}
                            for p in held_out[len(written):]])
    model.meta = {"name": "veille-fr-motivations-user", "examples": len(examples), "written_examples": len(written),
                  "base": shipped_motivation_digest()}
    return {"model": str(_save_atomically(model, db_path, "motivation")), "examples": len(examples),
            "f1_macro_vos_exemples_avant": before, "f1_macro_vos_exemples_apres_validation_croisee": after}
