"""The collector contract: what every platform module provides to the runner.

A collector never writes to the database. Given one fetch target and its stored
state, it returns a `Batch` (mentions + new state) or raises one of the errors below,
which tell the runner what to do with the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from storage.records import Batch, Brand


@dataclass(frozen=True)
class Setting:
    """One key a source of this type accepts in `veille.toml`, with the values it accepts.

    A number must be > 0 unless `minimum` says otherwise (inclusive); `maximum` is inclusive;
    `choices` lists the accepted strings (for a list setting: the accepted items).
    """

    type: type | tuple[type, ...]
    required: bool = False
    default: Any = None
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceConfig:
    """A `[[sources]]` entry of the config, validated."""

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


class Collector:
    """Base class: subclasses set `name` and `SETTINGS`, and implement `targets` and `fetch`."""

    name: ClassVar[str]
    platform: ClassVar[str]
    SETTINGS: ClassVar[dict[str, Setting]] = {}

    def __init__(self, source: SourceConfig, session: Any = None):
        self.source = source
        self.session = session

    def targets(self, brands: list[Brand]) -> list[Target]:
        """The fetch targets of this source for these brands."""
        raise NotImplementedError

    def fetch(self, target: Target, state: dict[str, Any]) -> Batch:
        """Fetch what is new for this target since `state`; return mentions and the state to store."""
        raise NotImplementedError
