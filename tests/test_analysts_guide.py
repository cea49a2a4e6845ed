"""docs/analysts.md: every SQL query, export command and pandas example runs and returns rows on a populated database."""

from __future__ import annotations

import re
import shlex
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

import storage
from veille.cli import main

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "analysts.md"
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def blocks(language: str) -> list[tuple[str, str]]:
    """(title of the section above, code) of every fenced block in that language."""
    text = GUIDE.read_text(encoding="utf-8")
    found = []
    for match in _BLOCK.finditer(text):
        if match.group(1) == language:
            titles = re.findall(r"^#+ (.+)$", text[:match.start()], re.M)
            found.append((titles[-1] if titles else "", match.group(2)))
    return found


def test_the_guide_answers_at_least_ten_questions() -> None:
    assert len(blocks("sql")) >= 10


@pytest.mark.parametrize("title, sql", blocks("sql"), ids=[t[:40] for t, _ in blocks("sql")])
def test_every_sql_block_runs_and_returns_rows(sample_db: Path, title: str, sql: str) -> None:
    conn = storage.open_readonly(sample_db)
    try:
        rows = conn.execute(sql).fetchall()
    except sqlite3.Error as exc:
        pytest.fail(f"« {title} » : {exc}")
    finally:
        conn.close()
    assert rows, f"« {title} » returns no row on a populated database"
    assert any(v is not None for row in rows for v in row)


def test_export_commands_and_pandas_examples_run(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample_db.parent)  # the examples use ./veille.db
    commands = [shlex.split(line) for _, code in blocks("sh") for line in code.splitlines()
                if line.startswith("veille export")]
    assert len(commands) >= 3
    for argv in commands:
        assert main(argv[1:]) == 0, " ".join(argv)
        output = Path(argv[argv.index("-o") + 1])
        readers = {".parquet": pd.read_parquet, ".csv": pd.read_csv, ".jsonl": lambda p: pd.read_json(p, lines=True)}
        assert len(readers[output.suffix](output)) > 0, f"{' '.join(argv)}: no rows"
    namespace: dict = {}
    for title, code in blocks("python"):
        exec(compile(code, f"{GUIDE.name}: {title}", "exec"), namespace)  # noqa: S102 - our own documentation
    share, by_brand = namespace["share"], namespace["by_brand"]
    assert isinstance(share, pd.DataFrame) and len(share) >= 9 and set(share.columns) == {"Azura", "Boréa", "Celtis"}
    assert ((share.sum(axis=1) - 100).abs() < 0.5).all()
    assert list(by_brand.index) and by_brand.iloc[0] > 0
