"""docs/analysts.md: every SQL query, export command, sqlite-utils command and pandas example runs and returns rows
on a populated database."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import sqlite3
import subprocess
import sys
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


def shell_commands(program: str) -> list[list[str]]:
    """argv of every command of that program in the guide's sh blocks; a command may go on over several lines
    (a trailing backslash, or a quoted SQL query)."""
    commands, pending = [], ""
    for _, code in blocks("sh"):
        for line in code.splitlines():
            pending += line + "\n"
            if line.endswith("\\"):
                continue
            try:
                argv = shlex.split(pending.replace("\\\n", " "), comments=True)
            except ValueError:  # a quote still open: the command goes on
                continue
            pending = ""
            if argv and argv[0] == program:
                commands.append(argv)
    return commands


@pytest.fixture(scope="module")
def exported(sample_db: Path) -> list[tuple[list[str], Path]]:
    """Run the guide's `veille export` commands where the guide's other commands expect their files."""
    done = []
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(sample_db.parent)  # the examples use ./veille.db
        for argv in shell_commands("veille"):
            if argv[1] == "export":
                assert main(argv[1:]) == 0, " ".join(argv)
                done.append((argv, sample_db.parent / argv[argv.index("-o") + 1]))
    return done


def test_export_commands_and_pandas_examples_run(exported: list[tuple[list[str], Path]], sample_db: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample_db.parent)
    assert len(exported) >= 3
    for argv, output in exported:
        readers = {".parquet": pd.read_parquet, ".csv": pd.read_csv, ".jsonl": lambda p: pd.read_json(p, lines=True)}
        assert len(readers[output.suffix](output)) > 0, f"{' '.join(argv)}: no rows"
    namespace: dict = {}
    for title, code in blocks("python"):
        exec(compile(code, f"{GUIDE.name}: {title}", "exec"), namespace)  # noqa: S102 - our own documentation
    share, by_brand = namespace["share"], namespace["by_brand"]
    assert isinstance(share, pd.DataFrame) and len(share) >= 9 and set(share.columns) == {"Azura", "Boréa", "Celtis"}
    assert ((share.sum(axis=1) - 100).abs() < 0.5).all()
    assert list(by_brand.index) and by_brand.iloc[0] > 0


SQLITE_UTILS = Path(sys.executable).with_name("sqlite-utils")  # the venv's CLI, installed with Veille


def run_sqlite_utils(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a guide command with the venv's sqlite-utils; a trailing `> file` is honoured, as a shell would."""
    argv, target = (argv[:-2], cwd / argv[-1]) if len(argv) > 2 and argv[-2] == ">" else (argv, None)
    done = subprocess.run([str(SQLITE_UTILS), *argv[1:]], cwd=cwd, capture_output=True, text=True, timeout=60,
                          check=False)
    if target is not None:
        target.write_text(done.stdout, encoding="utf-8")
    return done


def parse_output(argv: list[str], stdout: str) -> list[dict]:
    """The rows a sqlite-utils command printed: JSON (default), CSV (`--csv`) or a `-t` table, whose dashed
    line gives each column's span (cells may be empty or hold spaces)."""
    if "--csv" in argv:
        return list(csv.DictReader(io.StringIO(stdout)))
    if "-t" not in argv:
        return json.loads(stdout)
    header, dashes, *lines = stdout.splitlines()
    spans = [m.span() for m in re.finditer(r"-+", dashes)]
    columns = [header[a:b].strip() for a, b in spans]
    return [dict(zip(columns, (line[a:b].strip() for a, b in spans), strict=True)) for line in lines]


@pytest.mark.parametrize("argv", shell_commands("sqlite-utils"), ids=lambda argv: argv[1])
def test_every_sqlite_utils_command_runs_and_prints_rows(exported: list, sample_db: Path, argv: list[str]) -> None:
    done = run_sqlite_utils(argv, sample_db.parent)
    assert done.returncode == 0, f"{' '.join(argv)}: {done.stderr}"
    stdout = (sample_db.parent / argv[-1]).read_text(encoding="utf-8") if ">" in argv else done.stdout
    rows = parse_output(argv, stdout)
    assert rows, f"{' '.join(argv)} prints no row on a populated database"
    for row in rows:  # SQLite reads an unknown "column" as a string: a misspelt -c prints its own name
        assert not [c for c, v in row.items() if v == c.strip('"')], f"{' '.join(argv)}: unknown column in {row}"
    assert any(v not in (None, "") for row in rows for v in row.values())
    if argv[1] == "search":
        assert set(rows[0]) == {"rowid", "title", "text"}
        assert all(re.search(r"colis|livraison", f"{r['title']} {r['text']}", re.I) for r in rows)


def test_the_guide_covers_rows_query_search_and_memory() -> None:
    assert {argv[1] for argv in shell_commands("sqlite-utils")} >= {"rows", "query", "search", "memory"}


def test_sqlite_utils_search_needs_the_index_as_the_guide_says(sample_db: Path) -> None:
    """The guide says `search` on `mentions` fails (our FTS declaration quotes the content table with
    apostrophes); if sqlite-utils learns to find it, the guide must say so."""
    done = run_sqlite_utils(["sqlite-utils", "search", "file:veille.db?mode=ro", "mentions", "colis"], sample_db.parent)
    assert done.returncode != 0
    assert "Table 'mentions' is not configured for full-text search" in done.stderr
    assert "« Table 'mentions' is not configured for full-text search »" in GUIDE.read_text(encoding="utf-8")


def test_the_read_only_address_refuses_writes(db_path: Path) -> None:
    done = run_sqlite_utils(["sqlite-utils", "query", f"file:{db_path.name}?mode=ro", "DELETE FROM brands"],
                            db_path.parent)
    assert done.returncode != 0 and "attempt to write a readonly database" in done.stderr
