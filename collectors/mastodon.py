"""Mastodon: hashtag timelines or statuses search on one instance, one cursor per brand.

Two modes, one request per brand (and per OR alternative in search mode) when nothing is new:
- `hashtag` (default, no account needed): `/api/v1/timelines/tag/:tag` with `any[]` for the
  brand's other hashtags, newest first, `since_id` = newest status stored, older pages
  through the `max_id` of the `Link: rel="next"` header.
- `search`: `/api/v2/search?type=statuses`, which needs an access token and an instance
  with full-text search; `min_id` = newest status stored, pages by `offset`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import requests

from collectors.base import AuthError, CollectorError, SourceConfig, Target
from collectors.html_text import html_to_text
from collectors.http import Response
from collectors.settings import setting
from collectors.social import (
    Page,
    PageSettings,
    SearchCollector,
    as_int,
    decode_json,
    drain,
    drain_streams,
    iso_utc,
    page_limit,
)
from collectors.translate import TranslationError, alternatives, hashtags
from storage.records import Batch, Mention

MODES = ("hashtag", "search")


def parse_statuses(statuses: list[Any], instance_host: str, source: str) -> list[Mention]:
    """Mentions from a list of Mastodon statuses (a timeline page, or `statuses` of a search)."""
    mentions = []
    for status in statuses:
        if not isinstance(status, dict):
            continue
        status = status.get("reblog") or status  # a boost is the original post seen again
        if not status.get("id"):
            continue
        account = status.get("account") or {}
        acct = account.get("acct") or account.get("username")
        if acct and "@" not in acct:
            acct = f"{acct}@{instance_host}"
        text = html_to_text(status.get("content") or "")
        if status.get("spoiler_text"):
            text = f"{status['spoiler_text']}\n\n{text}"
        shares = as_int(status.get("reblogs_count"))
        if shares is not None and status.get("quotes_count") is not None:
            shares += as_int(status.get("quotes_count")) or 0
        mentions.append(Mention(
            id=f"mastodon:{instance_host}:{status['id']}",
            platform="mastodon",
            source=source,
            text=text,
            url=status.get("url") or status.get("uri"),
            author_handle=acct,
            author_name=account.get("display_name") or account.get("username"),
            author_followers=as_int(account.get("followers_count")),
            likes=as_int(status.get("favourites_count")),
            shares=shares,
            replies=as_int(status.get("replies_count")),
            lang=status.get("language"),
            published_at=iso_utc(status.get("created_at")),
            raw=status,
        ))
    return mentions


def next_max_id(link_header: str | None) -> str | None:
    """`max_id` of the `rel="next"` link (older statuses), if any."""
    for link in requests.utils.parse_header_links(link_header or ""):
        if link.get("rel") == "next":
            values = parse_qs(urlsplit(link.get("url", "")).query).get("max_id")
            if values:
                return values[0]
    return None


def _id_key(value: Any) -> int:
    return int(value)


@dataclass(frozen=True, kw_only=True)
class MastodonSettings(PageSettings):
    """The settings of a `mastodon` source."""

    instance: str = setting(str, required=True, help="adresse de l'instance, ex. `https://mastodon.social`")
    mode: str = setting(str, "hashtag", choices=MODES, help="`hashtag` ou `search`")
    token_env: str | None = setting(str, help="le **nom** de la variable d'environnement qui contient le jeton "
                                             "d'accès (scope `read`) ; obligatoire en mode `search`")
    local: bool = setting(bool, False, help="mode hashtag : seulement les messages publiés sur l'instance")
    limit: int = page_limit(40, "messages")


class MastodonCollector(SearchCollector):
    """Statuses that name a brand on one Mastodon instance."""

    name = "mastodon"
    label = short_label = "Mastodon"
    ADDRESS_SETTINGS = ("instance",)
    Settings = MastodonSettings
    settings: MastodonSettings

    def __init__(self, source: SourceConfig, session: Any = None):
        super().__init__(source, session)
        self.base = self.settings.instance.rstrip("/")
        self.host = urlsplit(self.base).hostname or self.base

    def fetch(self, target: Target, state: dict[str, Any]) -> Batch:
        brand = target.params["brand"]
        headers = self._auth_headers()
        limit = self.settings.limit
        try:
            if self.settings.mode == "hashtag":
                tags = hashtags(target.params["query"])
                return drain(lambda since, token: self._tag_page(brand, tags, since, token, limit, headers),
                             state, self.budget, _id_key)
            streams = {q: (lambda since, token, q=q: self._search_page(brand, q, since, token, limit, headers))
                       for q in alternatives(target.params["query"], "Mastodon")}
            return drain_streams(streams, state, self.budget, _id_key)
        except TranslationError as exc:
            raise CollectorError(f"Mastodon, marque « {brand} » : {exc}") from exc

    def _auth_headers(self) -> dict[str, str]:
        env = self.settings.token_env
        token = os.environ.get(env) if env else None
        if env and not token:
            raise AuthError(f"Mastodon ({self.host}) : la variable d'environnement {env} (token_env) est vide ou "
                            "absente ; exportez-y un jeton d'accès de votre compte (Préférences > Développement)")
        if self.settings.mode == "search" and not token:
            raise AuthError(f"Mastodon ({self.host}) : le mode search exige un jeton ; ajoutez token_env = "
                            "\"MASTODON_TOKEN\" à la source et exportez MASTODON_TOKEN (scope read:search)")
        return {"Authorization": f"Bearer {token}"} if token else {}

    def _get(self, path: str, params: Any, headers: dict[str, str], brand: str) -> tuple[Response, Any]:
        try:
            response = self.fetcher.fetch(self.base + path, headers=headers, params=params)
        except AuthError as exc:
            env = self.settings.token_env
            fix = (f"vérifiez le jeton de la variable {env} et son scope read" if env else
                   "cette instance exige un compte : ajoutez token_env = \"MASTODON_TOKEN\" et exportez ce jeton")
            raise AuthError(f"Mastodon ({self.host}) : accès refusé ({exc.http_status}) ; {fix}",
                            exc.http_status, exc.requests) from exc
        return response, decode_json(response.body, f"Mastodon ({self.host}), marque « {brand} »", response.requests)

    def _tag_page(self, brand: str, tags: list[str], since: Any, token: Any, limit: int,
                  headers: dict[str, str]) -> tuple[Page, int]:
        params: list[tuple[str, Any]] = [("limit", limit)] + [("any[]", t) for t in tags[1:]]
        if self.settings.local:
            params.append(("local", "true"))
        if since:
            params.append(("since_id", since))
        if token:
            params.append(("max_id", token))
        response, statuses = self._get(f"/api/v1/timelines/tag/{quote(tags[0], safe='')}", params, headers, brand)
        if not isinstance(statuses, list):
            raise CollectorError(f"Mastodon ({self.host}) : liste de messages attendue", requests=response.requests)
        mentions = parse_statuses(statuses, self.host, self.source.name)
        ids = [s["id"] for s in statuses if isinstance(s, dict) and s.get("id")]
        more = len(statuses) >= limit
        next_token = (next_max_id(response.headers.get("Link")) or min(ids, key=int)) if more and ids else None
        return Page(mentions, next_token, max(ids, key=int) if ids else None,
                    http_status=response.status), response.requests

    def _search_page(self, brand: str, query: str, since: Any, token: Any, limit: int,
                     headers: dict[str, str]) -> tuple[Page, int]:
        offset = int(token or 0)
        params: dict[str, Any] = {"q": query, "type": "statuses", "limit": limit, "resolve": "false"}
        if since:
            params["min_id"] = since
        if offset:
            params["offset"] = offset
        response, body = self._get("/api/v2/search", params, headers, brand)
        statuses = body.get("statuses") if isinstance(body, dict) else None
        if not isinstance(statuses, list):
            raise CollectorError(f"Mastodon ({self.host}) : réponse de recherche sans « statuses »",
                                 requests=response.requests)
        # min_id is a filter on the server; re-check locally in case an instance ignores it
        fresh = [s for s in statuses if isinstance(s, dict) and s.get("id") and (not since or int(s["id"]) > int(since))]
        ids = [s["id"] for s in fresh]
        more = len(statuses) >= limit and len(fresh) == len(statuses)
        page = Page(parse_statuses(fresh, self.host, self.source.name), str(offset + len(statuses)) if more else None,
                    max(ids, key=int) if ids else None, reached_known=len(fresh) < len(statuses),
                    http_status=response.status)
        return page, response.requests
