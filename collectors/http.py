"""The shared HTTP fetcher: every collector request goes through here.

Why not plain `session.get`: cron must never hang or blow up memory. So every request has
connect and read timeouts plus a total deadline (a server trickling one byte a second defeats a
read timeout alone); the body is streamed and decompressed by us, in bounded chunks, so neither an
endless body nor a gzip bomb can exceed `max_bytes`; redirects are followed by hand (redirect
bodies are never read, loops are named); rate limits become `RateLimited(retry_at=…)` instead of
sleeping; 5xx and network failures get a few quick retries, then a French error that names the URL,
the cause and the fix.
"""

from __future__ import annotations

import json as jsonlib
import os
import socket
import stat
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests

from collectors.base import AuthError, CollectorError, RateLimited
from storage.redact import MissingVariable, expand_env

MiB = 1024 * 1024
CHUNK = 64 * 1024
MAX_TOTAL_BACKOFF = 4.0  # seconds slept across retries, whatever the settings: cron never sleeps long
DEFAULT_RATE_LIMIT_WAIT = 60  # seconds, when a 429 says nothing about when to come back
REDIRECTS = (301, 302, 303, 307, 308)
RESET_HEADERS = ("retry-after", "x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset")
REMAINING_HEADERS = ("x-rate-limit-remaining", "x-ratelimit-remaining", "ratelimit-remaining")


def _version() -> str:
    try:
        return metadata.version("veille")
    except metadata.PackageNotFoundError:  # running from a source checkout that is not installed
        return "dev"


USER_AGENT = f"Veille/{_version()} (+veille)"


class NetworkError(CollectorError):
    """Timeout, refused connection, DNS failure or a connection cut while reading."""

    def __init__(self, message: str, requests: int = 0, retryable: bool = False):
        super().__init__(message, requests=requests)
        self.retryable = retryable  # a refused or failed connection may be a restart; a slow server is not


class RedirectError(CollectorError):
    """Too many redirects, or a redirect loop."""


class BodyTooLarge(CollectorError):
    """The (decoded) body exceeded `max_bytes`."""


class HttpError(CollectorError):
    """A 4xx/5xx answer; `response` keeps the status, headers and the start of the body."""

    def __init__(self, message: str, response: Response):
        super().__init__(message, http_status=response.status, requests=response.requests)
        self.response = response


@dataclass
class Response:
    """What a fetch returns: the final answer, its decoded body, and how many HTTP requests it took."""

    status: int
    headers: Mapping[str, str]  # case-insensitive
    body: bytes
    url: str
    requests: int

    def json(self) -> Any:
        return jsonlib.loads(self.body)


class Fetcher:
    """Bounded, retrying HTTP client on top of a `requests.Session` (injected in tests)."""

    def __init__(
        self,
        session: requests.Session | None = None,
        connect_timeout: float = 5,
        read_timeout: float = 20,
        max_bytes: int = 20 * MiB,
        max_redirects: int = 5,
        retries: int = 2,
        backoff: float = 0.5,
        user_agent: str = USER_AGENT,
        total_timeout: float = 60,
    ):
        self.session = session or requests.Session()
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.user_agent = user_agent
        self.total_timeout = total_timeout

    def fetch(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        method: str = "GET",
        data: Any = None,
        json: Any = None,
    ) -> Response:
        """Fetch `url` (its `{env:VAR}` placeholders filled in); return a 2xx/304 response or raise a `CollectorError`."""
        try:
            url = expand_env(url)
        except MissingVariable as exc:
            raise AuthError(str(exc)) from exc
        count = 0
        slept = 0.0
        attempt = 0
        while True:
            try:
                response = self._follow(url, headers, params, method, data, json, count)
            except _Retryable as exc:
                count = exc.requests
                failure: CollectorError = exc.error
                last = None
            else:
                count = response.requests
                if response.status < 500:
                    return _check(response)
                failure = _status_error(response)
                last = response
            pause = self.backoff * 2 ** attempt
            if attempt >= self.retries or slept + pause > MAX_TOTAL_BACKOFF:
                if last is not None and last.status == 503 and _reset_header(last.headers):
                    raise _rate_limited(last, "le service est temporairement indisponible (503)")
                failure.requests = count
                raise failure
            time.sleep(pause)
            slept += pause
            attempt += 1

    def _follow(self, url, headers, params, method, data, json, count) -> Response:
        """One attempt: the request and its redirects, read with the size and time bounds."""
        visited = [url]
        send = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate", **(headers or {})}
        while True:
            count += 1
            deadline = time.monotonic() + self.total_timeout
            try:
                raw = self.session.request(
                    method, url, headers=send, params=params, data=data, json=json, stream=True,
                    allow_redirects=False, timeout=(self.connect_timeout, self.read_timeout),
                )
            except requests.RequestException as exc:
                error = _network_error(url, exc, self, count)
                if not error.retryable:
                    raise error from exc
                raise _Retryable(error, count) from exc
            try:
                if raw.status_code in REDIRECTS and raw.headers.get("Location"):
                    target = urljoin(raw.url, raw.headers["Location"])
                    if target in visited:
                        raise RedirectError(f"{visited[0]} : boucle de redirection ({raw.url} renvoie vers {target}, "
                                            "déjà visitée). Vérifiez l'adresse du flux dans veille.toml.",
                                            http_status=raw.status_code, requests=count)
                    if len(visited) > self.max_redirects:
                        raise RedirectError(f"{visited[0]} : plus de {self.max_redirects} redirections (dernière : "
                                            f"{target}). Mettez l'adresse finale dans veille.toml.",
                                            http_status=raw.status_code, requests=count)
                    if urlsplit(target).netloc != urlsplit(raw.url).netloc:  # never leak credentials elsewhere
                        send = {k: v for k, v in send.items() if k.lower() not in ("authorization", "cookie")}
                    if raw.status_code == 303 or (raw.status_code in (301, 302) and method not in ("GET", "HEAD")):
                        method, data, json = "GET", None, None
                    visited.append(target)
                    url, params = target, None
                    continue
                limit = self.max_bytes if raw.status_code < 400 else 64 * 1024  # error bodies: just a look
                body = b"" if method == "HEAD" else self._read(raw, url, limit, deadline, count)
                return Response(raw.status_code, raw.headers, body, _without_userinfo(raw.url), count)
            finally:
                raw.close()

    def _read(self, raw: requests.Response, url: str, limit: int, deadline: float, count: int) -> bytes:
        """Read and decode the body in bounded steps; stop past `limit` decoded bytes or the deadline."""
        declared = raw.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit and raw.status_code < 400:
            raise _too_large(url, limit, count)
        decoder = _Decoder(raw.headers.get("Content-Encoding", ""), url)
        out = bytearray()
        too_big = False
        while True:
            if time.monotonic() > deadline:
                raise NetworkError(f"{url} : réponse trop lente (plus de {self.total_timeout:g} s au total). "
                                   "Le serveur envoie ses données au compte-gouttes ; réessayez plus tard ou "
                                   "retirez cette source.", requests=count)
            try:
                chunk = raw.raw.read1(CHUNK, decode_content=False)
            except Exception as exc:  # any failure while reading the body is a network failure
                raise _network_error(url, exc, self, count) from exc
            decoded = decoder.feed(chunk, limit + 1 - len(out)) if chunk else decoder.finish()
            out += decoded
            if len(out) > limit:
                too_big = True
                break
            if not chunk:
                break
        if too_big:
            if raw.status_code >= 400:
                return bytes(out[:limit])
            raise _too_large(url, limit, count)
        return bytes(out)

    def read_file(self, path: Path) -> bytes:
        """A local file, read with the bounds of a response body: `max_bytes`, `total_timeout`, regular files only.

        `stat().st_size` is not trusted (0 for /proc files, devices and pipes): the read itself stops past
        the limit. A device (`/dev/zero` never ends), a named pipe (may never answer), a socket or a folder
        is refused before it is opened; opened without blocking, then checked again (it may have been swapped).
        """
        try:
            _regular_file(path, os.stat(path).st_mode)
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        except FileNotFoundError as exc:
            raise CollectorError(f"{path} : fichier introuvable. Vérifiez le chemin dans veille.toml "
                                 f"(relatif au dossier courant : {Path.cwd()}).") from exc
        except OSError as exc:
            raise CollectorError(f"{path} : lecture impossible ({exc.strerror or exc}).") from exc
        deadline = time.monotonic() + self.total_timeout
        out = bytearray()
        try:
            _regular_file(path, os.fstat(fd).st_mode)
            while chunk := os.read(fd, CHUNK):
                out += chunk
                if len(out) > self.max_bytes:
                    raise BodyTooLarge(f"{path} : fichier de plus de {self.max_bytes / MiB:g} Mio (réglage "
                                       "`max_size_mb`) : lecture arrêtée. Ce n'est sans doute pas un flux ; "
                                       "vérifiez le chemin dans veille.toml.")
                if time.monotonic() > deadline:
                    raise CollectorError(f"{path} : lecture trop lente (plus de {self.total_timeout:g} s) : "
                                         "arrêtée. Le disque ou le partage réseau ne répond pas ; réessayez plus "
                                         "tard ou copiez le fichier en local.")
        except OSError as exc:
            raise CollectorError(f"{path} : lecture impossible ({exc.strerror or exc}).") from exc
        finally:
            os.close(fd)
        return bytes(out)


_NOT_FILES = ((stat.S_ISDIR, "un dossier"), (stat.S_ISCHR, "un périphérique"), (stat.S_ISBLK, "un périphérique"),
              (stat.S_ISFIFO, "un tube nommé (FIFO)"), (stat.S_ISSOCK, "une socket"))


def _regular_file(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _NOT_FILES if test(mode)), "un fichier spécial")
    raise CollectorError(f"{path} : c'est {kind}, pas un fichier ordinaire : Veille ne lit que des fichiers (un "
                         "périphérique ou un tube peut ne jamais finir ou ne jamais répondre). Indiquez dans "
                         "veille.toml le chemin d'un fichier de flux RSS/Atom.")


class _Decoder:
    """Content-Encoding decoding that never produces more than asked (gzip bomb safe)."""

    def __init__(self, encoding: str, url: str):
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self.z = None
        elif encoding in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.z = zlib.decompressobj()
        else:
            raise CollectorError(f"{url} : encodage de contenu « {encoding} » non pris en charge "
                                 "(le serveur l'envoie sans qu'on l'ait demandé).")
        self.encoding = encoding
        self.url = url
        self.started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Decode `data`, producing at most `room` bytes (enough to detect an oversize body)."""
        if self.z is None:
            return data
        try:
            if not self.started and self.encoding == "deflate" and data[:1] and data[0] & 0x0F != 8:
                self.z = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send it
            self.started = True
            out = self.z.decompress(data, room)
            while self.z.unconsumed_tail and len(out) < room:
                out += self.z.decompress(self.z.unconsumed_tail, room - len(out))
            if self.z.eof and self.z.unused_data and len(out) < room and self.encoding != "deflate":
                rest = self.z.unused_data  # concatenated gzip members
                self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
                out += self.feed(rest, room - len(out))
            return out
        except zlib.error as exc:
            raise CollectorError(f"{self.url} : contenu compressé ({self.encoding}) illisible : {exc}. "
                                 "Le serveur envoie des données corrompues ; réessayez plus tard.") from exc

    def finish(self) -> bytes:
        return b"" if self.z is None else self.z.flush()


class _Retryable(Exception):
    """Internal: a network failure worth another try."""

    def __init__(self, error: CollectorError, requests: int):
        super().__init__(str(error))
        self.error = error
        self.requests = requests


def _causes(exc: BaseException):
    """The exception and everything it wraps (requests → urllib3 → socket)."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        stack.extend(x for x in (e.__cause__, e.__context__, getattr(e, "reason", None), *e.args)
                     if isinstance(x, BaseException))


def _without_userinfo(url: str) -> str:
    """The final address without its credentials: it becomes the base of the links a feed's items carry."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _network_error(url: str, exc: BaseException, fetcher: Fetcher, count: int = 0) -> NetworkError:
    causes = list(_causes(exc))
    host = urlsplit(url).hostname or url
    retryable = False
    if any(isinstance(e, socket.gaierror) for e in causes) or "NameResolution" in repr(exc):
        why = f"nom de domaine « {host} » introuvable (DNS). Vérifiez l'orthographe de l'adresse et la connexion."
    elif any(isinstance(e, ConnectionRefusedError) for e in causes):
        why = f"connexion refusée par {host}. Le serveur est arrêté ou le port est faux ; vérifiez l'adresse."
        retryable = True
    elif isinstance(exc, requests.ConnectTimeout):
        why = (f"pas de connexion en {fetcher.connect_timeout:g} s. Le serveur est injoignable ; "
               "vérifiez l'adresse ou réessayez plus tard.")
        retryable = True
    elif isinstance(exc, requests.Timeout) or any(isinstance(e, TimeoutError) for e in causes):
        why = (f"pas de réponse en {fetcher.read_timeout:g} s. Le serveur est trop lent ; "
               "réessayez plus tard ou retirez cette source.")
    elif isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema |
                    requests.exceptions.InvalidSchema):
        why = f"adresse invalide ({exc}). Corrigez-la dans veille.toml."
    else:
        why = f"erreur réseau ({type(exc).__name__}: {exc}). Vérifiez la connexion et réessayez."
        retryable = isinstance(exc, requests.ConnectionError)
    return NetworkError(f"{url} : {why}", requests=count, retryable=retryable)


def _too_large(url: str, limit: int, count: int) -> BodyTooLarge:
    return BodyTooLarge(f"{url} : réponse de plus de {limit / MiB:g} Mio une fois décompressée : lecture "
                        "arrêtée. Ce n'est sans doute pas un flux ; vérifiez l'adresse.", requests=count)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _reset_header(headers: Mapping[str, str]) -> str | None:
    for name in RESET_HEADERS:
        value = _header(headers, name)
        if value:
            return value
    return None


def parse_reset(value: str, now: datetime | None = None) -> datetime | None:
    """When a rate limit ends: seconds to wait, an epoch timestamp, an HTTP date or an ISO-8601 date."""
    now = now or datetime.now(UTC)
    value = value.strip()
    try:
        number = float(value)
    except ValueError:
        pass
    else:
        if number >= 1e9:  # an epoch timestamp (X, Bluesky), not a delay
            return datetime.fromtimestamp(number, UTC)
        return now + timedelta(seconds=max(number, 0))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rate_limited(response: Response, what: str) -> RateLimited:
    now = datetime.now(UTC)
    when = None
    for name in RESET_HEADERS:
        value = _header(response.headers, name)
        if value and (when := parse_reset(value, now)):
            break
    when = max(when or now + timedelta(seconds=DEFAULT_RATE_LIMIT_WAIT), now)
    retry_at = _iso(when + timedelta(seconds=1) if when.microsecond else when)
    return RateLimited(f"{response.url} : {what} ; nouvelle tentative après {retry_at} (UTC). "
                       "Rien à faire : la prochaine collecte reprendra d'elle-même.",
                       retry_at=retry_at, http_status=response.status, requests=response.requests)


STATUS_HINTS = {
    400: "requête refusée (400) : paramètres invalides ; vérifiez la requête ou l'adresse",
    404: "introuvable (404) : l'adresse n'existe pas ou plus ; corrigez-la dans veille.toml",
    410: "supprimé définitivement (410) : retirez cette source de veille.toml",
}


def _status_error(response: Response) -> CollectorError:
    status, url = response.status, response.url
    if status in (401, 403):
        exhausted = any(_header(response.headers, h) == "0" for h in REMAINING_HEADERS)
        if status == 403 and exhausted:
            return _rate_limited(response, "quota de requêtes épuisé (403)")
        return AuthError(f"{url} : accès refusé ({status}). Vérifiez le jeton ou l'identifiant dans la variable "
                         "d'environnement de cette source, et ses droits d'accès.",
                         http_status=status, requests=response.requests)
    if status == 429:
        return _rate_limited(response, "trop de requêtes (429)")
    if status >= 500:
        return HttpError(f"{url} : erreur du serveur ({status}) malgré plusieurs essais. Le problème est chez "
                         "eux : la prochaine collecte réessaiera.", response)
    hint = STATUS_HINTS.get(status, f"réponse HTTP {status} inattendue ; vérifiez l'adresse")
    return HttpError(f"{url} : {hint}.", response)


def _check(response: Response) -> Response:
    if response.status >= 400:
        raise _status_error(response)
    return response
