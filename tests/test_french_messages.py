"""What users read is French (issue 14, item 9): error messages raised by the product packages, log lines and
command-line help. Code, comments and docstrings stay English, so only those strings are scanned."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("analysis", "storage", "collectors", "veille", "dashboard")
# Lower-case English words that no French message uses (`NOT` of the query language is upper case), not as
# part of an operator or a code (`-is:retweet`).
ENGLISH = re.compile(r"(?<![-\w])(the|is|are|must|should|cannot|needs?|invalid|expected|missing|unknown|found|"
                     r"failed|please|pass|not|at least)(?![\w:])")
# Errors meant for developers (a broken build or registry), never shown to a user as an answer.
DEVELOPER_ERRORS = {"AssertionError", "ImportError", "NotImplementedError"}
# English messages no user can reach, kept as they are: editing a tagging module changes the analyzer version
# (a digest of its source, `analysis/version.py`), and every stored mention would be tagged again.
UNREACHABLE = {
    # `--workers` and `[analysis] workers` are checked before a Tagger is built (≥ 1)
    "analysis/tagger.py": {"workers must be >= 1"},
    # a user's training always adds the project's written examples, which have every class and motivation
    "analysis/sentiment_model.py": {"training data needs positive, neutral and negative examples"},
    "analysis/motivation_model.py": {"training data needs texts with and without the motivation "},
}
SHOWN_BY = re.compile(r"^(log|logger|_log|logging)\.(debug|info|warning|error|exception|critical)$|^print$")
SHOWN_KEYWORDS = {"help", "description", "epilog"}


def literal(node: ast.expr) -> str | None:
    """The text of a string literal, an f-string (placeholders dropped) or a concatenation of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return " ".join(t for t in (literal(node.left), literal(node.right)) if t)
    return None


def shown_texts(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, text) of every string a user may read: exception messages, log lines, prints, CLI help."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            if ast.unparse(node.exc.func).split(".")[-1] not in DEVELOPER_ERRORS:
                yield node.lineno, literal(node.exc.args[0]) or ""
        elif isinstance(node, ast.Call):
            if SHOWN_BY.search(ast.unparse(node.func)) and node.args:
                yield node.lineno, literal(node.args[0]) or ""
            for keyword in node.keywords:
                if keyword.arg in SHOWN_KEYWORDS:
                    yield node.lineno, literal(keyword.value) or ""


def english_messages() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            name = path.relative_to(ROOT).as_posix()
            found += [f"{name}:{line}: {text!r}" for line, text in shown_texts(tree)
                      if ENGLISH.search(text) and text not in UNREACHABLE.get(name, ())]
    return found


def test_no_english_message_reaches_a_user() -> None:
    found = english_messages()
    assert not found, "messages a user can read must be French:\n" + "\n".join(found)


def test_the_scan_sees_messages() -> None:
    """The scan would catch an English message of each kind (guards against a scan that reads nothing)."""
    code = ('raise ValueError("workers must be >= 1")\nlog.warning("feed not found: %s", url)\n'
            'parser.add_argument("--x", help="the third-party corpora")\nraise AssertionError("unreachable")\n'
            'raise ValueError("NOT sans terme positif")\n')
    flagged = [line for line, text in shown_texts(ast.parse(code)) if ENGLISH.search(text)]
    assert flagged == [1, 2, 3]
