"""Alerts reach a real local SMTP server (aiosmtpd) and a real local webhook server once per episode of a
condition, again only after it cleared, and never carry a token or a secret."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from core.activity import audit_log
from core.alerts import (
    InvalidAlertSettings,
    SmtpSettings,
    alert_episodes,
    alert_settings,
    set_alert_settings,
)
from core.sandbox import Sandbox
from core.shared import Actor, words
from core.stores import NotAMember, remember_language
from tests.support.clock import FakeClock
from tests.support.db import DatabaseHandle
from tests.support.server import free_port
from tests.support.sync import MEMBER, bound_store, environment

WEBHOOK_PATH = "/services/T0000/B0000/s3cr3tWebhookPath"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def hook() -> Iterator[tuple[list[dict[str, Any]], str]]:
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(
                {"path": self.path, "body": json.loads(self.rfile.read(int(self.headers["Content-Length"])))}
            )
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield received, f"http://127.0.0.1:{server.server_port}{WEBHOOK_PATH}"
    server.shutdown()
    server.server_close()


def test_each_episode_is_told_once_by_email_and_webhook_without_secrets(
    db: DatabaseHandle, clock: FakeClock, inbox: tuple[Inbox, int], hook: tuple[list[dict[str, Any]], str]
) -> None:
    mails, port = inbox
    posts, url = hook
    sandbox = Sandbox("demo", clock=clock)
    store = bound_store(db.uow(), clock)
    set_alert_settings(store, ["Ops@Shop.example"], url, db.uow(), actor=MEMBER, clock=clock)
    env = environment(db.engine, clock, sandbox=sandbox, smtp=SmtpSettings("127.0.0.1", port, starttls=False))
    token = sandbox.tokens["demo-admin"]

    token.expires_at = clock() + timedelta(days=3)
    env.sync(store)
    assert len(mails.messages) == 1 and len(posts) == 1
    first_mail = mails.messages[0].get_content()
    assert mails.messages[0]["To"] == "ops@shop.example"
    assert "The Facebook connection ends on Jan 4, 2026" in first_mail
    assert "is at 84% of its limit: 210 of 250 ads running or in review" in first_mail
    assert posts[0]["body"]["text"].splitlines() == first_mail.strip().splitlines() and posts[0]["body"]["blocks"]

    clock.advance(hours=1)
    env.sync(store)  # the same conditions: nothing new to tell
    assert len(mails.messages) == 1 and len(posts) == 1

    token.expires_at = clock() + timedelta(days=60)  # reconnected: the episode closes
    clock.advance(hours=1)
    env.sync(store)
    assert len(mails.messages) == 1 and len(posts) == 1
    assert any(e.closed_at is not None and "Facebook connection" in e.message for e in alert_episodes(store, db.uow()))

    token.expires_at = clock() + timedelta(days=2)  # a new episode
    clock.advance(hours=1)
    env.sync(store)
    assert len(mails.messages) == 2 and len(posts) == 2
    assert "Facebook connection ends" in mails.messages[1].get_content()
    assert "84%" not in mails.messages[1].get_content(), "the still-open episodes are not told again"

    everything = " ".join([*(m.as_string() for m in mails.messages), *(json.dumps(p["body"]) for p in posts)])
    for secret in ("demo-admin", "s3cr3tWebhookPath", "access_token", "appsecret_proof"):
        assert secret not in everything


def test_alert_settings_are_validated_audited_and_for_members_only(db: DatabaseHandle, clock: FakeClock) -> None:
    store = bound_store(db.uow(), clock)
    with pytest.raises(InvalidAlertSettings) as refused:
        set_alert_settings(store, ["not-an-email", "a@b.example"], "http://hooks.example/x", db.uow(), actor=MEMBER,
                           clock=clock)  # fmt: skip
    assert "“not-an-email” is not an email address." in refused.value.user_message
    assert "https://" in refused.value.user_message
    with pytest.raises(NotAMember):
        set_alert_settings(store, [], None, db.uow(), actor=Actor("stranger@example.com"), clock=clock)

    set_alert_settings(store, ["ops@shop.example", "OPS@shop.example"], "https://hooks.slack.com/services/T/B/xyz",
                       db.uow(), actor=MEMBER, clock=clock)  # fmt: skip

    saved = alert_settings(store, db.uow())
    assert saved.emails == ("ops@shop.example",) and saved.webhook == "https://hooks.slack.com/…"
    log = audit_log(store, db.uow())
    assert [e.result for e in log if e.action == "set_alert_settings"] == ["ok", "refused", "refused"]
    assert all("xyz" not in e.detail for e in log)


def test_alerts_are_written_in_the_language_of_whoever_saved_the_settings(
    db: DatabaseHandle, clock: FakeClock, hook: tuple[list[dict[str, Any]], str]
) -> None:
    posts, url = hook
    sandbox = Sandbox("demo", clock=clock)
    store = bound_store(db.uow(), clock)
    remember_language(MEMBER.id, "ja", db.uow(), clock=clock)
    set_alert_settings(store, [], url, db.uow(), actor=MEMBER, clock=clock)
    env = environment(db.engine, clock, sandbox=sandbox)
    sandbox.tokens["demo-admin"].expires_at = clock() + timedelta(days=3)

    env.sync(store)

    text = posts[0]["body"]["text"]
    assert "Smart Ads" in text and "アラート" in text, text
    assert "2026年1月4日" in text, "the day is written the Japanese way"
    assert "The Facebook connection" not in text and "of its limit" not in text
    assert words.when(clock()).startswith(("Jan", "Dec")), "the sync's language does not leak out of the alerts"
