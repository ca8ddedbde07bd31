"""Alert use cases: where a store's alerts go (:func:`set_alert_settings`), and telling each condition once
(:func:`raise_alerts`, run by the store's sync)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.activity.audit import Result, audit_row, audited
from core.alerts.delivery import Message, Notifier
from core.alerts.model import Judgement, clean_settings, judge, mask_webhook
from core.binding import assets_in_retention
from core.db.sync_repositories import AlertRepository
from core.db.sync_tables import AlertEpisode
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor, Clock, system_clock, words
from core.shared.i18n import _
from core.shared.viewer import viewing_as
from core.stores.access import require
from core.stores.model import Permission, StoreNotFound
from core.stores.queries import chosen_language

log = logging.getLogger(__name__)
SET_ALERTS = "set_alert_settings"


def set_alert_settings(
    store_id: int,
    emails: Iterable[str],
    webhook_url: str | None,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
) -> None:
    """Who gets the store's alerts by email, and the webhook that gets them (empty: none). Validated first;
    the change is audited with the recipients' count and the webhook's host, never its URL."""
    with audited(uow, store_id, clock, actor, SET_ALERTS, "store", str(store_id)):
        cleaned, url = clean_settings(emails, webhook_url)
        with uow:
            if uow.stores.lock(store_id) is None:
                raise StoreNotFound(_("Store {id} does not exist.").format(id=store_id))
            require(uow, store_id, actor, Permission.MANAGE_STORE)
            now = clock()
            AlertRepository(uow.session).save_settings(store_id, cleaned, url, now, actor.id)
            recipients = words.count(len(cleaned), "{n} email recipient", "{n} email recipients")
            detail = _("{recipients}; webhook {webhook}").format(
                recipients=recipients, webhook=mask_webhook(url) or _("none")
            )
            uow.audit.add_many([audit_row(store_id, now, actor, SET_ALERTS, Result.OK, "store", str(store_id), detail)])
            uow.commit()


@dataclass(frozen=True)
class _Untold:
    id: int
    message: str
    email_sent_at: datetime | None
    webhook_sent_at: datetime | None


@dataclass(frozen=True)
class AlertsOutcome:
    opened: int
    closed: int
    sent_by_email: int
    sent_by_webhook: int

    def as_json(self) -> dict[str, int]:
        return {
            "opened": self.opened,
            "closed": self.closed,
            "email": self.sent_by_email,
            "webhook": self.sent_by_webhook,
        }


def raise_alerts(
    store_id: int,
    parts: Mapping[str, Mapping[str, Any]],
    uow: SqlAlchemyUnitOfWork,
    *,
    clock: Clock = system_clock,
    notifier: Notifier | None = None,
) -> AlertsOutcome:
    """Open an episode for each new condition and close the ones that cleared (families judged this time only),
    then send what is not told yet, by each channel the store set up."""
    now = clock()
    with viewing_as(locale=_reader_language(store_id, uow)):  # docs/RULES.md, "Languages"
        judgement = judge(parts, assets_in_retention(store_id, uow, clock=clock), now)
        opened, closed = _update_episodes(store_id, judgement, uow, now)
        email = webhook = 0
        if notifier is not None:
            email, webhook = _deliver(store_id, uow, notifier, clock)
    return AlertsOutcome(opened, closed, email, webhook)


def _reader_language(store_id: int, uow: SqlAlchemyUnitOfWork) -> str | None:
    """The language of whoever last saved the store's alert settings (None: nobody did, English)."""
    with uow:
        settings = AlertRepository(uow.session).settings(store_id)
        who = settings.updated_by if settings else None
    return chosen_language(who, uow) if who else None


def _update_episodes(store_id: int, judgement: Judgement, uow: SqlAlchemyUnitOfWork, now: Any) -> tuple[int, int]:
    with uow:
        repo = AlertRepository(uow.session)
        open_now = {e.condition_key: e for e in repo.open_episodes(store_id)}
        active = {c.key: c for c in judgement.active}
        cleared = [
            e.id for key, e in open_now.items() if key not in active and key.split(":", 1)[0] in judgement.families
        ]
        new = [
            AlertEpisode(store_id=store_id, condition_key=c.key[:200], message=c.message, opened_at=now)
            for key, c in active.items()
            if key not in open_now
        ]
        repo.close(store_id, cleared, now)
        repo.add_episodes(new)
        uow.commit()
    return len(new), len(cleared)


def _deliver(store_id: int, uow: SqlAlchemyUnitOfWork, notifier: Notifier, clock: Clock) -> tuple[int, int]:
    """Each untold open episode, once per channel: a channel's success is noted at once, so a later retry
    sends only what is still missing."""
    with uow:
        repo = AlertRepository(uow.session)
        settings = repo.settings(store_id)
        store = uow.stores.get(store_id)
        untold = [
            _Untold(e.id, e.message, e.email_sent_at, e.webhook_sent_at)
            for e in repo.open_episodes(store_id)
            if e.notified_at is None
        ]
        emails = list(settings.emails or []) if settings else []
        url = settings.webhook_url if settings else None
        store_name = store.name if store else _("store {id}").format(id=store_id)
    if not untold:
        return 0, 0
    sent: dict[str, list[int]] = {}
    for column, wanted, send in (
        ("email_sent_at", bool(emails and notifier.smtp), lambda m: notifier.email(emails, m)),
        ("webhook_sent_at", bool(url), lambda m: notifier.webhook(url, m)),
    ):
        todo = [e for e in untold if getattr(e, column) is None]
        if wanted and todo and send(Message(store_name, tuple(e.message for e in todo))):
            sent[column] = [e.id for e in todo]
            _mark(store_id, uow, sent[column], column, clock)
    told = [e.id for e in untold if _told(e, sent, bool(emails and notifier.smtp), bool(url))]
    _mark(store_id, uow, told, "notified_at", clock)
    return len(sent.get("email_sent_at", [])), len(sent.get("webhook_sent_at", []))


def _told(episode: _Untold, sent: Mapping[str, Sequence[int]], email: bool, webhook: bool) -> bool:
    done_email = not email or episode.email_sent_at is not None or episode.id in sent.get("email_sent_at", ())
    done_hook = not webhook or episode.webhook_sent_at is not None or episode.id in sent.get("webhook_sent_at", ())
    return (email or webhook) and done_email and done_hook


def _mark(store_id: int, uow: SqlAlchemyUnitOfWork, ids: Sequence[int], column: str, clock: Clock) -> None:
    if not ids:
        return
    with uow:
        AlertRepository(uow.session).mark_sent(store_id, ids, column, clock())
        uow.commit()
