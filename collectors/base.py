"""The collector contract: what every platform module provides to the runner.

A collector never writes to the database. Given one fetch target and its stored
state, it returns a `Batch` (mentions + new state) or raises one of the errors below,
which tell the runner what to do with the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from collectors.settings import Setting, SettingError, check_table, exactly_one, spec
from storage.records import Batch, Brand


@dataclass(frozen=True)
class SourceConfig:
    """A `[[sources]]` entry of the config, validated; `settings` as written plus defaults (stored in `sources`)."""

    name: str
    type: str
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """One unit of fetching with its own cursor: a feed URL, or one brand's search on a platform."""

    key: str  # stable, stored in fetch_state.target
    params: dict[str, Any] = field(default_factory=dict)  # e.g. {"url": …} or {"brand": …, "query": …}


BRAND_TARGET = "brand:"


def brand_targets(brands: list[Brand]) -> list[Target]:
    """One target per brand, each with its own cursor: what every platform search collector fetches."""
    return [Target(f"{BRAND_TARGET}{b.name}", {"brand": b.name, "query": b.query}) for b in brands]


def targets_noun(keys: list[str]) -> str:
    """What the user calls these targets in a message: feed addresses, or a platform's searches (one per brand)."""
    return "recherche(s) de marque" if any(k.startswith(BRAND_TARGET) for k in keys) else "adresse(s)"


class CollectorError(Exception):
    """The fetch failed; the message names the cause and the fix. The source is marked failed."""

    def __init__(self, message: str, http_status: int | None = None, requests: int = 0):
        super().__init__(message)
        self.http_status = http_status
        self.requests = requests


class AuthError(CollectorError):
    """401/403 or missing credentials: the message names the environment variable or permission to fix."""


class RateLimited(CollectorError):
    """429 or exhausted quota: retry not before `retry_at` (UTC ISO-8601). Never sleep in a run."""

    def __init__(self, message: str, retry_at: str, http_status: int | None = 429, requests: int = 0):
        super().__init__(message, http_status, requests)
        self.retry_at = retry_at


@dataclass(frozen=True, kw_only=True)
class NoSettings:
    """The settings of a collector that has none."""


class Collector:
    """Base class: subclasses set `name`, `label`, `short_label` and `Settings`, and implement `targets` and `fetch`.

    A subclass defined in a module of this package is registered by `collectors.registry` on its own:
    a new platform is its module, its tests and its fixtures.
    """

    name: ClassVar[str]  # the source `type` in veille.toml, and `mentions.platform`
    label: ClassVar[str]  # the platform's name shown to users (« Presse et blogs (RSS) »)
    short_label: ClassVar[str]  # the same in table cells, where width counts (« Presse, blogs »)
    Settings: ClassVar[type] = NoSettings  # a dataclass of `collectors.settings.setting` fields
    SETTINGS: ClassVar[dict[str, Setting]] = {}  # derived from `Settings`: what the config loader checks
    ADDRESS_SETTINGS: ClassVar[tuple[str, ...]] = ()  # the settings naming the API's address (a demo points them here)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.SETTINGS = spec(cls.Settings)

    def __init__(self, source: SourceConfig, session: Any = None):
        """Raises `CollectorError` when a setting is wrong."""
        self.source = source
        self.session = session
        # Checked again for a config built in code (the loader already refused a wrong value, naming the file);
        # typed, defaults filled once here.
        try:
            values = check_table(source.settings, self.SETTINGS, exactly_one(self.Settings))
        except SettingError as exc:
            place = "" if exc.key is None else f"`{exc.key}`{f', élément n° {exc.item}' if exc.item else ''} : "
            raise CollectorError(f"source « {source.name} » : {place}{exc}") from exc
        self.settings: Any = self.Settings(**values)

    def targets(self, brands: list[Brand]) -> list[Target]:
        """The fetch targets of this source for these brands."""
        raise NotImplementedError

    def fetch(self, target: Target, state: dict[str, Any]) -> Batch:
        """Fetch what is new for this target since `state`; return mentions and the state to store."""
        raise NotImplementedError
