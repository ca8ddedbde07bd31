"""The app's own ad-volume history: one snapshot per bound ad account and Page per sync, hidden with its asset.

Snapshots of an unbound asset stay in the database for the retention period (docs/RULES.md, "Retention") but
are never read back while it is unbound; a rebind within the period shows them again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.binding.model import AssetKind
from core.db.models import AdVolumeSnapshot
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Clock, system_clock
from core.shared.i18n import _
from core.stores.model import StoreNotFound

KINDS = (AssetKind.AD_ACCOUNT, AssetKind.PAGE)


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
    values = {
        (str(r.kind), r.external_id): {"running_or_in_review": r.running_or_in_review, "volume_limit": r.limit}
        for r in readings
    }
    with uow:
        if uow.stores.lock(store_id) is None:  # no unbind can slip between reading the IDs and writing
            raise StoreNotFound(_("Store {store_id} does not exist.").format(store_id=store_id))
        count = uow.assets.record_snapshots(AdVolumeSnapshot, store_id, KINDS, values, clock())
        uow.commit()
        return count


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
            for a, s in uow.assets.history(AdVolumeSnapshot, store_id, since)
        ]
