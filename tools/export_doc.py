"""Write the table of `veille export`'s columns in `docs/operations.md` from the export schema.

The columns (code, kind, French header) are written once, in `storage.export_queries.EXPORT_COLUMNS`, and
their French values in `presentation.export.FRENCH_VALUES`; the doc's table is generated from them. Run after
changing a column (a test fails while they disagree):

    .venv/bin/python -m tools.export_doc

The table sits between `<!-- colonnes de l'export -->` and `<!-- fin des colonnes -->`.
"""

from __future__ import annotations

import re
from pathlib import Path

from presentation.export import french_values
from storage.export_queries import EXPORT_COLUMNS

DOC = Path(__file__).resolve().parents[1] / "docs" / "operations.md"
_BLOCK = re.compile(r"(<!-- colonnes de l'export -->\n).*?(<!-- fin des colonnes -->)", re.S)
_KINDS = {"text": "texte", "int": "entier", "real": "nombre", "bool": "booléen", "time": "date (UTC)",
          "list": "liste de textes"}


def _values(name: str, kind: str) -> str:
    names = french_values(name, kind)
    if names is None:
        return "—"
    return ", ".join(f"`{str(code).lower()}` : {french}" for code, french in names.items())


def table() -> str:
    """A Markdown table: colonne, type, en-tête `--fr`, valeurs `--fr`."""
    rows = ["| colonne | type | en-tête `--fr` | valeurs en français (`--fr`) |", "| --- | --- | --- | --- |"]
    rows += [f"| `{c.name}` | {_KINDS[c.kind]} | {c.french} | {_values(c.name, c.kind)} |" for c in EXPORT_COLUMNS]
    return "\n".join(rows) + "\n"


def render(text: str) -> str:
    """The doc with the columns table regenerated."""
    return _BLOCK.sub(lambda m: m.group(1) + table() + m.group(2), text)


def main() -> None:
    DOC.write_text(render(DOC.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
