"""Binding use cases: save the wizard's selection, bind a Google Ads account (unbinding: :mod:`.unbinding`).

Each takes plain arguments (the store, the unit of work, who acts, a clock), opens one transaction, locks the
store when it changes what the store holds, lets the domain rules decide, writes the audit log, and commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.activity.audit import audit_row, audited
from core.activity.model import Result
from core.binding.limits import Plan, check, ensure_allowed
from core.binding.model import (
    FACEBOOK_KINDS,
    MARKETER_ATTRIBUTES,
    AlreadyBound,
    AssetKey,
    AssetKind,
    AssetSpec,
    Selection,
    SelectionRefused,
    Violation,
    google_ads_name,
    google_customer_id,
    is_expired,
    storable_spec,
)
from core.binding.views import AssetView, key_of, spec_of, view_of
from core.db.models import Asset, Store
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor, Clock, system_clock, words
from core.shared.i18n import _
from core.stores.access import require
from core.stores.model import Permission, StoreNotFound

_DEPTH = {
    AssetKind.FACEBOOK_ACCOUNT: 0,
    AssetKind.BUSINESS: 1,
    AssetKind.AD_ACCOUNT: 2,
    AssetKind.PAGE: 2,
    AssetKind.PIXEL: 3,
}


@dataclass(frozen=True)
class SaveResult:
    bound: list[AssetKey] = field(default_factory=list)  # new
    restored: list[AssetKey] = field(default_factory=list)  # back from retention, with their history
    updated: list[AssetKey] = field(default_factory=list)  # kept, with a new name, parent or settings
    unbound: list[AssetKey] = field(default_factory=list)  # no longer chosen: kept for the retention period


def locked_store(uow: SqlAlchemyUnitOfWork, store_id: int) -> Store:
    store = uow.stores.lock(store_id)
    if store is None:
        raise StoreNotFound(_("Store {store_id} does not exist.").format(store_id=store_id))
    return store


def plan_of(store: Store) -> Plan:
    return Plan(store.plan, store.plan_row.ad_account_limit)


def new_unbind_batch() -> str:
    return uuid.uuid4().hex


def _violations(
    uow: SqlAlchemyUnitOfWork, store: Store, selection: Selection, specs: list[AssetSpec] | None = None
) -> list[Violation]:
    """Every problem of making the store hold ``selection`` (its ``specs``, with the Google Ads accounts the store
    keeps)."""
    google = [spec_of(a) for a in uow.assets.list(store.id, [AssetKind.GOOGLE_ADS])]
    held = specs if specs is not None else selection.specs()
    return [*selection.structure_violations(), *check([*held, *google], plan_of(store))]


def selection_violations(store_id: int, selection: Selection, uow: SqlAlchemyUnitOfWork) -> list[Violation]:
    """What Save would refuse now, without saving (the review shows them before anyone presses Save); the same
    rules as :func:`save_selection`, which checks them again in its transaction."""
    with uow:
        store = uow.stores.get(store_id)
        if store is None:
            raise StoreNotFound(_("Store {store_id} does not exist.").format(store_id=store_id))
        return _violations(uow, store, selection)


def save_selection(
    store_id: int, selection: Selection, uow: SqlAlchemyUnitOfWork, *, actor: Actor, clock: Clock = system_clock
) -> SaveResult:
    """Make the store's Facebook assets exactly ``selection``: all of it, or nothing if a limit breaks."""
    account = selection.facebook_account.id if selection.facebook_account else None
    with audited(uow, store_id, clock, actor, "save_selection", AssetKind.FACEBOOK_ACCOUNT, account):
        specs = [storable_spec(s) for s in selection.specs()]  # before the database is touched
        with uow:
            store = locked_store(uow, store_id)
            require(uow, store_id, actor, Permission.BIND)
            now = clock()
            violations = _violations(uow, store, selection, specs)
            if violations:
                raise SelectionRefused(violations)

            existing = {key_of(a): a for a in uow.assets.list(store_id, FACEBOOK_KINDS, bound=None)}
            wanted = {s.key for s in specs}
            to_unbind = [a for k, a in existing.items() if a.unbound_at is None and k not in wanted]
            expired = [k for k, a in existing.items() if k in wanted and a.unbound_at and is_expired(a.unbound_at, now)]
            if expired:  # chosen again after its retention ended: the old history goes, the asset starts empty
                uow.assets.delete_with_history([existing.pop(k).id for k in expired])

            result = SaveResult()
            rows: dict[AssetKey, Asset] = {}
            for depth in sorted(set(_DEPTH.values())):
                new: list[Asset] = []
                for spec in (s for s in specs if _DEPTH[s.kind] == depth):
                    parent_id = rows[spec.parent].id if spec.parent else None
                    row = existing.get(spec.key)
                    if row is None:
                        row = _new_asset(store_id, spec, parent_id, now)
                        new.append(row)
                        result.bound.append(spec.key)
                    else:
                        _apply(row, spec, parent_id, now, result)
                    rows[spec.key] = row
                uow.assets.add_all(new)

            if to_unbind:
                uow.assets.mark_unbound(store_id, to_unbind, at=now, batch=new_unbind_batch(), actor=actor.id)
                result.unbound.extend(key_of(a) for a in to_unbind)
                # The token goes with its Facebook account; a new login saved for the newly chosen account stays.
                gone = [a.external_id for a in to_unbind if a.kind == AssetKind.FACEBOOK_ACCOUNT]
                if selection.facebook_account is None:
                    uow.stores.delete_connection(store_id)
                elif gone:
                    uow.stores.delete_connection(store_id, gone)

            uow.audit.add_many(_save_audit_rows(store_id, now, actor, account, result))
            uow.commit()
            return result


def _save_audit_rows(
    store_id: int, now: datetime, actor: Actor, account: str | None, result: SaveResult
) -> list[dict[str, Any]]:
    """One entry per asset bound, restored, changed or unbound, and one for the Save itself (in the words of who
    saved, as a refusal's entry is)."""
    rows = [
        audit_row(store_id, now, actor, action, Result.OK, k.kind, k.external_id, detail)
        for action, keys, detail in (
            ("bind", result.bound, ""),
            ("rebind", result.restored, _("history restored")),
            ("update", result.updated, _("name, Business Manager or pixel settings changed")),
            ("unbind", result.unbound, _("no longer selected")),
        )
        for k in keys
    ]
    done = [
        words.count(len(result.bound), "{n} asset bound", "{n} assets bound") if result.bound else "",
        words.count(len(result.restored), "{n} asset restored", "{n} assets restored") if result.restored else "",
        words.count(len(result.updated), "{n} asset updated", "{n} assets updated") if result.updated else "",
        words.count(len(result.unbound), "{n} asset unbound", "{n} assets unbound") if result.unbound else "",
    ]
    summary = words.listing(done) or _("no change")
    kind = AssetKind.FACEBOOK_ACCOUNT
    return [*rows, audit_row(store_id, now, actor, "save_selection", Result.OK, kind, account, summary)]


def _new_asset(store_id: int, spec: AssetSpec, parent_id: int | None, now: datetime) -> Asset:
    return Asset(
        store_id=store_id,
        kind=str(spec.kind),
        external_id=spec.key.external_id,
        scope=spec.key.scope,
        name=spec.name,
        parent_id=parent_id,
        attributes=dict(spec.attributes),
        bound_at=now,
    )


def _apply(row: Asset, spec: AssetSpec, parent_id: int | None, now: datetime, result: SaveResult) -> None:
    kept = {k: row.attributes[k] for k in MARKETER_ATTRIBUTES if k in (row.attributes or {})}
    attributes = {**spec.attributes, **kept}
    if row.unbound_at is not None:
        row.unbound_at, row.unbind_batch, row.unbound_by, row.bound_at = None, None, None, now
        result.restored.append(spec.key)
    elif (row.name, row.parent_id, row.attributes) != (spec.name, parent_id, attributes):
        result.updated.append(spec.key)
    row.name, row.parent_id, row.attributes = spec.name, parent_id, attributes


# --- Google Ads ---------------------------------------------------------------------------------------------


def bind_google_ads(
    store_id: int,
    customer_id: str,
    uow: SqlAlchemyUnitOfWork,
    *,
    name: str = "",
    actor: Actor,
    clock: Clock = system_clock,
) -> AssetView:
    """Bind a Google Ads account by customer ID (``123-456-7890``); it counts in the plan's limit."""
    with audited(uow, store_id, clock, actor, "bind", AssetKind.GOOGLE_ADS, str(customer_id)):
        cid = google_customer_id(customer_id)
        name = google_ads_name(name)
        with uow:
            store = locked_store(uow, store_id)
            require(uow, store_id, actor, Permission.BIND)
            now = clock()
            row = uow.assets.find(store_id, AssetKind.GOOGLE_ADS, cid)
            if row is not None and row.unbound_at is None:
                raise AlreadyBound(_("Google Ads account {id} is bound already.").format(id=cid))
            spec = AssetSpec(AssetKey(AssetKind.GOOGLE_ADS, cid), name or cid)
            ensure_allowed([*map(spec_of, uow.assets.list(store_id)), spec], plan_of(store), adding=True)
            if row is not None and is_expired(row.unbound_at, now):  # type: ignore[arg-type]
                uow.assets.delete_with_history([row.id])
                row = None
            detail = ""
            if row is None:
                row = _new_asset(store_id, spec, None, now)
                uow.assets.add_all([row])
            else:
                uow.assets.mark_bound(store_id, [row], at=now)
                detail = _("history restored")
                if name:
                    row.name = name
                uow.assets.flush()
            uow.audit.add_many([audit_row(store_id, now, actor, "bind", Result.OK, AssetKind.GOOGLE_ADS, cid, detail)])
            uow.commit()
            return view_of(row)
