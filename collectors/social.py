"""Helpers shared by the social API collectors (X, Mastodon, Bluesky, Reddit).

Timestamps from four platforms in four formats become one UTC ISO-8601 form;
rate-limit headers in four dialects become one `retry_at`; the page budget
setting is spelled the same everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from collectors.base import CollectorError, Setting
from collectors.http import Fetcher, parse_reset
from storage.records import Mention

ISO = "%Y-%m-%dT%H:%M:%SZ"
DEFAULT_WAIT_S = 15 * 60  # a 429 without a usable reset header: try again after one X/Reddit window

RESET_HEADERS = ("x-rate-limit-reset", "retry-after", "ratelimit-reset", "x-ratelimit-reset")

PAGE_SETTINGS = {
    "retries": Setting(int, default=2, minimum=0, maximum=10, help="nouvelles tentatives après une erreur 5xx ou réseau"),
    "backoff": Setting((int, float), default=0.5, minimum=0, help="attente avant la 1re nouvelle tentative, en secondes "
                       "(doublée ensuite, 4 s au plus en tout)"),
    "max_pages": Setting(int, default=5, help="pages lues au plus par marque et par collecte (budget de "
                         "requêtes) ; le reste est repris à la collecte suivante, sans perte"),
    "timeout": Setting((int, float), default=20, help="délai maximal d'une requête, en secondes"),
}


def iso_utc(value: Any) -> str | None:
    """A platform timestamp (ISO-8601 with any offset, or epoch seconds) as UTC `YYYY-MM-DDTHH:MM:SSZ`."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, int | float):
            dt = datetime.fromtimestamp(float(value), UTC)
        else:
            dt = datetime.fromisoformat(str(value).strip())
            dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return dt.strftime(ISO)


def retry_at(headers: Mapping[str, str], now: datetime | None = None, default_wait_s: int = DEFAULT_WAIT_S) -> str:
    """When a rate-limited request may be retried, from whichever reset header the platform sends.

    X and Bluesky send epoch seconds, Reddit a delay, Mastodon an ISO timestamp,
    others `Retry-After` (`collectors.http.parse_reset` reads them all). Never earlier than now.
    """
    now = now or datetime.now(UTC)
    lowered = {k.lower(): v for k, v in headers.items()}
    for name in RESET_HEADERS:
        if lowered.get(name) and (when := parse_reset(lowered[name], now)) is not None:
            return max(when, now).strftime(ISO)
    return (now + timedelta(seconds=default_wait_s)).strftime(ISO)


def decode_json(body: bytes | str, what: str, requests: int) -> Any:
    """Decode a page; a malformed one raises so nothing from it is saved and the cursor stays."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CollectorError(f"{what} : réponse JSON illisible ({exc}) ; rien n'est enregistré pour cette page, "
                             "elle sera redemandée à la prochaine collecte", requests=requests) from exc


def as_int(value: Any) -> int | None:
    """A count from an API (may be absent, null or a string)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def page_budget(settings: Mapping[str, Any]) -> int:
    """The per-run page budget, at least one page."""
    return max(1, int(settings.get("max_pages", PAGE_SETTINGS["max_pages"].default)))


# --- Paging with a per-run budget and a resumable backlog ---


@dataclass
class Page:
    """One page of a newest-first listing, parsed."""

    mentions: list[Mention]
    next: str | None  # token for the next (older) page; None when the listing ends here
    newest: Any = None  # ordering key of the newest item (id, timestamp), for the cursor
    reached_known: bool = False  # the page went below the stored cursor: older pages hold nothing new


PageFetcher = Callable[[Any, Any], Page]  # (since, token) -> Page


def _newer(a: Any, b: Any, key: Callable[[Any], Any]) -> Any:
    if a is None or b is None:
        return b if a is None else a
    return a if key(a) >= key(b) else b


def drain(fetch_page: PageFetcher, state: dict[str, Any], budget: int,
          key: Callable[[Any], Any] = lambda v: v) -> tuple[list[Mention], dict[str, Any], int]:
    """Read pages newest-first from the stored cursor until known items, the end, or the page budget.

    State: `since` (newest item stored), and while a backlog is being read across runs,
    `resume` (token of the next older page) + `backlog_newest`. `since` only moves once
    the backlog is drained, so items between pages are never skipped.
    Returns (mentions, new state, pages read).
    """
    since, token, newest = state.get("since"), state.get("resume"), state.get("backlog_newest")
    mentions: list[Mention] = []
    pages = 0
    while pages < budget:
        page = fetch_page(since, token)
        pages += 1
        mentions.extend(page.mentions)
        newest = _newer(newest, page.newest, key)
        token = page.next
        if page.reached_known or not token:
            done = newest if newest is not None else since
            return mentions, ({} if done is None else {"since": done}), pages
    backlog = {"since": since, "resume": token, "backlog_newest": newest}
    return mentions, {k: v for k, v in backlog.items() if v is not None}, pages


def drain_streams(streams: dict[str, PageFetcher], state: dict[str, Any], budget: int,
                  key: Callable[[Any], Any] = lambda v: v) -> tuple[list[Mention], dict[str, Any]]:
    """`drain` for several searches of one target (OR alternatives, posts + comments), each with its cursor.

    Streams are keyed by what is sent (the search string), so editing a brand query starts
    its new searches afresh. The budget is shared, at least one page each.
    """
    old = state.get("streams") or {}
    share = max(1, budget // max(1, len(streams)))
    mentions: list[Mention] = []
    new_states: dict[str, Any] = {}
    for name, fetch_page in streams.items():
        found, new_states[name], _ = drain(fetch_page, old.get(name) or {}, share, key)
        mentions.extend(found)
    return mentions, {"streams": new_states}


class Requests:
    """Counts HTTP requests across the pages of one fetch, so errors report the total."""

    def __init__(self) -> None:
        self.count = 0

    def add(self, n: int) -> None:
        self.count += n

    def charge(self, exc: CollectorError) -> CollectorError:
        """Add the requests made before the failing call to the error's count."""
        exc.requests = (exc.requests or 0) + self.count
        return exc


def make_fetcher(session: Any, settings: Mapping[str, Any]) -> Fetcher:
    """The shared bounded fetcher, on the injected session (a `Fetcher` is used as is)."""
    if isinstance(session, Fetcher):
        return session
    timeout = float(settings.get("timeout", PAGE_SETTINGS["timeout"].default))
    return Fetcher(session if isinstance(session, requests.Session) else None,
                   connect_timeout=min(5.0, timeout), read_timeout=timeout, total_timeout=3 * timeout,
                   retries=max(0, int(settings.get("retries", 2))), backoff=float(settings.get("backoff", 0.5)))


def with_defaults(spec: Mapping[str, Setting], settings: Mapping[str, Any]) -> dict[str, Any]:
    """Settings with every default filled in (the config loader does it too; tests may build configs by hand)."""
    out = {k: s.default for k, s in spec.items() if s.default is not None}
    out.update(settings)
    return out
