"""The shared fetcher against real servers on 127.0.0.1: statuses, limits, timeouts, rate limits."""

from __future__ import annotations

import gzip
import socket
import socketserver
import threading
import time
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests

from collectors.base import AuthError, CollectorError, RateLimited
from collectors.http import (
    BodyTooLarge,
    Fetcher,
    HttpError,
    NetworkError,
    RedirectError,
    parse_reset,
)
from demo.server import Reply

MiB = 1024 * 1024


def fast(**kwargs) -> Fetcher:
    """A fetcher with test-sized timeouts and backoff."""
    options = {"connect_timeout": 2, "read_timeout": 2, "backoff": 0.01, **kwargs}
    return Fetcher(**options)


class StreamingServer:
    """A raw TCP server whose handler writes to the socket as it likes (trickle, endless body)."""

    def __init__(self, handler: Callable[[socket.socket], None]):
        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.recv(65536)  # the request head; its content does not matter here
                try:
                    handler(self.request)
                except OSError:  # the client hung up: what we expect from a bounded fetcher
                    pass

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def streaming():
    servers: list[StreamingServer] = []

    def start(handler: Callable[[socket.socket], None]) -> str:
        servers.append(StreamingServer(handler))
        return servers[-1].url

    yield start
    for server in servers:
        server.close()


# --- plain answers ---


def test_200_returns_body_headers_final_url_and_request_count(http_server) -> None:
    http_server.route("/feed", Reply(200, "<rss/>", {"Content-Type": "application/rss+xml", "ETag": '"v1"'}))
    response = fast().fetch(http_server.url + "/feed", headers={"Accept": "application/rss+xml"})
    assert (response.status, response.body, response.requests) == (200, b"<rss/>", 1)
    assert response.headers["etag"] == '"v1"'  # case-insensitive
    assert response.url == http_server.url + "/feed"
    sent = http_server.requests[0].headers
    assert sent["User-Agent"].startswith("Veille/")
    assert sent["Accept"] == "application/rss+xml"


def test_params_json_and_post(http_server) -> None:
    http_server.route("/api", Reply(200, '{"ok": true}'))
    response = fast().fetch(http_server.url + "/api", params={"q": "déçu"}, method="POST", json={"a": 1})
    assert response.json() == {"ok": True}
    request = http_server.requests[0]
    assert (request.method, request.query, request.body) == ("POST", {"q": ["déçu"]}, b'{"a": 1}')


def test_304_is_returned_not_raised(http_server) -> None:
    http_server.route("/feed", Reply(304))
    response = fast().fetch(http_server.url + "/feed", headers={"If-None-Match": '"v1"'})
    assert response.status == 304 and response.body == b""


def test_404_names_the_url_and_the_fix(http_server) -> None:
    with pytest.raises(HttpError) as err:
        fast().fetch(http_server.url + "/gone")
    assert err.value.http_status == 404
    assert http_server.url + "/gone" in str(err.value) and "veille.toml" in str(err.value)
    assert http_server.hits("/gone") == 1  # a 4xx is not retried


@pytest.mark.parametrize("status", [401, 403])
def test_401_and_403_are_auth_errors(http_server, status: int) -> None:
    http_server.route("/api", Reply(status, "denied"))
    with pytest.raises(AuthError) as err:
        fast().fetch(http_server.url + "/api")
    assert err.value.http_status == status and "jeton" in str(err.value)


def test_gzip_and_deflate_bodies_are_decoded(http_server) -> None:
    text = "é" * 50_000
    http_server.route("/gz", Reply(200, gzip.compress(text.encode()), {"Content-Encoding": "gzip"}))
    http_server.route("/zlib", Reply(200, zlib.compress(text.encode()), {"Content-Encoding": "deflate"}))
    raw = zlib.compressobj(wbits=-15)
    http_server.route("/raw", Reply(200, raw.compress(text.encode()) + raw.flush(), {"Content-Encoding": "deflate"}))
    for path in ("/gz", "/zlib", "/raw"):
        assert fast().fetch(http_server.url + path).body.decode() == text


def test_corrupt_gzip_is_a_clear_error(http_server) -> None:
    http_server.route("/gz", Reply(200, b"\x1f\x8b\x08\x00garbage" * 10, {"Content-Encoding": "gzip"}))
    with pytest.raises(CollectorError, match="compressé"):
        fast().fetch(http_server.url + "/gz")


# --- retries ---


def test_500_then_200_is_retried(http_server) -> None:
    http_server.route("/feed", Reply(500), Reply(200, "ok"))
    response = fast().fetch(http_server.url + "/feed")
    assert (response.status, response.body, response.requests) == (200, b"ok", 2)


def test_persistent_500_fails_after_bounded_retries(http_server) -> None:
    http_server.route("/feed", Reply(502))
    start = time.monotonic()
    with pytest.raises(HttpError) as err:
        fast(retries=2).fetch(http_server.url + "/feed")
    assert http_server.hits("/feed") == 3 and err.value.requests == 3
    assert err.value.http_status == 502 and "serveur" in str(err.value)
    assert time.monotonic() - start < 2


def test_backoff_never_sleeps_long_whatever_the_settings(http_server) -> None:
    http_server.route("/feed", Reply(500))
    start = time.monotonic()
    with pytest.raises(HttpError):
        Fetcher(retries=10, backoff=1.5).fetch(http_server.url + "/feed")
    assert time.monotonic() - start < 3  # 1.5 s, then 3 s more would pass the 4 s cap: give up
    assert http_server.hits("/feed") == 2


def test_persistent_503_with_retry_after_becomes_rate_limited(http_server) -> None:
    http_server.route("/feed", Reply(503, headers={"Retry-After": "600"}))
    with pytest.raises(RateLimited) as err:
        fast(retries=1).fetch(http_server.url + "/feed")
    assert err.value.http_status == 503
    assert _minutes_from_now(err.value.retry_at) == pytest.approx(10, abs=0.1)


def test_connection_refused_is_retried_then_named() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(NetworkError) as err:
        fast(retries=2).fetch(f"http://127.0.0.1:{port}/feed")
    assert "connexion refusée" in str(err.value) and err.value.requests == 3


class _FailingAdapter(requests.adapters.BaseAdapter):
    def __init__(self, exc: Exception):
        super().__init__()
        self.exc = exc
        self.calls = 0

    def send(self, request, **kwargs):
        self.calls += 1
        raise self.exc

    def close(self) -> None:
        pass


def test_dns_failure_is_named_and_not_retried() -> None:
    """Simulated at the transport: tests never resolve real names."""
    session = requests.Session()
    adapter = _FailingAdapter(requests.ConnectionError(socket.gaierror(-2, "Name or service not known")))
    session.mount("https://", adapter)
    with pytest.raises(NetworkError) as err:
        fast(session=session).fetch("https://flux.example.invalid/rss")
    assert "flux.example.invalid" in str(err.value) and "DNS" in str(err.value)
    assert adapter.calls == 1


# --- timeouts and size limits ---


def test_slow_answer_past_the_read_timeout(http_server) -> None:
    http_server.route("/slow", Reply(200, "late", delay=1.5))
    start = time.monotonic()
    with pytest.raises(NetworkError) as err:
        fast(read_timeout=0.3).fetch(http_server.url + "/slow")
    assert time.monotonic() - start < 1.2
    assert "pas de réponse en 0.3 s" in str(err.value)
    assert http_server.hits("/slow") == 1  # a slow server is not hammered with retries


def test_trickling_body_hits_the_total_deadline(streaming) -> None:
    def trickle(sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        while True:
            sock.sendall(b"x")
            time.sleep(0.05)

    url = streaming(trickle)
    start = time.monotonic()
    with pytest.raises(NetworkError, match="compte-gouttes"):
        fast(read_timeout=1, total_timeout=0.5).fetch(url)
    assert time.monotonic() - start < 1.5


def test_endless_body_stops_at_max_bytes(streaming) -> None:
    def endless(sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n")
        chunk = b"<item>" * 10_000
        while True:
            sock.sendall(chunk)

    url = streaming(endless)
    with pytest.raises(BodyTooLarge) as err:
        fast(max_bytes=2 * MiB).fetch(url)
    assert "2 Mio" in str(err.value)


def test_gzip_bomb_stops_at_max_bytes_of_decoded_content(http_server) -> None:
    bomb = gzip.compress(b"\0" * (40 * MiB), compresslevel=9)
    assert len(bomb) < 100_000
    http_server.route("/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    with pytest.raises(BodyTooLarge):
        fast(max_bytes=1 * MiB).fetch(http_server.url + "/bomb")


def test_declared_length_over_the_limit_is_refused_before_reading(http_server) -> None:
    http_server.route("/big", Reply(200, b"x" * (2 * MiB)))
    with pytest.raises(BodyTooLarge):
        fast(max_bytes=1 * MiB).fetch(http_server.url + "/big")


def test_body_exactly_at_the_limit_is_accepted(http_server) -> None:
    http_server.route("/ok", Reply(200, b"x" * MiB, {"Content-Encoding": "identity"}))
    assert len(fast(max_bytes=MiB).fetch(http_server.url + "/ok").body) == MiB


# --- redirects ---


def test_redirect_is_followed_and_counted(http_server) -> None:
    http_server.route("/old", Reply(301, headers={"Location": "/new"}))
    http_server.route("/new", Reply(200, "moved"))
    response = fast().fetch(http_server.url + "/old")
    assert (response.body, response.url, response.requests) == (b"moved", http_server.url + "/new", 2)


def test_redirect_loop_is_named(http_server) -> None:
    http_server.route("/a", Reply(302, headers={"Location": "/b"}))
    http_server.route("/b", Reply(302, headers={"Location": "/a"}))
    with pytest.raises(RedirectError, match="boucle de redirection"):
        fast().fetch(http_server.url + "/a")
    assert http_server.hits("/a") == 1 and http_server.hits("/b") == 1


def test_too_many_redirects(http_server) -> None:
    for i in range(10):
        http_server.route(f"/r{i}", Reply(302, headers={"Location": f"/r{i + 1}"}))
    with pytest.raises(RedirectError, match="plus de 3 redirections"):
        fast(max_redirects=3).fetch(http_server.url + "/r0")
    assert http_server.hits("/r4") == 0


def test_credentials_are_not_forwarded_to_another_host(http_server) -> None:
    other = http_server.url.replace("127.0.0.1", "localhost")
    http_server.route("/api", Reply(302, headers={"Location": other + "/elsewhere"}))
    http_server.route("/elsewhere", Reply(200, "ok"))
    fast().fetch(http_server.url + "/api", headers={"Authorization": "Bearer secret"})
    first, second = http_server.requests
    assert first.headers.get("Authorization") == "Bearer secret"
    assert "Authorization" not in second.headers


# --- rate limits ---


def _minutes_from_now(iso: str) -> float:
    when = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return (when - datetime.now(UTC)).total_seconds() / 60


def in_10_min() -> datetime:
    return datetime.now(UTC) + timedelta(minutes=10)


@pytest.mark.parametrize(
    "headers",
    [
        lambda: {"Retry-After": "600"},
        lambda: {"Retry-After": format_datetime(in_10_min(), usegmt=True)},
        lambda: {"x-rate-limit-reset": str(int(in_10_min().timestamp()))},  # X: epoch
        lambda: {"x-ratelimit-reset": "600"},  # Reddit: seconds
        lambda: {"x-ratelimit-reset": in_10_min().strftime("%Y-%m-%dT%H:%M:%S.000Z")},  # Mastodon: ISO date
        lambda: {"RateLimit-Reset": "600"},  # IETF draft: seconds
        lambda: {"RateLimit-Reset": str(int(in_10_min().timestamp()))},  # Bluesky: epoch
    ],
    ids=["retry-after-s", "retry-after-date", "x-epoch", "reddit-s", "mastodon-iso", "ietf-s", "bluesky-epoch"],
)
def test_429_retry_at_from_each_header(http_server, headers: Callable[[], dict[str, str]]) -> None:
    http_server.route("/api", Reply(429, headers=headers()))
    with pytest.raises(RateLimited) as err:
        fast().fetch(http_server.url + "/api")
    assert _minutes_from_now(err.value.retry_at) == pytest.approx(10, abs=0.1)
    assert err.value.http_status == 429 and err.value.retry_at in str(err.value)
    assert http_server.hits("/api") == 1  # never retried, never slept on


def test_429_without_header_waits_a_default_minute(http_server) -> None:
    http_server.route("/api", Reply(429))
    with pytest.raises(RateLimited) as err:
        fast().fetch(http_server.url + "/api")
    assert _minutes_from_now(err.value.retry_at) == pytest.approx(1, abs=0.1)


def test_403_with_exhausted_quota_is_a_rate_limit(http_server) -> None:
    http_server.route("/api", Reply(403, headers={"x-rate-limit-remaining": "0", "x-rate-limit-reset":
                                                  str(int(in_10_min().timestamp()))}))
    with pytest.raises(RateLimited) as err:
        fast().fetch(http_server.url + "/api")
    assert err.value.http_status == 403
    assert _minutes_from_now(err.value.retry_at) == pytest.approx(10, abs=0.1)


def test_parse_reset_rejects_garbage() -> None:
    assert parse_reset("bientôt") is None
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_reset("-5", now) == now  # a negative delay means now
