"""Collector classes by source `type` (the value of `type = "…"` in a `[[sources]]` table).

Found, not listed: every module of this package is imported and each `Collector` subclass it
defines with a `name` is registered. A new platform is its module (with `name`, `label`,
`short_label` and `Settings` on the class), its tests and its fixtures; the config loader,
the runner and `veille sources` know it from here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from collectors.base import Collector

# The modules that read this registry cannot be scanned by it (they import it: a cycle).
_READERS = {"registry", "runner"}


def _discover() -> dict[str, type[Collector]]:
    found: dict[str, type[Collector]] = {}
    for module_info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module_info.name in _READERS:
            continue
        module = importlib.import_module(f"collectors.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Collector) and cls.__module__ == module.__name__ and "name" in vars(cls):
                if cls.name in found:
                    raise ImportError(f"collector type {cls.name!r} defined twice: {found[cls.name]} and {cls}")
                found[cls.name] = cls
    return dict(sorted(found.items()))


COLLECTORS: dict[str, type[Collector]] = _discover()


def labels(short: bool = False) -> dict[str, str]:
    """The platforms' names as users read them, by type (`short`: for table cells)."""
    return {name: cls.short_label if short else cls.label for name, cls in COLLECTORS.items()}
