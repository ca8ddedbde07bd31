"""The only place that speaks SQL: stores, assets with their history, the audit log, ad account creations.

Every query that touches a store's data takes the store's ID and filters on it (tenancy). Bulk statements
(``IN (...)`` in chunks, executemany) keep big cascades and purges to a handful of round trips.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from core.db.engine import SQLITE_BEGIN_OPTION
from core.db.models import (
    AccountSnapshot,
    AdAccountCreation,
    AdVolumeSnapshot,
    Asset,
    AuditEntry,
    FacebookConnection,
    PersonSettings,
    Plan,
    Store,
    StoreMember,
)

T = TypeVar("T")
Snapshot = TypeVar("Snapshot", AdVolumeSnapshot, AccountSnapshot)
CHUNK = 5000  # stays under SQLite's and PostgreSQL's bound-parameter limits
# An asset row as a save inserts it, and the unique key its new ID is matched back by.
_INSERTED = ("store_id", "kind", "external_id", "scope", "name", "parent_id", "attributes", "bound_at")
_KEY = (Asset.store_id, Asset.kind, Asset.external_id, Asset.scope)


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class StoreRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, store_id: int) -> Store | None:
        return self.session.get(Store, store_id)

    def lock(self, store_id: int) -> Store | None:
        """Lock the store row until the transaction ends, so two saves for one store run one after the other.

        PostgreSQL (and other servers): ``SELECT … FOR UPDATE``. SQLite has no row locks: the transaction is
        begun with ``BEGIN IMMEDIATE`` (the database's write lock), so this must be the first statement.
        """
        if self.begin_write():
            return self.session.get(Store, store_id)
        stmt = select(Store).where(Store.id == store_id).with_for_update(of=Store)
        return self.session.scalars(stmt).one_or_none()

    def begin_write(self) -> bool:
        """Start a transaction that will write. On SQLite: ``BEGIN IMMEDIATE`` now (returns True), because a
        deferred transaction that read first can fail to write once another writer committed meanwhile. Elsewhere
        nothing to do (False). Must come before any other statement of the unit of work."""
        if self.session.get_bind().dialect.name != "sqlite":
            return False
        if self.session.in_transaction():
            raise RuntimeError("begin_write()/lock() must be the first statement of the unit of work on SQLite")
        self.session.connection(execution_options={SQLITE_BEGIN_OPTION: "immediate"})
        return True

    def plan(self, name: str) -> Plan | None:
        return self.session.get(Plan, name)

    def plans(self) -> list[Plan]:
        return list(self.session.scalars(select(Plan).order_by(Plan.ad_account_limit)))

    def add_plan(self, plan: Plan) -> None:
        self.session.add(plan)

    def add(self, store: Store) -> Store:
        self.session.add(store)
        self.session.flush()
        return store

    def for_member(self, email: str) -> list[tuple[Store, str]]:
        """The stores ``email`` belongs to, with its role in each."""
        stmt = (
            select(Store, StoreMember.role)
            .join(StoreMember, StoreMember.store_id == Store.id)
            .where(StoreMember.email == email.strip().lower())
            .order_by(Store.id)
        )
        return [(store, role) for store, role in self.session.execute(stmt)]

    def member(self, store_id: int, email: str) -> StoreMember | None:
        stmt = select(StoreMember).where(StoreMember.store_id == store_id, StoreMember.email == email.strip().lower())
        return self.session.scalar(stmt)

    def members(self, store_id: int) -> list[StoreMember]:
        stmt = select(StoreMember).where(StoreMember.store_id == store_id).order_by(StoreMember.email)
        return list(self.session.scalars(stmt))

    def add_member(self, member: StoreMember) -> None:
        self.session.add(member)

    def remove_member(self, member: StoreMember) -> None:
        self.session.delete(member)

    def person(self, email: str) -> PersonSettings | None:
        return self.session.get(PersonSettings, email.strip().lower())

    def save_person(self, settings: PersonSettings) -> None:
        self.session.merge(settings)

    def connection(self, store_id: int) -> FacebookConnection | None:
        return self.session.get(FacebookConnection, store_id)

    def save_connection(self, connection: FacebookConnection) -> None:
        self.session.merge(connection)

    def delete_connection(self, store_id: int, facebook_user_ids: Iterable[str] | None = None) -> None:
        """Forget the store's Facebook login (its token); with ``facebook_user_ids``, only if it is one of them."""
        stmt = delete(FacebookConnection).where(FacebookConnection.store_id == store_id)
        if facebook_user_ids is not None:
            stmt = stmt.where(FacebookConnection.facebook_user_id.in_(list(facebook_user_ids)))
        self.session.execute(stmt)


class AssetRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, store_id: int, asset_id: int) -> Asset | None:
        return self.session.scalar(select(Asset).where(Asset.store_id == store_id, Asset.id == asset_id))

    def find(self, store_id: int, kind: str, external_id: str, scope: str = "") -> Asset | None:
        stmt = select(Asset).where(
            Asset.store_id == store_id,
            Asset.kind == kind,
            Asset.external_id == external_id,
            Asset.scope == scope,
        )
        return self.session.scalar(stmt)

    def list(self, store_id: int, kinds: Iterable[str] | None = None, *, bound: bool | None = True) -> list[Asset]:
        """A store's assets: bound only (default), retained only (``bound=False``) or both (``None``)."""
        stmt = select(Asset).where(Asset.store_id == store_id)
        if kinds is not None:
            stmt = stmt.where(Asset.kind.in_([str(k) for k in kinds]))
        if bound is True:
            stmt = stmt.where(Asset.unbound_at.is_(None))
        elif bound is False:
            stmt = stmt.where(Asset.unbound_at.is_not(None))
        return list(self.session.scalars(stmt.order_by(Asset.id)))

    def count_bound(self, store_id: int) -> dict[str, int]:
        """Bound assets by kind (kinds with none are absent)."""
        stmt = (
            select(Asset.kind, func.count())
            .where(Asset.store_id == store_id, Asset.unbound_at.is_(None))
            .group_by(Asset.kind)
        )
        return {str(kind): int(n) for kind, n in self.session.execute(stmt)}

    def children(self, store_id: int, parent_ids: Sequence[int], *, batch: str | None = None) -> list[Asset]:
        """Direct children of ``parent_ids``: bound, or (with ``batch``) those that disconnect retained."""
        out: list[Asset] = []
        for chunk in _chunks(parent_ids):
            stmt = select(Asset).where(Asset.store_id == store_id, Asset.parent_id.in_(chunk))
            stmt = stmt.where(Asset.unbind_batch == batch) if batch else stmt.where(Asset.unbound_at.is_(None))
            out += self.session.scalars(stmt.order_by(Asset.id))
        return out

    def in_batch(self, store_id: int, batch: str, kinds: Iterable[str]) -> list[Asset]:
        stmt = select(Asset).where(
            Asset.store_id == store_id, Asset.unbind_batch == batch, Asset.kind.in_([str(k) for k in kinds])
        )
        return list(self.session.scalars(stmt.order_by(Asset.id)))

    def add_all(self, assets: Sequence[Asset]) -> None:
        """Insert new assets in a few multi-row statements, SQLite included, then keep them in the session with
        their IDs. The IDs come back in whatever order the database returns rows and are matched by each asset's
        unique key: SQLite does not promise RETURNING in insertion order, and asking the ORM for that order makes
        it send one INSERT per row."""
        if not assets:
            return
        self.session.flush()
        rows = [{column: getattr(asset, column) for column in _INSERTED} for asset in assets]
        stmt = insert(Asset).returning(Asset.id, *_KEY, sort_by_parameter_order=False)
        ids = {tuple(row[1:]): row[0] for row in self.session.execute(stmt, rows)}
        for asset in assets:
            asset.id = ids[tuple(getattr(asset, column.key) for column in _KEY)]
            make_transient_to_detached(asset)
            self.session.add(asset)

    def flush(self) -> None:
        self.session.flush()

    def mark_unbound(self, store_id: int, assets: Sequence[Asset], *, at: datetime, batch: str, actor: str) -> None:
        self._set(store_id, assets, unbound_at=at, unbind_batch=batch, unbound_by=actor)

    def mark_bound(self, store_id: int, assets: Sequence[Asset], *, at: datetime) -> None:
        self._set(store_id, assets, unbound_at=None, unbind_batch=None, unbound_by=None, bound_at=at)

    def _set(self, store_id: int, assets: Sequence[Asset], **values: Any) -> None:
        """One ``UPDATE … WHERE id IN (…)`` per chunk; the loaded objects are told the new values directly."""
        self.session.flush()
        ids = [a.id for a in assets]
        for chunk in _chunks(ids):
            self.session.execute(
                update(Asset).where(Asset.store_id == store_id, Asset.id.in_(chunk)).values(**values),
                execution_options={"synchronize_session": False},
            )
        for asset in assets:
            for name, value in values.items():
                set_committed_value(asset, name, value)

    def expired(self, cutoff: datetime, store_id: int | None = None) -> list[Asset]:
        """Retained assets unbound at or before ``cutoff`` (that is, whose retention period is over)."""
        stmt = select(Asset).where(Asset.unbound_at.is_not(None), Asset.unbound_at <= cutoff)
        if store_id is not None:
            stmt = stmt.where(Asset.store_id == store_id)
        return list(self.session.scalars(stmt.order_by(Asset.id)))

    def delete_with_history(self, ids: Sequence[int]) -> tuple[int, int]:
        """Delete assets and their snapshots for good; returns (ad-volume, account) snapshots deleted."""
        self.session.flush()
        volume = accounts = 0
        for chunk in _chunks(ids):
            volume += self.session.execute(
                delete(AdVolumeSnapshot).where(AdVolumeSnapshot.asset_id.in_(chunk)),
                execution_options={"synchronize_session": False},
            ).rowcount
            accounts += self.session.execute(
                delete(AccountSnapshot).where(AccountSnapshot.asset_id.in_(chunk)),
                execution_options={"synchronize_session": False},
            ).rowcount
            self.session.execute(update(Asset).where(Asset.parent_id.in_(chunk)).values(parent_id=None))
            self.session.execute(delete(Asset).where(Asset.id.in_(chunk)))
        return volume, accounts

    # --- the app's history, hidden with its asset -----------------------------------------------------------

    def record_snapshots(
        self,
        table: type[Snapshot],
        store_id: int,
        kinds: Iterable[str],
        values: Mapping[tuple[str, str], Mapping[str, Any]],
        at: datetime,
    ) -> int:
        """One snapshot row per bound asset of ``kinds`` with values (keyed by kind and external ID), in one
        statement; values of assets the store has not bound are skipped. Returns how many were written."""
        ids = {(a.kind, a.external_id): a.id for a in self.list(store_id, kinds)}
        rows = [
            {"store_id": store_id, "asset_id": ids[key], "taken_at": at, **fields}
            for key, fields in values.items()
            if key in ids
        ]
        if rows:
            self.session.execute(insert(table), rows)
        return len(rows)

    def history(
        self, table: type[Snapshot], store_id: int, since: datetime | None = None
    ) -> list[tuple[Asset, Snapshot]]:
        """The snapshots of the store's bound assets only, oldest first: a retained asset's history stays hidden."""
        stmt = (
            select(Asset, table)
            .join(table, table.asset_id == Asset.id)
            .where(Asset.store_id == store_id, Asset.unbound_at.is_(None))
        )
        if since is not None:
            stmt = stmt.where(table.taken_at >= since)
        return [(a, snap) for a, snap in self.session.execute(stmt.order_by(table.taken_at, Asset.id))]


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_many(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self.session.execute(insert(AuditEntry), list(rows))

    def query(
        self,
        store_id: int,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        actions: Iterable[str] | None = None,
        results: Iterable[str] | None = None,
        target_kind: str | None = None,
        actor: str | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        stmt = select(AuditEntry).where(AuditEntry.store_id == store_id)
        if since is not None:
            stmt = stmt.where(AuditEntry.at >= since)
        if until is not None:
            stmt = stmt.where(AuditEntry.at < until)
        if actions:
            stmt = stmt.where(AuditEntry.action.in_(list(actions)))
        if results:
            stmt = stmt.where(AuditEntry.result.in_(list(results)))
        if target_kind:
            stmt = stmt.where(AuditEntry.target_kind == target_kind)
        if actor:
            stmt = stmt.where(AuditEntry.actor == actor)
        return list(self.session.scalars(stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)))


class CreationRepository:
    """Ad account creations sent to Facebook, one row per idempotency key of a store."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, store_id: int, key: str) -> AdAccountCreation | None:
        stmt = select(AdAccountCreation).where(
            AdAccountCreation.store_id == store_id, AdAccountCreation.idempotency_key == key
        )
        return self.session.scalar(stmt)

    def of_business(self, store_id: int, business_id: str) -> list[AdAccountCreation]:
        stmt = select(AdAccountCreation).where(
            AdAccountCreation.store_id == store_id, AdAccountCreation.business_id == business_id
        )
        return list(self.session.scalars(stmt.order_by(AdAccountCreation.requested_at, AdAccountCreation.id)))

    def add(self, creation: AdAccountCreation) -> AdAccountCreation:
        self.session.add(creation)
        self.session.flush()
        return creation

    def flush(self) -> None:
        """Write pending changes now (a freed key before the row that takes it)."""
        self.session.flush()
