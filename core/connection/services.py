"""The store's Facebook connection: keep the login's token (encrypted), read it back, forget it.

One Facebook account per store: a new login replaces the old one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from core.activity.audit import Result, audit_row, audited
from core.binding.model import AssetKind
from core.db.crypto import TokenCipher
from core.db.models import FacebookConnection
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor, Clock, system_clock
from core.stores.access import require
from core.stores.model import Permission, StoreNotFound


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
    *,
    cipher: TokenCipher,
    facebook_user_id: str,
    facebook_user_name: str,
    token: str,
    token_expires_at: datetime | None,
    data_access_expires_at: datetime | None,
    scopes: Sequence[str],
    actor: Actor,
    clock: Clock = system_clock,
) -> None:
    """Keep the store's Facebook login (token encrypted). One per store: a new login replaces the old."""
    with (
        audited(uow, store_id, clock, actor, "connect_facebook", AssetKind.FACEBOOK_ACCOUNT, facebook_user_id),
        uow,
    ):
        if uow.stores.lock(store_id) is None:
            raise StoreNotFound(f"Store {store_id} does not exist.")
        require(uow, store_id, actor, Permission.BIND)
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


def facebook_connection(
    store_id: int, uow: SqlAlchemyUnitOfWork, *, cipher: TokenCipher
) -> FacebookConnectionInfo | None:
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
