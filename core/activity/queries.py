"""The Activity log as the marketer reads it: the store's audit entries, filtered and ready for a table or a CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from core.activity.model import ActivityFilter, AuditRecord, action_label, result_label
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import words
from core.shared.actor import APP_ACTORS
from core.shared.i18n import N_, _

# the table's column headers, translated where shown (the CSV keeps its raw column names)
COLUMNS = (N_("When"), N_("Who"), N_("What"), N_("Asset"), N_("Result"), N_("Details"), N_("Asset ID"))
STORE = "store"


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
        names = _names(uow, store_id)
        return [
            AuditRecord(
                r.at,
                r.actor,
                r.actor_name,
                r.action,
                r.target_kind,
                r.target_id,
                r.result,
                r.detail,
                names.get((r.target_kind or "", r.target_id or ""), ""),
            )
            for r in rows
        ]


def _names(uow: SqlAlchemyUnitOfWork, store_id: int) -> dict[tuple[str, str], str]:
    """What the store calls the targets of its entries: every asset it holds, bound or within retention (a purged
    one is known by its ID only), and the store itself."""
    names = {(a.kind, a.external_id): a.name for a in uow.assets.list(store_id, bound=None) if a.name}
    store = uow.stores.get(store_id)
    if store is not None:
        names[(STORE, str(store_id))] = store.name
    return names


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
    """The store's entries matching the filter, newest first (its days are the viewer's days)."""
    zone = words.viewer_zone()
    since = datetime.combine(chosen.start, time.min, zone) if chosen.start else None
    until = datetime.combine(chosen.end + timedelta(days=1), time.min, zone) if chosen.end else None
    records = audit_log(store_id, uow, since=since, until=until, actions=list(chosen.actions) or None, limit=limit)
    wanted = set(chosen.assets)
    return [r for r in records if not wanted or r.target_id in wanted]


def choices(records: Iterable[AuditRecord]) -> tuple[dict[str, str], list[str]]:
    """The assets (target ID → how it reads, by name) and the actions present in the log, for the filters."""
    records = list(records)
    assets = {r.target_id: r.asset_words for r in records if r.target_id}
    actions = sorted({r.action for r in records}, key=action_label)
    return dict(sorted(assets.items(), key=lambda item: item[1].casefold())), actions


def rows(records: Iterable[AuditRecord]) -> list[dict[str, str]]:
    """The table a person reads, its headers in their language: moments in their time zone, people and assets by
    name (the ID last)."""
    headers = [_(c) for c in COLUMNS]
    return [
        dict(
            zip(
                headers,
                (
                    words.when(r.at),
                    _(r.actor_name) if r.actor in APP_ACTORS and r.actor_name else r.actor_name or r.actor,
                    action_label(r.action),
                    r.asset_words,
                    result_label(r.result),
                    r.detail,
                    r.target_id or "",
                ),
                strict=True,
            )
        )
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
    header = ["at_utc", "actor", "actor_name", "action", "target_kind", "target_id", "target_name", "result", "detail"]
    writer.writerow(header)
    for r in records:
        at = r.at.astimezone(UTC).isoformat()
        values = [r.actor, r.actor_name, r.action, r.target_kind, r.target_id, r.target_name, r.result, r.detail]
        writer.writerow([at, *map(_cell, values)])
    return out.getvalue()
