"""Helpers shared by the social API collectors (X, Mastodon, Bluesky, Reddit).

Timestamps from four platforms in four formats become one UTC ISO-8601 form; the page
settings are spelled the same everywhere; one pager (`drain`) reads every platform's
newest-first listings with a per-run budget and a resumable backlog, counting requests as
return values; `SearchCollector` gives each platform its per-brand targets and the shared fetcher.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import requests

from collectors.base import Collector, CollectorError, Target, brand_targets
from collectors.http import Fetcher
from collectors.settings import setting
from storage.records import Batch, Brand, Mention

ISO = "%Y-%m-%dT%H:%M:%SZ"

@dataclass(frozen=True, kw_only=True)
class PageSettings:
    """The page settings every platform search shares (a platform's own settings extend this class)."""

    max_pages: int = setting(int, 5, help="pages lues au plus par marque et par collecte ; le reste est repris à la "
                                          "collecte suivante, sans perte")
    timeout: float = setting((int, float), 20, help="délai maximal d'une requête, en secondes")
    retries: int = setting(int, 2, minimum=0, maximum=10, help="nouvelles tentatives après une erreur 5xx ou réseau")
    backoff: float = setting((int, float), 0.5, minimum=0, help="attente avant la première nouvelle tentative "
                                                                "(doublée ensuite, 4 s au plus en tout)")


def page_limit(most: int, items: str) -> Any:
    """The `limit` setting field: items per page, at most what the platform serves in one page."""
    return setting(int, most, maximum=most, help=f"{items} par page ({most} au plus)")


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


@contextmanager
def charged(requests_before: int) -> Iterator[None]:
    """An error raised inside also counts the requests made before it (each level adds what it made)."""
    try:
        yield
    except CollectorError as exc:
        exc.requests += requests_before
        raise


# --- Paging with a per-run budget and a resumable backlog ---


@dataclass(frozen=True)
class CursorKeys:
    """The names a listing's cursor has in the stored state (X keeps its own, stored before the pager was shared)."""

    since: str = "since"  # newest item stored
    resume: str = "resume"  # where the next run goes on reading an unfinished backlog
    newest: str = "backlog_newest"  # newest item of that backlog: `since` once it is drained


@dataclass
class Page:
    """One page of a newest-first listing, parsed."""

    mentions: list[Mention]
    next: Any  # token for the next (older) page in this run; None when the listing ends here
    newest: Any = None  # ordering key of the newest item (id, timestamp), for the cursor
    reached_known: bool = False  # the page went below the stored cursor: older pages hold nothing new
    resume: Any = None  # where a later run goes on when the budget ends here, if not `next` (JSON; "": nowhere)
    warnings: list[str] = field(default_factory=list)
    http_status: int | None = None


PageFetcher = Callable[[Any, Any], tuple[Page, int]]  # (since, token) -> (page, requests made)


def _newer(a: Any, b: Any, key: Callable[[Any], Any]) -> Any:
    if a is None or b is None:
        return b if a is None else a
    return a if key(a) >= key(b) else b


def drain(fetch_page: PageFetcher, state: dict[str, Any], budget: int,
          key: Callable[[Any], Any] = lambda v: v, names: CursorKeys = CursorKeys()) -> Batch:
    """Read pages newest-first from the stored cursor until known items, the end, or the page budget.

    State: `since` (newest item stored), and while a backlog is being read across runs,
    `resume` (token of the next older page) + `backlog_newest`. `since` only moves once
    the backlog is drained, so items between pages are never skipped. The batch counts every
    request; an error raised by a page counts the requests of the pages before it too.
    """
    since, token, newest = state.get(names.since), state.get(names.resume), state.get(names.newest)
    batch = Batch([], {}, requests=0)
    resume = token
    for _ in range(budget):
        with charged(batch.requests):
            page, made = fetch_page(since, token)
        batch.requests += made
        batch.mentions.extend(page.mentions)
        batch.warnings.extend(page.warnings)
        batch.http_status = page.http_status
        newest = _newer(newest, page.newest, key)
        token = page.next
        if page.reached_known or not token:
            done = newest if newest is not None else since
            batch.state = {} if done is None else {names.since: done}
            return batch
        resume = page.resume if page.resume is not None else token
    backlog = {names.since: since, names.resume: resume, names.newest: newest}
    batch.state = {k: v for k, v in backlog.items() if v is not None and v != ""}
    return batch


def drain_streams(streams: dict[str, PageFetcher], state: dict[str, Any], budget: int,
                  key: Callable[[Any], Any] = lambda v: v) -> Batch:
    """`drain` for several searches of one target (OR alternatives, posts + comments), each with its cursor.

    Streams are keyed by what is sent (the search string), so editing a brand query starts
    its new searches afresh. The budget is shared, at least one page each.
    """
    old = state.get("streams") or {}
    share = max(1, budget // max(1, len(streams)))
    total = Batch([], {"streams": {}}, requests=0)
    for name, fetch_page in streams.items():
        with charged(total.requests):
            batch = drain(fetch_page, old.get(name) or {}, share, key)
        total.state["streams"][name] = batch.state
        total.mentions.extend(batch.mentions)
        total.warnings.extend(batch.warnings)
        total.requests += batch.requests
        total.http_status = batch.http_status if batch.http_status is not None else total.http_status
    return total


class SearchCollector(Collector):
    """A platform's search: one target (and cursor) per brand, `PageSettings`, and the shared bounded fetcher."""

    Settings: type[PageSettings] = PageSettings
    settings: PageSettings

    def targets(self, brands: list[Brand]) -> list[Target]:
        return brand_targets(brands)

    @property
    def budget(self) -> int:
        """The per-run page budget, at least one page."""
        return max(1, self.settings.max_pages)

    @cached_property
    def fetcher(self) -> Fetcher:
        """The shared fetcher on the injected session (a `Fetcher` is used as is); made when first used."""
        if isinstance(self.session, Fetcher):
            return self.session
        timeout = float(self.settings.timeout)
        return Fetcher(self.session if isinstance(self.session, requests.Session) else None,
                       connect_timeout=min(5.0, timeout), read_timeout=timeout, total_timeout=3 * timeout,
                       retries=self.settings.retries, backoff=float(self.settings.backoff))
