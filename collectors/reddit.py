"""Reddit: search of posts (and optionally comments) per brand, with application-only OAuth.

`REDDIT_CLIENT_ID` / `REDDIT_CLIENT_SECRET` get a bearer token (client_credentials) kept
in memory only. Results come newest first (`sort=new`); the cursor is the newest
`created_utc` stored, older pages come through the listing's `after` fullname, and
reading stops at the first item older than the cursor. Reddit asks for a descriptive
User-Agent (`user_agent` setting).
"""

from __future__ import annotations

import base64
import os
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from collectors.base import AuthError, CollectorError, SourceConfig, Target
from collectors.http import Response
from collectors.settings import setting
from collectors.social import (
    Page,
    PageSettings,
    SearchCollector,
    as_int,
    charged,
    decode_json,
    drain_streams,
    iso_utc,
    page_limit,
)
from collectors.translate import TranslationError, to_reddit
from storage.records import Batch, Mention

ID_ENV, SECRET_ENV = "REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET"
WEB = "https://www.reddit.com"
GONE = ("[deleted]", "[removed]")


def _web_url(data: dict[str, Any]) -> str | None:
    permalink = data.get("permalink") or data.get("context")  # inbox items carry `context` instead
    if permalink:
        return WEB + urlsplit(permalink).path
    if data.get("name", "").startswith("t1_") and data.get("link_id"):
        return f"{WEB}/comments/{data['link_id'][3:]}/_/{data['id']}/"
    return data.get("url")


def parse_thing(thing: dict[str, Any], source: str) -> Mention | None:
    """One listing child (`t3` post or `t1` comment) as a Mention; deleted or removed ones are skipped."""
    kind, data = thing.get("kind"), thing.get("data") or {}
    if kind not in ("t1", "t3") or not data.get("name"):
        return None
    if kind == "t3":
        body = data.get("selftext") or ""
        text = f"{data.get('title') or ''}\n\n{body}".strip() if body not in GONE else data.get("title") or ""
        title, replies, shares = data.get("title"), as_int(data.get("num_comments")), as_int(data.get("num_crossposts"))
    else:
        text = data.get("body") or ""
        if text in GONE:
            return None
        title, replies, shares = data.get("link_title"), None, None
    author = data.get("author")
    score = as_int(data.get("score"))
    return Mention(
        id=f"reddit:{data['name']}",
        platform="reddit",
        source=source,
        text=text,
        url=_web_url(data),
        title=title,
        author_handle=None if author in GONE else author,
        author_name=None,
        author_followers=None,  # Reddit gives no follower count for authors; see docs/collectors.md
        likes=None if score is None else max(0, score),  # net votes; a downvoted post proves no reader
        shares=shares,
        replies=replies,
        lang=None,
        published_at=iso_utc(data.get("created_utc")),
        raw=data,
    )


def things_in(body: Any) -> list[dict[str, Any]]:
    """Every post/comment of a response: a Listing, a list of Listings (a post and its comments), nested replies."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("kind") == "Listing":
                walk((node.get("data") or {}).get("children") or [])
            elif node.get("kind") in ("t1", "t3"):
                found.append(node)
                walk((node.get("data") or {}).get("replies"))

    walk(body)
    return found


def parse_listing(body: Any, source: str) -> list[Mention]:
    """Mentions from one decoded response (pure: fixture files drive it)."""
    return [m for thing in things_in(body) if (m := parse_thing(thing, source)) is not None]


@dataclass(frozen=True, kw_only=True)
class RedditSettings(PageSettings):
    """The settings of a `reddit` source."""

    oauth_url: str = setting(str, "https://oauth.reddit.com", help="adresse de l'API (tests, démo)")
    auth_url: str = setting(str, "https://www.reddit.com", help="adresse d'obtention du jeton")
    user_agent: str = setting(str, "python:veille:0.1 (veille de marques)",
                              help="User-Agent descriptif exigé par Reddit ; mettez-y votre compte : "
                                   "`python:veille-acme:0.1 (by /u/votre_compte)`")
    subreddits: list[str] | None = setting(list, help='limiter la recherche à ces subreddits (`["france", '
                                                      '"vosfinances"]`)')
    comments: bool = setting(bool, False, help="chercher aussi dans les commentaires (une requête de plus par marque)")
    limit: int = page_limit(100, "résultats")


class RedditCollector(SearchCollector):
    """Reddit posts (and comments, optionally) that name a brand."""

    name = "reddit"
    label = short_label = "Reddit"
    ADDRESS_SETTINGS = ("oauth_url", "auth_url")
    Settings = RedditSettings
    settings: RedditSettings

    def __init__(self, source: SourceConfig, session: Any = None):
        super().__init__(source, session)
        self.token: str | None = None  # in memory only
        self.token_expires = 0.0

    def fetch(self, target: Target, state: dict[str, Any]) -> Batch:
        brand = target.params["brand"]
        try:
            query = to_reddit(target.params["query"])
        except TranslationError as exc:
            raise CollectorError(f"Reddit, marque « {brand} » : {exc}") from exc
        limit = self.settings.limit
        kinds = ["link", "comment"] if self.settings.comments else ["link"]
        streams = {f"{kind}:{query}": (lambda since, token, kind=kind: self._page(brand, query, kind, since, token,
                                                                                  limit))
                   for kind in kinds}
        return drain_streams(streams, state, self.budget, key=float)

    def _call(self, url: str, **kwargs: Any) -> Response:
        headers = {"User-Agent": self.settings.user_agent, **kwargs.pop("headers", {})}
        return self.fetcher.fetch(url, headers=headers, **kwargs)

    def _authenticate(self) -> int:
        """A new bearer token; returns the requests it took."""
        client_id, secret = os.environ.get(ID_ENV), os.environ.get(SECRET_ENV)
        missing = [name for name, value in ((ID_ENV, client_id), (SECRET_ENV, secret)) if not value]
        if missing:
            raise AuthError(f"Reddit : variable(s) d'environnement {', '.join(missing)} absente(s) ; créez une "
                            "application de type « script » sur reddit.com/prefs/apps et exportez son "
                            "identifiant et son secret")
        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        url = self.settings.auth_url.rstrip("/") + "/api/v1/access_token"
        try:
            response = self._call(url, method="POST", data={"grant_type": "client_credentials"},
                                  headers={"Authorization": f"Basic {basic}"})
        except AuthError as exc:
            raise AuthError(f"Reddit : identifiants refusés ({exc.http_status}) ; vérifiez {ID_ENV} et {SECRET_ENV}",
                            exc.http_status, exc.requests) from exc
        body = decode_json(response.body, "Reddit, jeton", response.requests)
        if not isinstance(body, dict) or not body.get("access_token"):
            error = body.get("error") if isinstance(body, dict) else None
            raise AuthError(f"Reddit : pas de jeton obtenu ({error or 'réponse inattendue'}) ; vérifiez {ID_ENV} et "
                            f"{SECRET_ENV}, et que l'application est de type « script »", requests=response.requests)
        self.token = body["access_token"]
        self.token_expires = time.monotonic() + float(body.get("expires_in") or 3600) - 60
        return response.requests

    def _search(self, params: dict[str, Any]) -> tuple[Response, int]:
        """GET the search with the bearer token; a 401 (expired token) gets one new token and one retry.

        Returns the response and every request it took (token included)."""
        subreddits = self.settings.subreddits or []
        path = f"/r/{'+'.join(quote(s, safe='') for s in subreddits)}/search" if subreddits else "/search"
        url = self.settings.oauth_url.rstrip("/") + path
        made = 0
        for attempt in (1, 2):
            with charged(made):
                if self.token is None or time.monotonic() > self.token_expires:
                    made += self._authenticate()
            try:
                with charged(made):
                    response = self._call(url, params=params, headers={"Authorization": f"bearer {self.token}"})
                return response, made + response.requests
            except AuthError as exc:
                if attempt == 2 or exc.http_status != 401:
                    raise AuthError(f"Reddit : accès refusé ({exc.http_status}) ; vérifiez {ID_ENV}, {SECRET_ENV} "
                                    "et que les subreddits demandés sont publics", exc.http_status,
                                    exc.requests) from exc
                made = exc.requests
                self.token = None
        raise AssertionError("unreachable")

    def _page(self, brand: str, query: str, kind: str, since: Any, token: Any, limit: int) -> tuple[Page, int]:
        params: dict[str, Any] = {"q": query, "sort": "new", "t": "all", "type": kind, "limit": limit,
                                  "raw_json": 1}
        if self.settings.subreddits:
            params["restrict_sr"] = 1
        if token:
            params["after"] = token
        response, made = self._search(params)
        body = decode_json(response.body, f"Reddit, marque « {brand} »", made)
        if not isinstance(body, dict) or body.get("kind") != "Listing":
            raise CollectorError("Reddit : réponse de recherche inattendue (Listing attendu)", requests=made)
        children = [c for c in (body.get("data") or {}).get("children") or [] if isinstance(c, dict)]
        stamps = {id(c): float((c.get("data") or {}).get("created_utc") or 0) for c in children}
        fresh = [c for c in children if since is None or stamps[id(c)] >= float(since)]
        newest = max((stamps[id(c)] for c in fresh), default=None)
        after = (body.get("data") or {}).get("after")
        more = len(children) >= limit and after and len(fresh) == len(children)
        mentions = [m for c in fresh if (m := parse_thing(c, self.source.name)) is not None]
        return Page(mentions, after if more else None, newest, reached_known=len(fresh) < len(children),
                    http_status=response.status), made
