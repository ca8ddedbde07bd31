"""The tables, as typed SQLAlchemy 2 ORM classes.

One ``assets`` table holds every bound asset (Facebook account, Business Manager, ad account, Page, pixel setting,
Google Ads account) with a link to its parent, so a disconnect cascades by walking ``parent_id``. An unbound asset keeps
its row (``unbound_at`` set) for the retention period (docs/RULES.md, "Retention"), then the row and its history are
purged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.db.types import UTCDateTime

# Deterministic constraint names, so migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT on PostgreSQL, INTEGER on SQLite (where only INTEGER PRIMARY KEY autoincrements).
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class Plan(Base):
    __tablename__ = "plans"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    ad_account_limit: Mapped[int] = mapped_column(Integer)


class Store(Base):
    __tablename__ = "stores"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    plan: Mapped[str] = mapped_column(ForeignKey("plans.name"))
    created_at: Mapped[datetime]
    # The store's website (a bare host name): Domain Settings needs it verified by the pixel's Business Manager.
    website_domain: Mapped[str | None] = mapped_column(String(253))

    plan_row: Mapped[Plan] = relationship(lazy="joined")


class StoreMember(Base):
    __tablename__ = "store_members"
    __table_args__ = (UniqueConstraint("store_id", "email"), Index(None, "email"))

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16), default="owner")  # owner | admin | viewer
    created_at: Mapped[datetime]


class PersonSettings(Base):
    """What the app remembers for one person across sessions: the store they chose (and, later, their language)."""

    __tablename__ = "person_settings"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id", ondelete="SET NULL"))
    locale: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime]


class FacebookConnection(Base):
    """The store's one Facebook login: who connected and the token, encrypted (never stored in plain text)."""

    __tablename__ = "facebook_connections"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True)
    facebook_user_id: Mapped[str] = mapped_column(String(64))
    facebook_user_name: Mapped[str] = mapped_column(String(200))
    token_ciphertext: Mapped[str] = mapped_column(Text)
    token_expires_at: Mapped[datetime | None]
    data_access_expires_at: Mapped[datetime | None]
    scopes: Mapped[list[str]]
    connected_at: Mapped[datetime]


class Asset(Base):
    """A bound (``unbound_at`` is NULL) or retained (``unbound_at`` set) asset of one store."""

    __tablename__ = "assets"
    __table_args__ = (
        # ``scope`` is "" except for pixel settings, which are per ad account (the ad account's act_ ID).
        UniqueConstraint("store_id", "kind", "external_id", "scope"),
        Index(None, "store_id", "unbound_at"),
        Index(None, "parent_id"),
        Index(None, "unbound_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(64), default="")
    name: Mapped[str] = mapped_column(String(400))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id", ondelete="SET NULL"))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    bound_at: Mapped[datetime]
    unbound_at: Mapped[datetime | None]
    # Assets unbound by one disconnect share a batch, so a rebind restores what that disconnect cascaded.
    unbind_batch: Mapped[str | None] = mapped_column(String(32))
    unbound_by: Mapped[str | None] = mapped_column(String(320))

    parent: Mapped[Asset | None] = relationship(remote_side=[id], lazy="raise")


class AdVolumeSnapshot(Base):
    """Ads running or in review, against the limit, for an ad account or a Page (the app's own history)."""

    __tablename__ = "ad_volume_snapshots"
    __table_args__ = (Index(None, "asset_id", "taken_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"))
    taken_at: Mapped[datetime]
    running_or_in_review: Mapped[int]
    volume_limit: Mapped[int | None]


class AccountSnapshot(Base):
    """An ad account's status and spend at one moment (amounts in the account currency's minor units)."""

    __tablename__ = "account_snapshots"
    __table_args__ = (Index(None, "asset_id", "taken_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"))
    taken_at: Mapped[datetime]
    account_status: Mapped[int | None]
    disable_reason: Mapped[int | None]
    amount_spent: Mapped[int | None] = mapped_column(BigInteger)
    spend_cap: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    can_deliver: Mapped[bool | None] = mapped_column(Boolean)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "store_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(320))  # who: a stable id (the signed-in email, or "system")
    actor_name: Mapped[str] = mapped_column(String(200), default="")  # who, as people read it
    action: Mapped[str] = mapped_column(String(40))
    target_kind: Mapped[str | None] = mapped_column(String(20))
    target_id: Mapped[str | None] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(10))
    detail: Mapped[str] = mapped_column(Text, default="")


class AdAccountCreation(Base):
    """One ad account creation sent (or about to be sent) to Facebook, keyed by its idempotency key: the same key
    again never sends a second POST. ``status``: started (sent, answer not recorded yet), created, refused
    (Facebook said no; ``error_code``), failed (not applied, safe to try again) or unknown (the answer was lost)."""

    __tablename__ = "ad_account_creations"
    __table_args__ = (UniqueConstraint("store_id", "idempotency_key"), Index(None, "store_id", "business_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    business_id: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[str | None] = mapped_column(String(64))
    error_code: Mapped[int | None]
    requested_by: Mapped[str] = mapped_column(String(320))
    requested_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class LoginState(Base):
    """A Facebook Login in progress (docs/RULES.md, "The Facebook account"): the SHA-256 digest of the ``state`` sent to
    Facebook, never the value itself. Checked once on return (``used_at`` set), refused after ``expires_at``; see
    ``core.login``."""

    __tablename__ = "login_states"
    __table_args__ = (Index(None, "expires_at"),)

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    started_by: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
