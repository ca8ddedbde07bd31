"""SQL of the background sync and the alerts (beside :mod:`core.db.repositories`, the same rules: every query
that touches a store's data filters on its ID). Build them on a unit of work's session: ``SyncRepository(
uow.session)``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.db.models import Store
from core.db.sync_tables import AlertEpisode, AlertSettings, SyncLease, SyncRun, SyncThrottle


def _dialect(session: Session) -> Any:
    return postgresql if session.get_bind().dialect.name == "postgresql" else sqlite


def _upsert(session: Session, table: Any, values: Mapping[str, Any], keys: Sequence[str]) -> None:
    """INSERT, or UPDATE the row with the same ``keys`` (PostgreSQL and SQLite)."""
    stmt = _dialect(session).insert(table).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys), set_={k: v for k, v in values.items() if k not in keys}
    )
    session.execute(stmt)


class SyncRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- which stores -------------------------------------------------------------------------------------
    def store_ids(self) -> list[int]:
        return list(self.session.scalars(select(Store.id).order_by(Store.id)))

    # --- leases: one holder at a time per store -----------------------------------------------------------
    def take_lease(self, store_id: int, holder: str, now: datetime, until: datetime) -> bool:
        """Hold the store's lease until ``until`` when it is free, expired, or already ours."""
        self.session.execute(
            _dialect(self.session)
            .insert(SyncLease)
            .values(store_id=store_id, holder=None, until=None)
            .on_conflict_do_nothing(index_elements=["store_id"])
        )
        taken = self.session.execute(
            update(SyncLease)
            .where(
                SyncLease.store_id == store_id,
                (SyncLease.holder.is_(None)) | (SyncLease.until < now) | (SyncLease.holder == holder),
            )
            .values(holder=holder, until=until)
        )
        return bool(taken.rowcount)

    def release_lease(self, store_id: int, holder: str) -> None:
        self.session.execute(
            update(SyncLease)
            .where(SyncLease.store_id == store_id, SyncLease.holder == holder)
            .values(holder=None, until=None)
        )

    # --- runs ---------------------------------------------------------------------------------------------
    def run_for_period(self, store_id: int, period: str) -> SyncRun | None:
        return self.session.scalar(select(SyncRun).where(SyncRun.store_id == store_id, SyncRun.period == period))

    def add_run(self, run: SyncRun) -> SyncRun:
        self.session.add(run)
        self.session.flush()
        return run

    def run(self, store_id: int, run_id: int) -> SyncRun | None:
        return self.session.scalar(select(SyncRun).where(SyncRun.store_id == store_id, SyncRun.id == run_id))

    def latest_runs(self, store_id: int, limit: int = 10) -> list[SyncRun]:
        stmt = select(SyncRun).where(SyncRun.store_id == store_id)
        return list(self.session.scalars(stmt.order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(limit)))

    def latest_part(self, store_id: int, part: str, before_run: int | None = None) -> Mapping[str, Any] | None:
        """The newest recorded result of one part (of a finished or running run), for comparisons over time."""
        for run in self.latest_runs(store_id, limit=20):
            if before_run is not None and run.id >= before_run:
                continue
            if part in (run.parts or {}):
                return dict(run.parts[part])
        return None

    def runs_per_period(self) -> list[tuple[int, str, int]]:
        """(store, period, runs) for scheduled runs: at most one each, the unique constraint says so."""
        stmt = (
            select(SyncRun.store_id, SyncRun.period, func.count())
            .where(SyncRun.period.is_not(None))
            .group_by(SyncRun.store_id, SyncRun.period)
        )
        return [(s, str(p), int(n)) for s, p, n in self.session.execute(stmt)]

    # --- rate budget, shared by every worker -----------------------------------------------------------
    def throttles(self, scopes: Iterable[str], now: datetime) -> dict[str, datetime]:
        wanted = sorted(set(scopes))
        if not wanted:
            return {}
        stmt = select(SyncThrottle.scope, SyncThrottle.until).where(
            SyncThrottle.scope.in_(wanted), SyncThrottle.until > now
        )
        return {scope: until for scope, until in self.session.execute(stmt)}

    def throttle(self, scope: str, until: datetime, percent: float, now: datetime) -> None:
        _upsert(
            self.session,
            SyncThrottle,
            {"scope": scope, "until": until, "usage_percent": percent, "updated_at": now},
            ["scope"],
        )

    def forget_throttles(self, before: datetime) -> None:
        self.session.execute(delete(SyncThrottle).where(SyncThrottle.until < before))


class AlertRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def settings(self, store_id: int) -> AlertSettings | None:
        return self.session.get(AlertSettings, store_id)

    def save_settings(self, store_id: int, emails: list[str], webhook_url: str | None, at: datetime, by: str) -> None:
        _upsert(
            self.session,
            AlertSettings,
            {"store_id": store_id, "emails": emails, "webhook_url": webhook_url, "updated_at": at, "updated_by": by},
            ["store_id"],
        )

    def open_episodes(self, store_id: int) -> list[AlertEpisode]:
        stmt = select(AlertEpisode).where(AlertEpisode.store_id == store_id, AlertEpisode.closed_at.is_(None))
        return list(self.session.scalars(stmt.order_by(AlertEpisode.opened_at, AlertEpisode.id)))

    def episodes(self, store_id: int, limit: int = 100) -> list[AlertEpisode]:
        stmt = select(AlertEpisode).where(AlertEpisode.store_id == store_id)
        return list(
            self.session.scalars(stmt.order_by(AlertEpisode.opened_at.desc(), AlertEpisode.id.desc()).limit(limit))
        )

    def add_episodes(self, episodes: Sequence[AlertEpisode]) -> None:
        self.session.add_all(episodes)
        self.session.flush()

    def close(self, store_id: int, ids: Sequence[int], at: datetime) -> None:
        if ids:
            self.session.execute(
                update(AlertEpisode)
                .where(AlertEpisode.store_id == store_id, AlertEpisode.id.in_(list(ids)))
                .values(closed_at=at)
            )

    def mark_sent(self, store_id: int, ids: Sequence[int], column: str, at: datetime) -> None:
        if ids:
            self.session.execute(
                update(AlertEpisode)
                .where(AlertEpisode.store_id == store_id, AlertEpisode.id.in_(list(ids)))
                .values({column: at})
            )
