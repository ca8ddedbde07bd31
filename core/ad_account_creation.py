"""Creating an ad account (POST ``<BUSINESS_ID>/adaccount``) exactly once per form submission.

The submission's key is reserved in the store's audit log, inside the store's write transaction, before Facebook
is called: the same key again (double click, retry, a second tab) gets the account it created, or is refused
while its first outcome is unknown. The POST is sent once, never retried by the client. The count of creations
(Facebook allows 5 through the API) is the app's own, from the same log, plus Facebook's 3979 once it was seen.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from core.ad_account_rules import (
    MAX_CREATED_VIA_API,
    AdAccountRefused,
    CreationLimitReached,
    NewAdAccount,
    SubmissionNotFinished,
    normalise_ad_account_id,
    validate_new_ad_account,
)
from core.ad_accounts import BUSINESS, CREATE, OUTCOME_UNKNOWN, Audit, single_attempt
from core.binding import SqlAlchemyUnitOfWork, StoreNotFound
from core.binding.audit import Result, audit_row
from core.graph import GraphClient, GraphError

log = logging.getLogger(__name__)

_SUBMISSION = re.compile(r"\bsubmission ([0-9A-Za-z_-]{8,64})\b")
_CREATED = re.compile(r"\bcreated (act_\d+)")


@dataclass(frozen=True)
class CreationCount:
    """What the app knows of a Business Manager's API creations: its own successful ones (from the audit log),
    and whether Facebook already answered 3979 (the limit, counting creations by other tools too)."""

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
    replayed: bool = False  # True: this submission had already created it; nothing was sent again


def _create_entries(uow: SqlAlchemyUnitOfWork, store_id: int, business_id: str) -> list:
    rows = uow.audit.query(store_id, actions=[CREATE], target_kind=BUSINESS, limit=100_000)
    return [r for r in rows if r.target_id == business_id]  # newest first


def _count(rows: list) -> CreationCount:
    created = sum(1 for r in rows if r.result == Result.OK)
    full = any(r.result == Result.REFUSED and "(code 3979)" in r.detail for r in rows)
    return CreationCount(created, full)


def creation_count(uow: SqlAlchemyUnitOfWork, store_id: int, business_id: str) -> CreationCount:
    with uow:
        return _count(_create_entries(uow, store_id, business_id))


def _reserve(audit: Audit, business_id: str, key: str, summary: str) -> CreateResult | None:
    """In the store's write transaction: replay a finished submission, refuse an unfinished one or a full
    Business Manager, else write the ``started`` entry that makes a second attempt with this key wait."""
    uow = audit.uow
    with uow:
        if uow.stores.lock(audit.store_id) is None:
            raise StoreNotFound(f"Store {audit.store_id} does not exist.")
        rows = _create_entries(uow, audit.store_id, business_id)
        mine = [r for r in rows if (m := _SUBMISSION.search(r.detail)) and m.group(1) == key]
        last = mine[0] if mine else None
        if last is not None and last.result == Result.OK and (made := _CREATED.search(last.detail)):
            return CreateResult(made.group(1), replayed=True)
        if last is not None and (last.result == Result.STARTED or OUTCOME_UNKNOWN in last.detail):
            raise SubmissionNotFinished(
                "This form was already sent to Facebook and its outcome isn't known yet, so it isn't sent again "
                "(that could create a second ad account). Refresh the list of ad accounts: if the new account "
                "isn't there after a minute, start a new form and create it again."
            )
        count = _count(rows)
        if count.reached:
            detail = f"submission {key}: Facebook's limit of {count.limit} API creations reached ({summary})"
            refused = audit_row(
                audit.store_id, audit.clock(), audit.actor, CREATE, Result.REFUSED, BUSINESS, business_id, detail
            )
            uow.audit.add_many([refused])
            uow.commit()
            raise CreationLimitReached(
                f"{count.label} More ad accounts can't be created through the API: create them by hand in "
                "Business Manager (Business settings → Accounts → Ad accounts → Add).",
                count.created_by_app,
                count.limit,
            )
        started = f"submission {key}: sent to Facebook ({summary})"
        row = audit_row(
            audit.store_id, audit.clock(), audit.actor, CREATE, Result.STARTED, BUSINESS, business_id, started
        )
        uow.audit.add_many([row])
        uow.commit()
    return None


def create(
    client: GraphClient, audit: Audit, business_id: str, form: NewAdAccount, submission_key: str
) -> CreateResult:
    """POST ``<BUSINESS_ID>/adaccount`` once per ``submission_key``: the same key again returns the account it
    created (double click, retry), or is refused while its first outcome is unknown."""
    if not _SUBMISSION.match(f"submission {submission_key}"):
        raise ValueError("submission_key must be 8-64 letters, digits, '-' or '_'")
    summary = form.summary()
    try:
        params = validate_new_ad_account(form)
    except AdAccountRefused as exc:
        audit.refused(CREATE, BUSINESS, business_id, exc, f"submission {submission_key}: ")
        raise
    replay = _reserve(audit, business_id, submission_key, summary)
    if replay is not None:
        log.info("create ad account: submission already done (%s), not sent again", replay.account_id)
        return replay
    try:
        answer = single_attempt(client).post(f"{business_id}/adaccount", params)
    except GraphError as exc:
        audit.graph_failure(CREATE, BUSINESS, business_id, exc, f"submission {submission_key}: ")
        raise
    except Exception:  # the outcome of the POST is unknown: say so, never send it again blindly
        audit.write(CREATE, Result.FAILED, BUSINESS, business_id, f"submission {submission_key}: {OUTCOME_UNKNOWN}")
        raise
    account_id = normalise_ad_account_id(str(answer.get("id") or answer.get("account_id") or ""))
    audit.write(
        CREATE, Result.OK, BUSINESS, business_id, f"submission {submission_key}: created {account_id} ({summary})"
    )
    return CreateResult(account_id)
