"""The demo's `veille.toml` (brands + every source pointing at the local demo server) and its fake credentials."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from collectors.registry import COLLECTORS
from demo.content import elide
from demo.site import DemoSite

# Placeholder credentials for the social collectors: the demo server accepts anything, and
# overriding the variables keeps a user's real tokens from ever being sent to it.
DEMO_CREDENTIALS = {
    "X_BEARER_TOKEN": "demo-bearer-token",
    "BLUESKY_HANDLE": "demo.bsky.social",
    "BLUESKY_APP_PASSWORD": "demo-demo-demo-demo",
    "REDDIT_CLIENT_ID": "demo-client-id",
    "REDDIT_CLIENT_SECRET": "demo-client-secret",
    "VEILLE_DEMO_MASTODON_TOKEN": "demo-mastodon-token",
}
# The social platforms the demo server answers for, with their settings beyond the API's address, as TOML;
# names and address settings come from the collectors' registry.
SOCIAL_SOURCES = {
    "x": (),
    "mastodon": ('mode = "search"', 'token_env = "VEILLE_DEMO_MASTODON_TOKEN"'),
    "bluesky": (),
    "reddit": (),
}
# The demo collects its 90 days in one run: budgets above the defaults (tuned for runs every few minutes).
MAX_FEED_ITEMS = 2000
MAX_PAGES = 30


def toml_string(value: str) -> str:
    """A TOML basic string (JSON string escapes are a subset of TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def demo_config_text(site: DemoSite, base_url: str, db_path: Path) -> str:
    base_url = base_url.rstrip("/")
    lines = [
        "# Configuration de démonstration de Veille, écrite par `veille demo`.",
        "# Marques et contenus fictifs, servis en local par le serveur de démonstration",
        f"# ({base_url}) : aucune connexion à internet, aucune vraie clé d'API.",
        "# Pour surveiller vos propres marques, créez votre configuration avec `veille init`.",
        "",
        "[database]",
        f"path = {toml_string(str(db_path))}",
        "",
        "# Votre marque (own = true) et ses concurrents.",
    ]
    for brand, short in zip(site.brands, site.short_names, strict=True):
        if " NOT " in brand.query:  # a brand named after a common word (Azur Mobile): say why its query has NOT
            lines.append(f"# « {short} » est aussi un mot courant : la requête {elide(brand.name)} en écarte "
                         "les autres sens avec NOT.")
    for brand in site.brands:
        lines += ["", "[[brands]]", f"name = {toml_string(brand.name)}", f"query = {toml_string(brand.query)}"]
        if brand.own:
            lines.append("own = true")
        if brand.accounts:
            lines += ["# ses propres comptes : leurs messages (annonces d'incident) ne comptent pas comme ses mentions",
                      f"accounts = [{', '.join(map(toml_string, brand.accounts))}]"]
    lines += ["", "# Flux RSS et Atom (presse nationale et régionale, blog tech, forum d'avis, communiqués)."]
    for feed in site.feeds:
        urls = ",\n".join(f"  {toml_string(base_url + '/' + p.as_posix())}" for p in feed.paths)
        lines += ["", "[[sources]]", f"name = {toml_string(feed.source)}", 'type = "rss"', f"urls = [\n{urls},\n]",
                  f"max_items = {MAX_FEED_ITEMS}"]
    lines += ["", "# Réseaux sociaux : les mêmes appels que les vraies API, vers le serveur local."]
    for kind, extra in SOCIAL_SOURCES.items():
        collector = COLLECTORS[kind]
        lines += ["", "[[sources]]", f"name = {toml_string(collector.short_label + ' (démo)')}",
                  f"type = {toml_string(kind)}"]
        lines += [f"{key} = {toml_string(base_url)}" for key in collector.ADDRESS_SETTINGS]
        lines += [*extra, f"max_pages = {MAX_PAGES}"]
    return "\n".join(lines) + "\n"


def write_demo_config(site: DemoSite, base_url: str, db_path: Path, path: Path) -> Path:
    """Write the demo `veille.toml` at `path` (the database path is written absolute) and return `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(demo_config_text(site, base_url, Path(db_path).resolve()), encoding="utf-8")
    return path


@contextmanager
def demo_credentials() -> Iterator[dict[str, str]]:
    """Set placeholder social credentials for the duration of the demo run, then restore the environment."""
    saved = {key: os.environ.get(key) for key in DEMO_CREDENTIALS}
    os.environ.update(DEMO_CREDENTIALS)
    try:
        yield dict(DEMO_CREDENTIALS)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
