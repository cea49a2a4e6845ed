"""Write the settings tables of `docs/collectors.md` and `docs/alerts.md` from the typed settings.

Each key's type, default and meaning are written once, in its `collectors.settings.setting` field;
the docs' tables are generated from them. Run after changing a setting (a test fails while they disagree):

    .venv/bin/python -m tools.settings_doc

A table sits between `<!-- réglages NAME -->` and `<!-- fin des réglages -->`, where NAME is a source
`type`, `communs` for the page settings every platform search shares (left out of each platform's table),
or a section of `veille.toml` such as `[alerts]`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from collectors.registry import COLLECTORS
from collectors.settings import Setting, spec
from collectors.social import PageSettings, SearchCollector
from veille.config import AlertSettings, NotificationSettings

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "docs" / "collectors.md", ROOT / "docs" / "alerts.md")
COMMON = "communs"
SECTIONS = {"[alerts]": AlertSettings, "[notifications]": NotificationSettings}
_BLOCK = re.compile(r"(<!-- réglages (\S+) -->\n).*?(<!-- fin des réglages -->)", re.S)
_TYPES = {int: "entier", float: "nombre", (int, float): "nombre", str: "texte", bool: "booléen", list: "liste"}


def _default(one: Setting) -> str:
    value = one.default
    if one.required:
        return "(obligatoire)"
    if value is None:
        return "—"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f"`{value}`"
    if isinstance(value, list):
        return "`[" + ", ".join(f'"{v}"' for v in value) + "]`"
    return f"{value:g}"


def table(settings: dict[str, Setting]) -> str:
    """A Markdown table: réglage, type, défaut, sens."""
    rows = ["| réglage | type | défaut | sens |", "| --- | --- | --- | --- |"]
    rows += [f"| `{key}` | {_TYPES[one.type]} | {_default(one)} | {one.help} |" for key, one in settings.items()]
    return "\n".join(rows) + "\n"


def settings_of(name: str) -> dict[str, Any]:
    """The settings a block documents: a config section's, the shared page settings, or a source type's own."""
    if name in SECTIONS:
        return spec(SECTIONS[name])
    if name == COMMON:
        return spec(PageSettings)
    cls = COLLECTORS[name]
    shared = spec(PageSettings) if issubclass(cls, SearchCollector) else {}
    return {key: one for key, one in cls.SETTINGS.items() if key not in shared}


def blocks(text: str) -> list[str]:
    """The names of the generated blocks, in the doc's order."""
    return [m.group(2) for m in _BLOCK.finditer(text)]


def render(text: str) -> str:
    """The doc with every block's table regenerated."""
    return _BLOCK.sub(lambda m: m.group(1) + table(settings_of(m.group(2))) + m.group(3), text)


def main() -> None:
    for doc in DOCS:
        doc.write_text(render(doc.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
