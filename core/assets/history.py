"""The app's own history of each bound ad account's status and spend (account snapshots), hidden with its asset."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.binding.model import AssetKind
from core.db.models import AccountSnapshot
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Clock, system_clock
from core.shared.i18n import _
from core.stores.model import StoreNotFound


@dataclass(frozen=True)
class AccountReading:
    external_id: str  # act_…
    account_status: int | None = None
    disable_reason: int | None = None
    amount_spent: int | None = None
    spend_cap: int | None = None
    currency: str | None = None
    can_deliver: bool | None = None
    details: dict[str, Any] = field(default_factory=dict)


def record_account_snapshots(
    store_id: int,
    readings: Sequence[AccountReading],
    uow: SqlAlchemyUnitOfWork,
    *,
    clock: Clock = system_clock,
) -> int:
    values = {
        (str(AssetKind.AD_ACCOUNT), r.external_id): {
            "account_status": r.account_status,
            "disable_reason": r.disable_reason,
            "amount_spent": r.amount_spent,
            "spend_cap": r.spend_cap,
            "currency": r.currency,
            "can_deliver": r.can_deliver,
            "details": r.details,
        }
        for r in readings
    }
    with uow:
        if uow.stores.lock(store_id) is None:  # no unbind can slip between reading the IDs and writing
            raise StoreNotFound(_("Store {store_id} does not exist.").format(store_id=store_id))
        count = uow.assets.record_snapshots(AccountSnapshot, store_id, [AssetKind.AD_ACCOUNT], values, clock())
        uow.commit()
        return count


@dataclass(frozen=True)
class AccountPoint:
    asset_id: int
    external_id: str
    name: str
    taken_at: datetime
    account_status: int | None
    disable_reason: int | None
    amount_spent: int | None
    spend_cap: int | None
    currency: str | None


def account_history(store_id: int, uow: SqlAlchemyUnitOfWork, *, since: datetime | None = None) -> list[AccountPoint]:
    with uow:
        return [
            AccountPoint(
                a.id,
                a.external_id,
                a.name,
                s.taken_at,
                s.account_status,
                s.disable_reason,
                s.amount_spent,
                s.spend_cap,
                s.currency,
            )
            for a, s in uow.assets.history(AccountSnapshot, store_id, since)
        ]
