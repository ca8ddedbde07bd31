"""Ad account admin for a bound Business Manager (docs/RULES.md, "Ad accounts"): claim, remove, DSA defaults,
spend cap. Creating one: :mod:`.creation`.

Each use case takes ``(store_id, inputs…, uow, *, actor, clock, client)``, checks Facebook's rules
(:mod:`.model`) before any call, sends its write once (never re-sent automatically: a throttle or failure goes
back to the marketer), and records its own audit entry, done, refused or failed. What a use case answers in words
is in the viewer's language; what it records in the Activity log is in English, as every audit detail.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from core.activity.audit import audited, record
from core.activity.model import Result
from core.ad_accounts.graph import CONFIRMED, PENDING, business_ad_accounts, single_attempt
from core.ad_accounts.model import (
    RemovalNotAllowed,
    check_dsa_pair,
    money,
    normalise_ad_account_id,
    removal_refusal,
    spend_cap_amount,
)
from core.binding import AssetKind
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph import GraphClient, GraphError
from core.shared import Actor, Clock, system_clock
from core.shared.i18n import N_, _
from core.stores.access import check
from core.stores.model import Permission

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
# What Graph answers a claim whose ID names no ad account the person can see: 100 (the parameter is not a valid ad
# account), 100/33 (no such object, or no access) or 803 (an unknown alias).
NOT_FOUND_CODES = frozenset({100, 803})


def not_found_words(account_id: str) -> str:
    return _(
        "Facebook has no ad account {account} that you can see: the number may be mistyped, or the account belongs "
        "to someone who hasn't given you access. Check the number in Ads Manager (the account menu shows it), or ask "
        "the account's admin to add you, then claim it again."
    ).format(account=account_id)


@dataclass(frozen=True)
class ClaimResult:
    account_id: str
    access_status: str  # CONFIRMED or PENDING

    @property
    def confirmed(self) -> bool:
        return self.access_status == CONFIRMED

    @property
    def explanation(self) -> str:
        if self.confirmed:
            sentence = _(
                "{account} now belongs to this Business Manager: you are an admin of the account, so Facebook "
                "approved the claim at once."
            )
        else:
            sentence = _(
                "Claim of {account} sent: you aren't an admin of the account, so Facebook asked its admins to "
                "accept. It stays under Pending claims until one of them accepts in Ads Manager."
            )
        return sentence.format(account=self.account_id)


def claim(
    store_id: int,
    business_id: str,
    raw_account_id: str,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
    client: GraphClient,
) -> ClaimResult:
    """POST ``<BUSINESS_ID>/owned_ad_accounts`` with ``adaccount_id=act_<id>``, after checking the ID's form."""
    prefix = f"Business Manager {business_id}: "
    raw = str(raw_account_id or "")
    with audited(uow, store_id, clock, actor, CLAIM, AD_ACCOUNT, raw[:64], prefix=prefix) as target:
        check(store_id, actor, Permission.AD_ACCOUNTS, uow)
        account_id = target.id = normalise_ad_account_id(raw)
        try:
            answer = single_attempt(client).post(f"{business_id}/owned_ad_accounts", {"adaccount_id": account_id})
        except GraphError as exc:
            if exc.code in NOT_FOUND_CODES and exc.subcode in (None, 33):
                exc.user_title, exc.user_message = _("Ad account not found"), not_found_words(account_id)
            raise
    result = ClaimResult(account_id, str(answer.get("access_status") or PENDING))
    record(uow, store_id, clock, actor, CLAIM, Result.OK, AD_ACCOUNT, account_id, f"{prefix}{result.access_status}")
    return result


def remove(
    store_id: int,
    business_id: str,
    account_id: str,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
    client: GraphClient,
    business_name: str = "",
) -> str:
    """DELETE ``<BUSINESS_ID>/ad_accounts``: only a PENDING claim or AGENCY access; never an owned, CONFIRMED one.

    The relation is read from Facebook first, so a stale page cannot remove what it must not. Returns what was
    done, in words (the viewer's language)."""
    prefix = f"Business Manager {business_id}: "
    account_id = normalise_ad_account_id(account_id)
    with audited(uow, store_id, clock, actor, REMOVE, AD_ACCOUNT, account_id, prefix=prefix):
        check(store_id, actor, Permission.AD_ACCOUNTS, uow)
        current = {a.id: a for a in business_ad_accounts(client, business_id, business_name)}.get(account_id)
        reason = removal_refusal(
            current.access_type if current else None, current.access_status if current else None, business_name
        )
        if reason or current is None:
            raise RemovalNotAllowed(reason or _("This ad account isn't linked to this Business Manager."))
        single_attempt(client).delete(f"{business_id}/ad_accounts", {"adaccount_id": account_id})
    what = N_("pending claim withdrawn") if current.pending else N_("agency access removed")
    record(uow, store_id, clock, actor, REMOVE, Result.OK, AD_ACCOUNT, account_id, f"{prefix}{what}")
    return _(what)


def set_dsa_defaults(
    store_id: int,
    account_id: str,
    payor: str,
    beneficiary: str,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
    client: GraphClient,
) -> str:
    """``default_dsa_payor`` and ``default_dsa_beneficiary`` together (both empty clears them). Returns what was
    set, in words (the viewer's language)."""
    account_id = normalise_ad_account_id(account_id)
    with audited(uow, store_id, clock, actor, SET_DSA, AD_ACCOUNT, account_id):
        check(store_id, actor, Permission.AD_ACCOUNTS, uow)
        payor, beneficiary = check_dsa_pair(payor, beneficiary)
        single_attempt(client).post(account_id, {"default_dsa_payor": payor, "default_dsa_beneficiary": beneficiary})
    done = N_("payor “{payor}”, beneficiary “{beneficiary}”") if payor else N_("payor and beneficiary cleared")
    said = {"payor": payor, "beneficiary": beneficiary}
    record(uow, store_id, clock, actor, SET_DSA, Result.OK, AD_ACCOUNT, account_id, done.format(**said))
    return _(done).format(**said)


def set_spend_cap(
    store_id: int,
    account_id: str,
    raw_amount: str,
    currency: str,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
    client: GraphClient,
) -> Decimal:
    """``spend_cap`` in the account's currency (major units, as Graph takes it); 0 removes the cap."""
    account_id = normalise_ad_account_id(account_id)
    with audited(uow, store_id, clock, actor, SET_SPEND_CAP, AD_ACCOUNT, account_id) as target:
        check(store_id, actor, Permission.AD_ACCOUNTS, uow)
        amount = spend_cap_amount(raw_amount, currency)
        target.prefix = f"{money(amount, currency)}: "
        single_attempt(client).post(account_id, {"spend_cap": str(amount)})
    done = f"spend cap {money(amount, currency)}" if amount else "spend cap removed"
    record(uow, store_id, clock, actor, SET_SPEND_CAP, Result.OK, AD_ACCOUNT, account_id, done)
    return amount
