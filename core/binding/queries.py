"""What the pages read about binding: plan usage, the bound-asset tree, the assets in retention.

Every function reads one store only; a retained asset never appears among the bound ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.binding.model import MAX_BUSINESSES, MAX_PAGES, AssetKind, is_expired, purge_at
from core.binding.views import AssetNode, AssetView, view_of
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Clock, system_clock
from core.shared.i18n import _
from core.stores.model import StoreNotFound


@dataclass(frozen=True)
class UsageLine:
    label: str
    used: int
    limit: int

    def __str__(self) -> str:
        return f"{self.label} {self.used} / {self.limit}"

    @property
    def reached(self) -> bool:
        return self.used >= self.limit


@dataclass(frozen=True)
class PlanUsage:
    store_name: str
    plan: str
    facebook_ad_accounts: int
    google_ads_accounts: int
    ad_account_limit: int
    businesses: int
    pages: int

    @property
    def ad_accounts(self) -> UsageLine:
        return UsageLine(_("Ad accounts"), self.facebook_ad_accounts + self.google_ads_accounts, self.ad_account_limit)

    @property
    def business_managers(self) -> UsageLine:
        return UsageLine(_("Business Managers"), self.businesses, MAX_BUSINESSES)

    @property
    def fan_pages(self) -> UsageLine:
        return UsageLine(_("Pages"), self.pages, MAX_PAGES)

    def lines(self) -> list[UsageLine]:
        """E.g. "Ad accounts 4 / 5", "Business Managers 1 / 3", "Pages 2 / 10"."""
        return [self.ad_accounts, self.business_managers, self.fan_pages]


def plan_usage(store_id: int, uow: SqlAlchemyUnitOfWork) -> PlanUsage:
    with uow:
        store = uow.stores.get(store_id)
        if store is None:
            raise StoreNotFound(_("Store {store_id} does not exist.").format(store_id=store_id))
        counts = uow.assets.count_bound(store_id)
        return PlanUsage(
            store_name=store.name,
            plan=store.plan,
            facebook_ad_accounts=counts.get(AssetKind.AD_ACCOUNT, 0),
            google_ads_accounts=counts.get(AssetKind.GOOGLE_ADS, 0),
            ad_account_limit=store.plan_row.ad_account_limit,
            businesses=counts.get(AssetKind.BUSINESS, 0),
            pages=counts.get(AssetKind.PAGE, 0),
        )


def bound_assets(store_id: int, uow: SqlAlchemyUnitOfWork) -> list[AssetNode]:
    """Bound assets as a tree: Facebook account → BMs → ad accounts (→ pixel) and Pages; Google Ads."""
    with uow:
        views = [view_of(a) for a in uow.assets.list(store_id)]
    nodes = {v.id: AssetNode(v) for v in views}
    roots: list[AssetNode] = []
    for view in views:
        parent = nodes.get(view.parent_id) if view.parent_id is not None else None
        (parent.children if parent else roots).append(nodes[view.id])
    return roots


def bound_asset_list(
    store_id: int, uow: SqlAlchemyUnitOfWork, kinds: Iterable[AssetKind] | None = None
) -> list[AssetView]:
    with uow:
        return [view_of(a) for a in uow.assets.list(store_id, kinds)]


def assets_in_retention(store_id: int, uow: SqlAlchemyUnitOfWork, *, clock: Clock = system_clock) -> list[AssetView]:
    """Unbound assets whose history can still come back, soonest purge first (``AssetView.purge_at``)."""
    now = clock()
    with uow:
        retained = [view_of(a) for a in uow.assets.list(store_id, bound=False)]
    alive = [v for v in retained if v.unbound_at is not None and not is_expired(v.unbound_at, now)]
    return sorted(alive, key=lambda v: (purge_at(v.unbound_at), v.id))  # type: ignore[arg-type]
