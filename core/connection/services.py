"""The store's Facebook connection: keep the login's token (encrypted), read it back, disconnect it.

One Facebook account per store: a new login replaces the old one. Disconnecting unbinds every Facebook asset of the
store (the binding's cascade) and removes the app's access on Facebook when the token still works.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from core.activity.audit import Result, audit_row, audited, record
from core.binding import AssetKind, AssetNotFound, UnbindPlan, unbind
from core.db.crypto import TokenCipher
from core.db.models import FacebookConnection
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph import NO_RETRY, AuthenticationError, GraphClient, GraphError
from core.shared import Actor, Clock, system_clock
from core.shared.i18n import _
from core.stores.access import require
from core.stores.model import Permission, StoreNotFound

log = logging.getLogger(__name__)
REVOKE = "revoke_facebook"


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
            raise StoreNotFound(_("Store {id} does not exist.").format(id=store_id))
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


@dataclass(frozen=True)
class Disconnected:
    """What disconnecting the Facebook account did: the assets unbound, and whether Facebook removed the app's
    access (``revoked``) or only this store forgot it (``why`` says which, in words)."""

    plan: UnbindPlan
    revoked: bool
    why: str


def disconnect_facebook(
    store_id: int,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
    client: GraphClient | None,
    expected: Sequence[int] | None = None,
) -> Disconnected:
    """Disconnect the store's Facebook account (docs/RULES.md, "The Facebook account"): unbind it and everything
    Facebook of the store (``core.binding.unbind``, checked against the confirmed ``expected``), forget the
    token, then remove the app's access on Facebook (``DELETE /me/permissions``, sent once) with ``client``, the
    store's token. An expired or revoked token, or Facebook out of reach, still disconnects locally; the outcome
    of the revoke is audited and said."""
    with uow:
        require(uow, store_id, actor, Permission.BIND)
        accounts = uow.assets.list(store_id, [AssetKind.FACEBOOK_ACCOUNT])
        if not accounts:
            raise AssetNotFound(_("No Facebook account is connected to this store."))
        asset_id, facebook_id = accounts[0].id, accounts[0].external_id
    plan = unbind(store_id, asset_id, uow, actor=actor, clock=clock, expected=expected)
    revoked, why, result = _revoke(client)
    record(uow, store_id, clock, actor, REVOKE, result, AssetKind.FACEBOOK_ACCOUNT, facebook_id, why)
    return Disconnected(plan, revoked, why)


def _revoke(client: GraphClient | None) -> tuple[bool, str, Result]:
    if client is None:
        return False, _("No token was kept, so Facebook was not asked: disconnected here only."), Result.FAILED
    once = copy.copy(client)
    once.retry = NO_RETRY
    try:
        once.delete("me/permissions")
    except AuthenticationError:
        return (
            False,
            _(
                "Facebook no longer accepted the connection (expired or already removed), so there was nothing to "
                "remove there: disconnected here."
            ),
            Result.OK,
        )
    except GraphError as exc:
        log.info("revoking the app on Facebook failed: %s", type(exc).__name__)
        return (
            False,
            _(
                "Facebook could not be asked to remove the app ({why}): disconnected here only. Remove Smart Ads in "
                "Facebook's settings (Business integrations) to end its access there too."
            ).format(why=exc.user_title),
            Result.FAILED,
        )
    return True, _("Facebook removed the app's access for this Facebook account."), Result.OK
