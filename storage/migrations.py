"""Ordered schema migrations: the files `storage/sql/NNNN_name.sql`, applied in name order.

Append only: never edit a migration that has shipped; add a new file. Each file runs in
its own transaction and is recorded in `schema_migrations`.
"""

from __future__ import annotations

from importlib import resources


def migrations() -> list[tuple[str, str]]:
    """(name, sql) of every migration file, sorted by name."""
    files = [f for f in resources.files("storage").joinpath("sql").iterdir() if f.name.endswith(".sql")]
    return [(f.name.removesuffix(".sql"), f.read_text(encoding="utf-8")) for f in sorted(files, key=lambda f: f.name)]
