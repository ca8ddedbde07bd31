"""The app's own ad-volume history: one snapshot per bound ad account and Page per sync, hidden with its asset.

Snapshots of an unbound asset stay in the database for the retention period (docs/RULES.md, "Retention") but
are never read back while it is unbound; a rebind within the period shows them again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.binding.model import AssetKind
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Clock, system_clock
from core.stores.model import StoreNotFound


@dataclass(frozen=True)
class AdVolumeReading:
    """Ads running or in review for a bound ad account (``act_…``) or Page, against its limit."""

    kind: AssetKind
    external_id: str
    running_or_in_review: int
    limit: int | None = None


def record_ad_volume(
    store_id: int,
    readings: Sequence[AdVolumeReading],
    uow: SqlAlchemyUnitOfWork,
    *,
    clock: Clock = system_clock,
) -> int:
    """One snapshot per reading of a bound asset; readings for assets the store has not bound are skipped."""
    with uow:
        if uow.stores.lock(store_id) is None:  # no unbind can slip between reading the IDs and writing
            raise StoreNotFound(f"Store {store_id} does not exist.")
        ids = {(a.kind, a.external_id): a.id for a in uow.assets.list(store_id, [AssetKind.AD_ACCOUNT, AssetKind.PAGE])}
        now = clock()
        rows = [
            {
                "store_id": store_id,
                "asset_id": ids[(str(r.kind), r.external_id)],
                "taken_at": now,
                "running_or_in_review": r.running_or_in_review,
                "volume_limit": r.limit,
            }
            for r in readings
            if (str(r.kind), r.external_id) in ids
        ]
        uow.assets.add_ad_volume(rows)
        uow.commit()
        return len(rows)


@dataclass(frozen=True)
class AdVolumePoint:
    asset_id: int
    kind: AssetKind
    external_id: str
    name: str
    taken_at: datetime
    running_or_in_review: int
    limit: int | None


def ad_volume_history(
    store_id: int, uow: SqlAlchemyUnitOfWork, *, since: datetime | None = None
) -> list[AdVolumePoint]:
    """Ad-volume snapshots of bound ad accounts and Pages (a retained asset's stay hidden), oldest first."""
    with uow:
        return [
            AdVolumePoint(
                a.id,
                AssetKind(a.kind),
                a.external_id,
                a.name,
                s.taken_at,
                s.running_or_in_review,
                s.volume_limit,
            )
            for a, s in uow.assets.ad_volume(store_id, since)
        ]
