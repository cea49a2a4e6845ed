"""Notifications: French message with the dashboard link, webhook payload, e-mail over STARTTLS to a local server."""

from __future__ import annotations

import email
import email.policy
import json
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from tests.support.smtp import free_port
from veille.config import NotificationSettings
from veille.notify import NotifyError, configured_channels, deliver, format_message

ALERT = {
    "id": 42, "brand": "Acme", "metric": "negative_share", "window_start": "2026-02-16T10:00:00Z",
    "window_end": "2026-02-16T16:00:00Z", "observed": 0.82, "expected": 0.1, "severity": 9.3,
    "explanation": {"terms": [{"value": "panne réseau"}], "categories": [{"value": "service client"}],
                    "mentions": [{"platform": "x", "reach": 50000, "text": "<b>Panne</b> *encore*", "url": "https://x.test/1"}]},
}


def test_message_is_french_with_link_and_figures():
    subject, text = format_message(ALERT, "https://veille.example/")
    assert subject == "[Veille] Pic de part de mentions négatives pour Acme"
    assert "Observé : 82\u202f% ; attendu : 10\u202f%." in text and "(sévérité 9,3)" in text  # a French decimal comma
    assert "Termes en hausse : panne réseau." in text and "Thèmes en hausse : service client." in text
    assert "« <b>Panne</b> *encore* »" in text  # plain text, quoted as is
    assert text.endswith("Voir l'alerte : https://veille.example/alertes?alert=42")


def test_webhook_payload_and_http_error(http_server, monkeypatch):
    monkeypatch.delenv("VEILLE_WEBHOOK_URL", raising=False)
    from demo.server import Reply

    http_server.route("/ok", Reply(200, b"ok"))
    http_server.route("/gone", Reply(404, b"no_service"))
    deliver("webhook", ALERT, NotificationSettings(webhook_url=f"{http_server.url}/ok", dashboard_url="http://d"))
    sent = http_server.requests[-1]
    assert sent.method == "POST" and sent.headers["Content-Type"] == "application/json"
    with pytest.raises(NotifyError, match="HTTP 404"):
        deliver("webhook", ALERT, NotificationSettings(webhook_url=f"{http_server.url}/gone"))
    with pytest.raises(NotifyError, match="VEILLE_WEBHOOK_URL"):
        deliver("webhook", ALERT, NotificationSettings())
    monkeypatch.setenv("VEILLE_WEBHOOK_URL", f"{http_server.url}/ok")
    assert configured_channels(NotificationSettings()) == {"webhook"}
    deliver("webhook", ALERT, NotificationSettings())
    assert http_server.hits("/ok") == 2


def test_email_over_starttls_to_local_server(smtp_server, monkeypatch):
    controller, handler, cert = smtp_server
    monkeypatch.delenv("VEILLE_SMTP_USER", raising=False)
    settings = NotificationSettings(smtp_host="127.0.0.1", smtp_port=controller.port, smtp_ca_file=str(cert),
                                    email_from="veille@example.test", email_to=["com@example.test", "dir@example.test"],
                                    dashboard_url="http://d")
    assert configured_channels(settings) == {"email"}
    deliver("email", ALERT, settings)
    (envelope, encrypted), = handler.messages
    assert encrypted  # the message went after STARTTLS
    assert envelope.rcpt_tos == ["com@example.test", "dir@example.test"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "[Veille] Pic de part de mentions négatives pour Acme"
    assert "alertes?alert=42" in message.get_content()
    # a certificate the client does not trust is refused, and says so
    with pytest.raises(NotifyError, match="envoi d'e-mail impossible"):
        deliver("email", ALERT, replace(settings, smtp_ca_file=None))
    # without STARTTLS the server refuses the mail (it requires it)
    with pytest.raises(NotifyError):
        deliver("email", ALERT, replace(settings, smtp_starttls=False))
    assert len(handler.messages) == 1


def test_email_unreachable_server_fails_cleanly():
    settings = NotificationSettings(smtp_host="127.0.0.1", smtp_port=free_port(), email_from="a@b.test",
                                    email_to=["c@d.test"], timeout_seconds=2)
    with pytest.raises(NotifyError, match="127.0.0.1"):
        deliver("email", ALERT, settings)


# --- `veille spikes` CLI contract -----------------------------------------------------------------------------

def _series(tmp_path: Path) -> Path:
    idx = pd.date_range("2024-03-04", periods=24 * 21, freq="h")
    values = [10 + (i % 24 > 8) * 20 + (7 if i % 5 == 0 else 0) for i in range(len(idx))]
    values[24 * 18 + 3] = 200
    path = tmp_path / "series.csv"
    pd.DataFrame({"timestamp": idx.strftime("%Y-%m-%d %H:%M:%S"), "value": values}).to_csv(path, index=False)
    return path


def test_spikes_cli_writes_scores_and_one_alert(tmp_path, capsys):
    from veille.cli import main

    path = _series(tmp_path)
    assert main(["spikes", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "timestamp,value,score,alert" and len(out) == 24 * 21 + 1
    flagged = [line for line in out[1:] if line.endswith(",1")]
    assert len(flagged) == 1 and flagged[0].startswith("2024-03-22 03:00:00,200,")
    assert all(float(line.split(",")[2]) >= 0 for line in out[1:])
    target = tmp_path / "out.csv"
    assert main(["spikes", str(path), "--freq", "1h", "-o", str(target)]) == 0
    assert target.read_text().splitlines() == out


@pytest.mark.parametrize(("content", "args", "message"), [
    (None, [], "fichier introuvable"),
    ("time,value\n2024-01-01,1\n", [], "colonne(s) manquante(s) : timestamp"),
    ("timestamp,value\n2024-01-01,abc\n", [], "ligne 2 : valeur non numérique"),
    ("timestamp,value\nhier,1\n", [], "date illisible"),
    ("timestamp,value\n2024-01-01,1\n2024-01-02,2\n", ["--freq", "bientôt"], "durée invalide"),
    ("timestamp,value\n2024-01-01,1\n", [], "il faut au moins deux dates pour déduire le pas de la série ; "
                                            "indiquez-le avec --freq"),
    ("timestamp,value\n2024-01-01,1\n2024-01-01,2\n", [], "toutes les dates sont égales"),
])
def test_spikes_cli_errors_exit_2_and_say_why(tmp_path, capsys, content, args, message):
    from veille.cli import main

    path = tmp_path / "in.csv"
    if content is not None:
        path.write_text(content)
    assert main(["spikes", str(path), *args]) == 2
    assert message in capsys.readouterr().err


# --- webhook text is rendered by the target: untrusted parts must stay text (issue 12, defect 8) ---

HOSTILE = {
    **ALERT, "brand": "Acme *Corp*",
    "explanation": {
        "terms": [{"value": "<!here>"}, {"value": "@channel"}, {"value": "[prix](https://evil.example)"}],
        "categories": [{"value": "<https://evil.example|service client>"}],
        "mentions": [
            {"platform": "x", "reach": 9, "url": "javascript:alert(1)",
             "text": "<!channel> @here @everyone <https://evil.example|Cliquez ici> [x](javascript:alert(1)) "
                     "![img](https://evil.example/p.png) <b>gras</b> `code` & ~barré~"},
            {"platform": "rss", "reach": 3, "url": "https://presse.example/a_(b)?x=1&y=<2>|3", "title": "Titre"},
            {"platform": "reddit", "reach": 1, "url": "data:text/html;base64,PHNjcmlwdD4=", "text": "@all regardez"},
        ],
    },
}
MENTIONS = re.compile(r"@(channel|here|everyone|all)\b")


def _sent(http_server, settings: dict) -> str:
    from demo.server import Reply

    http_server.route("/hook", Reply(200, b"ok"))
    deliver("webhook", HOSTILE, NotificationSettings(webhook_url=f"{http_server.url}/hook",
                                                     dashboard_url="https://veille.example", **settings))
    request = http_server.requests[-1]
    assert request.path == "/hook" and request.headers["Content-Type"] == "application/json"
    payload = json.loads(request.body)
    assert list(payload) == ["text"]
    return payload["text"]


def test_slack_payload_keeps_every_untrusted_part_as_text(http_server):
    text = _sent(http_server, {"webhook_format": "slack"})
    # the only live <…> are our two links, to http(s) addresses
    assert re.findall(r"<([^>]*)>", text) == [
        "https://presse.example/a_(b)?x=1&amp;y=%3C2%3E%7C3|lire",
        "https://veille.example/alertes?alert=42|ouvrir le tableau de bord"]
    assert "&lt;!channel&gt;" in text and "&lt;https://evil.example|Cliquez ici&gt;" in text
    assert "&lt;!here&gt;" in text and "&lt;b&gt;gras&lt;/b&gt;" in text and "&amp; ~barré~" in text
    assert not MENTIONS.search(text) and "@\u200bhere" in text and "@\u200ball" in text
    assert "javascript:alert(1)|" not in text and "data:text" not in text  # never a link
    assert text.startswith("*[Veille] Pic de part de mentions négatives pour Acme *Corp**\n")


def test_markdown_payload_escapes_links_images_html_and_mentions(http_server):
    text = _sent(http_server, {"webhook_format": "markdown"})
    links = re.findall(r"(?<!\\)\[([^\]]*)\]\(([^)]*)\)", text)
    assert links == [("lire", "https://presse.example/a_%28b%29?x=1&y=%3C2%3E|3"),
                     ("ouvrir le tableau de bord", "https://veille.example/alertes?alert=42")]
    assert not re.search(r"(?<!\\)[<`]|(?<!\\)!(?<!\\)\[", text)  # no HTML, code or image opens
    assert r"\[x\]\(javascript:alert\(1\)\)" in text and r"\!\[img\]" in text and r"\<b\>gras\</b\>" in text
    assert not MENTIONS.search(text) and "@\u200bchannel" in text
    assert "](javascript:" not in text and "](data:" not in text and "data:text" not in text
    assert text.startswith(r"**\[Veille\] Pic de part de mentions négatives pour Acme \*Corp\***")


def test_webhook_format_follows_the_address_unless_set():
    from veille.notify import MARKDOWN, SLACK, webhook_style

    assert webhook_style("https://hooks.slack.com/services/T/B/x") is SLACK
    assert webhook_style("https://chat.example.org/hooks/abc") is MARKDOWN  # Mattermost
    assert webhook_style("https://acme.webhook.office.com/webhookb2/x") is MARKDOWN  # Teams
    assert webhook_style("https://chat.example.org/hooks/abc", "slack") is SLACK


def test_email_stays_plain_text_without_non_web_links():
    _, text = format_message(HOSTILE, "https://veille.example")
    assert "<!channel> @here" in text  # e-mail is not rendered: quoted as is
    assert "javascript:alert(1)\n" not in text and not text.split("\n")[-4].endswith("javascript:alert(1)")
    assert "https://presse.example/a_(b)?x=1&y=<2>|3" in text and "data:text/html" not in text
