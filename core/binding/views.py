"""Plain, read-only results the services hand to the pages (never ORM objects, never a session)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.binding.model import AssetKey, AssetKind, AssetSpec, purge_at
from core.db.models import Asset
from core.shared.i18n import _


@dataclass(frozen=True)
class AssetView:
    id: int
    kind: AssetKind
    external_id: str
    name: str
    parent_id: int | None
    attributes: Mapping[str, Any]
    bound_at: datetime
    unbound_at: datetime | None = None
    scope: str = ""

    @property
    def key(self) -> AssetKey:
        return AssetKey(self.kind, self.external_id, self.scope)

    @property
    def label(self) -> str:
        """``ad account Demo Outdoor (act_1)``, in the viewer's words."""
        return label_of(self.kind, self.name, self.external_id)

    @property
    def purge_at(self) -> datetime | None:
        return purge_at(self.unbound_at) if self.unbound_at else None


@dataclass(frozen=True)
class AssetNode:
    asset: AssetView
    children: list[AssetNode] = field(default_factory=list)


def label_of(kind: AssetKind, name: str, external_id: str) -> str:
    """An asset as people read it: its kind, its name, its ID (``Page Demo Outdoor (100…)``)."""
    return _("{kind} {name} ({id})").format(kind=kind.label, name=name, id=external_id)


def view_of(asset: Asset) -> AssetView:
    return AssetView(
        id=asset.id,
        kind=AssetKind(asset.kind),
        external_id=asset.external_id,
        name=asset.name,
        parent_id=asset.parent_id,
        attributes=dict(asset.attributes or {}),
        bound_at=asset.bound_at,
        unbound_at=asset.unbound_at,
        scope=asset.scope,
    )


def key_of(asset: Asset) -> AssetKey:
    return AssetKey(AssetKind(asset.kind), asset.external_id, asset.scope)


def spec_of(asset: Asset) -> AssetSpec:
    return AssetSpec(key_of(asset), asset.name, None, dict(asset.attributes or {}))
