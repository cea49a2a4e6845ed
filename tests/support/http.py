"""A real HTTP server on 127.0.0.1 for tests: scripted responses per path, and a request log."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    """One scripted answer. `delay` sleeps before answering (to trigger client timeouts)."""

    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


class LocalServer:
    """Serve scripted replies: `route(path, *replies)` queues replies; the last one repeats.

    A route may also be a callable `(Request) -> Reply` for stateful fakes (pagination, cursors).
    """

    def __init__(self) -> None:
        self.routes: dict[str, deque] = defaultdict(deque)
        self.handlers: dict[str, object] = {}
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                req = Request(self.command, parts.path, parse_qs(parts.query), dict(self.headers),
                              self.rfile.read(length) if length else b"")
                server.requests.append(req)
                reply = server._reply_for(req)
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                try:
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    if "Content-Length" not in reply.headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_HEAD = _serve

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # poll often: shutdown() waits up to one poll interval, paid by every test that uses this server
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, path: str, *replies: Reply) -> None:
        self.routes[path].extend(replies)

    def handle(self, path: str, handler) -> None:
        self.handlers[path] = handler

    def _reply_for(self, req: Request) -> Reply:
        if req.path in self.handlers:
            return self.handlers[req.path](req)
        queue = self.routes.get(req.path)
        if not queue:
            return Reply(404, b"not found")
        return queue.popleft() if len(queue) > 1 else queue[0]

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
