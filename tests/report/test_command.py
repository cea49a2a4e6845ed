"""`veille report`: what the report says (the dashboard's figures, in French), that its HTML is safe and needs
nothing from the network, its errors, and `--email` against a local SMTP server."""

from __future__ import annotations

import builtins
import email
import email.policy
import re
import shutil
import sqlite3
import sys
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from markupsafe import escape

import storage
from presentation import frames, labels, numbers
from storage import dashboard_queries as dq
from storage.collect_writes import save_batch, sync_source
from storage.db import utcnow
from storage.records import Batch, Mention
from storage.user_actions import set_sentiment_overrides
from tests.dashboard.conftest import ENGLISH_NUMBER, RAW
from tests.report.conftest import chart_svgs, report, visible_text, yesterday
from veille.cli import main
from veille.report.period import parse_period

SECTIONS = ("Chiffres clés", "Volume et sentiment", "Part de voix", "Thèmes d'Orbelle", "Qui parle d'Orbelle",
            "À traiter", "Alertes de la période", "Méthode")


def test_the_demo_report_says_what_the_dashboard_says(demo_reports, demo_db) -> None:
    page = demo_reports["html"].read_text(encoding="utf-8")
    start, end = parse_period("30j").bounds(date.fromisoformat(yesterday()))
    f = dq.Filters(start=start.isoformat(), end=end.isoformat())
    conn = storage.open_readonly(demo_db)
    try:
        own = dq.own_brand(conn)
        mine = next(r for r in dq.key_figures(conn, f, own)["brands"] if r["own"])
        first = dq.to_handle(conn, f, own, limit=1)[0]
        alerts = dq.alert_markers(conn, f)
    finally:
        conn.close()
    assert own == "Orbelle"
    for title in SECTIONS:
        assert f">{escape(title)}<" in page, title
    assert f"Du {labels.day(f.start)} au {labels.day(f.end)} (30 jours, jours UTC)" in page
    assert "Comparé aux 30 jours précédents" in page and "Dernière collecte :" in page
    assert f'<div class="value">{numbers.number(mine["mentions"])}</div>' in page
    assert f'<div class="value">{numbers.number(mine["negative"])}</div>' in page
    assert "Part de voix d&#39;Orbelle" in page and numbers.percent(mine["share"]) in page
    assert "Volume +" in page and "alertes ouvertes" in page  # the « what changed » sentence
    assert frames.author(first).replace("'", "&#39;") in page  # the widest negative mention comes first
    listed = page.split('id="alertes"')[1].split("</section>")[0]
    assert alerts and listed.count("<tr><td>") == min(len(alerts), 12)  # every alert of the period
    assert len(chart_svgs(page)) == 5  # volume, sentiment by brand, own sentiment, share of voice, categories


def test_the_report_shows_no_raw_value_nor_english_number(demo_reports) -> None:
    text = visible_text(demo_reports["html"].read_text(encoding="utf-8"))
    assert "Mentions par marque" in text and "Part des mentions" in text  # the charts' titles and axes are read
    found = [m.group(0) for pattern in (RAW, ENGLISH_NUMBER) for m in pattern.finditer(text)]
    assert not found, found


def test_the_html_needs_nothing_from_the_network_and_runs_no_script(demo_reports) -> None:
    page = demo_reports["html"].read_text(encoding="utf-8")
    assert not re.search(r"<script|<link|<iframe|<object|<embed|@import|url\(|javascript:", page, re.I)
    sources = re.findall(r'\ssrc="([^"]*)"', page)
    assert sources and all(s.startswith("data:image/svg+xml;base64,") for s in sources)
    links = re.findall(r'\shref="([^"]*)"', page)
    assert links and all(re.match(r"https?://", link) for link in links)  # the mentions' own links, nothing else
    assert "default-src 'none'; img-src data:" in page  # and the browser is told to load nothing else
    for svg in chart_svgs(page):
        assert not re.search(r"<script|(?:href|src)\s*=\s*[\"'](?!#)|url\((?!#)|@import", svg, re.I)


def test_a_hostile_mention_is_text_and_its_link_is_dropped(sample_db, tmp_path) -> None:
    db = tmp_path / "veille.db"
    shutil.copy(sample_db, db)
    conn = storage.connect(db)
    sync_source(conn, "hostile", "rss", {})
    evil = Mention(id="rss:evil", platform="rss", source="hostile", published_at=utcnow(), brands=["Azura"],
                   title="<script>alert('titre')</script>", text='<img src=x onerror="alert(1)"> Azura </p><b>gras</b>',
                   author_name="<i>Mallory</i>", url="javascript:alert(document.cookie)", author_followers=10**9)
    save_batch(conn, "hostile", "t", Batch([evil], {}), utcnow(), None)
    set_sentiment_overrides(conn, "rss:evil", {"Azura": "negative"})
    conn.close()
    out = tmp_path / "r.html"
    assert report(db, out, "--until", datetime.now(UTC).date().isoformat()) == 0
    page = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page and "&lt;i&gt;Mallory&lt;/i&gt;" in page
    assert "<script" not in page and "<b>gras" not in page and "<i>Mallory" not in page
    assert "javascript:" not in page and "pas de lien" in page


def test_an_empty_period_is_a_report_that_says_so(sample_db, tmp_path) -> None:
    out = tmp_path / "vide.html"
    assert report(sample_db, out, "--until", "2001-01-31") == 0
    page = out.read_text(encoding="utf-8")
    assert "Aucune mention des marques suivies du 25 janv. 2001 au 31 janv. 2001." in page
    assert "La plus récente date du" in page and page.count("Rien sur la période.") == 5
    assert "Aucune alerte sur la période" in page
    text = visible_text(page)
    assert not RAW.search(text) and not ENGLISH_NUMBER.search(text)


def test_a_chosen_competitor_is_compared_with_the_own_brand(sample_db, tmp_path, capsys) -> None:
    out = tmp_path / "r.html"
    assert report(sample_db, out, "--brands", "boréa", "--period", "8s") == 0  # case and accents as typed
    page = out.read_text(encoding="utf-8")
    assert "concurrents : Boréa." in page and "<td>Celtis</td>" not in page and "<td>Boréa</td>" in page
    assert "Azura, votre marque, est ajoutée" in capsys.readouterr().err


def test_an_unknown_brand_is_a_usage_error(sample_db, tmp_path, capsys) -> None:
    out = tmp_path / "r.html"
    assert report(sample_db, out, "--brands", "Azura,Boreal") == 2
    err = capsys.readouterr().err
    assert "marque inconnue « Boreal » ; vouliez-vous dire Boréa ?" in err
    assert "Marques de la base : Azura, Boréa, Celtis" in err
    assert not out.exists()


def test_the_own_brand_of_the_config_given_wins_over_the_one_the_database_kept(sample_db, tmp_path, capsys) -> None:
    config = tmp_path / "veille.toml"
    for own, code in (("Boréa", 0), ("Orbelle", 2)):
        config.write_text(f'[[brands]]\nname = "{own}"\nquery = "{own}"\nown = true\n', encoding="utf-8")
        out = tmp_path / f"{own}.html"
        assert main(["report", "-c", str(config), "--db", str(sample_db), "-o", str(out)]) == code
        err = capsys.readouterr().err
        if code == 0:  # the database still says Azura, from its last collect
            assert "rapport Boréa écrit" in err and "concurrents : Azura, Celtis." in out.read_text(encoding="utf-8")
        else:
            assert "Orbelle, votre marque d'après la configuration, est absente de la base" in err
            assert "veille collect" in err and not out.exists()


def test_a_second_own_brand_of_the_config_can_be_the_subject_of_the_report(sample_db, tmp_path, capsys) -> None:
    config = tmp_path / "veille.toml"
    config.write_text("".join(f'[[brands]]\nname = "{name}"\nquery = "{name}"\nown = true\n\n'
                              for name in ("Azura", "Boréa")), encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", "-c", str(config), "--db", str(sample_db), "-o", str(out), "--brands", "Boréa,Celtis"]) == 0
    assert "rapport Boréa écrit" in capsys.readouterr().err


def test_without_an_own_brand_it_says_how_to_declare_one(sample_db, tmp_path, capsys) -> None:
    db = tmp_path / "veille.db"
    shutil.copy(sample_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE brands SET own = 0")
    assert report(db, tmp_path / "r.html") == 2
    err = capsys.readouterr().err
    assert "aucune marque n'est déclarée comme la vôtre" in err and "own = true" in err and "veille collect" in err


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "rapport.docx"], "extension « .docx » inconnue ; écrivez le rapport en HTML (-o rapport.html)"),
    (["-o", "rapport.html", "--to", "a@b.test"], "--to ne sert qu'avec --email"),
    (["-o", "rapport.html", "--email"], "fichier de configuration introuvable"),
])
def test_bad_usage_is_a_french_error_with_the_fix(sample_db, tmp_path, monkeypatch, capsys, args, message) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VEILLE_CONFIG", raising=False)
    assert main(["report", "--db", str(sample_db), *args]) == 2
    assert message in capsys.readouterr().err


def test_a_bad_period_is_refused_by_the_parser(sample_db, tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["report", "--db", str(sample_db), "-o", str(tmp_path / "r.html"), "--period", "7d"])
    assert stop.value.code == 2
    assert "période « 7d » incomprise : écrivez par exemple 7j (jours)" in capsys.readouterr().err


def test_help_is_french() -> None:
    from veille.cli import build_parser

    text = " ".join(build_parser()._subparsers._group_actions[0].choices["report"].format_help().split())
    assert text.startswith("utilisation : veille report")
    for words in ("FICHIER.html", "7j (jours)", "hier", "votre marque est toujours incluse", "[notifications]"):
        assert words in text


def test_a_missing_pdf_renderer_says_what_to_install(sample_db, tmp_path, monkeypatch, capsys) -> None:
    out = tmp_path / "r.pdf"
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if not installed
    assert report(sample_db, out) == 2
    err = capsys.readouterr().err
    assert "rapport impossible : le PDF est produit par WeasyPrint, absent" in err
    assert "make install" in err and "-o rapport.html" in err
    monkeypatch.delitem(sys.modules, "weasyprint")
    real_import = builtins.__import__

    def without_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_pango)
    capsys.readouterr()
    assert report(sample_db, out) == 2
    err = capsys.readouterr().err
    assert "cannot load library 'libpango-1.0-0'" in err and "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in err
    assert not out.exists()


def test_the_report_is_e_mailed_with_the_smtp_settings(sample_db, smtp_server, tmp_path, monkeypatch) -> None:
    controller, received, cert = smtp_server
    monkeypatch.delenv("VEILLE_SMTP_USER", raising=False)
    config = tmp_path / "veille.toml"
    config.write_text(f"""
[[brands]]
name = "Azura"
query = "Azura"
own = true

[notifications]
smtp_host = "127.0.0.1"
smtp_port = {controller.port}
smtp_ca_file = "{cert}"
email_from = "veille@example.test"
email_to = ["alertes@example.test"]
""", encoding="utf-8")
    out = tmp_path / "hebdo" / "rapport-azura.pdf"
    assert main(["report", "-c", str(config), "--db", str(sample_db), "-o", str(out), "--email",
                 "--to", "com@example.test", "--to", "dir@example.test"]) == 0
    (envelope, encrypted), = received.messages
    assert encrypted and envelope.rcpt_tos == ["com@example.test", "dir@example.test"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert re.fullmatch(r"\[Veille\] Rapport Azura, du \d+ \S+ \d{4} au \d+ \S+ \d{4}", message["Subject"])
    body = message.get_body(("plain",)).get_content()
    assert "Ce qui a changé : " in body and "Mentions : " in body
    assert "pièce jointe : rapport-azura.html, rapport-azura.pdf" in body
    files = {part.get_filename(): part for part in message.iter_attachments()}
    assert files["rapport-azura.pdf"].get_content() == out.read_bytes() and out.read_bytes().startswith(b"%PDF")
    assert files["rapport-azura.html"].get_content_type() == "text/html"
    assert "Chiffres clés" in files["rapport-azura.html"].get_content()


def test_a_failed_sending_keeps_the_report_and_exits_1(sample_db, tmp_path, capsys) -> None:
    from tests.support.smtp import free_port

    config = tmp_path / "veille.toml"
    config.write_text(f"""
[[brands]]
name = "Azura"
query = "Azura"

[notifications]
smtp_host = "127.0.0.1"
smtp_port = {free_port()}
email_from = "veille@example.test"
email_to = ["com@example.test"]
timeout_seconds = 2
""", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", "-c", str(config), "--db", str(sample_db), "-o", str(out), "--email"]) == 1
    assert out.exists() and f"rapport écrit dans {out} mais pas envoyé : envoi d'e-mail impossible" in capsys.readouterr().err


def test_the_figures_it_reports_are_those_of_a_narrowed_selection(sample_db) -> None:
    """The own brand's sections read the own brand only: its negative count is the À traiter total."""
    from veille.report import content

    conn = storage.open_readonly(sample_db)
    try:
        end = date.fromisoformat(yesterday())
        f = dq.Filters(start=parse_period("30j").bounds(end)[0].isoformat(), end=end.isoformat())
        negative = dq.selection_size(conn, replace(f, brands=("Azura",), sentiments=("negative",)))
        section = content.to_handle(conn, f, "Azura")
    finally:
        conn.close()
    assert negative > 0 and section.intro.startswith(numbers.count(negative, "mention négative", "mentions négatives"))


@pytest.mark.parametrize(("where", "message"), [
    ("dossier.html", "c'est un dossier ; donnez un nom de fichier"),
    ("fichier/rapport.html", "impossible d'écrire dans {tmp}/fichier (droits insuffisants ou pas un dossier)"),
])
def test_an_output_it_cannot_write_is_refused_before_the_work(sample_db, tmp_path, capsys, where, message) -> None:
    (tmp_path / "dossier.html").mkdir()
    (tmp_path / "fichier").write_text("déjà là", encoding="utf-8")
    assert report(sample_db, tmp_path / where) == 2
    assert message.format(tmp=tmp_path) in capsys.readouterr().err
    assert (tmp_path / "fichier").read_text(encoding="utf-8") == "déjà là" and (tmp_path / "dossier.html").is_dir()


def test_mixed_mentions_are_analysed_but_neither_positive_nor_negative(sample_db, tmp_path) -> None:
    """Three negative Azura mentions become mitigated: the report has three negatives fewer, the same analysed
    mentions in its net sentiment, and « Mitigé » in its sentiment charts."""
    db = tmp_path / "veille.db"
    shutil.copy(sample_db, db)
    end = date.fromisoformat(yesterday())
    f = dq.Filters(start=parse_period("30j").bounds(end)[0].isoformat(), end=end.isoformat(), brands=("Azura",))
    conn = storage.connect(db)
    try:
        before = next(r for r in dq.brand_totals(conn, f) if r["brand"] == "Azura")
        ids = [r[0] for r in conn.execute(
            "SELECT mention_id FROM dash_facts WHERE brand = 'Azura' AND sentiment = 'negative' AND published_at "
            "BETWEEN ? AND ? AND mention_id NOT IN (SELECT mention_id FROM brand_sentiment_overrides "
            "WHERE brand = 'Azura') LIMIT 3",
            (f.start, f.end + "T23:59:59Z"))]
        marks = ",".join("?" * len(ids))
        conn.execute(f"UPDATE brand_sentiments SET mixed = 1 WHERE brand = 'Azura' AND mention_id IN ({marks})", ids)
        conn.execute(f"UPDATE mention_tags SET mixed = 1 WHERE mention_id IN ({marks}) AND mention_id NOT IN "
                     "(SELECT mention_id FROM brand_sentiments WHERE brand = 'Azura')", ids)
        conn.commit()
        assert conn.execute(f"SELECT count(*) FROM dash_facts WHERE brand = 'Azura' AND sentiment = 'mixed' "
                            f"AND mention_id IN ({marks})", ids).fetchone()[0] == 3
    finally:
        conn.close()
    out = tmp_path / "r.html"
    assert report(db, out, "--period", "30j", "--brands", "Azura") == 0
    page = out.read_text(encoding="utf-8")
    positive, negative = before["positive"], before["negative"] - 3
    analysed = before["positive"] + before["neutral"] + before["mixed"] + before["negative"]
    figures = page.split('id="chiffres"')[1].split("</section>")[0]
    assert f'<div class="value">{numbers.number(negative)}</div>' in figures
    assert f'<div class="value">{numbers.signed(100 * (positive - negative) / analysed)}</div>' in figures
    assert "Mitigé" in visible_text(page).split("\n", 1)[1]  # a legend entry of the charts


def test_undated_mentions_are_said_to_be_outside_every_figure(sample_db, tmp_path) -> None:
    db = tmp_path / "veille.db"
    shutil.copy(sample_db, db)
    conn = storage.connect(db)
    sync_source(conn, "archives", "rss", {})
    old = [Mention(id=f"rss:sans-date-{i}", platform="rss", source="archives", published_at=None, date_source="unknown",
                   brands=["Azura"],
                   title=f"Azura, archive {i}", text="Azura dans un vieil article sans date.") for i in range(2)]
    save_batch(conn, "archives", "t", Batch(old, {}), utcnow(), None)
    conn.close()
    out = tmp_path / "r.html"
    assert report(db, out) == 0
    assert "2 mentions sans date de publication, hors de toute période et non comptées ici." in \
        out.read_text(encoding="utf-8")


def test_an_empty_or_missing_database_says_what_to_run(db_path, tmp_path, capsys) -> None:
    assert report(db_path, tmp_path / "r.html") == 2
    assert "la base ne contient encore aucune marque ni mention" in capsys.readouterr().err
    assert report(tmp_path / "absente.db", tmp_path / "r.html") == 2
    err = capsys.readouterr().err
    assert "absente.db" in err and not (tmp_path / "absente.db").exists() and not (tmp_path / "r.html").exists()
