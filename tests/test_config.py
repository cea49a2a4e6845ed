"""Config validation: every error names the file, the key and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.commands.init import starter_config
from veille.config import ConfigError, load_config, resolve_db


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
    assert config.database == tmp_path / "data/v.db"
    assert config.sources[0].type == "rss"
    assert config.analysis["batch_size"] > 0
    assert config.alert_settings("Orange")["min_volume"] == 3
    assert config.alert_settings("Free")["min_volume"] == config.alerts["min_volume"]


def test_the_starter_config_is_valid(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, starter_config()))
    assert any(b.own for b in config.brands)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace("own = true", "own = true\ncolour = 'red'"), "brands[0].colour : clé inconnue"),
        (GOOD + "\n[analysis]\nbatchsize = 3\n", "analysis.batchsize : clé inconnue"),
        (GOOD.replace("type = \"rss\"", "type = \"myspace\""), "sources[0].type : type « myspace » inconnu"),
        (GOOD.replace("own = true", "own = 'yes'"), "brands[0].own : type bool attendu"),
        (GOOD.replace("Orange NOT orangeade", "Orange AND (x"), "brands[0].query"),
        (GOOD + "\n[typo]\na = 1\n", "typo : section inconnue"),
        (GOOD.replace('name = "Free"', 'name = "Orange"'), "déclarée deux fois"),
        (GOOD + "\n[notifications]\nsmtp_password = 'x'\n", "un secret ne va pas dans veille.toml"),
        ("[[brands]]\nname = 'A'\n", "brands[0].query : clé obligatoire manquante"),
        ("[[brands]\nname = 'A'\n", "TOML invalide"),
    ],
)
def test_errors_name_file_key_and_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


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
