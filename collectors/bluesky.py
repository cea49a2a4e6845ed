"""Bluesky: `app.bsky.feed.searchPosts` per brand, signed in with a handle and an app password.

The session (access + refresh JWT) lives in this object only, never in the database:
`createSession` once per run, `refreshSession` when the access token expires, a new
session if the refresh token is refused too.

Cursor: `since` = newest `indexedAt` stored. Search has no documented OR, so each OR
alternative of the brand query is its own search with its own cursor. Results come
newest first (`sort=latest`); the request's `since` starts SINCE_MARGIN earlier because
Bluesky filters on `sortAt`, which can be older than when a post became searchable;
posts already stored are dropped by their `indexedAt`. A page budget left unfinished
keeps the search `cursor` for the next run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from collectors.base import AuthError, CollectorError, SourceConfig, Target
from collectors.http import HttpError, Response
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
from collectors.translate import TranslationError, alternatives
from storage.records import Batch, Mention

DEFAULT_SERVICE = "https://bsky.social"
HANDLE_ENV, PASSWORD_ENV = "BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD"
SINCE_MARGIN = timedelta(minutes=10)
PROFILES_PER_REQUEST = 25  # app.bsky.actor.getProfiles accepts at most 25 actors


def precise_utc(value: Any) -> str | None:
    """A timestamp as UTC with microseconds, so cursors compare as strings without losing order."""
    try:
        dt = datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def post_url(post: dict[str, Any]) -> str | None:
    """The bsky.app web URL of a post view (`at://did/app.bsky.feed.post/rkey`)."""
    uri = post.get("uri") or ""
    author = post.get("author") or {}
    handle = author.get("handle")
    who = handle if handle and handle != "handle.invalid" else author.get("did")
    if not who or "/app.bsky.feed.post/" not in uri:
        return None
    return f"https://bsky.app/profile/{who}/post/{uri.rsplit('/', 1)[-1]}"


def parse_post(post: dict[str, Any], source: str, followers: dict[str, int] | None = None) -> Mention:
    """One `app.bsky.feed.defs#postView` as a Mention."""
    author = post.get("author") or {}
    record = post.get("record") or {}
    langs = record.get("langs") or []
    shares = None
    if "repostCount" in post or "quoteCount" in post:
        shares = (as_int(post.get("repostCount")) or 0) + (as_int(post.get("quoteCount")) or 0)
    return Mention(
        id=f"bluesky:{post['uri']}",
        platform="bluesky",
        source=source,
        text=record.get("text") or "",
        url=post_url(post),
        author_handle=author.get("handle"),
        author_name=author.get("displayName") or author.get("handle"),
        author_followers=(followers or {}).get(author.get("did"), as_int(author.get("followersCount"))),
        likes=as_int(post.get("likeCount")),
        shares=shares,
        replies=as_int(post.get("replyCount")),
        lang=langs[0] if langs else None,
        published_at=iso_utc(record.get("createdAt")) or iso_utc(post.get("indexedAt")),
        raw=post,
    )


def posts_in(body: Any) -> list[dict[str, Any]]:
    """Every distinct post view in a response: search/getPosts/getQuotes, feeds, threads."""
    found: dict[str, dict[str, Any]] = {}

    def add(post: Any) -> None:
        if isinstance(post, dict) and post.get("uri") and "record" in post:
            found.setdefault(post["uri"], post)

    def thread(node: Any) -> None:
        if isinstance(node, dict):
            add(node.get("post"))
            thread(node.get("parent"))
            for reply in node.get("replies") or []:
                thread(reply)

    if isinstance(body, dict):
        for post in body.get("posts") or []:
            add(post)
        for item in body.get("feed") or []:
            if isinstance(item, dict):
                add(item.get("post"))
        thread(body.get("thread"))
    return list(found.values())


def parse_page(body: Any, source: str) -> list[Mention]:
    """Mentions from one decoded response (pure: fixture files drive it)."""
    return [parse_post(p, source) for p in posts_in(body)]


@dataclass(frozen=True, kw_only=True)
class BlueskySettings(PageSettings):
    """The settings of a `bluesky` source."""

    service: str = setting(str, DEFAULT_SERVICE, help="serveur (PDS) du compte")
    lang: str | None = setting(str, help='ne garder qu\'une langue, ex. `"fr"`')
    limit: int = page_limit(100, "messages")
    followers: bool = setting(bool, True, help="lire le nombre d'abonnés des auteurs (`app.bsky.actor.getProfiles`, "
                                               "une requête par 25 auteurs nouveaux) pour la portée")


class BlueskyCollector(SearchCollector):
    """Posts that name a brand on Bluesky (search of the whole network)."""

    name = "bluesky"
    label = short_label = "Bluesky"
    ADDRESS_SETTINGS = ("service",)
    Settings = BlueskySettings
    settings: BlueskySettings

    def __init__(self, source: SourceConfig, session: Any = None):
        super().__init__(source, session)
        self.base = self.settings.service.rstrip("/")
        self.tokens: dict[str, str] | None = None  # in memory only

    def fetch(self, target: Target, state: dict[str, Any]) -> Batch:
        brand = target.params["brand"]
        try:
            queries = alternatives(target.params["query"], "Bluesky")
        except TranslationError as exc:
            raise CollectorError(f"Bluesky, marque « {brand} » : {exc}") from exc
        limit = self.settings.limit
        streams = {q: (lambda since, token, q=q: self._search_page(brand, q, since, token, limit)) for q in queries}
        batch = drain_streams(streams, state, self.budget)
        if self.settings.followers and batch.mentions:
            self._add_followers(batch)
        return batch

    # --- session ---

    def _credentials(self) -> tuple[str, str]:
        handle, password = os.environ.get(HANDLE_ENV), os.environ.get(PASSWORD_ENV)
        missing = [name for name, value in ((HANDLE_ENV, handle), (PASSWORD_ENV, password)) if not value]
        if missing:
            raise AuthError(f"Bluesky : variable(s) d'environnement {', '.join(missing)} absente(s) ; mettez-y "
                            "votre identifiant (ex. marque.bsky.social) et un mot de passe d'application "
                            "(Paramètres > Confidentialité et sécurité > Mots de passe d'application)")
        return handle, password  # type: ignore[return-value]

    def _create_session(self) -> int:
        """Sign in; returns the requests it took."""
        handle, password = self._credentials()
        try:
            response = self._call("POST", "com.atproto.server.createSession",
                                  json={"identifier": handle, "password": password})
        except (AuthError, HttpError) as exc:
            if isinstance(exc, HttpError) and exc.http_status not in (400, 401):
                raise
            raise AuthError(f"Bluesky : connexion refusée ({exc.http_status}) ; vérifiez {HANDLE_ENV} et "
                            f"{PASSWORD_ENV} (un mot de passe d'application, pas celui du compte)",
                            exc.http_status, exc.requests) from exc
        self.tokens = self._tokens(response)
        return response.requests

    def _refresh_session(self) -> int:
        """New tokens from the refresh token; a refused refresh token means signing in again. Returns the requests."""
        assert self.tokens is not None
        try:
            response = self._call("POST", "com.atproto.server.refreshSession",
                                  headers={"Authorization": f"Bearer {self.tokens['refresh']}"})
        except (AuthError, HttpError) as exc:
            if isinstance(exc, HttpError) and exc.http_status != 400:
                raise
            with charged(exc.requests):
                return exc.requests + self._create_session()
        self.tokens = self._tokens(response)
        return response.requests

    def _tokens(self, response: Response) -> dict[str, str]:
        body = decode_json(response.body, "Bluesky, session", response.requests)
        if not isinstance(body, dict) or not body.get("accessJwt") or not body.get("refreshJwt"):
            raise AuthError("Bluesky : réponse de connexion sans jetons (accessJwt/refreshJwt) ; vérifiez "
                            f"l'adresse du serveur (réglage service : {self.base})", requests=response.requests)
        return {"access": body["accessJwt"], "refresh": body["refreshJwt"]}

    # --- requests ---

    def _call(self, method: str, nsid: str, params: Any = None, json: Any = None,
              headers: dict[str, str] | None = None) -> Response:
        return self.fetcher.fetch(f"{self.base}/xrpc/{nsid}", headers=headers, params=params, method=method, json=json)

    def _authed(self, nsid: str, params: Any) -> tuple[Response, int]:
        """GET with the access token; on an expired token, refresh (or sign in again) and retry once.

        Returns the response and every request it took (signing in included)."""
        made = self._create_session() if self.tokens is None else 0
        for attempt in (1, 2):
            assert self.tokens is not None
            try:
                with charged(made):
                    response = self._call("GET", nsid, params=params,
                                          headers={"Authorization": f"Bearer {self.tokens['access']}"})
                return response, made + response.requests
            except (AuthError, HttpError) as exc:
                if attempt == 2 or not _expired(exc):
                    if isinstance(exc, AuthError):
                        raise AuthError(f"Bluesky : accès refusé ({exc.http_status}) ; vérifiez {HANDLE_ENV}, "
                                        f"{PASSWORD_ENV} et que le compte n'est pas suspendu", exc.http_status,
                                        exc.requests) from exc
                    raise
                with charged(exc.requests):
                    made = exc.requests + self._refresh_session()
        raise AssertionError("unreachable")

    def _search_page(self, brand: str, query: str, since: Any, token: Any, limit: int) -> tuple[Page, int]:
        params: dict[str, Any] = {"q": query, "sort": "latest", "limit": limit}
        if since:
            start = datetime.fromisoformat(since) - SINCE_MARGIN
            params["since"] = start.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        if self.settings.lang:
            params["lang"] = self.settings.lang
        if token:
            params["cursor"] = token
        response, made = self._authed("app.bsky.feed.searchPosts", params)
        body = decode_json(response.body, f"Bluesky, marque « {brand} »", made)
        posts = body.get("posts") if isinstance(body, dict) else None
        if not isinstance(posts, list):
            raise CollectorError("Bluesky : réponse de recherche sans « posts »", requests=made)
        keys = {p["uri"]: precise_utc(p.get("indexedAt")) for p in posts if isinstance(p, dict) and p.get("uri")}
        fresh = [p for p in posts if isinstance(p, dict) and p.get("uri") in keys and "record" in p
                 and (not since or (keys[p["uri"]] or "") > since)]
        stamps = [keys[p["uri"]] for p in fresh if keys[p["uri"]]]
        more = len(posts) >= limit and body.get("cursor")
        return Page([parse_post(p, self.source.name) for p in fresh], body.get("cursor") if more else None,
                    max(stamps) if stamps else None, http_status=response.status), made

    def _add_followers(self, batch: Batch) -> None:
        """Fill `author_followers` from the authors' profiles; a failed or odd answer only costs the reach estimate."""
        dids = list(dict.fromkeys(did for m in batch.mentions if (did := _author_did(m))))
        counts: dict[str, int] = {}
        problem = None
        for i in range(0, len(dids), PROFILES_PER_REQUEST):
            try:
                response, made = self._authed("app.bsky.actor.getProfiles", [("actors", d) for d in
                                                                             dids[i:i + PROFILES_PER_REQUEST]])
            except CollectorError as exc:
                batch.requests += exc.requests
                problem = str(exc)
                break
            batch.requests += made
            batch.http_status = response.status
            try:
                found = profile_followers(decode_json(response.body, "Bluesky, profils", made))
            except CollectorError as exc:
                problem = str(exc)
                break
            if found is None:
                problem = "réponse sans liste « profiles »"
                break
            counts.update(found)
        for m in batch.mentions:
            if (did := _author_did(m)) in counts:
                m.author_followers = counts[did]
        if problem:
            batch.warnings.append(f"Bluesky : nombre d'abonnés des auteurs non lu ({problem}) ; portée estimée sans eux")


def profile_followers(body: Any) -> dict[str, int] | None:
    """did → followers from an `app.bsky.actor.getProfiles` answer; None when it is not one (no `profiles` list).

    A profile the answer lacks (deleted or suspended account), without a did or without a usable,
    non-negative `followersCount` is left out: its author's followers stay empty.
    """
    profiles = body.get("profiles") if isinstance(body, dict) else None
    if not isinstance(profiles, list):
        return None
    counts = {}
    for profile in profiles:
        if isinstance(profile, dict) and isinstance(profile.get("did"), str):
            followers = as_int(profile.get("followersCount"))
            if followers is not None and followers >= 0:
                counts[profile["did"]] = followers
    return counts


def _author_did(mention: Mention) -> str | None:
    author = mention.raw.get("author") if isinstance(mention.raw, dict) else None
    did = author.get("did") if isinstance(author, dict) else None
    return did if isinstance(did, str) and did else None


def _expired(exc: CollectorError) -> bool:
    """401, or Bluesky's 400 `ExpiredToken` / `InvalidToken`: the access token needs refreshing."""
    if isinstance(exc, AuthError):
        return exc.http_status == 401
    if isinstance(exc, HttpError) and exc.http_status == 400:
        try:
            error = exc.response.json().get("error")
        except (ValueError, AttributeError):
            return False
        return error in ("ExpiredToken", "InvalidToken")
    return False
