"""Logging an operator can read: plain lines in a terminal, JSON lines for log collectors.

Both go through `storage.redact.mask_secrets`: an address's credentials never reach a log.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO

from storage.redact import mask_secrets

_CONTEXT_KEYS = ("source", "target", "brand", "cause", "run_id")


class JsonFormatter(logging.Formatter):
    """One JSON object per line with time, level, logger, message and any context keys."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": mask_secrets(record.getMessage()),
        }
        for key in _CONTEXT_KEYS:
            if hasattr(record, key):
                value = getattr(record, key)
                data[key] = mask_secrets(value) if isinstance(value, str) else value
        if record.exc_info:
            data["exception"] = mask_secrets(self.formatException(record.exc_info))
        return json.dumps(data, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """`LEVEL message`, credentials masked."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return mask_secrets(super().format(record))


class StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is when a record is emitted, not the one of the day it was set up: test
    runners and embedding tools swap it, and a handler holding a closed stream loses the record with a
    "Logging error". `logging.lastResort` makes the same choice."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:  # the attribute logging.StreamHandler writes to
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def setup_logging(quiet: bool = False, verbose: bool = False, json_lines: bool = False) -> None:
    """Configure the root logger once per process (stderr)."""
    level = logging.ERROR if quiet else (logging.DEBUG if verbose else logging.INFO)
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("urllib3", "requests", "tweepy", "streamlit", "spacy", "filelock"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


def show_progress(quiet: bool) -> bool:
    """Progress bars only for a person at a terminal, never in cron or with --quiet."""
    return not quiet and sys.stderr.isatty()
