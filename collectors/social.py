"""Helpers shared by the social API collectors (X, Mastodon, Bluesky, Reddit).

Timestamps from four platforms in four formats become one UTC ISO-8601 form;
rate-limit headers in four dialects become one `retry_at`; the page budget
setting is spelled the same everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from collectors.base import CollectorError, Setting
from collectors.http import parse_reset

ISO = "%Y-%m-%dT%H:%M:%SZ"
DEFAULT_WAIT_S = 15 * 60  # a 429 without a usable reset header: try again after one X/Reddit window

RESET_HEADERS = ("x-rate-limit-reset", "retry-after", "ratelimit-reset", "x-ratelimit-reset")

PAGE_SETTINGS = {
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
