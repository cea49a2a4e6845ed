"""The analyzer version: a digest of everything that decides the tags — the shipped model, lexicons and data,
and the source of the rules — so that an upgrade re-tags exactly when what it ships would tag differently.

It is computed at build time (`python -m analysis.build_data --only version`) into `data/analyzer_version.txt`;
`tests/analysis/test_version.py` fails while the stored value is stale, so nobody bumps it by hand or forgets to.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from storage import labels

PACKAGE = Path(__file__).resolve().parent
# The label lists decide the tags too (FEEL's flag order, the motivation model's columns).
LABEL_LISTS = Path(labels.__file__).resolve()
VERSION_FILE = PACKAGE / "data" / "analyzer_version.txt"
# Modules that never change a tag: training, evaluation, spike detection, plumbing.
NOT_TAGGING = frozenset({
    "__init__.py", "version.py", "build_data.py", "evaluation.py", "spikes.py", "runner.py",
    "model_store.py", "baseline.py", "errors.py", "sentiment_training.py", "motivation_training.py",
    "feature_probe.py",
})
DATA_SUFFIXES = (".npz", ".gz", ".tsv", ".txt", ".json")


def tagging_inputs() -> list[Path]:
    """The files whose content decides the tags, in a stable order."""
    sources = [p for p in PACKAGE.glob("*.py") if p.name not in NOT_TAGGING]
    data = [p for p in (PACKAGE / "data").iterdir()
            if p.suffix in DATA_SUFFIXES and p != VERSION_FILE and p.is_file()]
    return sorted(sources + data, key=lambda p: p.relative_to(PACKAGE).as_posix())


def compute_version() -> str:
    """12 hex digits of a SHA-256 over the inputs' names and contents (line endings normalised)."""
    digest = hashlib.sha256()
    for path in tagging_inputs():
        content = path.read_bytes()
        if path.suffix == ".py":
            content = content.replace(b"\r\n", b"\n")
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + content + b"\0")
    digest.update(b"storage/labels.py\0" + LABEL_LISTS.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()[:12]


def write_version() -> str:
    version = compute_version()
    VERSION_FILE.write_text(version + "\n", encoding="utf-8")
    return version


def shipped_version() -> str:
    """The version stored at build time."""
    return VERSION_FILE.read_text(encoding="utf-8").strip()
