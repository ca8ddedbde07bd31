"""Stores, members and plans: create a store, manage its members and their roles, change its plan, remember the
store a person chose.

Member and plan changes are use cases ``(store_id, inputs…, uow, *, actor, clock)``: an owner manages members
(a store always keeps an owner), an operator changes plans (billing lives elsewhere); each change is audited.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.activity.audit import audit_row, audited
from core.activity.model import Result
from core.db.models import PersonSettings, Plan, Store, StoreMember
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor, Clock, inputs, system_clock, words
from core.shared.i18n import _
from core.stores.access import require
from core.stores.model import (
    MembershipRefused,
    Permission,
    PlanTooSmall,
    StoreAccessRefused,
    StoreNotFound,
    StoreRole,
    UnknownPlan,
    website_domain,
)

MAX_STORE_NAME = 200
STORE = "store"  # the audit log's target kind for changes to the store itself
SET_WEBSITE_DOMAIN = "set_website_domain"


def email_of(raw: str) -> str:
    """A member's email as the app keys it (trimmed, lower case), or a refusal saying how to write it."""
    return inputs.email(raw, error=MembershipRefused)


def create_store(
    uow: SqlAlchemyUnitOfWork,
    *,
    name: str,
    plan: str,
    members: Iterable[str] = (),
    clock: Clock = system_clock,
) -> int:
    """An operator's command: a new store whose first members are its owners."""
    name = inputs.text(name, field="Store name", max_length=MAX_STORE_NAME, error=MembershipRefused)
    owners = {email_of(m) for m in members}
    with uow:
        uow.stores.begin_write()
        if uow.stores.plan(plan) is None:
            raise UnknownPlan(f"There is no plan called {plan!r}.")
        now = clock()
        store = uow.stores.add(Store(name=name, plan=plan, created_at=now))
        for email in owners:
            uow.stores.add_member(StoreMember(store_id=store.id, email=email, role=StoreRole.OWNER, created_at=now))
        uow.commit()
        return store.id


def _locked(uow: SqlAlchemyUnitOfWork, store_id: int) -> Store:
    store = uow.stores.lock(store_id)
    if store is None:
        raise StoreNotFound(_("Store {id} does not exist.").format(id=store_id))
    return store


def _owners(uow: SqlAlchemyUnitOfWork, store_id: int) -> int:
    return sum(1 for m in uow.stores.members(store_id) if m.role == StoreRole.OWNER)


def add_member(
    store_id: int,
    email: str,
    role: StoreRole,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
) -> bool:
    """Let ``email`` into the store with ``role``. Returns False when it is a member already (nothing changes)."""
    with audited(uow, store_id, clock, actor, "add_member", STORE, str(email or "")[:64]) as target:
        email = target.id = email_of(email)  # read before the database is touched
        with uow:
            _locked(uow, store_id)
            require(uow, store_id, actor, Permission.MANAGE_STORE)
            if uow.stores.member(store_id, email) is not None:
                return False
            now = clock()
            uow.stores.add_member(StoreMember(store_id=store_id, email=email, role=StoreRole(role), created_at=now))
            detail = _("as {role}").format(role=StoreRole(role).label)
            uow.audit.add_many([audit_row(store_id, now, actor, "add_member", Result.OK, STORE, email, detail)])
            uow.commit()
            return True


def set_role(
    store_id: int,
    email: str,
    role: StoreRole,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
) -> None:
    """Change a member's role; the last owner can't be made anything else."""
    with audited(uow, store_id, clock, actor, "set_role", STORE, str(email or "")[:64]) as target, uow:
        member = _member_to_change(uow, store_id, email, actor)
        target.id = member.email
        role = StoreRole(role)
        if member.role == StoreRole.OWNER and role != StoreRole.OWNER and _owners(uow, store_id) == 1:
            raise MembershipRefused(
                _(
                    "{email} is the store's only owner, so they stay owner: a store always keeps one. "
                    "Make someone else owner first."
                ).format(email=member.email)
            )
        before = StoreRole(member.role)
        member.role = role
        detail = _("from {before} to {after}").format(before=before.label, after=role.label)
        uow.audit.add_many([audit_row(store_id, clock(), actor, "set_role", Result.OK, STORE, member.email, detail)])
        uow.commit()


def remove_member(
    store_id: int,
    email: str,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
) -> None:
    """Take a person out of the store; the last owner can't be removed."""
    with audited(uow, store_id, clock, actor, "remove_member", STORE, str(email or "")[:64]) as target, uow:
        member = _member_to_change(uow, store_id, email, actor)
        target.id = member.email
        if member.role == StoreRole.OWNER and _owners(uow, store_id) == 1:
            raise MembershipRefused(
                _(
                    "{email} is the store's only owner and can't be removed: a store always keeps one. "
                    "Make someone else owner first."
                ).format(email=member.email)
            )
        role = StoreRole(member.role)
        uow.stores.remove_member(member)
        detail = _("was {role}").format(role=role.label)
        uow.audit.add_many(
            [audit_row(store_id, clock(), actor, "remove_member", Result.OK, STORE, member.email, detail)]
        )
        uow.commit()


def _member_to_change(uow: SqlAlchemyUnitOfWork, store_id: int, email: str, actor: Actor) -> StoreMember:
    """The member whose place in the store changes, once the store is locked and the actor may manage it."""
    _locked(uow, store_id)
    require(uow, store_id, actor, Permission.MANAGE_STORE)
    member = uow.stores.member(store_id, email_of(email))
    if member is None:
        raise MembershipRefused(_("{email} is not a member of this store.").format(email=email_of(email)))
    return member


def set_plan(
    store_id: int,
    plan: str,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
) -> None:
    """An operator moves the store to another plan; a plan smaller than what is bound is refused with what to
    disconnect first (Facebook and Google Ads ad accounts count together)."""
    with audited(uow, store_id, clock, actor, "set_plan", STORE, str(store_id)), uow:
        store = _locked(uow, store_id)
        if not actor.privileged:
            raise StoreAccessRefused(
                _(
                    "Plans change through Smart Ads support, where billing lives: ask them to move this store to "
                    "another plan."
                )
            )
        row = uow.stores.plan(plan)
        if row is None:
            known = ", ".join(p.name for p in uow.stores.plans())
            raise UnknownPlan(
                _("There is no plan called “{plan}”. The plans are: {known}.").format(plan=plan, known=known)
            )
        bound = [a for a in uow.assets.list(store_id, ["ad_account", "google_ads"])]
        if len(bound) > row.ad_account_limit:
            excess = len(bound) - row.ad_account_limit
            names = ", ".join(f"{a.name} ({a.external_id})" for a in bound)
            raise PlanTooSmall(
                _(
                    "The {plan} plan allows {accounts} (Facebook and Google Ads together); this store has {bound} "
                    "bound: {names}. Disconnect {excess} of them first, then change the plan."
                ).format(
                    plan=row.name,
                    accounts=words.count(row.ad_account_limit, "{n} ad account", "{n} ad accounts"),
                    bound=words.number(len(bound)),
                    names=names,
                    excess=words.number(excess),
                )
            )
        before, store.plan = store.plan, row.name
        detail = _("from {before} to {after} ({accounts})").format(
            before=before, after=row.name, accounts=_("{n} ad accounts").format(n=words.number(row.ad_account_limit))
        )
        uow.audit.add_many([audit_row(store_id, clock(), actor, "set_plan", Result.OK, STORE, str(store_id), detail)])
        uow.commit()


def remember_store(email: str, store_id: int, uow: SqlAlchemyUnitOfWork, *, clock: Clock = system_clock) -> None:
    """Keep the store a person chose, so their next visit opens it (only a store they belong to)."""
    email = email.strip().lower()
    with uow:
        uow.stores.begin_write()
        if uow.stores.member(store_id, email) is None:
            return
        known = uow.stores.person(email)
        uow.stores.save_person(
            PersonSettings(email=email, store_id=store_id, locale=known.locale if known else None, updated_at=clock())
        )
        uow.commit()


def remember_language(email: str, language: str, uow: SqlAlchemyUnitOfWork, *, clock: Clock = system_clock) -> None:
    """Keep the language a person chose, for every store and their next visit (docs/RULES.md, "Languages")."""
    email = email.strip().lower()
    with uow:
        uow.stores.begin_write()
        known = uow.stores.person(email)
        store_id = known.store_id if known else None
        uow.stores.save_person(PersonSettings(email=email, store_id=store_id, locale=language, updated_at=clock()))
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
    with audited(uow, store_id, clock, actor, SET_WEBSITE_DOMAIN, STORE, str(store_id)):
        host = website_domain(domain)  # read before the database is touched
        with uow:
            store = _locked(uow, store_id)
            require(uow, store_id, actor, Permission.MANAGE_STORE)
            before = store.website_domain
            store.website_domain = host
            detail = (
                _("website domain {host} (was {before})").format(host=host, before=before)
                if before and before != host
                else _("website domain {host}").format(host=host)
            )
            row = audit_row(store_id, clock(), actor, SET_WEBSITE_DOMAIN, Result.OK, STORE, str(store_id), detail)
            uow.audit.add_many([row])
            uow.commit()
            return host
