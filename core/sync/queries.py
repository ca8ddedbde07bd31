"""What the pages read about the background sync: the last sync of a store, its outcome and each part's errors, and
what each part read lately (:func:`recent_parts`, for Home's cockpit)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.db.sync_repositories import SyncRepository
from core.db.uow import SqlAlchemyUnitOfWork
from core.sync.model import PARTS_IN_ORDER, Outcome, PartResult, PartStatus, SyncPart


@dataclass(frozen=True)
class PartView:
    part: SyncPart
    status: PartStatus
    error: str
    problems: dict[str, str]  # asset ID → why it was not read (throttled, no access …)

    @property
    def label(self) -> str:
        return self.part.label


@dataclass(frozen=True)
class LastSync:
    started_at: datetime
    finished_at: datetime | None
    outcome: Outcome
    scheduled: bool
    parts: tuple[PartView, ...]

    @property
    def errors(self) -> list[PartView]:
        """Parts that failed or left some assets unread."""
        return [p for p in self.parts if p.error or p.problems]


def last_sync(store_id: int, uow: SqlAlchemyUnitOfWork) -> LastSync | None:
    """The store's latest sync (running or finished), or None if it was never synced."""
    with uow:
        runs = SyncRepository(uow.session).latest_runs(store_id, limit=1)
        if not runs:
            return None
        run = runs[0]
        parts = []
        for part in PARTS_IN_ORDER:
            data = (run.parts or {}).get(str(part))
            if data is not None:
                result = PartResult.from_json(data)
                parts.append(PartView(part, result.status, result.error, dict(result.problems)))
        return LastSync(run.started_at, run.finished_at, Outcome(run.outcome), run.period is not None, tuple(parts))


@dataclass(frozen=True)
class PartReading:
    """One part's result in one run: its status, what it read (``detail``, as the alerts judge it) and when."""

    part: SyncPart
    status: PartStatus
    error: str
    problems: Mapping[str, str]
    detail: Mapping[str, Any]
    at: datetime  # when its run started

    @property
    def read(self) -> bool:
        """Something was read (everything, or all but the assets in ``problems``)."""
        return self.status in (PartStatus.OK, PartStatus.PARTIAL)


def recent_parts(store_id: int, uow: SqlAlchemyUnitOfWork, *, runs: int = 20) -> list[PartReading]:
    """Each part's result in the store's latest ``runs`` runs (a running one included), newest run first."""
    with uow:
        found = []
        for run in SyncRepository(uow.session).latest_runs(store_id, limit=runs):
            for part in PARTS_IN_ORDER:
                data = (run.parts or {}).get(str(part))
                if data is not None:
                    result = PartResult.from_json(data)
                    found.append(
                        PartReading(part, result.status, result.error, result.problems, result.detail, run.started_at)
                    )
        return found


def store_ids(uow: SqlAlchemyUnitOfWork) -> list[int]:
    with uow:
        return SyncRepository(uow.session).store_ids()
