"""Creating an ad account (POST ``<BUSINESS_ID>/adaccount``) exactly once per idempotency key.

Each creation is a row of ``ad_account_creations``, keyed by the store and the key, written in the store's write
transaction before Facebook is called: the same key again (double click, retry, a second tab) gets the account it
created, or is refused while its first outcome is unknown. The POST is sent once, never retried by the client.
The count of creations (Facebook allows 5 through the API) comes from the same table: the app's own successful
creations, plus whether Facebook already answered 3979 (its limit, counting creations by other tools too).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core.activity.audit import audited, record
from core.activity.model import Result
from core.ad_accounts.graph import single_attempt
from core.ad_accounts.model import (
    MAX_CREATED_VIA_API,
    CreationLimitReached,
    NewAdAccount,
    SubmissionNotFinished,
    normalise_ad_account_id,
    validate_new_ad_account,
)
from core.ad_accounts.services import BUSINESS, CREATE
from core.db.models import AdAccountCreation
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph import GraphClient, GraphError
from core.shared import Actor, Clock, system_clock
from core.stores.access import check
from core.stores.model import Permission, StoreNotFound

log = logging.getLogger(__name__)

LIMIT_CODE = 3979  # Graph's answer when the Business Manager may not create more ad accounts through the API


class CreationStatus(StrEnum):
    STARTED = "started"  # sent to Facebook, answer not recorded yet
    CREATED = "created"
    REFUSED = "refused"  # Facebook said no: nothing was created
    FAILED = "failed"  # not applied (Facebook guarantees it), safe to send again
    UNKNOWN = "unknown"  # the answer was lost: it may or may not have been created


@dataclass(frozen=True)
class CreationCount:
    """What the app knows of a Business Manager's API creations: its own successful ones, and whether Facebook
    already answered 3979 (the limit, counting creations by other tools too)."""

    created_by_app: int
    facebook_said_full: bool
    limit: int = MAX_CREATED_VIA_API

    @property
    def reached(self) -> bool:
        return self.facebook_said_full or self.created_by_app >= self.limit

    @property
    def label(self) -> str:
        if self.facebook_said_full:
            return (
                f"Facebook said this Business Manager already has the {self.limit} ad accounts it allows "
                "through the API."
            )
        return f"Created through Smart Ads: {self.created_by_app} of the {self.limit} Facebook allows through the API."


@dataclass(frozen=True)
class CreateResult:
    account_id: str
    replayed: bool = False  # True: this key had already created it; nothing was sent again


def _count(rows: list[AdAccountCreation]) -> CreationCount:
    created = sum(1 for r in rows if r.status == CreationStatus.CREATED)
    return CreationCount(created, any(r.error_code == LIMIT_CODE for r in rows))


def creation_count(store_id: int, business_id: str, uow: SqlAlchemyUnitOfWork) -> CreationCount:
    with uow:
        return _count(uow.creations.of_business(store_id, business_id))


def create(
    store_id: int,
    business_id: str,
    form: NewAdAccount,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
    client: GraphClient,
    key: str,
) -> CreateResult:
    """POST ``<BUSINESS_ID>/adaccount`` once per ``key``: the same key again returns the account it created (double
    click, retry), or is refused while its first outcome is unknown."""
    if not 8 <= len(key) <= 64:
        raise ValueError("an idempotency key has 8 to 64 characters")
    summary = form.summary()
    with audited(uow, store_id, clock, actor, CREATE, BUSINESS, business_id, prefix=f"{summary}: "):
        check(store_id, actor, Permission.AD_ACCOUNTS, uow)
        params = validate_new_ad_account(form)
        replay = _reserve(store_id, business_id, key, form, summary, uow, actor=actor, now=clock())
        if replay is not None:
            log.info("create ad account: key already created %s, not sent again", replay.account_id)
            return replay
        try:
            answer = single_attempt(client).post(f"{business_id}/adaccount", params)
        except GraphError as exc:
            status = CreationStatus.REFUSED if not exc.is_transient else CreationStatus.UNKNOWN
            if exc.is_transient and exc.refused:
                status = CreationStatus.FAILED
            _finish(store_id, key, uow, status, now=clock(), error_code=exc.code)
            raise
        except Exception:  # the outcome of the POST is unknown: say so, never send it again blindly
            _finish(store_id, key, uow, CreationStatus.UNKNOWN, now=clock())
            raise
        account_id = normalise_ad_account_id(str(answer.get("id") or answer.get("account_id") or ""))
        _finish(store_id, key, uow, CreationStatus.CREATED, now=clock(), account_id=account_id)
    record(uow, store_id, clock, actor, CREATE, Result.OK, BUSINESS, business_id, f"created {account_id}: {summary}")
    return CreateResult(account_id)


def _reserve(
    store_id: int,
    business_id: str,
    key: str,
    form: NewAdAccount,
    summary: str,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    now: datetime,
) -> CreateResult | None:
    """In the store's write transaction: replay a finished creation, refuse an unfinished one or a full Business
    Manager, else record the ``started`` row that makes a second attempt with this key wait."""
    with uow:
        if uow.stores.lock(store_id) is None:
            raise StoreNotFound(f"Store {store_id} does not exist.")
        row = uow.creations.get(store_id, key)
        if row is not None and row.status == CreationStatus.CREATED and row.account_id:
            return CreateResult(row.account_id, replayed=True)
        if row is not None and row.status in (CreationStatus.STARTED, CreationStatus.UNKNOWN):
            raise SubmissionNotFinished(
                "This ad account was already sent to Facebook and the answer hasn't arrived, so it isn't sent again "
                "(that could create a second ad account). Refresh the list of ad accounts: if the new account isn't "
                "there after a minute, start a new form and create it again."
            )
        count = _count(uow.creations.of_business(store_id, business_id))
        if count.reached:
            raise CreationLimitReached(
                f"{count.label} More ad accounts can't be created through the API: create them by hand in "
                "Business Manager (Business settings → Accounts → Ad accounts → Add).",
                count.created_by_app,
                count.limit,
            )
        fresh = {
            "name": form.name.strip()[:200],
            "summary": summary[:4000],
            "status": CreationStatus.STARTED,
            "account_id": None,
            "error_code": None,
            "requested_by": actor.id,
            "requested_at": now,
            "finished_at": None,
        }
        if row is None:
            row = AdAccountCreation(store_id=store_id, business_id=business_id, idempotency_key=key, **fresh)
            uow.creations.add(row)
        else:  # refused or not applied before: this is a new attempt under the same key
            for name, value in fresh.items():
                setattr(row, name, value)
        uow.commit()
    return None


def _finish(
    store_id: int,
    key: str,
    uow: SqlAlchemyUnitOfWork,
    status: CreationStatus,
    *,
    now: datetime,
    account_id: str | None = None,
    error_code: int | None = None,
) -> None:
    with uow:
        uow.stores.lock(store_id)
        row = uow.creations.get(store_id, key)
        if row is None:
            return
        row.status, row.account_id, row.error_code, row.finished_at = status, account_id, error_code, now
        uow.commit()
