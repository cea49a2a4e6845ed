"""The one fake API server, for the demo and the tests: real HTTP on 127.0.0.1, in a daemon thread.

`FakeServer` answers every request with a function `(Request) -> Reply`. The tests script it
(`LocalServer`: queued replies per path, a request log); the demo serves a built site with
the paths and parameters the real APIs use (`DemoApi`, `serve_demo`).

Demo feeds are static files with ETag/Last-Modified (so conditional GET is exercised). Social
searches slice the platform response files per brand and page: a post is returned when its
text contains a brand name the query mentions (a loose stand-in for each platform's search;
the collector's own matcher re-checks every post).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from demo.config import demo_credentials
from demo.site import DemoSite
from storage.query import fold

X_TWEET_DEFAULT = ("id", "text", "edit_history_tweet_ids")
X_USER_DEFAULT = ("id", "name", "username")


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]  # every value of repeated parameters (`any[]`, `actors`)
    headers: Message  # names in any case: headers["Authorization"], headers.get("if-none-match")
    body: bytes = b""

    @property
    def params(self) -> dict[str, str]:
        """The last value of each parameter."""
        return {k: v[-1] for k, v in self.query.items()}

    def int_param(self, name: str, default: int, low: int, high: int) -> int:
        try:
            return max(low, min(high, int(self.params.get(name, default))))
        except ValueError:
            return default


@dataclass
class Reply:
    """One answer. `delay` sleeps before answering (tests trigger client timeouts with it)."""

    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def json_reply(payload: object, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return Reply(status, body, {"Content-Type": "application/json; charset=utf-8", **(headers or {})})


def queried_brands(query: str, short_names: tuple[str, ...]) -> list[str]:
    """Folded short names of the site's brands a search query mentions (`"Azur Mobile" OR Azur` → ["azur"])."""
    q = fold(query, loose=True)
    return [fold(short, loose=True) for short in short_names if fold(short, loose=True) in q]


def matches(text: str, brands: list[str]) -> bool:
    folded = fold(text, loose=True)
    return any(b in folded for b in brands)


def parse_moment(value: str) -> datetime | None:
    """ISO date or datetime (`Z` accepted) as UTC; None when unreadable."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def fake_jwt(scope: str, lifetime: timedelta, subject: str) -> str:
    """A JWT-shaped token (unsigned) whose `exp` the client may read to know when to refresh."""
    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    now = int(time.time())
    claims = {"scope": scope, "sub": subject, "iat": now, "exp": now + int(lifetime.total_seconds()),
              "jti": hashlib.sha256(f"{scope}{time.time_ns()}".encode()).hexdigest()[:20]}
    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(claims)}.ZGVtby1zaWduYXR1cmU"


def jwt_claims(token: str) -> dict | None:
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return None


class DemoApi:
    """Answers requests from the site's files; pure (no sockets), so the handler stays thin."""

    def __init__(self, site: DemoSite):
        self.site = site
        self.files = {"/" + p.as_posix(): site.directory / p for feed in site.feeds for p in feed.paths}
        self.last_modified = format_datetime(site.end.astimezone(UTC), usegmt=True)
        load = {name: json.loads((site.directory / rel).read_text(encoding="utf-8")) for name, rel in site.social.items()}
        x = load["x"]
        self.tweets = x.get("data", [])
        self.x_users = {u["id"]: u for u in x.get("includes", {}).get("users", [])}
        self.x_refs = {t["id"]: t for t in x.get("includes", {}).get("tweets", [])}
        self.statuses = load["mastodon"]["statuses"]
        self.status_text = [re.sub(r"<[^>]+>", " ", s["content"]) for s in self.statuses]
        self.bsky_posts = load["bluesky"]["posts"]
        self.bsky_profiles = {p["did"]: p for p in load["bluesky_profiles"]["profiles"]}
        self.reddit_links = [c["data"] for c in load["reddit"]["data"]["children"]]

    def respond(self, req: Request) -> Reply:
        routes = [
            ("GET", r"/flux/.+\.xml", self.feed),
            ("GET", r"/2/tweets/search/recent", self.x_search),
            ("GET", r"/api/v2/search", self.mastodon_search),
            ("GET", r"/api/v1/timelines/tag/[^/]+", self.mastodon_tag),
            ("POST", r"/xrpc/com\.atproto\.server\.createSession", self.bsky_create_session),
            ("POST", r"/xrpc/com\.atproto\.server\.refreshSession", self.bsky_refresh_session),
            ("GET", r"/xrpc/app\.bsky\.feed\.searchPosts", self.bsky_search),
            ("GET", r"/xrpc/app\.bsky\.actor\.getProfiles", self.bsky_profiles_of),
            ("POST", r"/api/v1/access_token", self.reddit_token),
            ("GET", r"(/r/[^/]+)?/search(\.json)?/?", self.reddit_search),
        ]
        method = "GET" if req.method == "HEAD" else req.method
        for verb, pattern, handler in routes:
            if re.fullmatch(pattern, req.path):
                if verb != method:
                    return json_reply({"error": "MethodNotAllowed", "message": f"use {verb}"}, 405)
                return handler(req)
        return json_reply({"error": "NotFound", "message": f"no demo resource at {req.path}"}, 404)

    # --- feeds ---------------------------------------------------------------------------------

    def feed(self, req: Request) -> Reply:
        path = self.files.get(req.path)
        if path is None or not path.is_file():
            return Reply(404, b"not found", {"Content-Type": "text/plain; charset=utf-8"})
        data = path.read_bytes()
        etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
        headers = {"ETag": etag, "Last-Modified": self.last_modified, "Cache-Control": "max-age=300"}
        if req.headers.get("if-none-match") == etag or self._not_modified_since(req.headers.get("if-modified-since")):
            return Reply(304, b"", headers)
        kind = "atom" if b"<feed" in data[:300] else "rss"
        return Reply(200, data, {"Content-Type": f"application/{kind}+xml; charset=utf-8", **headers})

    def _not_modified_since(self, value: str | None) -> bool:
        if not value:
            return False
        try:
            return parsedate_to_datetime(value) >= self.site.end.replace(microsecond=0)
        except (TypeError, ValueError):
            return False

    # --- X API v2 ------------------------------------------------------------------------------

    def x_search(self, req: Request) -> Reply:
        query = req.params.get("query", "")
        headers = {"x-rate-limit-limit": "450", "x-rate-limit-remaining": "449",
                   "x-rate-limit-reset": str(int(time.time()) + 900)}
        if not query:
            return json_reply({"errors": [{"parameters": {"query": []},
                                           "message": "The `query` query parameter can not be empty"}],
                               "title": "Invalid Request", "detail": "One or more parameters to your request was invalid.",
                               "type": "https://api.twitter.com/2/problems/invalid-request"}, 400, headers)
        brands = queried_brands(query, self.site.short_names)
        lang = re.search(r"\blang:(\w+)", query)
        no_retweets = "-is:retweet" in query
        since, until = int(req.params.get("since_id") or 0), int(req.params.get("until_id") or 0)
        start = parse_moment(req.params.get("start_time", ""))
        end = parse_moment(req.params.get("end_time", ""))
        found = [t for t in self.tweets
                 if matches(t["text"], brands) and (not lang or t.get("lang") == lang.group(1))
                 and not (no_retweets and any(r["type"] == "retweeted" for r in t.get("referenced_tweets", [])))
                 and int(t["id"]) > since and (not until or int(t["id"]) < until)
                 and (not start or parse_moment(t["created_at"]) >= start)
                 and (not end or parse_moment(t["created_at"]) < end)]
        size = req.int_param("max_results", 10, 10, 100)
        token = req.params.get("next_token") or req.params.get("pagination_token") or ""
        offset = int(token[2:]) if re.fullmatch(r"dm\d+", token) else 0
        page = found[offset:offset + size]
        if not page:
            return json_reply({"meta": {"result_count": 0}}, headers=headers)
        tweet_fields = set(X_TWEET_DEFAULT) | set(filter(None, req.params.get("tweet.fields", "").split(",")))
        user_fields = set(X_USER_DEFAULT) | set(filter(None, req.params.get("user.fields", "").split(",")))
        expansions = set(req.params.get("expansions", "").split(","))
        tweet_fields |= {"author_id"} & expansions  # an expansion brings the field it expands
        tweet_fields |= {"referenced_tweets"} if expansions & {"referenced_tweets.id", "referenced_tweets.id.author_id"} \
            else set()
        payload: dict = {"data": [{k: v for k, v in t.items() if k in tweet_fields} for t in page]}
        includes: dict = {}
        refs = [self.x_refs[r["id"]] for t in page for r in t.get("referenced_tweets", []) if r["id"] in self.x_refs]
        if "referenced_tweets.id" in expansions and refs:
            includes["tweets"] = [{k: v for k, v in t.items() if k in tweet_fields} for t in refs]
        if "author_id" in expansions:
            authors = [t["author_id"] for t in page]
            if "referenced_tweets.id.author_id" in expansions:
                authors += [t["author_id"] for t in refs]
            includes["users"] = [{k: v for k, v in self.x_users[a].items() if k in user_fields}
                                 for a in dict.fromkeys(authors)]
        if includes:
            payload["includes"] = includes
        meta = {"newest_id": page[0]["id"], "oldest_id": page[-1]["id"], "result_count": len(page)}
        if offset + size < len(found):
            meta["next_token"] = f"dm{offset + size}"
        payload["meta"] = meta
        return json_reply(payload, headers=headers)

    # --- Mastodon ------------------------------------------------------------------------------

    def _mastodon_range(self, req: Request, indexes: list[int]) -> list[int]:
        """Statuses (newest first) within max_id / since_id / min_id, all exclusive bounds."""
        max_id = int(req.params.get("max_id") or 0)
        low = max(int(req.params.get("since_id") or 0), int(req.params.get("min_id") or 0))
        return [i for i in indexes
                if (not max_id or int(self.statuses[i]["id"]) < max_id) and int(self.statuses[i]["id"]) > low]

    def _mastodon_headers(self) -> dict[str, str]:
        reset = (datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return {"x-ratelimit-limit": "300", "x-ratelimit-remaining": "299", "x-ratelimit-reset": reset}

    def mastodon_search(self, req: Request) -> Reply:
        query = req.params.get("q", "")
        if not query:
            return json_reply({"error": "Validation failed: q is missing"}, 400)
        statuses: list[dict] = []
        if req.params.get("type", "statuses") == "statuses":
            brands = queried_brands(query, self.site.short_names)
            indexes = self._mastodon_range(req, [i for i, text in enumerate(self.status_text) if matches(text, brands)])
            offset, limit = req.int_param("offset", 0, 0, 10_000), req.int_param("limit", 20, 1, 40)
            statuses = [self.statuses[i] for i in indexes[offset:offset + limit]]  # min_id filters, like search
        return json_reply({"accounts": [], "statuses": statuses, "hashtags": []}, headers=self._mastodon_headers())

    def mastodon_tag(self, req: Request) -> Reply:
        path_tag = fold(unquote(req.path.rsplit("/", 1)[1]), loose=True).lstrip("#")
        tags = {path_tag, *(fold(t, loose=True) for t in req.query.get("any[]", []))}
        indexes = [i for i, s in enumerate(self.statuses) if any(fold(t["name"], loose=True) in tags for t in s["tags"])]
        indexes = self._mastodon_range(req, indexes)
        limit = req.int_param("limit", 20, 1, 40)
        # min_id pages forward: the statuses just above it; otherwise the newest below max_id
        page = [self.statuses[i] for i in (indexes[-limit:] if req.params.get("min_id") else indexes[:limit])]
        headers = self._mastodon_headers()
        if page:
            base = f"http://{req.headers.get('host', '127.0.0.1')}{req.path}"
            headers["Link"] = (f'<{base}?max_id={page[-1]["id"]}>; rel="next", '
                               f'<{base}?min_id={page[0]["id"]}>; rel="prev"')
        return json_reply(page, headers=headers)

    # --- Bluesky -------------------------------------------------------------------------------

    def _bsky_session(self, handle: str) -> dict:
        did = "did:plc:" + hashlib.sha256(handle.encode()).hexdigest()[:24]
        return {"did": did, "handle": handle, "email": f"{handle.split('.')[0]}@demo.example", "emailConfirmed": True,
                "accessJwt": fake_jwt("com.atproto.access", timedelta(hours=2), did),
                "refreshJwt": fake_jwt("com.atproto.refresh", timedelta(days=60), did), "active": True}

    def bsky_create_session(self, req: Request) -> Reply:
        try:
            body = json.loads(req.body or b"{}")
        except ValueError:
            return json_reply({"error": "InvalidRequest", "message": "Request body must be JSON"}, 400)
        for key in ("identifier", "password"):
            if not body.get(key):
                return json_reply({"error": "InvalidRequest", "message": f'Input must have the property "{key}"'}, 400)
        return json_reply(self._bsky_session(body["identifier"]))

    def _bsky_token(self, req: Request, scope: str) -> tuple[dict | None, Reply | None]:
        auth = req.headers.get("authorization", "")
        if not auth.startswith("Bearer "):
            return None, json_reply({"error": "AuthMissing", "message": "Authentication Required"}, 401)
        claims = jwt_claims(auth[7:])
        if not claims or claims.get("scope") != scope:
            return None, json_reply({"error": "InvalidToken", "message": "Bad token scope"}, 400)
        if claims.get("exp", 0) < time.time():
            return None, json_reply({"error": "ExpiredToken", "message": "Token has expired"}, 400)
        return claims, None

    def bsky_refresh_session(self, req: Request) -> Reply:
        claims, error = self._bsky_token(req, "com.atproto.refresh")
        return error or json_reply(self._bsky_session(f"{claims['sub'][8:16]}.bsky.social"))

    def bsky_search(self, req: Request) -> Reply:
        _, error = self._bsky_token(req, "com.atproto.access")
        if error:
            return error
        query = req.params.get("q", "")
        if not query:
            return json_reply({"error": "InvalidRequest", "message": 'Error: Params must have the property "q"'}, 400)
        brands = queried_brands(query, self.site.short_names)
        since = parse_moment(req.params.get("since", ""))
        until = parse_moment(req.params.get("until", ""))
        lang = req.params.get("lang")
        found = [p for p in self.bsky_posts
                 if matches(p["record"]["text"], brands) and (not lang or lang in p["record"].get("langs", []))
                 and (not since or parse_moment(p["indexedAt"]) >= since)
                 and (not until or parse_moment(p["indexedAt"]) < until)]
        limit = req.int_param("limit", 25, 1, 100)
        cursor = req.params.get("cursor", "")
        offset = int(cursor) if cursor.isdigit() else 0
        payload: dict = {"posts": found[offset:offset + limit]}
        if offset + limit < len(found):
            payload["cursor"] = str(offset + limit)
        reset = str(int(time.time()) + 300)
        return json_reply(payload, headers={"RateLimit-Limit": "3000", "RateLimit-Remaining": "2999",
                                            "RateLimit-Reset": reset, "RateLimit-Policy": "3000;w=300"})

    def bsky_profiles_of(self, req: Request) -> Reply:
        _, error = self._bsky_token(req, "com.atproto.access")
        if error:
            return error
        actors = req.query.get("actors", [])
        if not actors or len(actors) > 25:
            return json_reply({"error": "InvalidRequest", "message": "actors must have between 1 and 25 items"}, 400)
        return json_reply({"profiles": [self.bsky_profiles[a] for a in actors if a in self.bsky_profiles]})

    # --- Reddit --------------------------------------------------------------------------------

    def reddit_token(self, req: Request) -> Reply:
        if not req.headers.get("authorization", "").startswith("Basic "):
            return json_reply({"message": "Unauthorized", "error": 401}, 401)
        if parse_qs(req.body.decode(errors="replace")).get("grant_type") != ["client_credentials"]:
            return json_reply({"error": "unsupported_grant_type"})
        return json_reply({"access_token": "demo-" + hashlib.sha256(req.body).hexdigest()[:24],
                           "token_type": "bearer", "expires_in": 86400, "scope": "*"})

    def reddit_search(self, req: Request) -> Reply:
        headers = {"x-ratelimit-used": "1", "x-ratelimit-remaining": "999.0", "x-ratelimit-reset": "540"}
        if not req.headers.get("authorization", "").lower().startswith("bearer "):
            return json_reply({"message": "Unauthorized", "error": 401}, 401, headers)
        brands = queried_brands(req.params.get("q", ""), self.site.short_names)
        sub = re.match(r"/r/([^/]+)/", req.path)
        restrict = sub and req.params.get("restrict_sr", "").lower() in ("1", "true", "on")
        subreddits = {unquote(s).lower() for s in sub.group(1).split("+")} if sub else set()
        wanted = set(req.params.get("type", "link").split(","))
        found = [d for d in self.reddit_links
                 if "link" in wanted and matches(f"{d['title']} {d['selftext']}", brands)
                 and (not restrict or d["subreddit"].lower() in subreddits)]
        limit = req.int_param("limit", 25, 1, 100)
        names = [d["name"] for d in found]
        after, before = req.params.get("after"), req.params.get("before")
        if before in names:  # the items just newer than `before`, closest first
            end = names.index(before)
            begin = max(0, end - limit)
            page = found[begin:end]
            more_before, more_after = begin > 0, True
        else:
            begin = names.index(after) + 1 if after in names else 0
            page = found[begin:begin + limit]
            more_before, more_after = begin > 0 and after is not None, begin + limit < len(found)
        listing = {"after": page[-1]["name"] if page and more_after else None, "dist": len(page), "modhash": "",
                   "geo_filter": "", "children": [{"kind": "t3", "data": d} for d in page],
                   "before": page[0]["name"] if page and more_before else None}
        return json_reply({"kind": "Listing", "data": listing}, headers=headers)


class _Handler(BaseHTTPRequestHandler):
    respond: Callable[[Request], Reply]
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

    def log_message(self, *args) -> None:  # the demo prints its own progress; test output stays clean
        pass

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        req = Request(self.command, parts.path, parse_qs(parts.query), self.headers,
                      self.rfile.read(length) if length else b"")
        reply = self.respond(req)
        if reply.delay:
            time.sleep(reply.delay)
        body = reply.body.encode() if isinstance(reply.body, str) else reply.body
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if "Content-Length" not in reply.headers:  # a test may script a wrong one
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD" and reply.status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass

    do_GET = do_POST = do_HEAD = _serve


class FakeServer:
    """Answer every request on 127.0.0.1 (a free port unless `port` is given) with `respond`, while in `with`.

    `keep_alive` speaks HTTP/1.1 (the demo's thousands of requests reuse connections); by default
    HTTP/1.0, one connection per request, so a scripted wrong Content-Length cannot stall the next one.
    """

    def __init__(self, respond: Callable[[Request], Reply], port: int = 0, keep_alive: bool = False,
                 name: str = "veille-fake-api") -> None:
        handler = type("Handler", (_Handler,), {"respond": staticmethod(respond),
                                                "protocol_version": "HTTP/1.1" if keep_alive else "HTTP/1.0"})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        # poll often: shutdown() waits up to one poll interval, paid by every test that uses this server
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, name=name,
                                       daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


class LocalServer(FakeServer):
    """The tests' scripted server: `route(path, *replies)` queues replies (the last one repeats), `requests` logs all.

    A route may also be a callable `(Request) -> Reply` (`handle`) for stateful fakes (pagination, cursors).
    """

    def __init__(self) -> None:
        self.routes: dict[str, deque[Reply]] = defaultdict(deque)
        self.handlers: dict[str, Callable[[Request], Reply]] = {}
        self.requests: list[Request] = []
        super().__init__(self._reply_for)

    def route(self, path: str, *replies: Reply) -> None:
        self.routes[path].extend(replies)

    def handle(self, path: str, handler: Callable[[Request], Reply]) -> None:
        self.handlers[path] = handler

    def _reply_for(self, req: Request) -> Reply:
        self.requests.append(req)
        if req.path in self.handlers:
            return self.handlers[req.path](req)
        queue = self.routes.get(req.path)
        if not queue:
            return Reply(404, b"not found")
        return queue.popleft() if len(queue) > 1 else queue[0]

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)


@contextmanager
def serve_demo(site: DemoSite, port: int = 0) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (a free port unless `port` is given); yield the base URL.

    While it serves, the social collectors' credential variables hold placeholders
    (`demo_credentials`): the demo needs no keys, and a user's real tokens are never sent here.
    """
    with FakeServer(DemoApi(site).respond, port, keep_alive=True, name="veille-demo-server") as server, \
            demo_credentials():
        yield server.url
