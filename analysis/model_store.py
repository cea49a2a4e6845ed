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
