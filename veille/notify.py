"""Telling people about an alert: French messages, incoming webhooks (Slack, Mattermost, Teams), e-mail.

Mention text is attacker-controlled and webhook text is rendered (Slack mrkdwn, Markdown): every
untrusted part is escaped for its target, @-mentions are neutralised, only http(s) addresses are links.

Secrets come only from the environment: VEILLE_WEBHOOK_URL (when `webhook_url` is not in the
config), VEILLE_SMTP_USER and VEILLE_SMTP_PASSWORD.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import requests

from presentation.numbers import number
from presentation.summary import alert_value
from veille.config import NotificationSettings

METRIC_LABELS = {
    "volume": "volume de mentions",
    "negative_volume": "volume de mentions négatives",
    "negative_share": "part de mentions négatives",
}


class NotifyError(Exception):
    """A delivery that failed; the message says what to check. The notification is retried next run."""


def alert_link(alert: dict[str, Any], dashboard_url: str) -> str:
    """The alert on the dashboard's Alertes page."""
    return f"{dashboard_url.rstrip('/')}/alertes?alert={alert['id']}"


# --- one message, written for each target: plain text (e-mail), Slack mrkdwn, Markdown (Mattermost, Teams…) ---


def _web_address(url: str) -> bool:
    """Only http(s) addresses become links: `javascript:`, `file:`, `data:`… never do."""
    try:
        return bool(url) and urlsplit(url.strip()).scheme.lower() in ("http", "https")
    except ValueError:  # e.g. "http://[not-an-ip"
        return False


_MENTION = re.compile(r"@(?=\w)")  # @channel, @here, @everyone, @all, @someone: pings people in Slack and Mattermost
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]()<>#|!&{}])")


def _quiet(text: str) -> str:
    """A zero-width space after @ keeps `@channel` readable and stops it from notifying anyone."""
    return _MENTION.sub("@\u200b", text)


def _slack_text(text: str) -> str:
    """Slack mrkdwn: & < > escaped, so `<!channel>`, `<@U1>` and `<url|label>` stay text."""
    return _quiet(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _slack_link(url: str, label: str) -> str:
    address = url.strip().replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
    return f"<{address}|{_slack_text(label)}>"


def _markdown_text(text: str) -> str:
    """Markdown: every character that can open a link, an image, emphasis, code or HTML is backslash-escaped."""
    return _quiet(_MARKDOWN_SPECIAL.sub(r"\\\1", text))


def _markdown_link(url: str, label: str) -> str:
    address = "".join(f"%{ord(c):02X}" if c in " ()<>\\`" else c for c in url.strip())
    return f"[{_markdown_text(label)}]({address})"


@dataclass(frozen=True)
class Style:
    """How untrusted text, links and the subject are written for one kind of target."""

    text: Callable[[str], str]
    link: Callable[[str, str], str]  # (http(s) address, label)
    bold: Callable[[str], str]


PLAIN = Style(text=lambda text: text, link=lambda url, label: url, bold=lambda text: text)
SLACK = Style(text=_slack_text, link=_slack_link, bold=lambda text: f"*{text}*")
MARKDOWN = Style(text=_markdown_text, link=_markdown_link, bold=lambda text: f"**{text}**")
WEBHOOK_STYLES = {"slack": SLACK, "markdown": MARKDOWN}


def webhook_style(url: str, setting: str = "auto") -> Style:
    """`webhook_format`, or guessed from the address: Slack's hosts speak mrkdwn, the others Markdown."""
    if setting != "auto":
        return WEBHOOK_STYLES[setting]
    host = (urlsplit(url).hostname or "").lower()
    return SLACK if host == "slack.com" or host.endswith(".slack.com") else MARKDOWN


def _link(style: Style, url: str | None, label: str) -> str:
    return style.link(url.strip(), label) if url and _web_address(url) else ""


def format_message(alert: dict[str, Any], dashboard_url: str, style: Style = PLAIN) -> tuple[str, str]:
    """(subject, text) in French. Subject is plain; in the text, every untrusted part goes through `style`."""
    metric = alert["metric"]
    label = METRIC_LABELS.get(metric, metric)
    start = alert["window_start"].replace("T", " ").replace("Z", " UTC")
    end = alert["window_end"].replace("T", " ").replace("Z", " UTC")
    subject = f"[Veille] Pic de {label} pour {alert['brand']}"
    t = style.text
    lines = [
        f"Pic de {t(label)} pour {t(alert['brand'])} (sévérité {number(alert['severity'], 1)}).",
        f"Période : du {start} au {end}.",
        f"Observé : {alert_value(metric, alert['observed'])} ; attendu : {alert_value(metric, alert['expected'])}.",
    ]
    explanation = alert.get("explanation") or {}
    terms = [t(str(term["value"])) for term in explanation.get("terms", [])[:5]]
    if terms:
        lines.append("Termes en hausse : " + ", ".join(terms) + ".")
    categories = [t(str(c["value"])) for c in explanation.get("categories", [])[:3]]
    if categories:
        lines.append("Thèmes en hausse : " + ", ".join(categories) + ".")
    mentions = explanation.get("mentions", [])[:3]
    if mentions:
        lines.append("Mentions les plus vues :")
        for m in mentions:
            text = " ".join(str(m.get("title") or m.get("text") or "").split())[:160]
            link = _link(style, m.get("url"), "lire")
            lines.append(f"- {t(str(m.get('platform', '')))}, audience estimée {m.get('reach', 0)} : "
                         f"« {t(text)} »{' ' + link if link else ''}")
    lines.append(f"Voir l'alerte : {_link(style, alert_link(alert, dashboard_url), 'ouvrir le tableau de bord')}")
    return subject, "\n".join(lines)


def webhook_url(settings: NotificationSettings) -> str | None:
    """The configured webhook URL, else VEILLE_WEBHOOK_URL."""
    return settings.webhook_url or os.environ.get("VEILLE_WEBHOOK_URL") or None


def email_configured(settings: NotificationSettings) -> bool:
    return bool(settings.smtp_host and settings.email_to and settings.email_from)


def configured_channels(settings: NotificationSettings) -> set[str]:
    """Channels that can deliver with these settings and this environment."""
    channels = set()
    if webhook_url(settings):
        channels.add("webhook")
    if email_configured(settings):
        channels.add("email")
    return channels


def send_webhook(url: str, text: str, timeout: float = 10) -> None:
    """POST `{"text": …}`: the payload Slack, Mattermost and Teams incoming webhooks all accept."""
    try:
        response = requests.post(url, json={"text": text}, timeout=timeout)
    except requests.RequestException as exc:
        raise NotifyError(f"webhook injoignable ({type(exc).__name__}) : vérifiez webhook_url / VEILLE_WEBHOOK_URL "
                          "et le réseau") from exc
    if not 200 <= response.status_code < 300:
        raise NotifyError(f"webhook refusé : HTTP {response.status_code} {response.text[:200]!r} ; vérifiez "
                          "que l'adresse du webhook est toujours valide")


def send_email(settings: NotificationSettings, subject: str, text: str,
               attachments: Sequence[tuple[str, bytes, str]] = ()) -> None:
    """Send over SMTP with STARTTLS (unless disabled), logging in when VEILLE_SMTP_USER is set; `attachments` are
    (file name, content, MIME type) files joined to the message (`veille report --email`)."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.email_from
    message["To"] = ", ".join(settings.email_to or ())
    message.set_content(text)
    for name, content, mime in attachments:
        maintype, subtype = mime.split("/")
        params = {"charset": "utf-8"} if maintype == "text" else None  # mail readers must not guess
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name, params=params)
    user, password = os.environ.get("VEILLE_SMTP_USER"), os.environ.get("VEILLE_SMTP_PASSWORD")
    host, port = settings.smtp_host or "", settings.smtp_port
    try:
        with smtplib.SMTP(host, port, timeout=settings.timeout_seconds) as smtp:
            if settings.smtp_starttls:
                context = ssl.create_default_context(cafile=settings.smtp_ca_file)
                smtp.starttls(context=context)
            elif user:
                raise NotifyError("identifiants SMTP refusés sans chiffrement : activez smtp_starttls")
            if user:
                smtp.login(user, password or "")
            smtp.send_message(message)
    except smtplib.SMTPNotSupportedError as exc:
        raise NotifyError(f"le serveur SMTP {host}:{port} ne propose pas STARTTLS ; vérifiez smtp_port "
                          "(587 en général)") from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise NotifyError(f"authentification SMTP refusée par {host} : vérifiez VEILLE_SMTP_USER et "
                          "VEILLE_SMTP_PASSWORD") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise NotifyError(f"envoi d'e-mail impossible via {host}:{port} : {exc}") from exc


def deliver(channel: str, alert: dict[str, Any], settings: NotificationSettings) -> None:
    """Send one alert on one channel; raises NotifyError when it did not go through."""
    dashboard = settings.dashboard_url
    if channel == "webhook":
        url = webhook_url(settings)
        if not url:
            raise NotifyError("aucun webhook configuré : ajoutez webhook_url dans [notifications] "
                              "ou la variable VEILLE_WEBHOOK_URL")
        style = webhook_style(url, settings.webhook_format)
        subject, text = format_message(alert, dashboard, style)
        send_webhook(url, f"{style.bold(style.text(subject))}\n{text}", settings.timeout_seconds)
    elif channel == "email":
        if not email_configured(settings):
            raise NotifyError("e-mail non configuré : smtp_host, email_from et email_to dans [notifications]")
        send_email(settings, *format_message(alert, dashboard))
    else:
        raise NotifyError(f"canal inconnu : {channel!r} (canaux possibles : webhook, email)")
