"""Creating an ad account (POST ``<BUSINESS_ID>/adaccount``) once per request (docs/RULES.md, "Ad accounts").

The request's key comes from the store and what is asked (Business Manager, name, currency, time zone, end
advertiser, media agency, partner, invoice), never from the browser session: a second tab, a reload, another
process or another person sending the same request within :data:`WINDOW` gets the same key. Each key is a row of
``ad_account_creations`` (unique per store and key), written and committed in the store's write transaction before
Facebook is called, so whoever comes second finds it: the account it created, or an attempt still waiting for
Facebook's answer. When that answer was lost, the Business Manager's ad accounts of that name created since the
attempt are read from Facebook before anything is sent again: found, it is the one; not found, Facebook did not
create it and the request is sent. The POST itself is sent once, never retried by the client.

The count of creations (Facebook allows 5 through the API) comes from the same table: the app's own successful
creations, plus whether Facebook already answered 3979 (its limit, counting creations by other tools too).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.exc import IntegrityError

from core.activity.audit import audited, record
from core.activity.model import Result
from core.ad_accounts.graph import created_accounts, single_attempt
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
from core.graph import AmbiguousWriteError, GraphClient, GraphError
from core.shared import Actor, Clock, system_clock, words
from core.shared.i18n import N_, _, ngettext
from core.stores.access import check
from core.stores.model import Permission, StoreNotFound

log = logging.getLogger(__name__)

LIMIT_CODE = 3979  # Graph's answer when the Business Manager may not create more ad accounts through the API
WINDOW = timedelta(hours=24)  # the same request within a day is the same ad account
IN_FLIGHT = timedelta(minutes=2)  # an attempt younger than this may still get Facebook's answer (client timeout 60 s)
CLOCK_SKEW = timedelta(minutes=10)  # Facebook's clock against ours, when reading which accounts were created since


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
        said = {"made": words.number(self.created_by_app), "limit": words.number(self.limit)}
        if self.facebook_said_full:
            return ngettext(
                "Facebook said this Business Manager already has the {limit} ad account it allows through the API.",
                "Facebook said this Business Manager already has the {limit} ad accounts it allows through the API.",
                self.limit,
            ).format(**said)
        return _("Created through Smart Ads: {made} of the {limit} Facebook allows through the API.").format(**said)


@dataclass(frozen=True)
class CreateResult:
    account_id: str
    replayed: bool = False  # this request had already created it: nothing was sent again
    recovered: bool = False  # its answer had been lost; it was found on Facebook, nothing was sent again


def _count(rows: list[AdAccountCreation]) -> CreationCount:
    created = sum(1 for r in rows if r.status == CreationStatus.CREATED)
    return CreationCount(created, any(r.error_code == LIMIT_CODE for r in rows))


def creation_count(store_id: int, business_id: str, uow: SqlAlchemyUnitOfWork) -> CreationCount:
    with uow:
        return _count(uow.creations.of_business(store_id, business_id))


def request_key(store_id: int, business_id: str, params: dict[str, str | int | bool]) -> str:
    """The key of a creation request: the store, the Business Manager and the validated parameters (SHA-256)."""
    canonical = json.dumps({"store": store_id, "business": business_id, **params}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class _Attempt:
    """What ``_reserve`` decided: replay a created account, or send (after looking on Facebook when ``since``)."""

    replay: str | None = None
    since: datetime | None = None  # an earlier attempt's answer was lost: look for what it made since then


def create(
    store_id: int,
    business_id: str,
    form: NewAdAccount,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
    client: GraphClient,
) -> CreateResult:
    """POST ``<BUSINESS_ID>/adaccount`` once per request (store and content, within :data:`WINDOW`): the same
    request again returns the account it created; an attempt whose answer was lost is looked for on Facebook
    first; one still waiting for Facebook's answer is not sent twice."""
    summary = form.summary()
    with audited(uow, store_id, clock, actor, CREATE, BUSINESS, business_id, prefix=f"{summary}: "):
        check(store_id, actor, Permission.AD_ACCOUNTS, uow)
        params = validate_new_ad_account(form)
        key = request_key(store_id, business_id, params)
        attempt = _reserve(store_id, business_id, key, params, summary, uow, actor=actor, now=clock())
        if attempt.replay:
            log.info("create ad account: this request already created %s, not sent again", attempt.replay)
            return CreateResult(attempt.replay, replayed=True)
        if attempt.since is not None:
            found = _made_since(client, business_id, params, attempt.since)
            if found:
                _finish(store_id, key, uow, CreationStatus.CREATED, now=clock(), account_id=found)
                detail = f"created {found} (found on Facebook: the first answer was lost): {summary}"
                record(uow, store_id, clock, actor, CREATE, Result.OK, BUSINESS, business_id, detail)
                return CreateResult(found, replayed=True, recovered=True)
        account_id = _send(store_id, business_id, key, params, uow, clock=clock, client=client)
    record(uow, store_id, clock, actor, CREATE, Result.OK, BUSINESS, business_id, f"created {account_id}: {summary}")
    return CreateResult(account_id)


def _made_since(client: GraphClient, business_id: str, params: dict, since: datetime) -> str | None:
    """The account an attempt whose answer was lost made, read from Facebook; None when there is none."""
    for made in created_accounts(client, business_id, str(params["name"]), since - CLOCK_SKEW):
        if made.currency == params["currency"] and made.timezone_id == params["timezone_id"]:
            log.info("create ad account: the lost answer's account is %s", made.id)
            return made.id
    log.info("create ad account: nothing was created by the attempt whose answer was lost; sending it")
    return None


def _send(
    store_id: int,
    business_id: str,
    key: str,
    params: dict,
    uow: SqlAlchemyUnitOfWork,
    *,
    clock: Clock,
    client: GraphClient,
) -> str:
    try:
        answer = single_attempt(client).post(f"{business_id}/adaccount", params)
    except GraphError as exc:
        status = CreationStatus.REFUSED if not exc.is_transient else CreationStatus.UNKNOWN
        if exc.is_transient and exc.refused:
            status = CreationStatus.FAILED
        if status is CreationStatus.UNKNOWN or isinstance(exc, AmbiguousWriteError):
            status = CreationStatus.UNKNOWN
            exc.user_title, exc.user_message = _("Facebook's answer was lost"), _(LOST_WORDS)
        _finish(store_id, key, uow, status, now=clock(), error_code=exc.code)
        raise
    except Exception:  # the outcome of the POST is unknown: say so, never send it again blindly
        _finish(store_id, key, uow, CreationStatus.UNKNOWN, now=clock())
        raise
    account_id = normalise_ad_account_id(str(answer.get("id") or answer.get("account_id") or ""))
    _finish(store_id, key, uow, CreationStatus.CREATED, now=clock(), account_id=account_id)
    return account_id


LOST_WORDS = N_(
    "The ad account was sent to Facebook, but its answer never arrived, so it may or may not have been created. "
    "Send the same form again: Smart Ads first looks for it on Facebook and creates it only if it isn't there, "
    "so you never get two."
)


def _reserve(
    store_id: int,
    business_id: str,
    key: str,
    params: dict,
    summary: str,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    now: datetime,
) -> _Attempt:
    """In the store's write transaction: replay what this request created, refuse it while an attempt waits for
    Facebook's answer, refuse a full Business Manager; else commit this attempt's ``started`` row, which every
    other session, tab or process then finds (the unique key decides between two that race)."""
    with uow:
        if uow.stores.lock(store_id) is None:
            raise StoreNotFound(_("Store {store} does not exist.").format(store=store_id))
        row = uow.creations.get(store_id, key)
        if row is not None and row.status == CreationStatus.CREATED and row.account_id:
            if now - row.requested_at < WINDOW:
                return _Attempt(replay=row.account_id)
            row.idempotency_key = f"{key[:40]}-done-{row.id}"  # an old one: kept for the count, its key freed
            uow.creations.flush()
            row = None
        since = None
        if row is not None and row.status in (CreationStatus.STARTED, CreationStatus.UNKNOWN):
            if row.status == CreationStatus.STARTED and now - row.requested_at < IN_FLIGHT:
                raise SubmissionNotFinished(_in_flight_words(row, actor))
            since = row.requested_at  # its answer was lost (or its process stopped): look on Facebook first
        count = _count(uow.creations.of_business(store_id, business_id))
        if count.reached and since is None:
            raise CreationLimitReached(
                _(
                    "{count} More ad accounts can't be created through the API: create them by hand in Business "
                    "Manager (Business settings → Accounts → Ad accounts → Add)."
                ).format(count=count.label),
                count.created_by_app,
                count.limit,
            )
        fresh = {
            "name": str(params["name"]),
            "summary": summary[:4000],
            "status": CreationStatus.STARTED,
            "account_id": None,
            "error_code": None,
            "requested_by": actor.id[:320],
            "requested_at": now,
            "finished_at": None,
        }
        if row is None:
            try:
                uow.creations.add(
                    AdAccountCreation(store_id=store_id, business_id=business_id, idempotency_key=key, **fresh)
                )
            except IntegrityError:  # another process wrote this request's row first
                raise SubmissionNotFinished(_in_flight_words(None, actor)) from None
        else:  # refused, not applied, or its answer lost: a new attempt under the same key
            for name, value in fresh.items():
                setattr(row, name, value)
        uow.commit()
    return _Attempt(since=since)


def _in_flight_words(row: AdAccountCreation | None, actor: Actor) -> str:
    if row is None:
        return _(
            "This ad account is being created right now: you sent the same request to Facebook, and its answer "
            "hasn't arrived yet. It isn't sent again, so there won't be two. Refresh in a minute to see it in the "
            "list."
        )
    if row.requested_by == actor.id:
        sentence = _(
            "This ad account is being created right now: you sent the same request to Facebook at {when}, and its "
            "answer hasn't arrived yet. It isn't sent again, so there won't be two. Refresh in a minute to see it "
            "in the list."
        )
    else:
        sentence = _(
            "This ad account is being created right now: someone else in this store sent the same request to "
            "Facebook at {when}, and its answer hasn't arrived yet. It isn't sent again, so there won't be two. "
            "Refresh in a minute to see it in the list."
        )
    return sentence.format(when=words.when(row.requested_at))


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
