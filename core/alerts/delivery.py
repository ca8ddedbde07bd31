"""Sending alerts: email over SMTP and a Slack-compatible webhook (a JSON POST of ``{"text", "blocks"}``).

SMTP settings come from the secrets, then the environment, as :class:`core.config.Settings` reads its own:
``SMTP_HOST``, ``SMTP_PORT`` (default 587), ``SMTP_USERNAME``, ``SMTP_PASSWORD``, ``SMTP_FROM``,
``SMTP_STARTTLS`` (default on). Without ``SMTP_HOST`` no email is sent. The password and the webhook URL are
never logged; a failure is logged by its kind only.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import requests

from core.config import setting_reader
from core.shared import words
from core.shared.i18n import ngettext

log = logging.getLogger(__name__)
WEBHOOK_TIMEOUT_S = 10
SMTP_TIMEOUT_S = 20


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = "Smart Ads <alerts@smartads.invalid>"
    starttls: bool = True

    @classmethod
    def load(
        cls, secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> SmtpSettings | None:
        get = setting_reader(secrets, environ)
        host = get("SMTP_HOST")
        if not host:
            return None
        return cls(
            host=host,
            port=int(get("SMTP_PORT") or 587),
            username=get("SMTP_USERNAME"),
            password=get("SMTP_PASSWORD"),
            sender=get("SMTP_FROM") or cls.sender,
            starttls=(get("SMTP_STARTTLS") or "true").strip().lower() not in ("0", "false", "no", "off"),
        )


@dataclass(frozen=True)
class Message:
    """One alert message for a store: a subject and its lines (each an episode's words)."""

    store_name: str
    lines: tuple[str, ...]

    @property
    def subject(self) -> str:
        count = len(self.lines)
        return ngettext("Smart Ads: {n} new alert for {store}", "Smart Ads: {n} new alerts for {store}", count).format(
            n=words.number(count), store=self.store_name
        )

    @property
    def text(self) -> str:
        return "\n".join([f"{self.subject}.", "", *(f"- {line}" for line in self.lines)])

    def slack_payload(self) -> dict[str, Any]:
        blocks: list[dict[str, Any]] = [{"type": "header", "text": {"type": "plain_text", "text": self.subject[:150]}}]
        blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": line[:3000]}} for line in self.lines[:48]]
        return {"text": self.text, "blocks": blocks}


class Notifier:
    """Sends a store's message by email and by webhook; each channel's success is reported on its own."""

    def __init__(self, smtp: SmtpSettings | None, http: requests.Session | None = None) -> None:
        self.smtp = smtp
        self.http = http or requests.Session()

    def email(self, recipients: Sequence[str], message: Message) -> bool:
        if not recipients or self.smtp is None:
            return False
        mail = EmailMessage()
        mail["Subject"], mail["From"], mail["To"] = message.subject, self.smtp.sender, ", ".join(recipients)
        mail.set_content(message.text)
        try:
            with smtplib.SMTP(self.smtp.host, self.smtp.port, timeout=SMTP_TIMEOUT_S) as server:
                if self.smtp.starttls:
                    server.starttls()
                if self.smtp.username and self.smtp.password:
                    server.login(self.smtp.username, self.smtp.password)
                server.send_message(mail)
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("alert email to %d recipients not sent: %s", len(recipients), type(exc).__name__)
            return False
        return True

    def webhook(self, url: str | None, message: Message) -> bool:
        if not url:
            return False
        try:
            response = self.http.post(url, json=message.slack_payload(), timeout=WEBHOOK_TIMEOUT_S)
        except requests.RequestException as exc:
            log.warning("alert webhook not delivered: %s", type(exc).__name__)
            return False
        if response.status_code >= 300:
            log.warning("alert webhook not delivered: HTTP %s", response.status_code)
            return False
        return True
