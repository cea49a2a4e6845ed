"""docs/operations.md and docs/systemd/: every documented command is valid, the lifecycle ones really run."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import storage
from tests.support.sample_db import build_sample
from tools import export_doc
from veille.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "operations.md"
SYSTEMD = ROOT / "docs" / "systemd"
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)
RUNNABLE = {"backup", "prune", "export"}  # safe on a sample database, no network, no config


def blocks(language: str) -> list[str]:
    return [m.group(2) for m in _BLOCK.finditer(DOC.read_text(encoding="utf-8")) if m.group(1) == language]


def veille_commands() -> list[list[str]]:
    """The argument lists of every `veille …` invocation in the sh and cron blocks (shell around them removed)."""
    found = []
    for code in blocks("sh") + blocks("cron"):
        for line in code.splitlines():
            line = re.sub(r"\$\([^)]*\)", "2026-12-01", line.split("#")[0])
            for segment in re.split(r"&&|;|\|", line):
                words = shlex.split(segment)
                starts = [i for i, w in enumerate(words) if (i == 0 and w == "veille") or w.endswith("/bin/veille")]
                if not starts:
                    continue
                argv = words[starts[0] + 1:]
                while argv and argv[-1] != "-" and (argv[-1].startswith(("2>", ">")) or argv[-2:-1] in (["2>>"], [">>"])):
                    argv = argv[:-1]
                found.append(argv)
    return found


def test_every_documented_command_parses() -> None:
    commands = veille_commands()
    assert len(commands) >= 12
    parser = build_parser()
    for argv in commands:
        try:
            parser.parse_args(argv)
        except SystemExit:
            pytest.fail(f"docs/operations.md: `veille {' '.join(argv)}` is not a valid command line")


def test_lifecycle_commands_of_the_doc_run_on_a_populated_database(tmp_path: Path, monkeypatch, capsys) -> None:
    db = tmp_path / "var" / "veille.db"
    conn = storage.connect(db)
    build_sample(conn)
    conn.close()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VEILLE_DB", str(db))
    ran = set()
    for argv in veille_commands():
        args = build_parser().parse_args(argv)
        if args.command not in RUNNABLE:
            continue
        target = getattr(args, "file", None) or getattr(args, "output", None)
        assert main(argv) == 0, f"`veille {' '.join(argv)}`: {capsys.readouterr().err}"
        if target and target != "-":
            assert Path(target).stat().st_size > 0
        ran.add(args.command)
    assert ran == RUNNABLE
    assert storage.open_readonly(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sql_of_the_doc_runs(tmp_path: Path) -> None:
    conn = storage.connect(tmp_path / "veille.db")
    build_sample(conn)
    for sql in blocks("sql"):
        conn.execute(sql).fetchall()
    assert len(blocks("sql")) >= 2


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(SYSTEMD / name, encoding="utf-8")
    return parser


def test_service_runs_veille_run_hardened_and_writes_only_next_to_its_database() -> None:
    service = unit("veille.service")["Service"]
    assert service["Type"] == "oneshot"
    argv = shlex.split(service["ExecStart"])
    args = build_parser().parse_args(argv[1:])
    assert args.command == "run" and args.log_json
    db_dir = str(Path(args.db).parent)
    assert service["ReadWritePaths"] == db_dir
    assert Path(argv[0]).parent.parent.parent == Path(service["WorkingDirectory"])
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
                       "PrivateTmp": "yes", "CapabilityBoundingSet": ""}.items():
        assert service[key] == value, key
    timer = unit("veille.timer")
    assert timer["Timer"]["Unit"] == "veille.service" and timer["Timer"]["OnCalendar"]
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze absent: cannot verify the unit files here")
    installed = Path(sys.executable).with_name("veille")  # the console script of the venv running the tests
    if not installed.exists():
        pytest.skip(f"no `veille` console script next to {sys.executable}: pip install -e . first")
    service = (SYSTEMD / "veille.service").read_text(encoding="utf-8")
    exe = shlex.split(unit("veille.service")["Service"]["ExecStart"])[0]
    (tmp_path / "veille.service").write_text(service.replace(exe, str(installed)), encoding="utf-8")
    shutil.copy(SYSTEMD / "veille.timer", tmp_path / "veille.timer")
    done = subprocess.run(["systemd-analyze", "verify", "veille.service", "veille.timer"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Unknown" not in done.stderr and "ignoring" not in done.stderr, done.stderr


def test_the_export_columns_table_is_generated_from_the_schema() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "<!-- colonnes de l'export -->" in text
    assert export_doc.render(text) == text, "docs/operations.md: run `.venv/bin/python -m tools.export_doc`"
