"""Config validation: every error names the file, the key and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.commands.init import starter_config
from veille.config import AlertSettings, AnalysisSettings, ConfigError, load_config, resolve_db


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "veille.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
[database]
path = "data/v.db"

[[brands]]
name = "Orange"
query = 'Orange NOT orangeade'
own = true
[brands.alerts]
min_volume = 3

[[brands]]
name = "Free"
query = '"Free Mobile" OR Free'

[[sources]]
name = "presse"
type = "rss"
urls = ["https://example.org/a.xml"]
"""


def test_a_valid_config_loads_with_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert [b.name for b in config.brands] == ["Orange", "Free"]
    assert config.brands[0].own and not config.brands[1].own
    assert config.brands[0].accounts == ()
    with_accounts = load_config(write(tmp_path, GOOD.replace("own = true", 'own = true\naccounts = ["@Orange"]')))
    assert with_accounts.brands[0].accounts == ("@Orange",)
    assert config.database == tmp_path / "data/v.db"
    assert config.sources[0].type == "rss"
    assert config.analysis.batch_size > 0
    assert config.alert_settings("Orange").min_volume == 3
    assert config.alert_settings("Free").min_volume == config.alerts.min_volume


def test_the_starter_config_is_valid(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, starter_config()))
    assert any(b.own for b in config.brands)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace("own = true", "own = true\ncolour = 'red'"),
         "[[brands]] n° 1 (« Orange »), clé colour : clé inconnue"),
        (GOOD + "\n[analysis]\nbatchsize = 3\n", "[analysis], clé batchsize : clé inconnue"),
        (GOOD.replace("type = \"rss\"", "type = \"myspace\""),
         "[[sources]] n° 1 (« presse »), clé type : type « myspace » inconnu"),
        (GOOD.replace("own = true", "own = 'yes'"), "[[brands]] n° 1 (« Orange »), clé own : type bool attendu"),
        (GOOD.replace("Orange NOT orangeade", "Orange AND (x"), "[[brands]] n° 1 (« Orange »), clé query : position 14"),
        (GOOD + "\n[typo]\na = 1\n", "[typo] : section inconnue"),
        (GOOD.replace('name = "Free"', 'name = "Orange"'), "déclarée deux fois"),
        (GOOD + "\n[notifications]\nsmtp_password = 'x'\n", "un secret ne va pas dans veille.toml"),
        ("[[brands]]\nname = 'A'\n", "[[brands]] n° 1 (« A »), clé query : clé obligatoire manquante"),
        ("[[brands]\nname = 'A'\n", "syntaxe TOML invalide, ligne 1, colonne 9 : « ]] » attendu à la fin du nom"),
    ],
)
def test_errors_name_file_key_and_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


BRAND_2 = '[[brands]]\nname = "Free"\nquery = "Free"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no brand at all: nothing would ever be collected (it used to end "ok, 0 mention(s)")
        ('[[sources]]\nname = "presse"\ntype = "rss"\nurl = "https://example.org/a.xml"\n',
         "[[brands]] : aucune marque, rien à surveiller"),
        ("brands = []\n", "aucune marque"),
        # names: blank, or the same brand written twice with another case or spacing
        ('[[brands]]\nname = ""\nquery = "x"\n', "[[brands]] n° 1, clé name : valeur vide"),
        ('[[brands]]\nname = "   "\nquery = "x"\n', "valeur vide"),
        (BRAND_2 + '[[brands]]\nname = "Orange"\nquery = "x"\n[[brands]]\nname = "orange "\nquery = "y"\n',
         "[[brands]] n° 3 (« orange  »), clé name : marque « orange » déclarée deux fois (déjà déclarée plus haut "
         "comme « Orange »"),
        (BRAND_2 + '[[brands]]\nname = "Fréé"\nquery = "y"\n', "marque « Fréé » déclarée deux fois"),
        (GOOD + '[[sources]]\nname = "Presse"\ntype = "rss"\nurl = "https://b.example/x.xml"\n',
         "[[sources]] n° 2 (« Presse »), clé name : source « Presse » déclarée deux fois"),
        # positions count from 1: the third brand is n° 3
        (BRAND_2 + BRAND_2.replace("Free", "SFR") + '[[brands]]\nname = "Bouygues"\nquery = "a AND"\n',
         "[[brands]] n° 3 (« Bouygues »), clé query : position 6 : mot ou phrase attendu après AND"),
        # ranges, at load time (max_items = -1 used to fail at run time only; timeout = -5 passed)
        (GOOD.replace('urls = ["https://example.org/a.xml"]', 'url = "https://example.org/a.xml"\nmax_items = -1'),
         "[[sources]] n° 1 (« presse »), clé max_items : -1 hors limites ; un nombre > 0 est attendu"),
        (GOOD.replace('urls = ["https://example.org/a.xml"]', 'url = "https://example.org/a.xml"\ntimeout = -5'),
         "clé timeout : -5 hors limites"),
        (GOOD.replace('urls = ["https://example.org/a.xml"]', 'url = "https://example.org/a.xml"\ntimeout = nan'),
         "clé timeout : nan hors limites"),
        (GOOD.replace('urls = ["https://example.org/a.xml"]', "urls = []"), "clé urls : liste vide"),
        # `url` or `urls`: exactly one, at load (it used to fail at collect time)
        (GOOD.replace('urls = ["https://example.org/a.xml"]', 'max_items = 5'),
         "[[sources]] n° 1 (« presse ») : clé manquante : indiquez `url` ou `urls` (une seule de ces clés)"),
        (GOOD.replace('urls = ["https://example.org/a.xml"]',
                      'url = "https://example.org/b.xml"\nurls = ["https://example.org/a.xml"]'),
         "[[sources]] n° 1 (« presse ») : `url` et `urls` à la fois : gardez-en une seule"),
        (GOOD.replace('urls = ["https://example.org/a.xml"]', 'urls = [""]'), "clé urls, élément n° 1 : valeur vide"),
        (GOOD + "[analysis]\nbatch_size = 0\n", "[analysis], clé batch_size : 0 hors limites"),
        (GOOD + "[alerts]\nmin_volume = -1\n", "[alerts], clé min_volume : -1 hors limites ; un nombre ≥ 0"),
        (GOOD + "[alerts]\nsensitivity = 0\n", "clé sensitivity : 0 hors limites"),
        (GOOD + '[alerts]\nmetrics = ["volume", "buzz"]\n', "clé metrics, élément n° 2 : « buzz » inconnu. "
                                                            "Valeurs possibles : volume, negative_volume"),
        (GOOD.replace("own = true", 'own = true\naccounts = "@Orange"'),
         "[[brands]] n° 1 (« Orange »), clé accounts : type list attendu"),
        (GOOD.replace("own = true", 'own = true\naccounts = ["@Orange", " "]'),
         "clé accounts, élément n° 2 : valeur vide"),
        (GOOD.replace("own = true", 'own = true\naccounts = ["@Orange", "@"]'),
         "clé accounts, élément n° 2 : « @ » n'est pas un compte ; écrivez-le comme la plateforme"),
        (GOOD + "[notifications]\nsmtp_port = 70000\n", "clé smtp_port : 70000 hors limites ; un nombre > 0 et ≤ 65535"),
        (GOOD.replace("min_volume = 3", "min_volume = -3"),
         "[[brands]] n° 1 (« Orange »), [brands.alerts], clé min_volume : -3 hors limites"),
        (GOOD + '[[sources]]\nname = "x"\ntype = "x"\nmax_results = 5\n', "un nombre ≥ 10 et ≤ 100"),
        (GOOD + '[[sources]]\nname = "m"\ntype = "mastodon"\ninstance = "https://m.example"\nmode = "tout"\n',
         "clé mode : « tout » inconnu. Valeurs possibles : hashtag, search"),
        # a brand query nested too deep is a configuration error, not a RecursionError
        (GOOD.replace("'Orange NOT orangeade'", "'" + "(" * 200 + "Orange" + ")" * 200 + "'"),
         "[[brands]] n° 1 (« Orange »), clé query : position 33 : plus de 32 parenthèses imbriquées"),
        # a password in an address is a secret: refused, with the way to give it instead
        (GOOD.replace("https://example.org/a.xml", "http://user:PASSWORD@example.org/a.xml"),
         "clé urls, élément n° 1 : identifiants dans l'adresse"),
        (GOOD.replace('urls = ["https://example.org/a.xml"]', 'url = "https://TOKEN123@example.org/a.xml"'),
         "{env:FLUX_MOT_DE_PASSE}"),
        (GOOD.replace("https://example.org/a.xml", "https://{env:}@example.org/a.xml"),
         "nom de variable d'environnement invalide"),
        # TOML syntax errors in French, with line and column
        (GOOD + "\n[alerts]\nmin_volume 3\n", "ligne 22, colonne 12 : « = » attendu après la clé"),
        ('[database]\npath = "C:\\Users\\veille.db"\n', "ligne 2, colonne 13 : séquence \\u ou \\U invalide"),
        ('[[brands]]\nname = "Orange\nquery = "x"\n', "ligne 2, colonne 15 : texte non terminé"),
        ("[[brands]]\nname = 'A'\nname = 'B'\n", "ligne 3, colonne 11 : clé déjà définie plus haut"),
    ],
)
def test_every_value_is_checked_at_load_with_a_human_position(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert message.startswith(f"{path} : ")
    assert expected in message
    assert "Expected" not in message and "at line" not in message  # tomllib's English never shows


def test_names_are_trimmed_and_placeholders_in_addresses_are_accepted(tmp_path: Path) -> None:
    text = GOOD.replace('name = "Free"', 'name = "  Free  Mobile "').replace(
        "https://example.org/a.xml", "https://{env:FLUX_UTILISATEUR}:{env:FLUX_MOT_DE_PASSE}@example.org/a.xml")
    config = load_config(write(tmp_path, text))
    assert [b.name for b in config.brands] == ["Orange", "Free Mobile"]
    assert config.sources[0].settings["urls"] == [  # kept as written: expanded only when fetching
        "https://{env:FLUX_UTILISATEUR}:{env:FLUX_MOT_DE_PASSE}@example.org/a.xml"]
    alice = load_config(write(tmp_path, GOOD.replace("https://", "https://alice:{env:PW}@")))
    assert alice.sources[0].settings["urls"][0].startswith("https://alice:{env:PW}@")


def test_missing_file_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="veille init"):
        load_config(tmp_path / "nope.toml")


def test_database_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(write(tmp_path, GOOD))
    monkeypatch.delenv("VEILLE_DB", raising=False)
    assert resolve_db(None, config) == tmp_path / "data/v.db"
    monkeypatch.setenv("VEILLE_DB", "/tmp/env.db")
    assert resolve_db(None, config) == Path("/tmp/env.db")
    assert resolve_db("cli.db", config) == Path("cli.db")


def test_sections_are_typed_and_a_brand_overrides_only_what_it_sets(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD + "[alerts]\nmetrics = ['volume']\n"))
    assert config.analysis == AnalysisSettings()
    orange = config.alert_settings("Orange")
    assert isinstance(orange, AlertSettings) and orange.min_volume == 3 and orange.metrics == ["volume"]
    assert config.alerts.min_volume == AlertSettings().min_volume and config.alerts.metrics == ["volume"]
    assert config.notifications.smtp_port == 587 and config.notifications.email_to is None
