"""Ad account admin for a bound Business Manager (SPEC §5): list, claim, create, remove, DSA defaults, spend cap.

Each use case takes the Graph client, the unit of work, the store, who acts and a clock. The rules of
:mod:`core.ad_account_rules` are checked before any call; every write, refusal and failure is written to the
store's audit log (:func:`core.binding.audit.record`), and no write is ever re-sent automatically (a throttle or
failure goes back to the marketer). Creating an ad account, once per form submission: :mod:`core.ad_account_creation`.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from decimal import Decimal

from core.ad_account_rules import (
    AdAccountRefused,
    RemovalNotAllowed,
    check_dsa_pair,
    format_money,
    normalise_ad_account_id,
    removal_refusal,
    spend_cap_amount,
)
from core.binding import AssetKind, Clock, SqlAlchemyUnitOfWork, system_clock
from core.binding.audit import Result, record
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


def single_attempt(client: GraphClient) -> GraphClient:
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
        answer = single_attempt(client).post(f"{business_id}/owned_ad_accounts", {"adaccount_id": account_id})
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
        single_attempt(client).delete(f"{business_id}/ad_accounts", {"adaccount_id": account_id})
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
        single_attempt(client).post(account_id, {"default_dsa_payor": payor, "default_dsa_beneficiary": beneficiary})
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
        single_attempt(client).post(account_id, {"spend_cap": str(amount)})
    except AdAccountRefused as exc:
        audit.refused(SET_SPEND_CAP, AD_ACCOUNT, account_id, exc)
        raise
    except GraphError as exc:
        audit.graph_failure(SET_SPEND_CAP, AD_ACCOUNT, account_id, exc, f"{raw_amount} {currency}: ")
        raise
    done = f"spend cap {amount:,} {currency}" if amount else "spend cap removed"
    audit.write(SET_SPEND_CAP, Result.OK, AD_ACCOUNT, account_id, done)
    return amount
