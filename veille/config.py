"""Loading and validating `veille.toml`: every error names the file, the key and what is wrong."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collectors.base import Setting, SourceConfig
from collectors.registry import COLLECTORS
from storage.query import QuerySyntaxError, parse_query
from storage.records import Brand


class ConfigError(Exception):
    """Invalid configuration; exit code 2."""


ANALYSIS_SETTINGS = {
    "batch_size": Setting(int, default=128, help="mentions tagged per batch"),
    "workers": Setting(int, default=1, help="analysis processes (1 or 2 on a 2-core machine)"),
}
ALERT_SETTINGS = {
    "sensitivity": Setting((int, float), default=4.0,
                           help="score (écarts-types robustes) au-delà duquel un pic est signalé ; plus haut = moins d'alertes"),
    "min_volume": Setting(int, default=10, help="mentions par heure en dessous desquelles aucune alerte ne part"),
    "cooldown_hours": Setting(int, default=6, help="heures après la fin d'un pic avant une nouvelle alerte (marque, mesure)"),
    "metrics": Setting(list, default=["volume", "negative_volume", "negative_share"],
                       help="mesures surveillées : volume, negative_volume, negative_share"),
    "channels": Setting(list, default=["webhook", "email"], help="canaux de notification : webhook, email"),
    "lookback_days": Setting(int, default=30, help="jours passés où chercher des pics (les alertes restent en base)"),
    "notify_within_hours": Setting(int, default=24,
                                   help="un pic plus ancien que cela est enregistré sans être notifié"),
}
NOTIFICATION_SETTINGS = {
    "dashboard_url": Setting(str, default="http://127.0.0.1:8501", help="adresse du tableau de bord, pour les liens"),
    "webhook_url": Setting(str, help="webhook entrant Slack, Mattermost ou Teams ; ou VEILLE_WEBHOOK_URL"),
    "email_to": Setting(list, help="destinataires des alertes par e-mail"),
    "email_from": Setting(str, help="adresse de l'expéditeur"),
    "smtp_host": Setting(str, help="serveur SMTP ; identifiants dans VEILLE_SMTP_USER / VEILLE_SMTP_PASSWORD"),
    "smtp_port": Setting(int, default=587, help="port SMTP"),
    "smtp_starttls": Setting(bool, default=True, help="chiffrer avec STARTTLS (à ne désactiver qu'en local)"),
    "smtp_ca_file": Setting(str, help="certificat d'autorité à accepter pour STARTTLS (serveur interne)"),
    "timeout_seconds": Setting((int, float), default=10, help="délai maximal d'un envoi"),
}
BRAND_KEYS = {
    "name": Setting(str, required=True),
    "query": Setting(str, required=True),
    "own": Setting(bool, default=False),
    "alerts": Setting(dict),
}
SECRET_HINTS = ("token", "password", "secret", "api_key", "apikey")


@dataclass
class Config:
    """The validated configuration."""

    path: Path | None
    database: Path | None
    brands: list[Brand]
    sources: list[SourceConfig]
    analysis: dict[str, Any] = field(default_factory=dict)
    alerts: dict[str, Any] = field(default_factory=dict)
    brand_alerts: dict[str, dict[str, Any]] = field(default_factory=dict)
    notifications: dict[str, Any] = field(default_factory=dict)

    def alert_settings(self, brand: str) -> dict[str, Any]:
        """Alert settings for one brand: its own overrides on top of the global ones."""
        return {**self.alerts, **self.brand_alerts.get(brand, {})}


def _where(path: Path | None, key: str) -> str:
    return f"{path or 'configuration'}: {key}"


def check_table(path: Path | None, prefix: str, table: Any, spec: dict[str, Setting]) -> dict[str, Any]:
    """Validate one TOML table against a spec: unknown keys, missing keys, wrong types; fill defaults."""
    if not isinstance(table, dict):
        raise ConfigError(f"{_where(path, prefix)} doit être une table TOML ([{prefix}])")
    out: dict[str, Any] = {}
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if any(h in key.lower() for h in SECRET_HINTS) and not key.endswith("_env"):
            raise ConfigError(f"{_where(path, full)} : un secret ne va pas dans veille.toml ; "
                              "mettez-le dans une variable d'environnement")
        if key not in spec:
            known = ", ".join(sorted(spec)) or "aucune"
            raise ConfigError(f"{_where(path, full)} : clé inconnue. Clés possibles : {known}")
        expected = spec[key].type
        if isinstance(value, bool) and expected in (int, float, (int, float)):
            raise ConfigError(f"{_where(path, full)} : nombre attendu, pas {value!r}")
        if not isinstance(value, expected):
            names = " ou ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
            raise ConfigError(f"{_where(path, full)} : type {names} attendu, reçu {value!r}")
        out[key] = value
    for key, setting in spec.items():
        if key not in out:
            if setting.required:
                raise ConfigError(f"{_where(path, prefix + '.' + key if prefix else key)} : clé obligatoire manquante")
            if setting.default is not None:
                out[key] = setting.default
    return out


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    """Validate a parsed TOML document into a `Config`."""
    top = {"database", "brands", "sources", "analysis", "alerts", "notifications"}
    for key in data:
        if key not in top:
            raise ConfigError(f"{_where(path, key)} : section inconnue. Sections possibles : {', '.join(sorted(top))}")
    database = check_table(path, "database", data.get("database", {}), {"path": Setting(str)})
    db_path = Path(database["path"]) if "path" in database else None
    if db_path is not None and path is not None and not db_path.is_absolute():
        db_path = path.parent / db_path

    brands, brand_alerts = [], {}
    raw_brands = data.get("brands", [])
    if not isinstance(raw_brands, list):
        raise ConfigError(f"{_where(path, 'brands')} : utilisez [[brands]] (une table par marque)")
    for i, raw in enumerate(raw_brands):
        b = check_table(path, f"brands[{i}]", raw, BRAND_KEYS)
        try:
            parse_query(b["query"])
        except QuerySyntaxError as exc:
            raise ConfigError(f"{_where(path, f'brands[{i}].query')} ({b['name']}) : {exc}") from exc
        if any(x.name == b["name"] for x in brands):
            raise ConfigError(f"{_where(path, f'brands[{i}].name')} : marque « {b['name']} » déclarée deux fois")
        brands.append(Brand(b["name"], b["query"], b["own"]))
        if "alerts" in b:
            brand_alerts[b["name"]] = check_table(path, f"brands[{i}].alerts", b["alerts"],
                                                  {k: Setting(s.type) for k, s in ALERT_SETTINGS.items()})

    sources = []
    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list):
        raise ConfigError(f"{_where(path, 'sources')} : utilisez [[sources]] (une table par source)")
    for i, raw in enumerate(raw_sources):
        prefix = f"sources[{i}]"
        if not isinstance(raw, dict) or "type" not in raw or "name" not in raw:
            raise ConfigError(f"{_where(path, prefix)} : chaque source a un `name` et un `type`")
        kind = raw["type"]
        if kind not in COLLECTORS:
            raise ConfigError(f"{_where(path, prefix + '.type')} : type « {kind} » inconnu. "
                              f"Types possibles : {', '.join(sorted(COLLECTORS))}")
        spec = {"name": Setting(str, required=True), "type": Setting(str, required=True),
                **COLLECTORS[kind].SETTINGS}
        settings = check_table(path, prefix, raw, spec)
        name = settings.pop("name")
        settings.pop("type")
        if any(s.name == name for s in sources):
            raise ConfigError(f"{_where(path, prefix + '.name')} : source « {name} » déclarée deux fois")
        sources.append(SourceConfig(name, kind, settings))

    return Config(
        path=path,
        database=db_path,
        brands=brands,
        sources=sources,
        analysis=check_table(path, "analysis", data.get("analysis", {}), ANALYSIS_SETTINGS),
        alerts=check_table(path, "alerts", data.get("alerts", {}), ALERT_SETTINGS),
        brand_alerts=brand_alerts,
        notifications=check_table(path, "notifications", data.get("notifications", {}), NOTIFICATION_SETTINGS),
    )


def load_config(path: str | Path) -> Config:
    """Read and validate a TOML config file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{path} : fichier de configuration introuvable. Créez-le avec `veille init`.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} : illisible ({exc})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} : TOML invalide : {exc}") from exc
    return parse_config(data, path)


def resolve_db(cli_db: str | None, config: Config | None) -> Path:
    """Database path: --db, else VEILLE_DB, else the config's [database] path, else ./veille.db."""
    if cli_db:
        return Path(cli_db)
    if os.environ.get("VEILLE_DB"):
        return Path(os.environ["VEILLE_DB"])
    if config is not None and config.database is not None:
        return config.database
    return Path("veille.db")
