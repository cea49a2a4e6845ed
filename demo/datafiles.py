"""The demo's data files (demo/data/*.json), read from the installed package so any working directory works."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any


def read_json(name: str) -> Any:
    """The parsed content of demo/data/`name`."""
    return json.loads(files("demo").joinpath("data", name).read_text(encoding="utf-8"))
