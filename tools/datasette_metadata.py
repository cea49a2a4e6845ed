"""Build `docs/datasette-metadata.json` from `docs/schema.md`, so column descriptions are written once.

Run after changing the schema documentation (a test fails while the two disagree):

    .venv/bin/python -m tools.datasette_metadata

Datasette keys table metadata by database name (the file name without `.db`), so the same
descriptions are emitted for every name in `DATABASE_NAMES`; `--database NAME` adds another.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DOC = ROOT / "docs" / "schema.md"
METADATA = ROOT / "docs" / "datasette-metadata.json"
DATABASE_NAMES = ("veille", "demo")  # ./veille.db (default) and var/demo.db (`make demo`)

_HEADING = re.compile(r"^### `([a-z_0-9]+)`\s*$")
_SAME_AS = re.compile(r"^comme dans `([a-z_0-9]+)`$")

SEARCH_SQL = """SELECT v.published_at, v.platform, v.brands, v.sentiment, v.title, v.text, v.url, v.reach
FROM mentions_fts
JOIN mentions m ON m.seq = mentions_fts.rowid
JOIN mentions_tagged v ON v.id = m.id
WHERE mentions_fts MATCH :recherche
ORDER BY mentions_fts.rowid DESC
LIMIT 200"""

# Extra table options Datasette cannot detect on its own.
TABLE_OPTIONS = {
    # The FTS5 table is declared with content='mentions' (single quotes), which Datasette's
    # detection does not recognise: name it, with the rowid column it indexes.
    "mentions": {"fts_table": "mentions_fts", "fts_pk": "seq", "sort_desc": "published_at"},
    "mentions_tagged": {"sort_desc": "published_at"},
    "alerts": {"sort_desc": "window_start"},
}


def _plain(text: str) -> str:
    """Markdown emphasis and code marks removed: Datasette shows descriptions as plain text."""
    return re.sub(r"\*\*|`", "", text).strip()


def parse_schema_doc(text: str) -> dict[str, dict]:
    """{table: {"description": str, "columns": {column: description}}} from the schema documentation."""
    tables: dict[str, dict] = {}
    current: dict | None = None
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        heading = _HEADING.match(line)
        if heading:
            current = tables.setdefault(heading.group(1), {"description": "", "columns": {}, "same_as": {}})
        elif line.startswith("## "):
            current = None
        elif current is None or in_code or not line.strip():
            continue
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells[0] == "colonne" or set(cells[0]) <= {"-", " "}:
                continue
            same = _SAME_AS.match(cells[-1])
            for name in re.findall(r"`([a-z_0-9]+)`", cells[0]):
                if same:
                    current["same_as"][name] = same.group(1)
                else:
                    current["columns"][name] = _plain(cells[-1])
        else:  # prose before or after the column table
            current["description"] = (current["description"] + " " + _plain(line)).strip()
    for table in tables.values():  # "comme dans `mentions`": copy the referenced description
        for name, other in table.pop("same_as").items():
            table["columns"][name] = tables[other]["columns"][name]
    return tables


def build_metadata(schema_text: str, names: tuple[str, ...] = DATABASE_NAMES) -> dict:
    """The Datasette metadata document (title, description, tables, the full-text search query)."""
    tables = {}
    for name, doc in parse_schema_doc(schema_text).items():
        tables[name] = {"description": doc["description"], "columns": doc["columns"], **TABLE_OPTIONS.get(name, {})}
    database = {
        "description": "Les mentions de vos marques et de vos concurrents, leurs analyses et les alertes. "
                       "Schéma détaillé : docs/schema.md ; questions types : docs/analysts.md.",
        "tables": tables,
        "queries": {
            "recherche": {
                "title": "Recherche plein texte dans les mentions",
                "description": "Syntaxe FTS5, sans accents : decu trouve déçu ; \"service client\" pour une "
                               "expression exacte ; livraison NOT colis ; rembours* pour un préfixe. "
                               "Les 200 mentions les plus récentes, avec leurs marques et leur sentiment.",
                "sql": SEARCH_SQL,
            }
        },
    }
    return {
        "title": "Veille : vos mentions",
        "description": "Social listening et e-réputation : une ligne par mention collectée, ses marques, son "
                       "sentiment, ses thèmes, ses motivations de partage, et les alertes de pics.",
        "databases": {name: database for name in names},
    }


def render(metadata: dict) -> str:
    return json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", action="append", default=[], help="another database name (file stem)")
    parser.add_argument("-o", "--output", type=Path, default=METADATA)
    args = parser.parse_args(argv)
    names = tuple(dict.fromkeys([*DATABASE_NAMES, *args.database]))
    args.output.write_text(render(build_metadata(SCHEMA_DOC.read_text(encoding="utf-8"), names)), encoding="utf-8")
    print(f"{args.output} written ({', '.join(names)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
