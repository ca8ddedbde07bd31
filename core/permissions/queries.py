"""What the Permissions page reads from the store: its bound ad accounts (with their Business Managers' names), as
the matrix's columns."""

from __future__ import annotations

from core.binding import AssetKind, bound_asset_list
from core.db.uow import SqlAlchemyUnitOfWork
from core.permissions.graph import BoundAccount


def bound_ad_accounts(store_id: int, uow: SqlAlchemyUnitOfWork) -> list[BoundAccount]:
    """The store's bound Facebook ad accounts, in the order they were bound, each with the name of the Business
    Manager it was bound through."""
    views = bound_asset_list(store_id, uow, [AssetKind.AD_ACCOUNT, AssetKind.BUSINESS])
    business_names = {v.external_id: v.name for v in views if v.kind == AssetKind.BUSINESS}
    accounts = sorted((v for v in views if v.kind == AssetKind.AD_ACCOUNT), key=lambda v: (v.bound_at, v.id))
    out = []
    for view in accounts:
        business_id = str(view.attributes["business_id"]) if view.attributes.get("business_id") else None
        out.append(BoundAccount(view.external_id, view.name, business_id, business_names.get(business_id or "", "")))
    return out
