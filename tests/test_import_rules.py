"""The rooms (top-level packages) and who may import whom: walk every module's imports (ast) and fail when a
rule is broken. docs/architecture.md is the human version of `FORBIDDEN`; keep the two in agreement."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ("storage", "collectors", "analysis", "dashboard", "veille", "presentation", "demo")
# The rooms each room may not import (docs/architecture.md, "Les pièces"): storage imports no room; collectors and
# analysis only storage; presentation none (the dashboard and `veille report` share it); the dashboard storage and
# presentation; veille all but the dashboard; demo (loaded by `veille demo`, bench and tests) storage and collectors.
FORBIDDEN = {
    "storage": {"collectors", "analysis", "dashboard", "veille", "presentation", "demo"},
    "collectors": {"analysis", "dashboard", "veille", "presentation", "demo"},
    "analysis": {"collectors", "dashboard", "veille", "presentation", "demo"},
    "dashboard": {"collectors", "analysis", "veille", "demo"},
    "veille": {"dashboard"},
    "presentation": {"storage", "collectors", "analysis", "dashboard", "veille", "demo"},
    "demo": {"analysis", "dashboard", "veille", "presentation"},
}
STORAGE_THIRD_PARTY = {"sqlite_utils"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def room_files(room: str) -> list[Path]:
    return sorted((ROOT / room).rglob("*.py"))


@pytest.mark.parametrize("room", ROOMS)
def test_rooms_import_only_what_the_rules_allow(room: str) -> None:
    broken = []
    for path in room_files(room):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top in FORBIDDEN[room]:
                broken.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not broken, "import rules of docs/architecture.md broken:\n" + "\n".join(broken)


def test_storage_uses_only_stdlib_and_sqlite_utils() -> None:
    import sys

    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    broken = []
    for path in room_files("storage"):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top not in stdlib and top not in STORAGE_THIRD_PARTY and top != "storage":
                broken.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not broken, "storage may import only the stdlib and sqlite_utils:\n" + "\n".join(broken)


def top_level_imports(path: Path) -> set[str]:
    """Modules imported at module level (not inside a function): what importing `path` loads at once."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = {alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names}
    return found | {node.module for node in tree.body
                    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module}


def test_veille_loads_the_demo_room_only_inside_the_demo_command() -> None:
    broken = [f"{path.relative_to(ROOT)} imports {module}" for path in room_files("veille")
              for module in top_level_imports(path) if module.split(".")[0] == "demo"]
    broken += [f"{path.relative_to(ROOT)} imports {module}" for path in room_files("veille")
               if path.name != "demo.py" for module in imported_modules(path) if module.split(".")[0] == "demo"]
    assert not broken, "only veille/commands/demo.py may import demo, and lazily:\n" + "\n".join(broken)


def test_the_walker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from analysis.pipeline import build\nimport collectors.rss\n")
    assert {"analysis.pipeline", "collectors.rss"} <= imported_modules(bad)


def test_only_the_command_line_imports_the_commands() -> None:
    """The commands sit on top of `veille`'s modules (pipeline, runs, config…): those never import a command."""
    broken = []
    for path in room_files("veille"):
        relative = path.relative_to(ROOT)
        if relative.parts[1] == "commands" or relative == Path("veille/cli.py"):
            continue
        broken += [f"{relative} imports {m}" for m in imported_modules(path) if m.startswith("veille.commands")]
    assert not broken, "a module under the commands imports one:\n" + "\n".join(broken)
