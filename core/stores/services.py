"""Stores, members and plans: create a store, let a person in, configure a plan."""

from __future__ import annotations

from collections.abc import Iterable

import core.activity.audit as audit_log  # a module import: core.activity.audit itself imports core.stores.model
from core.db.models import Plan, Store, StoreMember
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor, Clock, system_clock
from core.stores.model import StoreNotFound, UnknownPlan, website_domain

SET_WEBSITE_DOMAIN = "set_website_domain"


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


def set_website_domain(
    store_id: int, domain: str, uow: SqlAlchemyUnitOfWork, *, actor: Actor, clock: Clock = system_clock
) -> str:
    """Set the store's website domain (a bare host name, lower-cased); returns it as kept. Domain Settings needs it
    verified by the pixel's Business Manager (docs/RULES.md, "Binding")."""
    with audit_log.audited(uow, store_id, clock, actor, SET_WEBSITE_DOMAIN, "store", str(store_id)), uow:
        host = website_domain(domain)
        store = uow.stores.lock(store_id)
        if store is None:
            raise StoreNotFound(f"Store {store_id} does not exist.")
        before = store.website_domain
        store.website_domain = host
        detail = f"website domain {host}" + (f" (was {before})" if before and before != host else "")
        row = audit_log.audit_row(store_id, clock(), actor, SET_WEBSITE_DOMAIN, target_kind="store",
                                  target_id=str(store_id), detail=detail)  # fmt: skip
        uow.audit.add_many([row])
        uow.commit()
        return host
