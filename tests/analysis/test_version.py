"""The analyzer version is derived from what decides the tags, and the stored value is never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

from analysis import version


def test_stored_version_matches_the_shipped_model_lexicons_and_rules() -> None:
    assert version.shipped_version() == version.compute_version(), (
        "analysis/data/analyzer_version.txt est périmé : lancez `python -m analysis.build_data --only version`")


def test_a_rule_or_data_change_changes_the_version(tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / "analysis"
    shutil.copytree(version.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(version, "PACKAGE", copy)
    monkeypatch.setattr(version, "VERSION_FILE", copy / "data" / "analyzer_version.txt")
    before = version.compute_version()
    rules = copy / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# a new rule\n", encoding="utf-8")
    after_rule = version.compute_version()
    (copy / "data" / "polarity_fr.tsv").write_text("génial\t1.0\n", encoding="utf-8")
    after_data = version.compute_version()
    assert len({before, after_rule, after_data}) == 3
    (copy / "spikes.py").write_text("# detection only\n", encoding="utf-8")  # not a tagging input
    assert version.compute_version() == after_data
