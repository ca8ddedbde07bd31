"""What the pages read about alerts: where a store's alerts go (the webhook masked) and its recent episodes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.alerts.model import mask_webhook
from core.db.sync_repositories import AlertRepository
from core.db.uow import SqlAlchemyUnitOfWork


@dataclass(frozen=True)
class AlertSettingsView:
    emails: tuple[str, ...]
    webhook: str  # masked: scheme and host only
    has_webhook: bool
    webhook_url: str = field(default="", repr=False)  # for the settings form's password field only


@dataclass(frozen=True)
class EpisodeView:
    message: str
    opened_at: datetime
    notified_at: datetime | None
    closed_at: datetime | None

    @property
    def open(self) -> bool:
        return self.closed_at is None


def alert_settings(store_id: int, uow: SqlAlchemyUnitOfWork) -> AlertSettingsView:
    with uow:
        row = AlertRepository(uow.session).settings(store_id)
        if row is None:
            return AlertSettingsView((), "", False)
        url = row.webhook_url or ""
        return AlertSettingsView(tuple(row.emails or ()), mask_webhook(url), bool(url), url)


def alert_episodes(store_id: int, uow: SqlAlchemyUnitOfWork, *, limit: int = 50) -> list[EpisodeView]:
    """The newest episodes first, open and closed."""
    with uow:
        return [
            EpisodeView(e.message, e.opened_at, e.notified_at, e.closed_at)
            for e in AlertRepository(uow.session).episodes(store_id, limit)
        ]
