"""What the Permissions page reads from the store: its bound ad accounts, as the matrix's columns."""

from __future__ import annotations

from core.binding import AssetKind, bound_asset_list
from core.db.uow import SqlAlchemyUnitOfWork
from core.permissions.graph import BoundAccount


def bound_ad_accounts(store_id: int, uow: SqlAlchemyUnitOfWork) -> list[BoundAccount]:
    """The store's bound Facebook ad accounts, in the order they were bound."""
    views = bound_asset_list(store_id, uow, [AssetKind.AD_ACCOUNT])
    return [
        BoundAccount(
            v.external_id, v.name, str(v.attributes["business_id"]) if v.attributes.get("business_id") else None
        )
        for v in sorted(views, key=lambda v: (v.bound_at, v.id))
    ]
