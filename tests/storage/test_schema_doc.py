"""docs/schema.md documents every table, view and column of the real schema."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INTERNAL = re.compile(r"^mentions_fts_|^sqlite_")


def documented_names() -> set[str]:
    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    return set(re.findall(r"`([a-z_0-9]+)`", text))


def test_every_table_view_and_column_is_documented(conn) -> None:
    names = documented_names()
    missing = []
    objects = conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
    ).fetchall()
    for (obj,) in objects:
        if INTERNAL.search(obj):
            continue
        if obj not in names:
            missing.append(f"table/view {obj}")
        for col in conn.execute(f"SELECT name FROM pragma_table_info('{obj}')"):
            if col[0] not in names:
                missing.append(f"{obj}.{col[0]}")
    assert not missing, "docs/schema.md does not document: " + ", ".join(missing)
