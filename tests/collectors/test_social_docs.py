"""docs/collectors.md documents every setting and environment variable of the collectors."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectors import bluesky, reddit, x
from collectors.registry import COLLECTORS
from collectors.social import SearchCollector
from tools.settings_doc import COMMON, DOCS, blocks, render

DOC = (Path(__file__).resolve().parents[2] / "docs" / "collectors.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", [k for k, cls in COLLECTORS.items() if issubclass(cls, SearchCollector)])
def test_every_setting_is_documented(kind):
    missing = [key for key in COLLECTORS[kind].SETTINGS if f"| `{key}` |" not in DOC]
    assert not missing, f"réglages de {kind} absents de docs/collectors.md : {missing}"


def test_every_variable_is_documented():
    for name in (x.TOKEN_ENV, bluesky.HANDLE_ENV, bluesky.PASSWORD_ENV, reddit.ID_ENV, reddit.SECRET_ENV):
        assert f"`{name}`" in DOC


def test_every_source_type_and_alert_section_has_its_generated_settings_table():
    assert sorted(blocks(DOC)) == sorted([COMMON, *COLLECTORS])
    assert blocks(DOCS[1].read_text(encoding="utf-8")) == ["[alerts]", "[notifications]"]


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_the_settings_tables_are_generated_from_the_settings(doc: Path):
    text = doc.read_text(encoding="utf-8")
    assert render(text) == text, (
        f"docs/{doc.name}: settings tables out of date: run `.venv/bin/python -m tools.settings_doc`")
