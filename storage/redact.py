"""Credentials in addresses: `{env:VAR}` placeholders, and the one masking function for logs and the database.

A password never goes in `veille.toml`: an address that needs one says where to find it,
`https://{env:FEED_USER}:{env:FEED_PASSWORD}@host/feed`, and `expand_env` fills it in just before
the request. Whatever reaches a log line or a database row goes through `mask_secrets` first:
the user-info part of any address becomes `***`, and so does every value `expand_env` took
from the environment. It lives in `storage` because every room writes through here or logs.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote, urlsplit

MASK = "***"
_PLACEHOLDER = re.compile(r"\{env:([^{}]*)\}")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# scheme://userinfo@ : the user-info runs to the last "@" before the path, query, fragment or a space.
_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/?#\s]*)@")
_MIN_SECRET = 4  # shorter values would mask ordinary words everywhere
_expanded: set[str] = set()  # values taken from the environment by this process: masked wherever they appear


class MissingVariable(Exception):
    """A `{env:VAR}` placeholder whose variable is not set; the message names it and says where to set it."""


def _user_and_password(userinfo: str) -> tuple[str, str | None]:
    """Split `user:password` at the first colon outside a placeholder (`{env:A}:{env:B}` has three)."""
    hidden = _PLACEHOLDER.sub(lambda m: "_" * len(m.group(0)), userinfo)
    colon = hidden.find(":")
    return (userinfo, None) if colon < 0 else (userinfo[:colon], userinfo[colon + 1:])


def _placeholder(part: str | None) -> bool:
    return not part or bool(_PLACEHOLDER.fullmatch(part))


def _only_placeholders(userinfo: str) -> bool:
    return all(_placeholder(part) for part in _user_and_password(userinfo))


def url_secret_problem(url: str) -> str | None:
    """What is wrong with writing this address in veille.toml (a password or a bad placeholder), or None."""
    for name in _PLACEHOLDER.findall(url):
        if not _VARIABLE.match(name):
            return (f"« {{env:{name}}} » : nom de variable d'environnement invalide (lettres, chiffres et _, "
                    "par exemple {env:FLUX_MOT_DE_PASSE})")
    try:
        netloc = urlsplit(url.strip()).netloc
    except ValueError:
        return None  # not an address: other checks say what is wrong with it
    userinfo = netloc.rpartition("@")[0]
    if not userinfo:
        return None
    user, password = _user_and_password(userinfo)
    if not _placeholder(user if password is None else password):  # a lone user name may well be a token
        return ("identifiants dans l'adresse : un mot de passe ne va pas dans veille.toml. Mettez-le dans une "
                "variable d'environnement et écrivez l'adresse ainsi : "
                "https://{env:FLUX_UTILISATEUR}:{env:FLUX_MOT_DE_PASSE}@hôte/chemin (voir docs/collectors.md)")
    return None


def _user_names(url: str) -> set[str]:
    """Variables giving the user name of `user:password@`: not secret (a lone user name may be a token: it is)."""
    found = _USERINFO.search(url)
    if not found:
        return set()
    user, password = _user_and_password(found.group("userinfo"))
    return set() if password is None else set(_PLACEHOLDER.findall(user))


def expand_env(url: str) -> str:
    """Fill `{env:VAR}` placeholders from the environment, percent-encoded for an address; remember the secrets."""
    if "{env:" not in url:
        return url
    public = _user_names(url)

    def value(match: re.Match) -> str:
        name = match.group(1)
        found = os.environ.get(name)
        if not found:
            raise MissingVariable(f"variable d'environnement {name} absente ou vide (utilisée dans l'adresse "
                                  f"{url}) : définissez-la là où tourne veille (crontab, service systemd, shell)")
        encoded = quote(found, safe="")
        if name not in public:
            _expanded.update(v for v in (found, encoded) if len(v) >= _MIN_SECRET)
        return encoded

    return _PLACEHOLDER.sub(value, url)


def _mask_userinfo(match: re.Match) -> str:
    userinfo = match.group("userinfo")
    return match.group("scheme") + (userinfo if _only_placeholders(userinfo) else MASK) + "@"


def mask_secrets(text: str) -> str:
    """`text` with the user-info of every address, and every value taken from the environment, replaced by ***."""
    if not text:
        return text
    if "@" in text:
        text = _USERINFO.sub(_mask_userinfo, text)
    for secret in sorted(_expanded, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text
