"""What the pages read: plan usage, the bound-asset tree, assets in retention, the audit log, history.

Every function reads one store only; a retained asset and its history never appear among the bound ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from core.binding.model import (
    MAX_BUSINESSES,
    MAX_PAGES,
    AssetKind,
    Clock,
    StoreNotFound,
    is_expired,
    purge_at,
    system_clock,
)
from core.binding.uow import SqlAlchemyUnitOfWork
from core.binding.views import AssetNode, AssetView, view_of


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
        return UsageLine("Ad accounts", self.facebook_ad_accounts + self.google_ads_accounts, self.ad_account_limit)

    @property
    def business_managers(self) -> UsageLine:
        return UsageLine("Business Managers", self.businesses, MAX_BUSINESSES)

    @property
    def fan_pages(self) -> UsageLine:
        return UsageLine("Pages", self.pages, MAX_PAGES)

    def lines(self) -> list[UsageLine]:
        """E.g. "Ad accounts 4 / 5", "Business Managers 1 / 3", "Pages 2 / 10"."""
        return [self.ad_accounts, self.business_managers, self.fan_pages]


def plan_usage(store_id: int, uow: SqlAlchemyUnitOfWork) -> PlanUsage:
    with uow:
        store = uow.stores.get(store_id)
        if store is None:
            raise StoreNotFound(f"Store {store_id} does not exist.")
        counts = uow.assets.count_bound(store_id)
        return PlanUsage(
            store_name=store.name,
            plan=store.plan,
            facebook_ad_accounts=counts[AssetKind.AD_ACCOUNT],
            google_ads_accounts=counts[AssetKind.GOOGLE_ADS],
            ad_account_limit=store.plan_row.ad_account_limit,
            businesses=counts[AssetKind.BUSINESS],
            pages=counts[AssetKind.PAGE],
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


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    actor: str
    action: str
    target_kind: str | None
    target_id: str | None
    result: str
    detail: str


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
        return [AuditRecord(r.at, r.actor, r.action, r.target_kind, r.target_id, r.result, r.detail) for r in rows]


@dataclass(frozen=True)
class AdVolumePoint:
    asset_id: int
    kind: AssetKind
    external_id: str
    name: str
    taken_at: datetime
    running_or_in_review: int
    limit: int | None


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
            for a, s in uow.assets.account_history(store_id, since)
        ]
