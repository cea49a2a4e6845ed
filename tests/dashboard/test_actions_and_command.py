"""The dashboard's writes (sentiment corrections), its pure helpers, and `veille dashboard`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import storage
from presentation import frames, labels, numbers
from storage.collect_writes import save_batch, sync_source
from storage.export_queries import iter_export
from storage.filters import Filters
from storage.records import Batch, Mention, Sentiment, Tags
from storage.tags import motivation_corrections, save_tags
from storage.user_actions import (
    UserActionError,
    clear_motivation_override,
    clear_sentiment_overrides,
    set_motivation_override,
    set_sentiment_overrides,
)
from veille.cli import main
from veille.commands import dashboard as command


@pytest.fixture
def one_mention(conn):
    sync_source(conn, "s", "rss", {})
    save_batch(conn, "s", "t", Batch([Mention(id="rss:1", platform="rss", source="s", text="t", brands=["B"],
                                              published_at="2026-11-01T10:00:00Z")], {}), "2026-11-01T10:00:00Z", None)
    return conn


def test_a_correction_is_stored_replaced_and_cleared(one_mention) -> None:
    conn = one_mention
    set_sentiment_overrides(conn, "rss:1", {"B": "negative"}, by="Camille")
    first = conn.execute("SELECT sentiment, corrected_at, corrected_by FROM brand_sentiment_overrides").fetchone()
    assert (first["sentiment"], first["corrected_by"]) == ("negative", "Camille")
    assert conn.execute("SELECT sentiment FROM dash_facts").fetchone()[0] == "negative"
    set_sentiment_overrides(conn, "rss:1", {"B": "negative"}, by="Other")  # same label: nothing changes
    assert tuple(conn.execute("SELECT sentiment, corrected_at, corrected_by FROM brand_sentiment_overrides"
                              ).fetchone()) == tuple(first)
    set_sentiment_overrides(conn, "rss:1", {None: "positive"})
    assert conn.execute("SELECT sentiment FROM mentions_tagged").fetchone()[0] == "positive"
    assert conn.execute("SELECT sentiment FROM brand_mentions").fetchone()[0] == "negative"  # the brand's stays
    assert clear_sentiment_overrides(conn, "rss:1") is True  # both
    assert clear_sentiment_overrides(conn, "rss:1") is False
    assert conn.execute("SELECT sentiment FROM dash_facts").fetchone()[0] == ""  # back to "not analysed"
    assert conn.execute("SELECT sentiment FROM mentions_tagged").fetchone()[0] is None


def test_a_correction_toward_one_brand_leaves_the_other_brand_alone(conn) -> None:
    """A comparison praising Kelvo against Orbelle, negative as a whole: correcting Orbelle changes what
    Orbelle counts, and only that; the text's own correction changes no brand's count."""
    sync_source(conn, "s", "rss", {})
    save_batch(conn, "s", "t", Batch([Mention(id="rss:c", platform="rss", source="s", brands=["Orbelle", "Kelvo"],
                                              text="Orbelle est en panne, Kelvo marche très bien",
                                              published_at="2026-11-01T10:00:00Z")], {}), "2026-11-01T10:00:00Z", None)
    save_tags(conn, "veille", "1", [Tags("rss:c", "fr", "negative", -0.4, brand_sentiments={
        "Orbelle": Sentiment("positive", 0.3), "Kelvo": Sentiment("positive", 0.8)})])

    def counted() -> dict[str, tuple[str, int]]:
        facts = dict(conn.execute("SELECT brand, sentiment FROM dash_facts").fetchall())
        view = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT brand, sentiment, corrected FROM brand_mentions")}
        assert {b: s for b, (s, _) in view.items()} == facts  # the summaries and the analyst view agree
        return view

    set_sentiment_overrides(conn, "rss:c", {"Orbelle": "negative"}, by="Camille")
    assert counted() == {"Orbelle": ("negative", 1), "Kelvo": ("positive", 0)}
    exported = next(iter_export(conn, Filters(brands=("Kelvo",), sentiments=("negative",))), [])
    assert exported == []  # Kelvo is still praised
    exported = next(iter_export(conn, Filters(brands=("Orbelle",), sentiments=("negative",))))[0]
    assert (exported["brand_sentiments"], exported["corrected_brands"], exported["corrected"]) == \
        (["Kelvo:positive", "Orbelle:negative"], ["Orbelle"], False)
    set_sentiment_overrides(conn, "rss:c", {None: "neutral"})
    assert counted() == {"Orbelle": ("negative", 1), "Kelvo": ("positive", 0)}
    assert tuple(conn.execute("SELECT sentiment, corrected FROM mentions_tagged").fetchone()) == ("neutral", 1)
    set_sentiment_overrides(conn, "rss:c", {"Orbelle": "neutral"})  # a correction changed: the summaries follow
    assert counted() == {"Orbelle": ("neutral", 1), "Kelvo": ("positive", 0)}
    with pytest.raises(UserActionError, match="ne concerne pas Azur : marques possibles : Kelvo, Orbelle"):
        set_sentiment_overrides(conn, "rss:c", {"Kelvo": "negative", "Azur": "negative"})
    assert counted()["Kelvo"] == ("positive", 0)  # all or nothing
    set_sentiment_overrides(conn, "rss:c", {"Kelvo": "negative"}, cleared=["Orbelle"])  # one answer back to the model
    assert counted() == {"Orbelle": ("positive", 0), "Kelvo": ("negative", 1)}
    assert conn.execute("SELECT corrected FROM mentions_tagged").fetchone()[0] == 1  # the text's answer stays
    set_sentiment_overrides(conn, "rss:c", {}, cleared=[None])
    assert conn.execute("SELECT corrected FROM mentions_tagged").fetchone()[0] == 0
    with pytest.raises(UserActionError, match="ne concerne pas Azur"):
        set_sentiment_overrides(conn, "rss:c", {}, cleared=["Azur"])
    assert clear_sentiment_overrides(conn, "rss:c") is True
    assert counted() == {"Orbelle": ("positive", 0), "Kelvo": ("positive", 0)}


def test_an_answer_keeps_the_models_label_it_answered(conn) -> None:
    """Migration 0160: equal to the answer, a confirmation; a mixed opinion answered « neutre » is a correction,
    whatever a later analysis says; a mention not analysed yet has no model label."""
    sync_source(conn, "s", "rss", {})
    save_batch(conn, "s", "t", Batch([Mention(id="rss:m", platform="rss", source="s", brands=["Orbelle", "Kelvo"],
                                              text="Livraison rapide mais produit décevant chez Orbelle",
                                              published_at="2026-11-01T10:00:00Z"),
                                      Mention(id="rss:u", platform="rss", source="s", brands=["Orbelle"], text="t",
                                              published_at="2026-11-01T10:00:00Z")], {}), "2026-11-01T10:00:00Z", None)
    save_tags(conn, "veille", "1", [Tags("rss:m", "fr", "neutral", 0.0, mixed=True, brand_sentiments={
        "Orbelle": Sentiment("neutral", 0.0, True)})])  # Kelvo has no label of its own: the text's
    set_sentiment_overrides(conn, "rss:m", {"Orbelle": "neutral", "Kelvo": "negative", None: "neutral"})
    set_sentiment_overrides(conn, "rss:u", {"Orbelle": "positive"})
    stored = {(r[0], r[1]): r[2] for r in conn.execute(
        "SELECT mention_id, brand, model_sentiment FROM brand_sentiment_overrides UNION ALL "
        "SELECT mention_id, NULL, model_sentiment FROM sentiment_overrides")}
    assert stored == {("rss:m", "Orbelle"): "mixed", ("rss:m", "Kelvo"): "mixed", ("rss:m", None): "mixed",
                      ("rss:u", "Orbelle"): None}
    save_tags(conn, "veille", "2", [Tags("rss:m", "fr", "neutral", 0.0, brand_sentiments={
        "Orbelle": Sentiment("neutral", 0.0)})])  # a new analysis agrees with the user: still their correction
    assert conn.execute("SELECT model_sentiment FROM brand_sentiment_overrides WHERE brand = 'Orbelle' AND "
                        "mention_id = 'rss:m'").fetchone()[0] == "mixed"
    set_sentiment_overrides(conn, "rss:m", {"Kelvo": "neutral"})  # a changed answer: the model's label of now
    assert conn.execute("SELECT sentiment, model_sentiment FROM brand_sentiment_overrides WHERE brand = 'Kelvo'"
                        ).fetchone()[:] == ("neutral", "neutral")


def test_a_brand_correction_goes_with_its_brand_link(conn) -> None:
    """An analyst who removes a brand link by hand removes its correction: it would otherwise count again if the
    link came back, and name a brand the mention no longer has."""
    sync_source(conn, "s", "rss", {})
    save_batch(conn, "s", "t", Batch([Mention(id="rss:d", platform="rss", source="s", brands=["Orbelle", "Kelvo"],
                                              text="Orbelle et Kelvo", published_at="2026-11-01T10:00:00Z")], {}),
               "2026-11-01T10:00:00Z", None)
    set_sentiment_overrides(conn, "rss:d", {"Orbelle": "negative", "Kelvo": "positive"})
    conn.execute("DELETE FROM mention_brands WHERE brand = 'Orbelle'")
    assert [tuple(r) for r in conn.execute("SELECT brand FROM brand_sentiment_overrides")] == [("Kelvo",)]
    assert [tuple(r) for r in conn.execute("SELECT brand, sentiment FROM dash_facts")] == [("Kelvo", "positive")]


def _shown(conn) -> dict[str, float]:
    return dict(conn.execute("SELECT motivation, confidence FROM mention_motivations WHERE mention_id = 'rss:1'"))


def test_a_motivation_correction_is_shown_kept_on_retagging_and_undone(one_mention) -> None:
    conn = one_mention
    tags = Tags("rss:1", "fr", "neutral", 0.0, motivations={"information": 0.8})
    save_tags(conn, "veille", "1", [tags])
    set_motivation_override(conn, "rss:1", ["recommendation", "cause"], by="Camille")
    assert _shown(conn) == {"cause": 1.0, "recommendation": 1.0}
    assert conn.execute("SELECT motivations FROM dash_facts").fetchone()[0] == 1 | 32  # the summaries follow
    assert [tuple(r) for r in motivation_corrections(conn)] == [("rss:1", None, "t", '["cause", "recommendation"]')]
    save_tags(conn, "veille", "2", [replace(tags, motivations={"connection": 0.7})])  # re-tagging keeps it
    assert _shown(conn) == {"cause": 1.0, "recommendation": 1.0}
    set_motivation_override(conn, "rss:1", [])  # "none" is an answer too
    assert _shown(conn) == {}
    assert clear_motivation_override(conn, "rss:1") is True
    assert _shown(conn) == {"connection": 0.7}  # the tagger's latest answer comes back
    assert clear_motivation_override(conn, "rss:1") is False


def test_bad_corrections_are_refused(one_mention) -> None:
    with pytest.raises(UserActionError, match="sentiment inconnu"):
        set_sentiment_overrides(one_mention, "rss:1", {"B": "furious"})
    with pytest.raises(UserActionError, match="introuvable"):
        set_sentiment_overrides(one_mention, "rss:404", {None: "neutral"})
    with pytest.raises(UserActionError, match="motivation inconnue : fun"):
        set_motivation_override(one_mention, "rss:1", ["fun"])


def test_csv_is_excel_friendly_and_formula_safe() -> None:
    data = frames.to_csv([{"texte": "=HYPERLINK(\"http://x\")", "n": 3}, {"texte": "normal; texte", "n": 4}])
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "texte;n"
    assert "'=HYPERLINK" in text and '"normal; texte"' in text


def test_urls_and_buckets() -> None:
    assert frames.safe_url("javascript:alert(1)") is None and frames.safe_url("https://a.fr/x") == "https://a.fr/x"
    assert frames.bucket_bounds(pd.Timestamp("2026-07-14 10:00"), "hour") == ("2026-07-14T08:00:00Z",
                                                                            "2026-07-14T09:00:00Z")
    assert frames.bucket_bounds(pd.Timestamp("2026-07-13"), "week") == ("2026-07-13T00:00:00Z", "2026-07-20T00:00:00Z")
    assert frames.bucket_bounds(pd.Timestamp("2026-12-01"), "month") == ("2026-12-01T00:00:00Z",
                                                                         "2027-01-01T00:00:00Z")
    assert numbers.number(1234567) == "1\u202f234\u202f567" and numbers.percent(-2.5, sign=True) == "−2,5\u202f%"
    assert labels.moment("2026-01-05T13:05:00Z") == "5 janv. 2026 à 14 h 05"


def test_command_line_listens_on_localhost_headless_without_statistics(tmp_path) -> None:
    args = command.command(tmp_path / "v.db", "127.0.0.1", 8600)
    line = " ".join(args)
    assert args[:4] == [sys.executable, "-m", "streamlit", "run"] and Path(args[4]) == command.app_path()
    assert command.app_path().is_file()
    for option in ("--server.address 127.0.0.1", "--server.port 8600", "--server.headless true",
                   "--browser.gatherUsageStats false", "--logger.level error"):
        assert option in line
    env = command.child_env(tmp_path / "v.db")
    assert env["VEILLE_DB"] == str(tmp_path / "v.db")
    assert str(command.app_path().parents[1]) in env["PYTHONPATH"].split(":")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
            return reply.read() == b"ok"
    except OSError:
        return False


def test_veille_dashboard_prepares_the_database_and_stops_on_sigterm(tmp_path) -> None:
    """A real `veille dashboard`: the base created and migrated, the config's brands not written into it, and a
    SIGTERM (systemd, `kill`) stops Streamlit with it: no dashboard left serving (a new-user trial found one)."""
    db, port = tmp_path / "new.db", free_port()
    (tmp_path / "veille.toml").write_text('[[brands]]\nname = "Orbelle"\nquery = "Orbelle"\nown = true\n',
                                          encoding="utf-8")
    root = Path(command.app_path()).parents[1]
    proc = subprocess.Popen([sys.executable, "-m", "veille.cli", "dashboard", "--db", str(db), "--port", str(port)],
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(root)}, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not healthy(port):
            assert proc.poll() is None and time.monotonic() < deadline, "the dashboard did not start"
            time.sleep(0.5)
        conn = storage.open_readonly(db)
        assert conn.execute("SELECT count(*) FROM brands").fetchone()[0] == 0  # the dashboard only reads
        conn.close()
        proc.send_signal(signal.SIGTERM)  # to `veille dashboard` only, not to its group
        assert proc.wait(timeout=30) == 0
        deadline = time.monotonic() + 15
        while healthy(port):
            assert time.monotonic() < deadline, "Streamlit goes on serving after veille dashboard stopped"
            time.sleep(0.5)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def test_the_dashboard_takes_your_brand_from_the_config_it_was_given(app, populated_db, monkeypatch, tmp_path) -> None:
    """The base says Ondéa, as of its last collect; the config `veille dashboard` read now says Voltéo."""
    config = tmp_path / "veille.toml"
    config.write_text('[[brands]]\nname = "Voltéo"\nquery = "Voltéo"\nown = true\n', encoding="utf-8")
    env = {}
    monkeypatch.setattr(command, "serve", lambda db, host, port, owns: env.update(command.child_env(db, owns)) or 0)
    assert main(["dashboard", "-c", str(config), "--db", str(populated_db)]) == 0
    monkeypatch.setenv("VEILLE_OWN", env["VEILLE_OWN"])
    table = app(populated_db, "competition", query={"periode": "12 derniers mois"}).dataframe[0].value
    assert "Voltéo (vous)" in set(table["Marque"]) and "Ondéa (vous)" not in set(table["Marque"])


def test_veille_dashboard_refuses_a_bad_port(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: pytest.fail("must not start"))
    monkeypatch.chdir(tmp_path)
    assert main(["dashboard", "--db", str(tmp_path / "x.db"), "--port", "0"]) == 2


def test_a_database_without_the_newest_migration_is_outdated(tmp_path, monkeypatch) -> None:
    from dashboard import data
    from storage.db import connect

    path = tmp_path / "v.db"
    connect(path).close()
    monkeypatch.setenv("VEILLE_DB", str(path))
    data._state.clear()
    assert data.database_state() == "empty"
    with connect(path, migrate=False) as conn:
        conn.execute("DELETE FROM schema_migrations WHERE name = ?", (data.LAST_MIGRATION,))
    data._state.clear()
    assert data.database_state() == "outdated"


def test_the_own_brand_s_sentiment_comes_first(conn) -> None:
    """In a mention naming a competitor first in alphabetical order, the user's brand is read first, unless the
    page is filtered on the competitor."""
    from storage.dashboard_queries import _mention_details

    sync_source(conn, "s", "rss", {})
    save_batch(conn, "s", "t", Batch([Mention(id="rss:o", platform="rss", source="s", brands=["Orbelle", "Kelvo"],
                                              text="Orbelle et Kelvo", published_at="2026-11-01T10:00:00Z")], {}),
               "2026-11-01T10:00:00Z", None)
    seq = conn.execute("SELECT seq FROM mentions WHERE id = 'rss:o'").fetchone()[0]
    assert list(_mention_details(conn, [seq])[0]["brand_sentiments"]) == ["Kelvo", "Orbelle"]
    conn.execute("INSERT INTO brands (name, query, own, updated_at) VALUES ('Orbelle', 'Orbelle', 1, 'now')")
    assert list(_mention_details(conn, [seq])[0]["brand_sentiments"]) == ["Orbelle", "Kelvo"]
    assert list(_mention_details(conn, [seq], ("Kelvo",))[0]["brand_sentiments"]) == ["Kelvo", "Orbelle"]  # filtered


def test_the_save_message_says_what_counts_where() -> None:
    from dashboard.ui import saved_text

    assert saved_text({"AG2R": "negative", "Delevoye": "negative"}) == \
        "Corrigé : AG2R, Delevoye — chiffres et alertes mis à jour."
    assert saved_text({None: "neutral"}) == "Corrigé : ton général — sans effet sur les chiffres des marques."
    assert saved_text({}, {"Delevoye": "negative", None: "neutral"}) == \
        "Confirmé : Delevoye, ton général (chiffres inchangés)."
    assert saved_text({"AG2R": "negative"}, {"Delevoye": "negative"}, ["Macron", None]) == \
        "Corrigé : AG2R — chiffres et alertes mis à jour · Confirmé : Delevoye (chiffres inchangés) · " \
        "Rendu à l'analyse : Macron, ton général."
