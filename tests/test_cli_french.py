"""The command line speaks French when it is misused, and shows French labels (issue 12, defect 14)."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sqlite3
import stat
import threading
import tomllib
from pathlib import Path

import pytest

import storage
from storage.collect_writes import save_batch, sync_source
from storage.db import utcnow
from storage.records import Batch, Mention
from veille.cli import main
from veille.commands._common import UsageError, resolve_brands

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = ("usage:", "invalid choice", "choose from", "unrecognized arguments", "the following arguments are required",
           "expected one argument", "invalid int value", "not allowed with", "error:")


def misuse(args: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert not [e for e in ENGLISH if e in err], err
    return err


@pytest.mark.parametrize(("args", "expected"), [
    (["colect"], "commande inconnue « colect » ; vouliez-vous dire collect ? Choix possibles : alerts, analyze"),
    (["xyzzy"], "commande inconnue « xyzzy ». Choix possibles : alerts"),
    (["alerts", "--lsit"], "argument(s) non reconnu(s) : --lsit ; vouliez-vous dire --list ?"),
    (["collect", "surplus"], "argument(s) non reconnu(s) : surplus"),
    (["spikes"], "argument(s) obligatoire(s) manquant(s) : FICHIER.csv"),
    (["export"], "argument(s) obligatoire(s) manquant(s) : -o/--output"),
    (["export", "-o"], "l'argument -o/--output attend une valeur"),
    (["analyze", "--batch-size", "x"], "l'argument --batch-size attend un nombre entier, pas 'x'"),
    (["alerts", "--list", "--ack", "3"], "l'argument --ack ne va pas avec l'argument --list"),
    (["export", "-o", "x.csv", "--format", "xlsx"], "argument --format : valeur « xlsx ». Choix possibles : csv"),
    (["alerts", "--list", "--status", "fermee"], "statut inconnu « fermee » : ouverte, prise-en-compte ou résolue"),
])
def test_misuse_is_answered_in_french_with_a_suggestion(args, expected, capsys) -> None:
    err = misuse(args, capsys)
    assert err.startswith("utilisation : veille")
    assert expected in err


def test_help_has_no_english_heading(capsys) -> None:
    for args in (["--help"], ["alerts", "--help"], ["export", "--help"]):
        with pytest.raises(SystemExit):
            main(args)
        out = capsys.readouterr().out
        assert out.startswith("utilisation : veille") and "usage:" not in out and "-c CONFIG" not in out


@pytest.fixture
def alerts_db(sample_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "veille.db"
    shutil.copy(sample_db, path)
    return path


def test_alerts_speak_french_and_take_french_statuses(alerts_db: Path, capsys) -> None:
    conn = sqlite3.connect(alerts_db)
    alert_id, brand = conn.execute("SELECT id, brand FROM alerts").fetchone()
    conn.close()
    assert main(["alerts", "--db", str(alerts_db), "--list"]) == 0
    listing = capsys.readouterr().out
    assert listing.splitlines()[0].split() == ["n°", "statut", "marque", "mesure", "début", "(UTC)", "observé",
                                               "attendu", "sévérité"]
    assert "ouverte" in listing and "volume de mentions négatives" in listing
    severity = listing.splitlines()[1].split()[-1]
    assert re.fullmatch(r"\d+,\d", severity), severity  # a French decimal comma, as in the alert's message
    assert " open " not in listing and "negative_" not in listing
    for status, shown in (("ouverte", 1), ("Prises en compte", 0), ("open", 1), ("résolue", 0)):
        assert main(["alerts", "--db", str(alerts_db), "--list", "--status", status]) == 0
        out = capsys.readouterr().out
        assert (brand in out) == bool(shown), status
    assert main(["alerts", "--db", str(alerts_db), "--ack", str(alert_id)]) == 0
    assert capsys.readouterr().out.endswith(": prise en compte.\n")
    assert main(["alerts", "--db", str(alerts_db), "--list", "--status", "prise-en-compte"]) == 0
    assert brand in capsys.readouterr().out
    assert main(["alerts", "--db", str(alerts_db), "--resolve", str(alert_id)]) == 0
    assert main(["alerts", "--db", str(alerts_db), "--ack", str(alert_id)]) == 2
    assert "déjà « résolue » : impossible de revenir à « prise en compte »" in capsys.readouterr().err
    for missing in ("999", "9" * 26):  # 26 digits used to raise OverflowError
        assert main(["alerts", "--db", str(alerts_db), "--ack", missing]) == 2
        assert f"alerte {missing} introuvable. `veille alerts --list` liste les alertes" in capsys.readouterr().err


def test_commands_that_read_data_never_create_an_empty_database(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VEILLE_DB", raising=False)
    monkeypatch.delenv("VEILLE_CONFIG", raising=False)
    for args in (["analyze"], ["alerts", "--list"], ["alerts", "--ack", "1"]):
        assert main(args) == 2
        assert "base de données introuvable : veille.db" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no veille.db, no lock file


def test_export_in_french_for_a_spreadsheet(sample_db: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "fr.csv"
    assert main(["export", "-o", str(target), "--db", str(sample_db), "--fr"]) == 0
    assert target.read_bytes().startswith("\ufeffidentifiant;plateforme;".encode())  # Excel in French opens it as is
    with open(target, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert list(rows[0])[:4] == ["identifiant", "plateforme", "source", "publiée le (UTC)"]
    assert {r["sentiment"] for r in rows} <= {"positif", "neutre", "négatif", ""}
    assert {r["corrigé"] for r in rows} == {"oui", "non"}
    labels = {m for r in rows for m in r["motivations de partage"].split(",") if m}
    assert labels and labels <= {"Défendre une cause", "Garder le lien", "Informer", "Divertir",
                                 "Affirmer son identité", "Recommander"}
    assert main(["--quiet", "export", "-o", "-", "--format", "jsonl", "--db", str(sample_db), "--fr"]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert "marques" in first and first["sentiment"] in ("positif", "neutre", "négatif", None)
    assert main(["export", "-o", str(tmp_path / "x.parquet"), "--db", str(sample_db), "--fr"]) == 2
    assert "--fr : pour CSV et JSONL" in capsys.readouterr().err


def test_the_licence_is_an_spdx_string() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"  # the table form gives setuptools deprecation warnings on every build


def test_brand_names_are_matched_whatever_their_case_and_an_unknown_one_is_an_error(alerts_db: Path, tmp_path: Path,
                                                                                       capsys) -> None:
    conn = sqlite3.connect(alerts_db)
    brand = conn.execute("SELECT brand FROM alerts").fetchone()[0]
    conn.close()
    assert main(["alerts", "--db", str(alerts_db), "--list", "--brand", brand.upper()]) == 0
    assert brand in capsys.readouterr().out
    out = tmp_path / "e.csv"
    assert main(["export", "--db", str(alerts_db), "-o", str(out), "--brand", brand.lower()]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) > 1
    for args in (["alerts", "--db", str(alerts_db), "--list"], ["export", "--db", str(alerts_db), "-o", str(out)]):
        assert main([*args, "--brand", "Inconnue"]) == 2
        assert "--brand : marque inconnue « Inconnue »" in capsys.readouterr().err


def test_a_brand_named_only_by_undated_mentions_can_be_exported(alerts_db: Path, tmp_path: Path) -> None:
    conn = storage.connect(alerts_db)  # a brand no longer configured, named by an undated mention only
    sync_source(conn, "archives", "rss", {})
    old = Mention(id="rss:sans-date", platform="rss", source="archives", published_at=None, date_source="unknown",
                  brands=["Ancienne"], text="Ancienne, dans un vieil article sans date.")
    save_batch(conn, "archives", "t", Batch([old], {}), utcnow(), None)
    conn.close()
    out = tmp_path / "e.csv"
    assert main(["export", "--db", str(alerts_db), "-o", str(out), "--brand", "ancienne"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_export_to_standard_output_is_csv_unless_told(alerts_db: Path, capsys) -> None:
    assert main(["export", "--db", str(alerts_db), "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("id,platform,")


def test_a_brand_name_written_exactly_wins_and_an_ambiguous_one_is_an_error() -> None:
    known = ["Borea", "Boréa", "Celtis"]
    assert resolve_brands(["Boréa", "celtis"], known, "--brand") == ["Boréa", "Celtis"]
    with pytest.raises(UsageError, match="« BOREA » peut désigner Borea ou Boréa ; écrivez-la exactement"):
        resolve_brands(["BOREA"], known, "--brand")
    with pytest.raises(UsageError, match="marque inconnue « celtys » ; vouliez-vous dire Celtis ?"):
        resolve_brands(["celtys"], known, "--brand")


def test_an_export_into_a_named_pipe_writes_into_it_and_leaves_it_a_pipe(alerts_db: Path, tmp_path: Path) -> None:
    """`-o /dev/null` or a pipe: written into, never replaced by a regular file (as root, that replaced /dev/null)."""
    pipe = tmp_path / "flux"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    assert main(["export", "--db", str(alerts_db), "-o", str(pipe), "--format", "csv"]) == 0
    reader.join(timeout=10)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode) and received[0].startswith(b"id,platform,")
