"""The Activity log as the marketer reads it: the store's audit entries, filtered and ready for a table or a CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from core.activity.model import ActivityFilter, AuditRecord, action_label, result_label
from core.db.uow import SqlAlchemyUnitOfWork

COLUMNS = ("When (UTC)", "Who", "What", "Asset", "Result", "Details")


def audit_log(
    store_id: int,
    uow: SqlAlchemyUnitOfWork,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    actions: Iterable[str] | None = None,
    results: Iterable[str] | None = None,
    target_kind: str | None = None,
    actor: str | None = None,
    limit: int = 1000,
) -> list[AuditRecord]:
    """The store's audit log, newest first, filtered by time range, action, result, asset kind or person."""
    with uow:
        rows = uow.audit.query(
            store_id,
            since=since,
            until=until,
            actions=actions,
            results=results,
            target_kind=target_kind,
            actor=actor,
            limit=limit,
        )
        return [
            AuditRecord(r.at, r.actor, r.actor_name, r.action, r.target_kind, r.target_id, r.result, r.detail)
            for r in rows
        ]


def date_range(value: date | Sequence[date] | None) -> tuple[date | None, date | None]:
    """A date input's value (one day, a range, or a range still being picked) as inclusive start and end."""
    if value is None or isinstance(value, date):
        return value, value
    days = [d for d in value if d is not None]
    if not days:
        return None, None
    return days[0], days[-1]


def activity(
    store_id: int, uow: SqlAlchemyUnitOfWork, chosen: ActivityFilter, *, limit: int = 5000
) -> list[AuditRecord]:
    """The store's entries matching the filter, newest first."""
    since = datetime.combine(chosen.start, time.min, UTC) if chosen.start else None
    until = datetime.combine(chosen.end + timedelta(days=1), time.min, UTC) if chosen.end else None
    records = audit_log(store_id, uow, since=since, until=until, actions=list(chosen.actions) or None, limit=limit)
    wanted = set(chosen.assets)
    return [r for r in records if not wanted or r.target_id in wanted]


def choices(records: Iterable[AuditRecord]) -> tuple[list[str], list[str]]:
    """The assets and actions present in the log, for the filters."""
    records = list(records)
    assets = sorted({r.target_id for r in records if r.target_id})
    actions = sorted({r.action for r in records}, key=action_label)
    return assets, actions


def rows(records: Iterable[AuditRecord]) -> list[dict[str, str]]:
    return [
        {
            "When (UTC)": r.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            "Who": r.actor_name or r.actor,
            "What": action_label(r.action),
            "Asset": " ".join(p for p in (r.target_kind and r.target_kind.replace("_", " "), r.target_id) if p),
            "Result": result_label(r.result),
            "Details": r.detail,
        }
        for r in records
    ]


def _cell(value: str | None) -> str:
    """A spreadsheet never runs a cell as a formula (a name typed as ``=HYPERLINK(...)``)."""
    text = value or ""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(records: Iterable[AuditRecord]) -> str:
    """CSV with the raw values (ISO time, action and result codes) so it can be filtered in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["at_utc", "actor", "actor_name", "action", "target_kind", "target_id", "result", "detail"])
    for r in records:
        at = r.at.astimezone(UTC).isoformat()
        values = [r.actor, r.actor_name, r.action, r.target_kind, r.target_id, r.result, r.detail]
        writer.writerow([at, *map(_cell, values)])
    return out.getvalue()
