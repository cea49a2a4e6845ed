"""Operator logs: records reach the stderr of the moment, credentials masked."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest

from veille.logs import setup_logging


@pytest.fixture
def restore_root_logger():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level


def test_records_follow_a_swapped_stderr(monkeypatch, restore_root_logger) -> None:
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    setup_logging(json_lines=True)
    first.close()  # what a test runner does to the stream it captured with
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    logging.getLogger("veille.test").warning("échec de https://user:secret@example.org/flux", extra={"source": "rss"})
    record = json.loads(second.getvalue())
    assert record["level"] == "warning" and record["source"] == "rss"
    assert "secret" not in record["message"]
