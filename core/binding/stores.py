"""Stores (tenants), members and plans, the Facebook connection, the demo store, recording history."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.binding.audit import Result, audit_row, audited
from core.binding.model import (
    AssetKind,
    BindingError,
    Clock,
    StoreNotFound,
    system_clock,
)
from core.binding.services import bind_google_ads
from core.binding.uow import SqlAlchemyUnitOfWork
from core.crypto import TokenCipher
from core.db.models import FacebookConnection, Plan, Store, StoreMember

log = logging.getLogger(__name__)

DEMO_STORE_NAME = "Demo store"
DEMO_PLAN = "basic"
DEMO_MEMBER = "demo@example.com"
DEMO_GOOGLE_ADS_ID = "123-456-7890"


class UnknownPlan(BindingError):
    pass


@dataclass(frozen=True)
class StoreInfo:
    id: int
    name: str
    plan: str


def create_store(
    uow: SqlAlchemyUnitOfWork,
    *,
    name: str,
    plan: str,
    members: Iterable[str] = (),
    clock: Clock = system_clock,
) -> int:
    with uow:
        uow.stores.begin_write()
        if uow.stores.plan(plan) is None:
            raise UnknownPlan(f"There is no plan called {plan!r}.")
        now = clock()
        store = uow.stores.add(Store(name=name, plan=plan, created_at=now))
        for email in {m.strip().lower() for m in members}:
            uow.stores.add_member(StoreMember(store_id=store.id, email=email, created_at=now))
        uow.commit()
        return store.id


def add_member(store_id: int, email: str, uow: SqlAlchemyUnitOfWork, *, clock: Clock = system_clock) -> None:
    """Let ``email`` sign in to the store (idempotent)."""
    email = email.strip().lower()
    with uow:
        if uow.stores.lock(store_id) is None:
            raise StoreNotFound(f"Store {store_id} does not exist.")
        if not uow.stores.has_member(store_id, email):
            uow.stores.add_member(StoreMember(store_id=store_id, email=email, created_at=clock()))
            uow.commit()


def stores_for_member(email: str, uow: SqlAlchemyUnitOfWork) -> list[StoreInfo]:
    """The stores a signed-in person may open."""
    with uow:
        return [StoreInfo(s.id, s.name, s.plan) for s in uow.stores.for_member(email)]


def set_plan_limit(uow: SqlAlchemyUnitOfWork, plan: str, ad_account_limit: int) -> None:
    """Configure a plan's ad account limit (Facebook + Google); creates the plan if it is new."""
    if ad_account_limit < 0:
        raise ValueError("a plan's ad account limit cannot be negative")
    with uow:
        uow.stores.begin_write()
        row = uow.stores.plan(plan)
        if row is None:
            uow.stores.add_plan(Plan(name=plan, ad_account_limit=ad_account_limit))
        else:
            row.ad_account_limit = ad_account_limit
        uow.commit()


def ensure_demo_store(uow: SqlAlchemyUnitOfWork, *, clock: Clock = system_clock) -> int:
    """The sandbox's demo store: "Demo store" on ``basic``, one Google Ads account, member demo@example.com.

    Idempotent: an existing demo store is returned as it is (what the demo marketer changed stays changed).
    """
    for info in stores_for_member(DEMO_MEMBER, uow):
        if info.name == DEMO_STORE_NAME:
            return info.id
    store_id = create_store(uow, name=DEMO_STORE_NAME, plan=DEMO_PLAN, members=[DEMO_MEMBER], clock=clock)
    bind_google_ads(store_id, DEMO_GOOGLE_ADS_ID, uow, name="Demo Google Ads", actor="system", clock=clock)
    log.info("created the demo store (id %s)", store_id)
    return store_id


# --- the Facebook connection --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacebookConnectionInfo:
    facebook_user_id: str
    facebook_user_name: str
    token: str = field(repr=False)
    token_expires_at: datetime | None
    data_access_expires_at: datetime | None
    scopes: tuple[str, ...]
    connected_at: datetime


def connect_facebook(
    store_id: int,
    uow: SqlAlchemyUnitOfWork,
    cipher: TokenCipher,
    *,
    facebook_user_id: str,
    facebook_user_name: str,
    token: str,
    token_expires_at: datetime | None,
    data_access_expires_at: datetime | None,
    scopes: Sequence[str],
    actor: str,
    clock: Clock = system_clock,
) -> None:
    """Keep the store's Facebook login (token encrypted). One per store: a new login replaces the old."""
    with (
        audited(uow, store_id, clock, actor, "connect_facebook", AssetKind.FACEBOOK_ACCOUNT, facebook_user_id),
        uow,
    ):
        if uow.stores.lock(store_id) is None:
            raise StoreNotFound(f"Store {store_id} does not exist.")
        now = clock()
        uow.stores.save_connection(
            FacebookConnection(
                store_id=store_id,
                facebook_user_id=facebook_user_id,
                facebook_user_name=facebook_user_name,
                token_ciphertext=cipher.encrypt(token),
                token_expires_at=token_expires_at,
                data_access_expires_at=data_access_expires_at,
                scopes=sorted(set(scopes)),
                connected_at=now,
            )
        )
        uow.audit.add_many(
            [
                audit_row(
                    store_id,
                    now,
                    actor,
                    "connect_facebook",
                    Result.OK,
                    AssetKind.FACEBOOK_ACCOUNT,
                    facebook_user_id,
                    "scopes: " + ", ".join(sorted(set(scopes))),
                )
            ]
        )
        uow.commit()


def facebook_connection(store_id: int, uow: SqlAlchemyUnitOfWork, cipher: TokenCipher) -> FacebookConnectionInfo | None:
    with uow:
        row = uow.stores.connection(store_id)
        if row is None:
            return None
        return FacebookConnectionInfo(
            row.facebook_user_id,
            row.facebook_user_name,
            cipher.decrypt(row.token_ciphertext),
            row.token_expires_at,
            row.data_access_expires_at,
            tuple(row.scopes or ()),
            row.connected_at,
        )


# --- recording the app's history ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AdVolumeReading:
    """Ads running or in review for a bound ad account (``act_…``) or Page, against its limit."""

    kind: AssetKind
    external_id: str
    running_or_in_review: int
    limit: int | None = None


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


def record_account_snapshots(
    store_id: int,
    readings: Sequence[AccountReading],
    uow: SqlAlchemyUnitOfWork,
    *,
    clock: Clock = system_clock,
) -> int:
    with uow:
        if uow.stores.lock(store_id) is None:  # no unbind can slip between reading the IDs and writing
            raise StoreNotFound(f"Store {store_id} does not exist.")
        ids = {a.external_id: a.id for a in uow.assets.list(store_id, [AssetKind.AD_ACCOUNT])}
        now = clock()
        rows = [
            {
                "store_id": store_id,
                "asset_id": ids[r.external_id],
                "taken_at": now,
                "account_status": r.account_status,
                "disable_reason": r.disable_reason,
                "amount_spent": r.amount_spent,
                "spend_cap": r.spend_cap,
                "currency": r.currency,
                "can_deliver": r.can_deliver,
                "details": r.details,
            }
            for r in readings
            if r.external_id in ids
        ]
        uow.assets.add_account_snapshots(rows)
        uow.commit()
        return len(rows)
