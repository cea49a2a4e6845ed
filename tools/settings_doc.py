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
from collectors.settings import Setting, either, exactly_one, spec
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


def table(settings: dict[str, Setting], one_of: tuple[tuple[str, ...], ...] = ()) -> str:
    """A Markdown table: réglage, type, défaut, sens; then the rules on groups of keys (`exactly_one`)."""
    rows = ["| réglage | type | défaut | sens |", "| --- | --- | --- | --- |"]
    rows += [f"| `{key}` | {_TYPES[one.type]} | {_default(one)} | {one.help} |" for key, one in settings.items()]
    rows += [f"\nIl faut exactement une de ces clés : {either(group)}." for group in one_of]
    return "\n".join(rows) + "\n"


def _dataclass(name: str) -> type:
    """The settings dataclass a block documents: a config section's, the shared page settings, or a source type's."""
    if name in SECTIONS:
        return SECTIONS[name]
    return PageSettings if name == COMMON else COLLECTORS[name].Settings


def settings_of(name: str) -> dict[str, Any]:
    """The settings a block documents; a platform search's own, without the shared page settings."""
    shared = spec(PageSettings) if name in COLLECTORS and issubclass(COLLECTORS[name], SearchCollector) else {}
    return {key: one for key, one in spec(_dataclass(name)).items() if key not in shared}


def blocks(text: str) -> list[str]:
    """The names of the generated blocks, in the doc's order."""
    return [m.group(2) for m in _BLOCK.finditer(text)]


def render(text: str) -> str:
    """The doc with every block's table regenerated."""
    return _BLOCK.sub(lambda m: m.group(1) + table(settings_of(m.group(2)), exactly_one(_dataclass(m.group(2))))
                      + m.group(3), text)


def main() -> None:
    for doc in DOCS:
        doc.write_text(render(doc.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
