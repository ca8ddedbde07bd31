"""What the cockpit reads from the store (never from Facebook): plan usage, bound and disconnected assets, what the
background sync read lately, each bound Page's newest ad-volume snapshot, and the permission changes sent."""

from __future__ import annotations

from datetime import datetime

from core.activity import Result, audit_log
from core.ad_volume import AdVolumePoint, ad_volume_history
from core.binding import RETENTION, AssetKind, assets_in_retention, bound_asset_list, plan_usage
from core.cockpit.model import StoreFacts
from core.db.uow import SqlAlchemyUnitOfWork
from core.permissions.services import ACTIONS as PERMISSION_ACTIONS
from core.shared import Clock, system_clock
from core.sync import SyncPart, recent_parts

PERMISSION_LOG = 500  # the newest permission entries looked at


def store_facts(store_id: int, uow: SqlAlchemyUnitOfWork, *, clock: Clock = system_clock) -> StoreFacts:
    """Everything the cockpit judges about one store, as the store holds it now."""
    parts = tuple(recent_parts(store_id, uow))
    volume_at = next((p.at for p in parts if p.part is SyncPart.AD_VOLUME and p.read), None)
    records = audit_log(
        store_id,
        uow,
        actions=list(PERMISSION_ACTIONS.values()),
        results=[str(Result.OK), str(Result.FAILED)],
        limit=PERMISSION_LOG,
    )
    return StoreFacts(
        usage=plan_usage(store_id, uow),
        bound=tuple(bound_asset_list(store_id, uow)),
        retained=tuple(assets_in_retention(store_id, uow, clock=clock)),
        parts=parts,
        page_readings=tuple(_newest_pages(store_id, uow, volume_at or clock() - RETENTION)),
        permission_log=tuple(records),
    )


def _newest_pages(store_id: int, uow: SqlAlchemyUnitOfWork, since: datetime) -> list[AdVolumePoint]:
    """Each bound Page's newest ad-volume snapshot taken since ``since``."""
    newest: dict[str, AdVolumePoint] = {}
    for point in ad_volume_history(store_id, uow, since=since):
        if point.kind is AssetKind.PAGE:
            newest[point.external_id] = point  # oldest first: the last one wins
    return list(newest.values())
