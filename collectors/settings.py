"""Typed settings: one dataclass field per `veille.toml` key, carrying its type, default, range and help.

The dataclass is what code reads (`self.settings.timeout`); the `Setting` in each field's metadata is
what the config loader validates against and what `docs/collectors.md`'s tables are generated from,
so a key's default, range and meaning are written once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

from storage.redact import url_secret_problem

_SETTING = "setting"


@dataclass(frozen=True)
class Setting:
    """One key a table of `veille.toml` accepts, with the values it accepts.

    A number must be > 0 unless `minimum` says otherwise (inclusive); `maximum` is inclusive;
    `choices` lists the accepted strings (for a list setting: the accepted items).
    """

    type: type | tuple[type, ...]
    required: bool = False
    default: Any = None
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


def setting(kind: type | tuple[type, ...], default: Any = None, *, help: str, required: bool = False,
            minimum: float | None = None, maximum: float | None = None, choices: tuple[str, ...] = ()) -> Any:
    """A dataclass field for one key: its default for code, its `Setting` for the loader and the docs."""
    meta = {_SETTING: Setting(kind, required, default, help, minimum, maximum, choices)}
    if required:
        return field(metadata=meta)
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=default, metadata=meta)


def spec(settings: type) -> dict[str, Setting]:
    """The `Setting` of every field of a settings dataclass, by key, in declaration order."""
    return {f.name: f.metadata[_SETTING] for f in fields(settings)}


def exactly_one(settings: type) -> tuple[tuple[str, ...], ...]:
    """The groups of keys of which a table sets exactly one: the dataclass's `EXACTLY_ONE` (a table-level rule
    no single key's `Setting` can say, such as `url` or `urls`)."""
    return getattr(settings, "EXACTLY_ONE", ())


def either(keys: tuple[str, ...]) -> str:
    """`url` ou `urls`: a group of keys as the docs and messages name it."""
    return " ou ".join(f"`{key}`" for key in keys)


SECRET_HINTS = ("token", "password", "secret", "api_key", "apikey")


class SettingError(ValueError):
    """A wrong value, in French, without its place: the caller names the file or source, then `key` and `item`."""

    def __init__(self, message: str, key: str | None = None, item: int | None = None):
        super().__init__(message)
        self.key, self.item = key, item


def check_table(table: dict[str, Any], settings: dict[str, Setting],
                one_of: tuple[tuple[str, ...], ...] = ()) -> dict[str, Any]:
    """Validate one table against a spec: secrets, unknown keys, missing keys, types and ranges, and the groups
    of keys `one_of` of which exactly one is set (`exactly_one`); fill defaults.

    Shared by the config loader (which names the file) and the collectors (a config built in code).
    """
    out: dict[str, Any] = {}
    for key, value in table.items():
        if any(h in key.lower() for h in SECRET_HINTS) and not key.endswith("_env"):
            raise SettingError("un secret ne va pas dans veille.toml ; mettez-le dans une variable d'environnement",
                               key)
        if key not in settings:
            raise SettingError(f"clé inconnue. Clés possibles : {', '.join(sorted(settings)) or 'aucune'}", key)
        try:
            out[key] = check_value(value, settings[key])
        except SettingError as exc:
            raise SettingError(str(exc), key, exc.item) from None
    for key, one in settings.items():
        if key not in out:
            if one.required:
                raise SettingError("clé obligatoire manquante", key)
            if one.default is not None:
                out[key] = one.default
    for group in one_of:
        given = [key for key in group if key in table]
        if not given:
            raise SettingError(f"clé manquante : indiquez {either(group)} (une seule de ces clés)")
        if len(given) > 1:
            raise SettingError(f"{' et '.join(f'`{key}`' for key in given)} à la fois : gardez-en une seule "
                               f"({either(group)}, pas plusieurs)")
    return out


def _number_range(one: Setting) -> str:
    low = "> 0" if one.minimum is None else f"≥ {one.minimum:g}"
    return low if one.maximum is None else f"{low} et ≤ {one.maximum:g}"


def check_value(value: Any, one: Setting) -> Any:
    """The value's type and range: numbers > 0 unless the setting allows 0 or less, no blank text, known choices."""
    expected = one.type
    numeric = expected in (int, float, (int, float))
    if isinstance(value, bool) and numeric:
        raise SettingError(f"nombre attendu, pas {str(value).lower()}")
    if not isinstance(value, expected):
        names = " ou ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
        raise SettingError(f"type {names} attendu, reçu {value!r}")
    if numeric:
        low = 0 if one.minimum is None else one.minimum
        too_low = value <= low if one.minimum is None else value < low
        if not math.isfinite(value) or too_low or (one.maximum is not None and value > one.maximum):
            raise SettingError(f"{value!r} hors limites ; un nombre {_number_range(one)} est attendu")
    elif isinstance(value, str):
        _check_text(value, one.choices)
    elif isinstance(value, list):
        if len(value) < (1 if one.minimum is None else one.minimum):
            raise SettingError("liste vide ; donnez au moins une valeur ou retirez la clé")
        for n, item in enumerate(value, 1):
            if not isinstance(item, str):
                raise SettingError(f"texte attendu, reçu {item!r}", item=n)
            try:
                _check_text(item, one.choices)
            except SettingError as exc:
                raise SettingError(str(exc), item=n) from None
    return value


def _check_text(value: str, choices: tuple[str, ...]) -> None:
    if not value.strip():
        raise SettingError("valeur vide ; écrivez une valeur ou retirez la clé")
    if choices and value not in choices:
        raise SettingError(f"« {value} » inconnu. Valeurs possibles : {', '.join(choices)}")
    if "://" in value:
        problem = url_secret_problem(value)
        if problem:
            raise SettingError(problem)
