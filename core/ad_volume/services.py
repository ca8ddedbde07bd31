"""The marketer's say on ad volume: marking a bound ad account bulk (no Graph field says it; docs/RULES.md,
"Facebook's limits")."""

from __future__ import annotations

from core.activity.audit import audit_row, audited
from core.activity.model import Result
from core.ad_volume.sync import BULK_ATTRIBUTE
from core.binding import AssetKind, AssetNotFound
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph.facebook import ObjectKind, account_limit
from core.shared import Actor, Clock, system_clock
from core.shared.i18n import _
from core.stores.access import require
from core.stores.model import Permission

BULK_ACTION = "set_bulk"


def set_bulk(
    store_id: int, account_id: str, bulk: bool, uow: SqlAlchemyUnitOfWork, *, actor: Actor, clock: Clock = system_clock
) -> None:
    """Mark a bound ad account bulk (its limits become 50,000 ads, 10,000 ad sets and campaigns) or regular again.
    Kept with the binding: a Save in the wizard leaves it as the marketer set it."""
    account_id = account_id if account_id.startswith("act_") else f"act_{account_id}"
    with audited(uow, store_id, clock, actor, BULK_ACTION, AssetKind.AD_ACCOUNT, account_id), uow:
        uow.stores.lock(store_id)
        require(uow, store_id, actor, Permission.AD_ACCOUNTS)
        row = uow.assets.find(store_id, AssetKind.AD_ACCOUNT, account_id)
        if row is None or row.unbound_at is not None:
            raise AssetNotFound(_("Ad account {account_id} is not bound to this store.").format(account_id=account_id))
        row.attributes = {**row.attributes, BULK_ATTRIBUTE: bool(bulk)}
        kind = "bulk" if bulk else "regular"
        ads, sets = account_limit(ObjectKind.ADS, bulk=bulk), account_limit(ObjectKind.ADSETS, bulk=bulk)
        detail = f"marked {kind}: limits {ads:,} ads, {sets:,} ad sets and {sets:,} campaigns"
        uow.audit.add_many(
            [audit_row(store_id, clock(), actor, BULK_ACTION, Result.OK, AssetKind.AD_ACCOUNT, account_id, detail)]
        )
        uow.commit()
