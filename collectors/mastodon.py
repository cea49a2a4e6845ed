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
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import requests

from collectors.base import AuthError, Collector, CollectorError, Setting, SourceConfig, Target, brand_targets
from collectors.html_text import html_to_text
from collectors.http import Fetcher, Response
from collectors.social import (
    PAGE_SETTINGS,
    Page,
    as_int,
    decode_json,
    drain,
    drain_streams,
    iso_utc,
    make_fetcher,
    page_budget,
    with_defaults,
)
from collectors.translate import TranslationError, alternatives, hashtags
from storage.records import Batch, Brand, Mention

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


class MastodonCollector(Collector):
    """Statuses that name a brand on one Mastodon instance."""

    name = "mastodon"
    platform = "mastodon"
    SETTINGS = {
        "instance": Setting(str, required=True, help="adresse de l'instance, ex. https://mastodon.social"),
        "mode": Setting(str, default="hashtag", choices=MODES, help="« hashtag » (fils des mots-dièse de la marque, sans compte) "
                        "ou « search » (recherche plein texte : jeton et instance avec recherche requis)"),
        "token_env": Setting(str, help="NOM de la variable d'environnement qui contient le jeton d'accès "
                             "(scope read), ex. MASTODON_TOKEN ; obligatoire en mode search"),
        "local": Setting(bool, default=False, help="mode hashtag : seulement les messages publiés sur l'instance"),
        "limit": Setting(int, default=40, maximum=40, help="messages par page, 40 au plus"),
        **PAGE_SETTINGS,
    }

    def __init__(self, source: SourceConfig, session: Any = None):
        super().__init__(source, session)
        self.settings = with_defaults(self.SETTINGS, source.settings)
        self.base = self.settings["instance"].rstrip("/")
        self.host = urlsplit(self.base).hostname or self.base
        self.fetcher: Fetcher = make_fetcher(session, self.settings)

    def targets(self, brands: list[Brand]) -> list[Target]:
        if self.settings["mode"] not in MODES:
            raise CollectorError(f"Mastodon ({self.source.name}) : mode « {self.settings['mode']} » inconnu ; "
                                 "mettez mode = \"hashtag\" ou mode = \"search\"")
        return brand_targets(brands)

    def fetch(self, target: Target, state: dict[str, Any]) -> Batch:
        brand = target.params["brand"]
        self.counter, self.status = 0, None
        headers = self._auth_headers()
        limit = max(1, min(40, int(self.settings["limit"])))
        budget = page_budget(self.settings)
        try:
            if self.settings["mode"] == "hashtag":
                tags = hashtags(target.params["query"])
                mentions, new_state, _ = drain(
                    lambda since, token: self._tag_page(brand, tags, since, token, limit, headers),
                    state, budget, _id_key)
            else:
                streams = {q: (lambda since, token, q=q: self._search_page(brand, q, since, token, limit, headers))
                           for q in alternatives(target.params["query"], "Mastodon")}
                mentions, new_state = drain_streams(streams, state, budget, _id_key)
        except TranslationError as exc:
            raise CollectorError(f"Mastodon, marque « {brand} » : {exc}") from exc
        return Batch(mentions, new_state, requests=self.counter, http_status=self.status)

    def _auth_headers(self) -> dict[str, str]:
        env = self.settings.get("token_env")
        token = os.environ.get(env) if env else None
        if env and not token:
            raise AuthError(f"Mastodon ({self.host}) : la variable d'environnement {env} (token_env) est vide ou "
                            "absente ; exportez-y un jeton d'accès de votre compte (Préférences > Développement)")
        if self.settings["mode"] == "search" and not token:
            raise AuthError(f"Mastodon ({self.host}) : le mode search exige un jeton ; ajoutez token_env = "
                            "\"MASTODON_TOKEN\" à la source et exportez MASTODON_TOKEN (scope read:search)")
        return {"Authorization": f"Bearer {token}"} if token else {}

    def _get(self, path: str, params: Any, headers: dict[str, str], brand: str) -> tuple[Response, Any]:
        try:
            response = self.fetcher.fetch(self.base + path, headers=headers, params=params)
        except AuthError as exc:
            env = self.settings.get("token_env")
            fix = (f"vérifiez le jeton de la variable {env} et son scope read" if env else
                   "cette instance exige un compte : ajoutez token_env = \"MASTODON_TOKEN\" et exportez ce jeton")
            raise AuthError(f"Mastodon ({self.host}) : accès refusé ({exc.http_status}) ; {fix}",
                            exc.http_status, self.counter + exc.requests) from exc
        except CollectorError as exc:
            exc.requests += self.counter
            raise
        self.counter += response.requests
        self.status = response.status
        return response, decode_json(response.body, f"Mastodon ({self.host}), marque « {brand} »", self.counter)

    def _tag_page(self, brand: str, tags: list[str], since: Any, token: Any, limit: int,
                  headers: dict[str, str]) -> Page:
        params: list[tuple[str, Any]] = [("limit", limit)] + [("any[]", t) for t in tags[1:]]
        if self.settings["local"]:
            params.append(("local", "true"))
        if since:
            params.append(("since_id", since))
        if token:
            params.append(("max_id", token))
        response, statuses = self._get(f"/api/v1/timelines/tag/{quote(tags[0], safe='')}", params, headers, brand)
        if not isinstance(statuses, list):
            raise CollectorError(f"Mastodon ({self.host}) : liste de messages attendue", requests=self.counter)
        mentions = parse_statuses(statuses, self.host, self.source.name)
        ids = [s["id"] for s in statuses if isinstance(s, dict) and s.get("id")]
        more = len(statuses) >= limit
        next_token = (next_max_id(response.headers.get("Link")) or min(ids, key=int)) if more and ids else None
        return Page(mentions, next_token, max(ids, key=int) if ids else None)

    def _search_page(self, brand: str, query: str, since: Any, token: Any, limit: int,
                     headers: dict[str, str]) -> Page:
        offset = int(token or 0)
        params: dict[str, Any] = {"q": query, "type": "statuses", "limit": limit, "resolve": "false"}
        if since:
            params["min_id"] = since
        if offset:
            params["offset"] = offset
        _, body = self._get("/api/v2/search", params, headers, brand)
        statuses = body.get("statuses") if isinstance(body, dict) else None
        if not isinstance(statuses, list):
            raise CollectorError(f"Mastodon ({self.host}) : réponse de recherche sans « statuses »",
                                 requests=self.counter)
        # min_id is a filter on the server; re-check locally in case an instance ignores it
        fresh = [s for s in statuses if isinstance(s, dict) and s.get("id") and (not since or int(s["id"]) > int(since))]
        ids = [s["id"] for s in fresh]
        more = len(statuses) >= limit and len(fresh) == len(statuses)
        return Page(parse_statuses(fresh, self.host, self.source.name), str(offset + len(statuses)) if more else None,
                    max(ids, key=int) if ids else None, reached_known=len(fresh) < len(statuses))
