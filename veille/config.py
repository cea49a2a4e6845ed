"""Loading and validating `veille.toml`: every error names the file, the key and what is wrong."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from collectors.base import SourceConfig
from collectors.registry import COLLECTORS
from collectors.runner import account_key
from collectors.settings import Setting, SettingError, exactly_one, setting, spec
from collectors.settings import check_table as check_settings
from storage.query import QuerySyntaxError, fold, parse_query
from storage.records import Brand


class ConfigError(Exception):
    """Invalid configuration; exit code 2."""


T = TypeVar("T")


METRICS = ("volume", "negative_volume", "negative_share")
CHANNELS = ("webhook", "email")
WEBHOOK_FORMATS = ("auto", "slack", "markdown")


@dataclass(frozen=True, kw_only=True)
class AnalysisSettings:
    """`[analysis]`."""

    batch_size: int = setting(int, 128, help="mentions analysées par lot")
    workers: int = setting(int, 1, help="processus d'analyse (1 ou 2 sur une machine à 2 cœurs)")


@dataclass(frozen=True, kw_only=True)
class AlertSettings:
    """`[alerts]`, and a brand's `[brands.alerts]` on top of it."""

    sensitivity: float = setting((int, float), 4.0, help="score (écarts-types robustes) au-delà duquel un pic est "
                                                         "signalé ; plus haut = moins d'alertes")
    min_volume: int = setting(int, 10, minimum=0, help="mentions par heure en dessous desquelles aucune alerte ne part")
    cooldown_hours: int = setting(int, 6, minimum=0, help="heures après la fin d'un pic avant une nouvelle alerte "
                                                          "(marque, mesure)")
    metrics: list[str] = setting(list, list(METRICS), minimum=0, choices=METRICS,
                                 help="mesures surveillées : volume, negative_volume, negative_share")
    channels: list[str] = setting(list, list(CHANNELS), minimum=0, choices=CHANNELS,
                                  help="canaux de notification : webhook, email ([] : aucun envoi)")
    lookback_days: int = setting(int, 30, help="jours passés où chercher des pics (les alertes restent en base)")
    notify_within_hours: int = setting(int, 24, minimum=0,
                                       help="un pic plus ancien que cela est enregistré sans être notifié")


@dataclass(frozen=True, kw_only=True)
class NotificationSettings:
    """`[notifications]`: where alerts (and `veille report --email`) go."""

    dashboard_url: str = setting(str, "http://127.0.0.1:8501", help="adresse du tableau de bord, pour les liens")
    webhook_url: str | None = setting(str, help="webhook entrant Slack, Mattermost ou Teams ; ou VEILLE_WEBHOOK_URL")
    webhook_format: str = setting(str, "auto", choices=WEBHOOK_FORMATS,
                                  help="mise en forme du texte du webhook : auto (slack pour hooks.slack.com, "
                                       "markdown sinon), slack, markdown (Mattermost, Teams, la plupart des autres)")
    email_to: list[str] | None = setting(list, help="destinataires des alertes par e-mail")
    email_from: str | None = setting(str, help="adresse de l'expéditeur")
    smtp_host: str | None = setting(str, help="serveur SMTP ; identifiants dans VEILLE_SMTP_USER / "
                                              "VEILLE_SMTP_PASSWORD")
    smtp_port: int = setting(int, 587, maximum=65535, help="port SMTP")
    smtp_starttls: bool = setting(bool, True, help="chiffrer avec STARTTLS (à ne désactiver qu'en local)")
    smtp_ca_file: str | None = setting(str, help="certificat d'autorité à accepter pour STARTTLS (serveur interne)")
    timeout_seconds: float = setting((int, float), 10, help="délai maximal d'un envoi")


BRAND_KEYS = {
    "name": Setting(str, required=True),
    "query": Setting(str, required=True),
    "own": Setting(bool, default=False),
    "accounts": Setting(list, default=[]),
    "alerts": Setting(dict),
}
# A brand's alert settings override the global ones: no defaults of their own.
BRAND_ALERT_KEYS = {key: replace(one, default=None) for key, one in spec(AlertSettings).items()}


@dataclass
class Config:
    """The validated configuration."""

    path: Path | None
    database: Path | None
    brands: list[Brand]
    sources: list[SourceConfig]
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)
    brand_alerts: dict[str, dict[str, Any]] = field(default_factory=dict)
    notifications: NotificationSettings = field(default_factory=NotificationSettings)

    def alert_settings(self, brand: str) -> AlertSettings:
        """Alert settings for one brand: its own overrides on top of the global ones."""
        return replace(self.alerts, **self.brand_alerts.get(brand, {}))


# --- where a problem is: the file, then the table and key as a person reads them (counting from 1) ---


def _where(path: Path | None, where: str) -> str:
    return f"{path or 'configuration'} : {where}"


def _nth(array: str, index: int, name: Any = None) -> str:
    """`[[brands]] n° 3 (« Orange »)`: the third table of the array, named when it has a name."""
    named = f" (« {name} »)" if isinstance(name, str) and name.strip() else ""
    return f"[[{array}]] n° {index + 1}{named}"


def _key(table: str, key: str) -> str:
    return f"{table}, clé {key}"


def check_table(path: Path | None, where: str, table: Any, keys: dict[str, Setting],
                one_of: tuple[tuple[str, ...], ...] = ()) -> dict[str, Any]:
    """Validate one TOML table against a spec (`collectors.settings.check_table`), naming the file and the key."""
    if not isinstance(table, dict):
        raise ConfigError(f"{_where(path, where)} doit être une table TOML")
    try:
        return check_settings(table, keys, one_of)
    except SettingError as exc:
        place = where if exc.key is None else _key(where, exc.key)
        place += f", élément n° {exc.item}" if exc.item else ""
        raise ConfigError(f"{_where(path, place)} : {exc}") from exc


def _section(path: Path | None, where: str, table: Any, settings: type[T]) -> T:
    """A typed section: its table validated against the dataclass's fields, defaults from the dataclass."""
    return settings(**check_table(path, where, table, spec(settings), exactly_one(settings)))


def _same_name(name: str) -> str:
    """What makes two names the same brand or source: case, accents and spacing do not count."""
    return " ".join(fold(name).split())


def _name(path: Path | None, where: str, name: str, seen: dict[str, str], what: str) -> str:
    """A brand or source name, spaces trimmed; refused when already used (whatever its case or accents)."""
    name = " ".join(name.split())  # never blank: `_check_text` refused that
    same = seen.get(_same_name(name))
    if same is not None:
        raise ConfigError(f"{_where(path, _key(where, 'name'))} : {what} « {name} » déclarée deux fois "
                          f"(déjà déclarée plus haut comme « {same} » ; la casse, les accents et les espaces ne "
                          "comptent pas)")
    seen[_same_name(name)] = name
    return name


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    """Validate a parsed TOML document into a `Config`."""
    top = {"database", "brands", "sources", "analysis", "alerts", "notifications"}
    for key in data:
        if key not in top:
            raise ConfigError(f"{_where(path, f'[{key}]')} : section inconnue. Sections possibles : "
                              f"{', '.join(sorted(top))}")
    database = check_table(path, "[database]", data.get("database", {}), {"path": Setting(str)})
    db_path = Path(database["path"]) if "path" in database else None
    if db_path is not None and path is not None and not db_path.is_absolute():
        db_path = path.parent / db_path

    brands, brand_alerts, seen = [], {}, {}
    raw_brands = data.get("brands", [])
    if not isinstance(raw_brands, list):
        raise ConfigError(f"{_where(path, 'brands')} : utilisez [[brands]] (une table par marque)")
    if not raw_brands:
        raise ConfigError(f"{_where(path, '[[brands]]')} : aucune marque, rien à surveiller. Ajoutez au moins une "
                          "section [[brands]] avec name et query (exemple : `veille init`)")
    for i, raw in enumerate(raw_brands):
        where = _nth("brands", i, raw.get("name") if isinstance(raw, dict) else None)
        b = check_table(path, where, raw, BRAND_KEYS)
        name = _name(path, where, b["name"], seen, "marque")
        try:
            parse_query(b["query"])
        except QuerySyntaxError as exc:
            raise ConfigError(f"{_where(path, _key(where, 'query'))} : {exc}") from exc
        for n, account in enumerate(b["accounts"], 1):
            if not (key := account_key(account)) or key.startswith("@"):  # `@` or `@@x`: no account
                raise ConfigError(f"{_where(path, _key(where, 'accounts'))}, élément n° {n} : « {account} » n'est pas "
                                  "un compte ; écrivez-le comme la plateforme (`@OrangeFR`, `orange@mastodon.social`)")
        brands.append(Brand(name, b["query"], b["own"], tuple(b["accounts"])))
        if "alerts" in b:
            brand_alerts[name] = check_table(path, f"{where}, [brands.alerts]", b["alerts"], BRAND_ALERT_KEYS)

    sources, seen = [], {}
    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list):
        raise ConfigError(f"{_where(path, 'sources')} : utilisez [[sources]] (une table par source)")
    for i, raw in enumerate(raw_sources):
        where = _nth("sources", i, raw.get("name") if isinstance(raw, dict) else None)
        if not isinstance(raw, dict):
            raise ConfigError(f"{_where(path, where)} : utilisez [[sources]] (une table par source)")
        kind = raw.get("type")
        if kind is None:
            raise ConfigError(f"{_where(path, _key(where, 'type'))} : clé obligatoire manquante. "
                              f"Types possibles : {', '.join(sorted(COLLECTORS))}")
        if kind not in COLLECTORS:
            raise ConfigError(f"{_where(path, _key(where, 'type'))} : type « {kind} » inconnu. "
                              f"Types possibles : {', '.join(sorted(COLLECTORS))}")
        keys = {"name": Setting(str, required=True), "type": Setting(str, required=True),
                **COLLECTORS[kind].SETTINGS}
        settings = check_table(path, where, raw, keys, exactly_one(COLLECTORS[kind].Settings))
        name = _name(path, where, settings.pop("name"), seen, "source")
        settings.pop("type")
        sources.append(SourceConfig(name, kind, settings))

    return Config(
        path=path,
        database=db_path,
        brands=brands,
        sources=sources,
        analysis=_section(path, "[analysis]", data.get("analysis", {}), AnalysisSettings),
        alerts=_section(path, "[alerts]", data.get("alerts", {}), AlertSettings),
        brand_alerts=brand_alerts,
        notifications=_section(path, "[notifications]", data.get("notifications", {}), NotificationSettings),
    )


# tomllib's messages in French (it has no translations); `{}` is the quoted part of the original.
_TOML_MESSAGES = (
    (r"Expected '=' after a key in a key/value pair", "« = » attendu après la clé (clé = valeur)"),
    (r"Expected '\]' at the end of a table declaration", "« ] » attendu à la fin du nom de la section"),
    (r"Expected '\]\]' at the end of an array declaration", "« ]] » attendu à la fin du nom de la section"),
    (r"Invalid statement", "ligne incompréhensible : une section [nom] ou une clé = valeur est attendue"),
    (r"Invalid value", "valeur invalide : texte entre guillemets, nombre, true/false, date, [liste] ou "
                       "{{ table }} attendu"),
    (r"Unclosed array", "liste non fermée : « ] » manquant"),
    (r"Unclosed inline table", "table non fermée : « }} » manquant"),
    (r"Unterminated string", "texte non terminé : guillemet fermant manquant"),
    (r"Illegal character '\\n'", "texte non terminé : guillemet fermant manquant avant la fin de la ligne"),
    (r"Cannot overwrite a value", "clé déjà définie plus haut"),
    (r"Cannot declare (.+) twice", "{} déclaré deux fois"),
    (r"Cannot mutate immutable namespace (.+)", "{} est déjà défini : impossible d'y ajouter des clés ici"),
    (r"Cannot redefine namespace (.+)", "{} est déjà défini : impossible de le redéfinir"),
    (r"Duplicate inline table key (.+)", "clé {} en double"),
    (r"Found invalid character (.+)", "caractère invalide {}"),
    (r"Illegal character (.+)", "caractère interdit {} dans un texte"),
    (r"Invalid initial character for a key part", "caractère invalide au début d'une clé"),
    (r"Unescaped '\\' in a string", "« \\ » seul dans un texte : écrivez « \\\\ » ou mettez le texte entre "
                                    "apostrophes ('C:\\dossier')"),
    (r"Invalid hex value|Escaped character is not a Unicode scalar value",
     "séquence \\u ou \\U invalide : écrivez « \\\\ » ou mettez le texte entre apostrophes ('C:\\Users')"),
    (r"Invalid date or datetime", "date invalide"),
    (r"Expected (.+)", "{} attendu"),
)
_TOML_WHERE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")


def french_toml_error(exc: tomllib.TOMLDecodeError) -> str:
    """`ligne 3, colonne 9 : « ] » attendu …` from tomllib's English message."""
    message = str(exc).splitlines()[0] if str(exc) else ""
    found = _TOML_WHERE.search(message)
    where = "à la fin du fichier"
    if found:
        message = message[:found.start()]
        if found.group(1):
            where = f"ligne {found.group(1)}, colonne {found.group(2)}"
    for pattern, french in _TOML_MESSAGES:
        match = re.fullmatch(pattern, message)
        if match:
            return f"{where} : {french.format(*match.groups())}"
    return f"{where} : {message}"


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
        raise ConfigError(f"{path} : syntaxe TOML invalide, {french_toml_error(exc)}") from exc
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
