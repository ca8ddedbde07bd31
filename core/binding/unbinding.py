"""Unbinding use cases: preview and unbind with their cascade, rebind from retention (purge: :mod:`.purge`).

Preview and unbind share one function (``_cascade``), and :func:`unbind` checks, inside its own transaction,
that what it would unbind is exactly what the marketer confirmed (``expected``), so a save or a disconnect made
in between is never unbound unseen. Disconnecting is local: no Graph call, so it works with an expired or
revoked token.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.activity.audit import audit_row, audited
from core.activity.model import Result
from core.binding.limits import ensure_allowed
from core.binding.model import (
    FACEBOOK_KINDS,
    RETENTION,
    AssetKind,
    AssetNotFound,
    CascadeChanged,
    NotInRetention,
    Rule,
    Violation,
    google_customer_id,
    is_expired,
    purge_at,
)
from core.binding.services import locked_store, new_unbind_batch, plan_of
from core.binding.views import AssetView, label_of, spec_of, view_of
from core.db.models import Asset
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor, Clock, system_clock, words
from core.shared.i18n import _
from core.stores.access import require
from core.stores.model import Permission


@dataclass(frozen=True)
class UnbindPlan:
    """Exactly what a disconnect unbinds: the asset first, then everything its disconnect cascades to."""

    assets: list[AssetView]
    clears_facebook_connection: bool

    @property
    def root(self) -> AssetView:
        return self.assets[0]


def unbind_google_ads(
    store_id: int, customer_id: str, uow: SqlAlchemyUnitOfWork, *, actor: Actor, clock: Clock = system_clock
) -> UnbindPlan:
    with audited(uow, store_id, clock, actor, "unbind", AssetKind.GOOGLE_ADS, str(customer_id)):
        cid = google_customer_id(customer_id)
        with uow:
            require(uow, store_id, actor, Permission.BIND)
            row = uow.assets.find(store_id, AssetKind.GOOGLE_ADS, cid)
            if row is None or row.unbound_at is not None:
                raise AssetNotFound(_("Google Ads account {id} is not bound to this store.").format(id=cid))
            asset_id = row.id
    return unbind(store_id, asset_id, uow, actor=actor, clock=clock)


# --- unbind, preview, rebind --------------------------------------------------------------------------------


def _cascade(uow: SqlAlchemyUnitOfWork, store_id: int, asset_id: int) -> list[Asset]:
    """The bound asset and everything its disconnect unbinds (the single code path of preview and unbind): its
    descendants, and for a Business Manager also the pixels it owns wherever they are attached (docs/RULES.md,
    "Unbinding, cascade, retention")."""
    asset = uow.assets.get(store_id, asset_id)
    if asset is None or asset.unbound_at is not None:
        raise AssetNotFound(
            _(
                "This asset is not bound to this store any more: someone may have disconnected it already. "
                "Reload the page."
            )
        )
    if asset.kind == AssetKind.FACEBOOK_ACCOUNT:
        return [asset, *uow.assets.list(store_id, FACEBOOK_KINDS - {AssetKind.FACEBOOK_ACCOUNT})]
    out, frontier = [asset], [asset.id]
    while frontier:
        children = uow.assets.children(store_id, frontier)
        out += children
        frontier = [c.id for c in children]
    if asset.kind == AssetKind.BUSINESS:
        out += _pixels_owned_by(asset, uow.assets.list(store_id, [AssetKind.PIXEL]), out)
    return out


def _pixels_owned_by(business: Asset, pixels: Sequence[Asset], taken: Sequence[Asset]) -> list[Asset]:
    """The pixel settings whose pixel the Business Manager owns, not already in ``taken``."""
    seen = {a.id for a in taken}
    return [
        p for p in pixels if p.id not in seen and (p.attributes or {}).get("owner_business_id") == business.external_id
    ]


def _unbind_plan(assets: Sequence[Asset]) -> UnbindPlan:
    return UnbindPlan([view_of(a) for a in assets], assets[0].kind == AssetKind.FACEBOOK_ACCOUNT)


def preview_unbind(store_id: int, asset_id: int, uow: SqlAlchemyUnitOfWork) -> UnbindPlan:
    """What :func:`unbind` would unbind right now, for the confirmation."""
    with uow:
        return _unbind_plan(_cascade(uow, store_id, asset_id))


def unbind(
    store_id: int,
    asset_id: int,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
    expected: Sequence[int] | None = None,
) -> UnbindPlan:
    """Disconnect an asset and its cascade, locally (no Graph call). Its data is hidden for the retention period.

    ``expected``: the asset IDs the marketer confirmed (the preview). When the cascade differs now, nothing is
    unbound and :class:`CascadeChanged` carries the new preview."""
    with audited(uow, store_id, clock, actor, "unbind") as target, uow:
        locked_store(uow, store_id)
        require(uow, store_id, actor, Permission.BIND)
        now = clock()
        assets = _cascade(uow, store_id, asset_id)
        target.kind, target.id = assets[0].kind, assets[0].external_id  # the log names the asset, not the row
        plan = _unbind_plan(assets)
        if expected is not None and [a.id for a in assets] != list(expected):
            raise CascadeChanged(plan)
        uow.assets.mark_unbound(store_id, assets, at=now, batch=new_unbind_batch(), actor=actor.id)
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
                    _("kept until {day}").format(day=words.day(purge_at(now)))
                    if a is root
                    else _("cascade of {asset}").format(asset=root.label),
                )
                for a in plan.assets
            ]
        )
        uow.commit()
        return plan


def rebind(
    store_id: int, asset_id: int, uow: SqlAlchemyUnitOfWork, *, actor: Actor, clock: Clock = system_clock
) -> list[AssetView]:
    """Bind a retained asset again, with what its disconnect cascaded and its history, within every limit."""
    with audited(uow, store_id, clock, actor, "rebind") as target, uow:
        store = locked_store(uow, store_id)
        require(uow, store_id, actor, Permission.BIND)
        now = clock()
        asset = uow.assets.get(store_id, asset_id)
        if asset is None:
            raise AssetNotFound(
                _(
                    "This asset is no longer kept for this store (its {days} days are over, or it was never bound "
                    "here). Bind it again from Connect."
                ).format(days=RETENTION.days)
            )
        target.kind, target.id = asset.kind, asset.external_id  # the log names the asset, not the store's row
        label = label_of(AssetKind(asset.kind), asset.name, asset.external_id)
        if asset.unbound_at is None:
            raise NotInRetention(_("{asset} is bound already.").format(asset=label))
        if is_expired(asset.unbound_at, now):
            raise NotInRetention(
                _(
                    "{asset} was unbound more than {days} days ago and its history is gone. Bind it again from Connect."
                ).format(asset=label, days=RETENTION.days)
            )
        restored = _retained_cascade(uow, store_id, asset)
        bound = uow.assets.list(store_id)
        ensure_allowed(
            [*map(spec_of, bound), *map(spec_of, restored)],
            plan_of(store),
            _rebind_violations(uow, store_id, asset, bound, label),
            adding=True,
        )
        uow.assets.mark_bound(store_id, restored, at=now)
        uow.audit.add_many(
            [
                audit_row(store_id, now, actor, "rebind", Result.OK, a.kind, a.external_id, _("history restored"))
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
    if asset.kind == AssetKind.BUSINESS:
        owned = _pixels_owned_by(asset, uow.assets.in_batch(store_id, batch, [AssetKind.PIXEL]), out)
        out += [p for p in owned if _parent_bound(uow, store_id, p)]  # back only where its ad account is
    return out


def _parent_bound(uow: SqlAlchemyUnitOfWork, store_id: int, asset: Asset) -> bool:
    parent = uow.assets.get(store_id, asset.parent_id) if asset.parent_id is not None else None
    return parent is not None and parent.unbound_at is None


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
                    _(
                        "Facebook account: {bound} is bound; a store has one Facebook account. Disconnect it before "
                        "rebinding {asset}."
                    ).format(bound=others[0].name, asset=asset.name),
                )
            ]
        return []
    parent = uow.assets.get(store_id, asset.parent_id) if asset.parent_id is not None else None
    if parent is None or parent.unbound_at is not None:
        if parent is not None:
            owner = _("{kind} {name}").format(kind=AssetKind(parent.kind).label, name=parent.name)
        else:
            owner = _("its Facebook account")
        return [
            Violation(
                Rule.PARENT_NOT_BOUND,
                0,
                1,
                _("{asset} belongs to {owner}, which is not bound. Rebind {owner} first.").format(
                    asset=label, owner=owner
                ),
                (asset.external_id,),
            )
        ]
    return []
