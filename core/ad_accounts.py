"""Ad account admin for a bound Business Manager (SPEC §5): list, claim, create, remove, DSA defaults, spend cap.

Each use case takes the Graph client, the unit of work, the store, who acts and a clock. The rules of
:mod:`core.ad_account_rules` are checked before any call; every write, refusal and failure is written to the
store's audit log (:func:`core.binding.audit.record`). Creating an ad account is never done twice for one form
submission: its key is reserved in the audit log, in the store's write transaction, before Facebook is called,
and no write here is ever re-sent automatically (a throttle or failure goes back to the marketer).
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass
from decimal import Decimal

from core.ad_account_rules import (
    MAX_CREATED_VIA_API,
    AdAccountRefused,
    CreationLimitReached,
    NewAdAccount,
    RemovalNotAllowed,
    SubmissionNotFinished,
    check_dsa_pair,
    format_money,
    normalise_ad_account_id,
    removal_refusal,
    spend_cap_amount,
    validate_new_ad_account,
)
from core.binding import AssetKind, Clock, SqlAlchemyUnitOfWork, StoreNotFound, system_clock
from core.binding.audit import Result, audit_row, record
from core.graph import NO_RETRY, AmbiguousWriteError, GraphClient, GraphError, RateLimitError, TransientError

log = logging.getLogger(__name__)

CLAIM, CREATE, REMOVE, SET_DSA, SET_SPEND_CAP = (
    "claim_ad_account",
    "create_ad_account",
    "remove_ad_account",
    "set_dsa_defaults",
    "set_spend_cap",
)
ACTIONS: tuple[str, ...] = (CLAIM, CREATE, REMOVE, SET_DSA, SET_SPEND_CAP)
AD_ACCOUNT, BUSINESS = str(AssetKind.AD_ACCOUNT), str(AssetKind.BUSINESS)
OUTCOME_UNKNOWN = "outcome unknown"
_RELATION_FIELDS = ["id", "name", "account_status", "currency", "access_type", "access_status", "permitted_tasks"]
_SUBMISSION = re.compile(r"\bsubmission ([0-9A-Za-z_-]{8,64})\b")
_CREATED = re.compile(r"\bcreated (act_\d+)")


# --- reads --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BusinessAdAccount:
    """An ad account as a Business Manager holds it: OWNER or AGENCY, CONFIRMED or PENDING."""

    id: str
    name: str
    access_type: str
    access_status: str
    permitted_tasks: tuple[str, ...] = ()
    currency: str | None = None
    account_status: int | None = None
    removal_refusal: str | None = None

    @property
    def removable(self) -> bool:
        return self.removal_refusal is None


def business_ad_accounts(client: GraphClient, business_id: str, business_name: str = "") -> list[BusinessAdAccount]:
    """Owned (OWNER), client (AGENCY) and pending-claim ad accounts of one Business Manager."""
    rows: dict[str, BusinessAdAccount] = {}
    for edge_name, default_type in (("owned_ad_accounts", "OWNER"), ("client_ad_accounts", "AGENCY")):
        for item in client.iter_edge(f"{business_id}/{edge_name}", fields=_RELATION_FIELDS, limit=100):
            rows[item["id"]] = _account_row(item, default_type, "CONFIRMED", business_name)
    for item in client.iter_edge(f"{business_id}/pending_owned_ad_accounts", fields=_RELATION_FIELDS, limit=100):
        rows[item["id"]] = _account_row(item, "OWNER", "PENDING", business_name)
    return sorted(rows.values(), key=lambda a: (a.access_status != "PENDING", a.access_type != "OWNER", a.name.lower()))


def _account_row(item: dict, access_type: str, access_status: str, business_name: str) -> BusinessAdAccount:
    access_type = item.get("access_type") or access_type
    access_status = "PENDING" if access_status == "PENDING" else item.get("access_status") or access_status
    return BusinessAdAccount(
        id=normalise_ad_account_id(item["id"]),
        name=item.get("name") or item["id"],
        access_type=access_type,
        access_status=access_status,
        permitted_tasks=tuple(item.get("permitted_tasks") or ()),
        currency=item.get("currency"),
        account_status=item.get("account_status"),
        removal_refusal=removal_refusal(access_type, access_status, business_name or "This business"),
    )


@dataclass(frozen=True)
class AccountSettings:
    id: str
    name: str
    currency: str
    spend_cap_minor: int  # 0: no cap
    amount_spent_minor: int
    dsa_payor: str
    dsa_beneficiary: str
    end_advertiser: str

    @property
    def spend_cap_label(self) -> str:
        return format_money(self.spend_cap_minor, self.currency) if self.spend_cap_minor else "no spend cap"

    @property
    def amount_spent_label(self) -> str:
        return format_money(self.amount_spent_minor, self.currency)


def account_settings(client: GraphClient, account_id: str) -> AccountSettings:
    fields = ["id", "name", "currency", "spend_cap", "amount_spent", "default_dsa_payor", "default_dsa_beneficiary"]
    data = client.get(normalise_ad_account_id(account_id), fields=[*fields, "end_advertiser"])
    return AccountSettings(
        id=normalise_ad_account_id(data["id"]),
        name=data.get("name") or data["id"],
        currency=data.get("currency") or "",
        spend_cap_minor=int(data.get("spend_cap") or 0),
        amount_spent_minor=int(data.get("amount_spent") or 0),
        dsa_payor=data.get("default_dsa_payor") or "",
        dsa_beneficiary=data.get("default_dsa_beneficiary") or "",
        end_advertiser=str(data.get("end_advertiser") or "NONE"),
    )


# --- audit helpers ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Audit:
    """Where and as whom a use case writes its audit entries."""

    uow: SqlAlchemyUnitOfWork
    store_id: int
    actor: str
    clock: Clock = system_clock

    def write(self, action: str, result: Result, kind: str, target: str, detail: str) -> None:
        record(self.uow, self.store_id, self.clock, self.actor, action, result, kind, target, detail)

    def refused(self, action: str, kind: str, target: str, exc: AdAccountRefused, prefix: str = "") -> None:
        self.write(action, Result.REFUSED, kind, target, f"{prefix}{exc}")

    def graph_failure(self, action: str, kind: str, target: str, exc: GraphError, prefix: str = "") -> None:
        """Facebook said no (refused: nothing changed) or something broke (failed; maybe applied: unknown)."""
        code = f"code {exc.code}" + (f"/{exc.subcode}" if exc.subcode else "") if exc.code is not None else "no code"
        if isinstance(exc, AmbiguousWriteError) or (
            isinstance(exc, TransientError) and not exc.refused and not isinstance(exc, RateLimitError)
        ):
            result, text = Result.FAILED, f"{OUTCOME_UNKNOWN}: {exc.user_title} ({code})"
        elif isinstance(exc, TransientError):
            result, text = Result.FAILED, f"not applied: {exc.user_title} ({code})"
        else:
            result, text = Result.REFUSED, f"Facebook refused: {exc.user_title} ({code})"
        self.write(action, result, kind, target, prefix + text)


def _single_attempt(client: GraphClient) -> GraphClient:
    """The same client (session, token, counters) that never sends a request twice on its own: every write
    here is sent once, and a throttle or Facebook error goes straight back to the marketer to decide."""
    once = copy.copy(client)
    once.retry = NO_RETRY
    return once


# --- claim --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimResult:
    account_id: str
    access_status: str  # CONFIRMED or PENDING

    @property
    def explanation(self) -> str:
        if self.access_status == "CONFIRMED":
            return (
                f"{self.account_id} now belongs to this Business Manager (CONFIRMED): you are an admin of the "
                "account, so Facebook approved the claim at once."
            )
        return (
            f"Claim of {self.account_id} sent (PENDING): you aren't an admin of the account, so Facebook asked "
            "its admins to accept. It stays under Pending claims until one of them accepts in Ads Manager."
        )


def claim(client: GraphClient, audit: Audit, business_id: str, raw_account_id: str) -> ClaimResult:
    """POST ``<BUSINESS_ID>/owned_ad_accounts`` with ``adaccount_id=act_<id>``, after checking the ID's form."""
    prefix = f"Business Manager {business_id}: "
    try:
        account_id = normalise_ad_account_id(raw_account_id)
    except AdAccountRefused as exc:
        audit.refused(CLAIM, AD_ACCOUNT, str(raw_account_id or "")[:64], exc, prefix)
        raise
    try:
        answer = _single_attempt(client).post(f"{business_id}/owned_ad_accounts", {"adaccount_id": account_id})
    except GraphError as exc:
        audit.graph_failure(CLAIM, AD_ACCOUNT, account_id, exc, prefix)
        raise
    result = ClaimResult(account_id, str(answer.get("access_status") or "PENDING"))
    audit.write(CLAIM, Result.OK, AD_ACCOUNT, account_id, f"{prefix}{result.access_status}")
    return result


# --- remove -------------------------------------------------------------------------------------------------


def remove(client: GraphClient, audit: Audit, business_id: str, account_id: str, business_name: str = "") -> str:
    """DELETE ``<BUSINESS_ID>/ad_accounts``: only a PENDING claim or AGENCY access; never an owned, CONFIRMED one.

    The relation is read from Facebook first, so a stale page cannot remove what it must not."""
    prefix = f"Business Manager {business_id}: "
    account_id = normalise_ad_account_id(account_id)
    try:
        current = {a.id: a for a in business_ad_accounts(client, business_id, business_name)}.get(account_id)
        reason = removal_refusal(
            current.access_type if current else None, current.access_status if current else None, business_name
        )
        if reason:
            raise RemovalNotAllowed(reason)
        _single_attempt(client).delete(f"{business_id}/ad_accounts", {"adaccount_id": account_id})
    except AdAccountRefused as exc:
        audit.refused(REMOVE, AD_ACCOUNT, account_id, exc, prefix)
        raise
    except GraphError as exc:
        audit.graph_failure(REMOVE, AD_ACCOUNT, account_id, exc, prefix)
        raise
    assert current is not None
    what = "pending claim withdrawn" if current.access_status == "PENDING" else "AGENCY access removed"
    audit.write(REMOVE, Result.OK, AD_ACCOUNT, account_id, f"{prefix}{what}")
    return what


# --- DSA defaults and spend cap -----------------------------------------------------------------------------


def set_dsa_defaults(client: GraphClient, audit: Audit, account_id: str, payor: str, beneficiary: str) -> str:
    """``default_dsa_payor`` and ``default_dsa_beneficiary`` together (both empty clears them)."""
    account_id = normalise_ad_account_id(account_id)
    try:
        payor, beneficiary = check_dsa_pair(payor, beneficiary)
        _single_attempt(client).post(account_id, {"default_dsa_payor": payor, "default_dsa_beneficiary": beneficiary})
    except AdAccountRefused as exc:
        audit.refused(SET_DSA, AD_ACCOUNT, account_id, exc)
        raise
    except GraphError as exc:
        audit.graph_failure(SET_DSA, AD_ACCOUNT, account_id, exc)
        raise
    done = f"payor “{payor}”, beneficiary “{beneficiary}”" if payor else "payor and beneficiary cleared"
    audit.write(SET_DSA, Result.OK, AD_ACCOUNT, account_id, done)
    return done


def set_spend_cap(client: GraphClient, audit: Audit, account_id: str, raw_amount: str, currency: str) -> Decimal:
    """``spend_cap`` in the account's currency (major units, as Graph takes it); 0 removes the cap."""
    account_id = normalise_ad_account_id(account_id)
    try:
        amount = spend_cap_amount(raw_amount, currency)
        _single_attempt(client).post(account_id, {"spend_cap": str(amount)})
    except AdAccountRefused as exc:
        audit.refused(SET_SPEND_CAP, AD_ACCOUNT, account_id, exc)
        raise
    except GraphError as exc:
        audit.graph_failure(SET_SPEND_CAP, AD_ACCOUNT, account_id, exc, f"{raw_amount} {currency}: ")
        raise
    done = f"spend cap {amount:,} {currency}" if amount else "spend cap removed"
    audit.write(SET_SPEND_CAP, Result.OK, AD_ACCOUNT, account_id, done)
    return amount


# --- create -------------------------------------------------------------------------------------------------


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
            uow.audit.add_many(
                [
                    audit_row(
                        audit.store_id,
                        audit.clock(),
                        audit.actor,
                        CREATE,
                        Result.REFUSED,
                        BUSINESS,
                        business_id,
                        detail,
                    )
                ]
            )
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
        answer = _single_attempt(client).post(f"{business_id}/adaccount", params)
    except GraphError as exc:
        audit.graph_failure(CREATE, BUSINESS, business_id, exc, f"submission {submission_key}: ")
        raise
    except Exception as exc:  # the outcome of the POST is unknown: say so, never send it again blindly
        audit.write(CREATE, Result.FAILED, BUSINESS, business_id, f"submission {submission_key}: {OUTCOME_UNKNOWN}")
        raise exc
    account_id = normalise_ad_account_id(str(answer.get("id") or answer.get("account_id") or ""))
    audit.write(
        CREATE, Result.OK, BUSINESS, business_id, f"submission {submission_key}: created {account_id} ({summary})"
    )
    return CreateResult(account_id)
