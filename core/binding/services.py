"""Binding use cases: save the wizard's selection, bind Google Ads, preview/unbind, rebind, purge.

Each takes plain arguments (the store, the unit of work, who acts, a clock), opens one transaction, locks the
store when it changes what the store holds, lets the domain rules decide, writes the audit log, and commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.binding.audit import Result, audit_row, audited
from core.binding.model import (
    FACEBOOK_KINDS,
    RETENTION,
    AlreadyBound,
    AssetKey,
    AssetKind,
    AssetNotFound,
    AssetSpec,
    Clock,
    NotInRetention,
    Plan,
    Rule,
    Selection,
    StoreNotFound,
    Violation,
    ensure_allowed,
    google_customer_id,
    is_expired,
    purge_at,
    system_clock,
)
from core.binding.uow import SqlAlchemyUnitOfWork
from core.binding.views import AssetView, key_of, spec_of, view_of
from core.db.models import Asset, Store

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
    unbound: list[AssetKey] = field(default_factory=list)  # no longer chosen: retained for 30 days


@dataclass(frozen=True)
class UnbindPlan:
    """Exactly what a disconnect unbinds: the asset first, then everything its disconnect cascades to."""

    assets: list[AssetView]
    clears_facebook_connection: bool

    @property
    def root(self) -> AssetView:
        return self.assets[0]


@dataclass(frozen=True)
class PurgeReport:
    assets: int = 0
    ad_volume_snapshots: int = 0
    account_snapshots: int = 0


def _locked_store(uow: SqlAlchemyUnitOfWork, store_id: int) -> Store:
    store = uow.stores.lock(store_id)
    if store is None:
        raise StoreNotFound(f"Store {store_id} does not exist.")
    return store


def _plan(store: Store) -> Plan:
    return Plan(store.plan, store.plan_row.ad_account_limit)


def _new_batch() -> str:
    return uuid.uuid4().hex


def save_selection(
    store_id: int, selection: Selection, uow: SqlAlchemyUnitOfWork, *, actor: str, clock: Clock = system_clock
) -> SaveResult:
    """Make the store's Facebook assets exactly ``selection``: all of it, or nothing if a limit breaks."""
    account = selection.facebook_account.id if selection.facebook_account else None
    with audited(uow, store_id, clock, actor, "save_selection", AssetKind.FACEBOOK_ACCOUNT, account), uow:
        store = _locked_store(uow, store_id)
        now = clock()
        specs = selection.specs()
        google = [spec_of(a) for a in uow.assets.list(store_id, [AssetKind.GOOGLE_ADS])]
        ensure_allowed([*specs, *google], _plan(store), selection.structure_violations())

        existing = {key_of(a): a for a in uow.assets.list(store_id, FACEBOOK_KINDS, bound=None)}
        wanted = {s.key for s in specs}
        to_unbind = [a for k, a in existing.items() if a.unbound_at is None and k not in wanted]
        expired = [k for k, a in existing.items() if k in wanted and a.unbound_at and is_expired(a.unbound_at, now)]
        if expired:  # chosen again after its 30 days: the old history goes, the asset starts empty
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
            uow.assets.mark_unbound(store_id, to_unbind, at=now, batch=_new_batch(), actor=actor)
            result.unbound.extend(key_of(a) for a in to_unbind)
            # The token goes with its Facebook account; a new login saved for the newly chosen account stays.
            gone = [a.external_id for a in to_unbind if a.kind == AssetKind.FACEBOOK_ACCOUNT]
            if selection.facebook_account is None:
                uow.stores.delete_connection(store_id)
            elif gone:
                uow.stores.delete_connection(store_id, gone)

        entries = [
            audit_row(store_id, now, actor, action, Result.OK, k.kind, k.external_id, detail)
            for action, keys, detail in (
                ("bind", result.bound, ""),
                ("rebind", result.restored, "history restored"),
                ("update", result.updated, "name, Business Manager or pixel settings changed"),
                ("unbind", result.unbound, "no longer selected"),
            )
            for k in keys
        ]
        summary = (
            f"{len(result.bound)} bound, {len(result.restored)} restored, {len(result.updated)} updated, "
            f"{len(result.unbound)} unbound"
        )
        entries.append(
            audit_row(
                store_id,
                now,
                actor,
                "save_selection",
                Result.OK,
                AssetKind.FACEBOOK_ACCOUNT,
                account,
                summary,
            )
        )
        uow.audit.add_many(entries)
        uow.commit()
        return result


def _new_asset(store_id: int, spec: AssetSpec, parent_id: int | None, now: object) -> Asset:
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


def _apply(row: Asset, spec: AssetSpec, parent_id: int | None, now: object, result: SaveResult) -> None:
    attributes = dict(spec.attributes)
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
    actor: str,
    clock: Clock = system_clock,
) -> AssetView:
    """Bind a Google Ads account by customer ID (``123-456-7890``); it counts in the plan's limit."""
    with audited(uow, store_id, clock, actor, "bind", AssetKind.GOOGLE_ADS, str(customer_id)):
        cid = google_customer_id(customer_id)
        with uow:
            store = _locked_store(uow, store_id)
            now = clock()
            row = uow.assets.find(store_id, AssetKind.GOOGLE_ADS, cid)
            if row is not None and row.unbound_at is None:
                raise AlreadyBound(f"Google Ads account {cid} is bound already.")
            spec = AssetSpec(AssetKey(AssetKind.GOOGLE_ADS, cid), name or cid)
            ensure_allowed([*map(spec_of, uow.assets.list(store_id)), spec], _plan(store))
            if row is not None and is_expired(row.unbound_at, now):  # type: ignore[arg-type]
                uow.assets.delete_with_history([row.id])
                row = None
            detail = ""
            if row is None:
                row = _new_asset(store_id, spec, None, now)
                uow.assets.add_all([row])
            else:
                uow.assets.mark_bound(store_id, [row], at=now)
                detail = "history restored"
                if name:
                    row.name = name
                uow.assets.flush()
            uow.audit.add_many([audit_row(store_id, now, actor, "bind", Result.OK, AssetKind.GOOGLE_ADS, cid, detail)])
            uow.commit()
            return view_of(row)


def unbind_google_ads(
    store_id: int, customer_id: str, uow: SqlAlchemyUnitOfWork, *, actor: str, clock: Clock = system_clock
) -> UnbindPlan:
    with audited(uow, store_id, clock, actor, "unbind", AssetKind.GOOGLE_ADS, str(customer_id)):
        cid = google_customer_id(customer_id)
        with uow:
            row = uow.assets.find(store_id, AssetKind.GOOGLE_ADS, cid)
            if row is None or row.unbound_at is not None:
                raise AssetNotFound(f"Google Ads account {cid} is not bound to this store.")
            asset_id = row.id
    return unbind(store_id, asset_id, uow, actor=actor, clock=clock)


# --- unbind, preview, rebind --------------------------------------------------------------------------------


def _cascade(uow: SqlAlchemyUnitOfWork, store_id: int, asset_id: int) -> list[Asset]:
    """The bound asset and everything its disconnect unbinds (the single code path of preview and unbind)."""
    asset = uow.assets.get(store_id, asset_id)
    if asset is None or asset.unbound_at is not None:
        raise AssetNotFound(f"Asset {asset_id} is not bound to this store.")
    if asset.kind == AssetKind.FACEBOOK_ACCOUNT:
        return [asset, *uow.assets.list(store_id, FACEBOOK_KINDS - {AssetKind.FACEBOOK_ACCOUNT})]
    out, frontier = [asset], [asset.id]
    while frontier:
        children = uow.assets.children(store_id, frontier)
        out += children
        frontier = [c.id for c in children]
    return out


def _unbind_plan(assets: Sequence[Asset]) -> UnbindPlan:
    return UnbindPlan([view_of(a) for a in assets], assets[0].kind == AssetKind.FACEBOOK_ACCOUNT)


def preview_unbind(store_id: int, asset_id: int, uow: SqlAlchemyUnitOfWork) -> UnbindPlan:
    """What :func:`unbind` would unbind right now, for the confirmation."""
    with uow:
        return _unbind_plan(_cascade(uow, store_id, asset_id))


def unbind(
    store_id: int, asset_id: int, uow: SqlAlchemyUnitOfWork, *, actor: str, clock: Clock = system_clock
) -> UnbindPlan:
    """Disconnect an asset and its cascade, locally (no Graph call). Its data is hidden, kept 30 days."""
    with audited(uow, store_id, clock, actor, "unbind", None, str(asset_id)), uow:
        _locked_store(uow, store_id)
        now = clock()
        assets = _cascade(uow, store_id, asset_id)
        plan = _unbind_plan(assets)
        uow.assets.mark_unbound(store_id, assets, at=now, batch=_new_batch(), actor=actor)
        if plan.clears_facebook_connection:
            uow.stores.delete_connection(store_id)
        root = plan.root
        uow.audit.add_many(
            [
                audit_row(
                    store_id,
                    now,
                    actor,
                    "unbind",
                    Result.OK,
                    a.kind,
                    a.external_id,
                    f"kept until {purge_at(now).isoformat()}" if a is root else f"cascade of {root.label}",
                )
                for a in plan.assets
            ]
        )
        uow.commit()
        return plan


def rebind(
    store_id: int, asset_id: int, uow: SqlAlchemyUnitOfWork, *, actor: str, clock: Clock = system_clock
) -> list[AssetView]:
    """Bind a retained asset again, with what its disconnect cascaded and its history, within every limit."""
    with audited(uow, store_id, clock, actor, "rebind", None, str(asset_id)), uow:
        store = _locked_store(uow, store_id)
        now = clock()
        asset = uow.assets.get(store_id, asset_id)
        if asset is None:
            raise AssetNotFound(f"Asset {asset_id} does not belong to this store (or was purged).")
        label = f"{AssetKind(asset.kind).label} {asset.name} ({asset.external_id})"
        if asset.unbound_at is None:
            raise NotInRetention(f"{label} is bound already.")
        if is_expired(asset.unbound_at, now):
            raise NotInRetention(
                f"{label} was unbound more than {RETENTION.days} days ago and its history is "
                "gone. Bind it again from Connect."
            )
        restored = _retained_cascade(uow, store_id, asset)
        bound = uow.assets.list(store_id)
        ensure_allowed(
            [*map(spec_of, bound), *map(spec_of, restored)],
            _plan(store),
            _rebind_violations(uow, store_id, asset, bound, label),
        )
        uow.assets.mark_bound(store_id, restored, at=now)
        uow.audit.add_many(
            [
                audit_row(store_id, now, actor, "rebind", Result.OK, a.kind, a.external_id, "history restored")
                for a in restored
            ]
        )
        uow.commit()
        return [view_of(a) for a in restored]


def _retained_cascade(uow: SqlAlchemyUnitOfWork, store_id: int, asset: Asset) -> list[Asset]:
    batch = asset.unbind_batch or ""
    if asset.kind == AssetKind.FACEBOOK_ACCOUNT:
        return [asset, *(a for a in uow.assets.in_batch(store_id, batch, FACEBOOK_KINDS) if a.id != asset.id)]
    out, frontier = [asset], [asset.id]
    while frontier:
        children = uow.assets.children(store_id, frontier, batch=batch)
        out += children
        frontier = [c.id for c in children]
    return out


def _rebind_violations(
    uow: SqlAlchemyUnitOfWork, store_id: int, asset: Asset, bound: Sequence[Asset], label: str
) -> list[Violation]:
    if asset.kind == AssetKind.GOOGLE_ADS:
        return []
    if asset.kind == AssetKind.FACEBOOK_ACCOUNT:
        others = [a for a in bound if a.kind == AssetKind.FACEBOOK_ACCOUNT]
        if others:
            return [
                Violation(
                    Rule.FACEBOOK_ACCOUNT,
                    1,
                    2,
                    f"Facebook account: {others[0].name} is bound; a store has one Facebook account. "
                    f"Disconnect it before rebinding {asset.name}.",
                )
            ]
        return []
    parent = uow.assets.get(store_id, asset.parent_id) if asset.parent_id is not None else None
    if parent is None or parent.unbound_at is not None:
        owner = f"{AssetKind(parent.kind).label} {parent.name}" if parent else "its Facebook account"
        return [
            Violation(
                Rule.PARENT_NOT_BOUND,
                0,
                1,
                f"{label} belongs to {owner}, which is not bound. Rebind {owner} first.",
                (asset.external_id,),
            )
        ]
    return []


# --- retention ----------------------------------------------------------------------------------------------


def purge(
    uow: SqlAlchemyUnitOfWork,
    *,
    clock: Clock = system_clock,
    actor: str = "system",
    store_id: int | None = None,
) -> PurgeReport:
    """Delete for good every asset unbound 30 days ago or more, with its history. Idempotent."""
    with uow:
        uow.stores.begin_write()
        now = clock()
        expired = uow.assets.expired(now - RETENTION, store_id)
        if not expired:
            return PurgeReport()
        entries = [
            audit_row(
                a.store_id,
                now,
                actor,
                "purge",
                Result.OK,
                a.kind,
                a.external_id,
                f"unbound {a.unbound_at.isoformat() if a.unbound_at else ''}; history deleted",
            )
            for a in expired
        ]
        volume, accounts = uow.assets.delete_with_history([a.id for a in expired])
        uow.audit.add_many(entries)
        uow.commit()
        return PurgeReport(len(expired), volume, accounts)
