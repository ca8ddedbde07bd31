"""The tables of the background sync and alerts (docs/RULES.md, "Background sync and alerts").

``sync_runs`` keeps one row per store sync with each part's outcome (the pages read the latest); a scheduled run
carries its period, unique per store, so a period is synced once however many workers there are.
``sync_leases`` lets one holder at a time sync a store (a worker's job, or an in-process Refresh).
``sync_throttles`` is the app's own rate-budget memory per ad account (and for the app), shared by every worker.
``alert_settings`` and ``alert_episodes`` are where a store's alerts go and which conditions were told.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.models import Base, BigId


class SyncRun(Base):
    """One sync of a store. ``outcome``: running, ok, partial (some part or account failed or was deferred),
    failed. ``parts``: part name → {"status", "error", "detail"}."""

    __tablename__ = "sync_runs"
    __table_args__ = (UniqueConstraint("store_id", "period"), Index(None, "store_id", "started_at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    period: Mapped[str | None] = mapped_column(String(32))  # the schedule's tick (ISO), None for a sync on demand
    trigger: Mapped[str] = mapped_column(String(16))
    holder: Mapped[str] = mapped_column(String(64))
    worker: Mapped[str] = mapped_column(String(120), default="")
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(String(16))
    parts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    graph_requests: Mapped[int] = mapped_column(default=0)


class SyncLease(Base):
    """Who is syncing a store now, and until when the claim holds without being renewed."""

    __tablename__ = "sync_leases"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(64))
    until: Mapped[datetime | None]


class SyncThrottle(Base):
    """No Graph call for ``scope`` (an ad account ``act_…``, or ``app``) before ``until``."""

    __tablename__ = "sync_throttles"

    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    until: Mapped[datetime]
    usage_percent: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[datetime]


class AlertSettings(Base):
    """Where a store's alerts go: email recipients and a Slack-compatible webhook URL (a secret: never shown
    whole, never logged)."""

    __tablename__ = "alert_settings"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True)
    emails: Mapped[list[str]] = mapped_column(default=list)
    webhook_url: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(320))


class AlertEpisode(Base):
    """A condition of a store from when it was first seen (``opened_at``) until it cleared (``closed_at``); it
    is told once (``notified_at``), each channel's delivery noted on its own."""

    __tablename__ = "alert_episodes"
    __table_args__ = (
        Index(None, "store_id", "closed_at"),
        Index(
            "uq_alert_episodes_open",
            "store_id",
            "condition_key",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    condition_key: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[datetime]
    notified_at: Mapped[datetime | None]
    email_sent_at: Mapped[datetime | None]
    webhook_sent_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
