"""X (Twitter) API v2 recent search through `tweepy.Client`, one cursor per brand.

tweepy's host is fixed, so the `api_url` setting is applied by a transport adapter
mounted on `client.session` (it also gives every request a timeout, which tweepy
does not). `wait_on_rate_limit` stays off: a 429 becomes `RateLimited`, never a sleep.

Cursor: `since_id` = newest tweet id stored. When the page budget runs out before
the backlog is drained, the state keeps the old `since_id`, the oldest id read
(`until_id`) and the newest id of the backlog; the next run reads on below
`until_id` and only moves `since_id` once the backlog is empty, so no tweet
between pages is ever skipped.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from typing import Any

import requests
import tweepy
from requests.adapters import HTTPAdapter

from collectors.base import (
    AuthError,
    CollectorError,
    RateLimited,
    SourceConfig,
    Target,
)
from collectors.http import retry_at, retry_pauses
from collectors.settings import setting
from collectors.social import (
    CursorKeys,
    Page,
    PageSettings,
    SearchCollector,
    as_int,
    decode_json,
    drain,
    iso_utc,
)
from collectors.translate import TranslationError, to_x
from storage.records import Batch, Mention

DEFAULT_API = "https://api.twitter.com"
TOKEN_ENV = "X_BEARER_TOKEN"
EXPANSIONS = ["author_id", "referenced_tweets.id", "referenced_tweets.id.author_id"]
TWEET_FIELDS = ["author_id", "conversation_id", "created_at", "lang", "note_tweet", "public_metrics",
                "referenced_tweets"]
USER_FIELDS = ["name", "username", "verified", "verified_type", "public_metrics"]
X_ESCAPE = re.compile(r"&(amp|lt|gt);")  # the only escapes X puts in tweet text
X_UNESCAPED = {"amp": "&", "lt": "<", "gt": ">"}
RT_PREFIX = re.compile(r"RT @\w{1,15}: ")
# The cursor's names in the stored state; `until_id` is the oldest tweet read of an unfinished backlog.
CURSOR = CursorKeys(since="since_id", resume="until_id", newest="backlog_newest_id")


class _ApiAdapter(HTTPAdapter):
    """Sends tweepy's fixed-host requests to `api_url`, with a default timeout."""

    def __init__(self, api_url: str, timeout: float):
        super().__init__()
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout

    def send(self, request, **kwargs):
        if self.api_url != DEFAULT_API:
            request.url = self.api_url + request.url[len(DEFAULT_API):]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


def tweet_kind(tweet: dict[str, Any]) -> str:
    """original | reply | quote | retweet, from `referenced_tweets`."""
    kinds = {ref.get("type") for ref in tweet.get("referenced_tweets") or []}
    for kind, label in (("retweeted", "retweet"), ("quoted", "quote"), ("replied_to", "reply")):
        if kind in kinds:
            return label
    return "original"


def tweet_text(tweet: dict[str, Any]) -> str:
    """The full text of a tweet (a long post's `note_tweet`), with X's HTML escapes undone.

    X API v2 escapes `&`, `<` and `>` in tweet text (`&amp;`, `&lt;`, `&gt;`) and nowhere else
    (names and bios come as typed): unescaped, « H&M » reads as the brand, not « H », « amp », « M ».
    """
    note = tweet.get("note_tweet")
    text = (note.get("text") if isinstance(note, dict) else None) or tweet.get("text")
    return X_ESCAPE.sub(lambda m: X_UNESCAPED[m.group(1)], text) if isinstance(text, str) else ""


def retweeted_id(tweet: dict[str, Any]) -> str | None:
    """Id of the tweet this one retweets, if it is a retweet."""
    for ref in tweet.get("referenced_tweets") or []:
        if isinstance(ref, dict) and ref.get("type") == "retweeted" and ref.get("id"):
            return str(ref["id"])
    return None


def parse_page(page: dict[str, Any], source: str) -> list[Mention]:
    """Mentions from one decoded `/2/tweets/search/recent` page (authors from `includes.users`).

    A retweet keeps its own id, date and author (its reach is the retweeter's audience) but
    carries « RT @author: » and the original's full text from `includes.tweets` (the API cuts it
    at 140 characters, often before the brand), and no engagement of its own: X
    credits likes, replies and retweets to the original, which is added once as its own
    mention (`raw.found_via = "retweet"`) so its engagement counts once, however many
    retweets of it are read. See docs/collectors.md, « Retweets ».
    """
    includes = page.get("includes") or {}
    users = {u.get("id"): u for u in includes.get("users") or [] if isinstance(u, dict)}
    included = {t.get("id"): t for t in includes.get("tweets") or [] if isinstance(t, dict) and t.get("id")}
    data = page.get("data") or []
    if isinstance(data, dict):  # a single-tweet lookup has the same shape with one object
        data = [data]
    mentions: dict[str, Mention] = {}
    originals: dict[str, Mention] = {}
    for tweet in data:
        if not isinstance(tweet, dict) or not tweet.get("id"):
            continue
        mention = _mention(tweet, users, source)
        original_id = retweeted_id(tweet)
        if original_id:
            original = included.get(original_id)
            mention.likes = mention.shares = mention.replies = 0
            mention.raw["retweet_of"] = f"x:{original_id}"
            if original:
                mention.text = _retweet_prefix(mention.text, users.get(original.get("author_id"))) + tweet_text(original)
                originals.setdefault(f"x:{original_id}", _mention(original, users, source, found_via="retweet"))
        mentions.setdefault(mention.id, mention)
    return list(mentions.values()) + [m for key, m in originals.items() if key not in mentions]


def _retweet_prefix(text: str, original_author: dict[str, Any] | None) -> str:
    """The « RT @author: » that X puts before a retweet's (cut) text: it names whose tweet is passed on."""
    if prefix := RT_PREFIX.match(text):
        return prefix.group(0)
    handle = (original_author or {}).get("username")
    return f"RT @{handle}: " if handle else ""


def _mention(tweet: dict[str, Any], users: dict[Any, dict[str, Any]], source: str,
             found_via: str | None = None) -> Mention:
    author = users.get(tweet.get("author_id")) or {}
    metrics = tweet.get("public_metrics") or {}
    followers = (author.get("public_metrics") or {}).get("followers_count")
    handle = author.get("username")
    shares = None
    if "retweet_count" in metrics or "quote_count" in metrics:
        shares = (as_int(metrics.get("retweet_count")) or 0) + (as_int(metrics.get("quote_count")) or 0)
    lang = tweet.get("lang")
    raw: dict[str, Any] = {"tweet": tweet, "author": author or None, "kind": tweet_kind(tweet)}
    if found_via:
        raw["found_via"] = found_via
    return Mention(
        id=f"x:{tweet['id']}",
        platform="x",
        source=source,
        text=tweet_text(tweet),
        url=f"https://x.com/{handle}/status/{tweet['id']}" if handle else f"https://x.com/i/web/status/{tweet['id']}",
        author_handle=handle,
        author_name=author.get("name"),
        author_followers=as_int(followers),
        likes=as_int(metrics.get("like_count")),
        shares=shares,
        replies=as_int(metrics.get("reply_count")),
        lang=lang if lang and lang != "und" else None,
        published_at=iso_utc(tweet.get("created_at")),
        raw=raw,
    )


def page_warnings(page: dict[str, Any]) -> list[str]:
    """Partial errors of a page (deleted or protected referenced tweets…): recorded, not fatal."""
    errors = page.get("errors") or []
    if not errors:
        return []
    first = errors[0] if isinstance(errors[0], dict) else {"detail": str(errors[0])}
    example = first.get("detail") or first.get("title") or first.get("message") or ""
    return [f"X : {len(errors)} erreur(s) partielle(s) dans la réponse, ignorée(s) (ex. : {example})"]


@dataclass(frozen=True, kw_only=True)
class XSettings(PageSettings):
    """The settings of an `x` source."""

    api_url: str = setting(str, DEFAULT_API, help="adresse de l'API (ne changez que pour les tests ou la démo)")
    lang: str | None = setting(str, help='ne garder qu\'une langue : `"fr"` ajoute `lang:fr`')
    exclude_retweets: bool = setting(bool, True, help="ajoute `-is:retweet`")
    max_results: int = setting(int, 100, minimum=10, maximum=100, help="tweets par page (10 à 100)")
    max_query_length: int = setting(int, 512, help="longueur maximale de requête de votre offre X")


class XCollector(SearchCollector):
    """Recent search (last 7 days) of each brand's query on X."""

    name = "x"
    label = "X (Twitter)"
    short_label = "X"
    ADDRESS_SETTINGS = ("api_url",)
    Settings = XSettings
    settings: XSettings

    def __init__(self, source: SourceConfig, session: Any = None):
        super().__init__(source, session)
        self._client: tweepy.Client | None = None

    def fetch(self, target: Target, state: dict[str, Any]) -> Batch:
        query = self._query(target)
        client = self._get_client()
        try:
            return self._read(client, query, target, state)
        except CollectorError as exc:
            cursor = state.get("since_id") or state.get("until_id")
            if exc.http_status != 400 or not cursor or not any(k in str(exc) for k in ("since_id", "until_id")):
                raise
            refused = exc.requests
        # the cursor fell out of the 7-day search window (a long outage): start again from the recent tweets
        batch = self._read(client, query, target, {})
        batch.requests += refused
        batch.warnings.append("X : curseur de plus de 7 jours refusé par l'API ; collecte reprise sur les tweets "
                              "récents (les plus anciens ne sont plus accessibles par la recherche récente)")
        return batch

    def _read(self, client: tweepy.Client, query: str, target: Target, state: dict[str, Any]) -> Batch:
        """Pages from the stored cursor until the end of new tweets or the page budget (the common pager).

        A run resumes below `until_id` (kept in every page of the run, with X's `next_token` for the
        pages after the first); a budget ending mid-listing stores the oldest tweet read as `until_id`.
        """
        def fetch_page(since_id: Any, token: Any) -> tuple[Page, int]:
            until_id, next_token, oldest = token if isinstance(token, tuple) else (token, None, None)
            return self._page(client, query, target, since_id, until_id, next_token, oldest)

        return drain(fetch_page, state, self.budget, key=int, names=CURSOR)

    def _page(self, client: tweepy.Client, query: str, target: Target, since_id: str | None, until_id: str | None,
              next_token: str | None, oldest: str | None) -> tuple[Page, int]:
        params: dict[str, Any] = {
            "max_results": self.settings.max_results,
            "expansions": EXPANSIONS, "tweet_fields": TWEET_FIELDS, "user_fields": USER_FIELDS,
        }
        for key, value in (("since_id", since_id), ("until_id", until_id), ("next_token", next_token)):
            if value:
                params[key] = value
        response, made = self._search(client, query, params)
        page = decode_json(response.content, f"X, marque « {target.params['brand']} »", made)
        if not isinstance(page, dict):
            raise CollectorError("X : réponse inattendue (objet JSON attendu)", requests=made)
        meta = page.get("meta") or {}
        oldest = meta.get("oldest_id") or oldest
        more = meta.get("next_token")
        return Page(parse_page(page, self.source.name), (until_id, more, oldest) if more else None,
                    meta.get("newest_id") or None, resume=oldest or until_id or "", warnings=page_warnings(page),
                    http_status=response.status_code), made

    def _query(self, target: Target) -> str:
        try:
            return to_x(target.params["query"], lang=self.settings.lang,
                        exclude_retweets=self.settings.exclude_retweets,
                        max_length=self.settings.max_query_length)
        except TranslationError as exc:
            raise CollectorError(f"X, marque « {target.params['brand']} » : {exc}") from exc

    def _get_client(self) -> tweepy.Client:
        if self._client is not None:
            return self._client
        token = os.environ.get(TOKEN_ENV)
        if not token:
            raise AuthError(f"X : variable d'environnement {TOKEN_ENV} absente ; mettez-y le « Bearer Token » "
                            "de votre application (developer.x.com, onglet Keys and tokens)")
        if isinstance(self.session, tweepy.Client):
            client = self.session
            client.bearer_token = client.bearer_token or token
        else:
            client = tweepy.Client(bearer_token=token)
            if isinstance(self.session, requests.Session):
                client.session = self.session
        client.return_type = requests.Response  # keeps the x-rate-limit-* headers
        client.wait_on_rate_limit = False  # cron never sleeps
        client.session.mount(DEFAULT_API, _ApiAdapter(self.settings.api_url, float(self.settings.timeout)))
        self._client = client
        return client

    def _search(self, client: tweepy.Client, query: str, params: dict[str, Any]) -> tuple[requests.Response, int]:
        """One page, with bounded retries on 5xx/network errors; API errors mapped to collector errors."""
        pauses = retry_pauses(self.settings.retries, float(self.settings.backoff))
        made = 0
        while True:
            made += 1
            try:
                return client.search_recent_tweets(query, **params), made
            except tweepy.Unauthorized as exc:
                raise AuthError(f"X : jeton refusé (401) ; vérifiez la variable d'environnement {TOKEN_ENV} "
                                "(Bearer Token de l'application, pas l'API Key)", 401, made) from exc
            except tweepy.Forbidden as exc:
                raise AuthError(f"X : accès refusé (403) : {_api_message(exc)} ; la recherche récente exige une "
                                f"application rattachée à un projet avec l'offre Basic ou supérieure ; vérifiez "
                                f"{TOKEN_ENV}", 403, made) from exc
            except tweepy.TooManyRequests as exc:
                when = retry_at(exc.response.headers)
                raise RateLimited(f"X : limite de requêtes atteinte (429), reprise après {when}", when,
                                  requests=made) from exc
            except tweepy.BadRequest as exc:
                raise CollectorError(f"X : requête refusée (400) : {_api_message(exc)} ; vérifiez la requête de la "
                                     "marque", 400, made) from exc
            except (tweepy.TwitterServerError, requests.RequestException) as exc:
                pause = next(pauses, None)
                if pause is None:
                    status = exc.response.status_code if isinstance(exc, tweepy.HTTPException) else None
                    raise CollectorError(f"X : serveur indisponible après {made} tentative(s) ({exc}) ; la "
                                         "prochaine collecte réessaiera", status, made) from exc
                time.sleep(pause)
            except tweepy.HTTPException as exc:
                raise CollectorError(f"X : erreur HTTP {exc.response.status_code} ({_api_message(exc)})",
                                     exc.response.status_code, made) from exc


def _api_message(exc: tweepy.HTTPException) -> str:
    return "; ".join(exc.api_messages) or str(exc)

