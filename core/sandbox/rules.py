"""Facebook's server-side rules (SPEC §5) as pure functions.

Nothing here touches the world or HTTP: each function takes plain values and either answers or raises
:class:`RuleViolation` carrying the Graph error code Facebook uses for that rule. The handlers turn a
violation into an error body; the app (``core/``) may import the same constants to check before calling.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

MAX_PEOPLE_PER_AD_ACCOUNT = 25
MAX_AD_ACCOUNTS_PER_PERSON = 25
MAX_AD_ACCOUNTS_CREATED_VIA_API = 5
ADS_LIMIT_REGULAR = 6_000
ADS_LIMIT_BULK = 50_000

AD_ACCOUNT_TASKS = frozenset({"MANAGE", "ADVERTISE", "ANALYZE", "DRAFT", "AA_ANALYZE"})
ROLE_TASKS: dict[str, frozenset[str]] = {
    "ADMIN": frozenset({"MANAGE", "ADVERTISE", "ANALYZE"}),
    "GENERAL_USER": frozenset({"ADVERTISE", "ANALYZE"}),
    "REPORTING_ONLY": frozenset({"ANALYZE"}),
}
# Tasks that only make sense together with others: MANAGE needs ADVERTISE+ANALYZE, ADVERTISE needs ANALYZE.
_TASK_REQUIRES: dict[str, frozenset[str]] = {
    "MANAGE": frozenset({"ADVERTISE", "ANALYZE"}),
    "ADVERTISE": frozenset({"ANALYZE"}),
}

# Account statuses under which ads can be "running or in review": active, pending settlement, grace period.
DELIVERING_ACCOUNT_STATUSES = frozenset({1, 8, 9})
# Statuses that put a Business Manager "in bad standing or in review" (blocks creating ad accounts, 3980).
BAD_STANDING_ACCOUNT_STATUSES = frozenset({2, 3, 7})
# effective_status values meaning "pending review" (9) and "pending processing" (17). The SDK spells the
# latter IN_PROCESS; PENDING_PROCESSING is accepted too.
PENDING_EFFECTIVE_STATUSES = frozenset({"PENDING_REVIEW", "IN_PROCESS", "PENDING_PROCESSING"})
NONE_OR_UNFOUND = frozenset({"NONE", "UNFOUND"})

# ISO 4217 currencies Facebook accepts for ad accounts (facebook_business AdAccount.Currency).
_CURRENCY_CODES = (
    "AED ARS AUD BDT BOB BRL CAD CHF CLP CNY COP CRC CZK DKK DZD EGP EUR GBP GTQ "
    "HKD HNL HUF IDR ILS INR ISK JPY KES KRW LKR MOP MXN MYR NGN NIO NOK NZD PEN "
    "PHP PKR PLN PYG QAR RON SAR SEK SGD THB TRY TWD UAH USD UYU VND ZAR"
)
SUPPORTED_CURRENCIES = frozenset(_CURRENCY_CODES.split())
# A subset of Facebook's timezone_id table (the ids the sandbox knows).
TIMEZONES: dict[int, str] = {
    1: "America/Los_Angeles",
    2: "America/Denver",
    3: "Pacific/Honolulu",
    4: "America/Anchorage",
    5: "America/Phoenix",
    6: "America/Chicago",
    7: "America/New_York",
}


@dataclass
class RuleViolation(Exception):
    """A Facebook rule was broken; ``code``/``subcode`` are the Graph error codes Facebook answers with."""

    code: int
    message: str
    subcode: int | None = None
    user_title: str | None = None
    user_msg: str | None = None
    blame_field: str | None = None  # the parameter at fault, reported in error_data.blame_field_specs

    def __str__(self) -> str:
        return self.message


def is_running_or_in_review(
    *,
    account_status: int,
    configured_status: str,
    effective_status: str,
    start_time: datetime | None,
    end_time: datetime | None,
    now: datetime,
    day_parting: bool = False,
) -> bool:
    """Whether an ad counts against the "running or in review" ads limit (SPEC §5).

    The ad set's schedule must include now: started (``start_time <= now``) and not ended (no ``end_time``, or
    ``now < end_time``). Day-parting (``adset_schedule`` hours) does not matter: a day-parted ad set counts the
    whole day, so ``day_parting`` never changes the answer; it is a parameter to say so explicitly.
    """
    del day_parting  # the whole day counts
    if account_status not in DELIVERING_ACCOUNT_STATUSES:
        return False
    active = effective_status == "ACTIVE" or (
        configured_status == "ACTIVE" and effective_status in PENDING_EFFECTIVE_STATUSES
    )
    if not active:
        return False
    if start_time is not None and start_time > now:
        return False
    return end_time is None or now < end_time


def validate_tasks(tasks: Iterable[str]) -> frozenset[str]:
    """A task set must be non-empty, known, consistent (MANAGE ⇒ ADVERTISE+ANALYZE, ADVERTISE ⇒ ANALYZE)."""
    task_set = frozenset(t.strip().upper() for t in tasks)
    unknown = sorted(task_set - AD_ACCOUNT_TASKS)
    missing = {t: sorted(_TASK_REQUIRES[t] - task_set) for t in task_set if _TASK_REQUIRES.get(t, set()) - task_set}
    if not task_set or unknown or missing:
        detail = f"unknown tasks {unknown}" if unknown else ("no tasks" if not task_set else f"missing {missing}")
        raise RuleViolation(
            100,
            f"(#100) Invalid set of tasks: {detail}",
            subcode=1752129,
            user_title="Invalid permission set",
            user_msg="The set of permissions you chose for this person isn't valid. Choose a role such as "
            "Admin (MANAGE, ADVERTISE, ANALYZE), General user (ADVERTISE, ANALYZE) or Reporting only "
            "(ANALYZE).",
            blame_field="tasks",
        )
    return task_set


def check_people_limits(*, people_on_account: int, accounts_of_person: int, already_assigned: bool) -> None:
    """≤ 25 people per ad account, ≤ 25 ad accounts per person (a change of tasks is not an addition)."""
    if already_assigned:
        return
    if people_on_account >= MAX_PEOPLE_PER_AD_ACCOUNT:
        raise RuleViolation(
            2620,
            "(#2620) Invalid call to update account permissions: this ad account already has the maximum of "
            f"{MAX_PEOPLE_PER_AD_ACCOUNT} people",
            blame_field="user",
        )
    if accounts_of_person >= MAX_AD_ACCOUNTS_PER_PERSON:
        raise RuleViolation(
            2620,
            "(#2620) Invalid call to update account permissions: this person already has access to the "
            f"maximum of {MAX_AD_ACCOUNTS_PER_PERSON} ad accounts",
            blame_field="user",
        )


def validate_entity_reference(field: str, value: str | None, known_ids: frozenset[str] | set[str]) -> str:
    """end_advertiser / media_agency / partner: a known Page, app or business ID, or NONE / UNFOUND."""
    if value is None or value == "":
        raise RuleViolation(100, f"(#100) The parameter {field} is required", blame_field=field)
    upper = value.strip().upper()
    if upper in NONE_OR_UNFOUND:
        return upper
    if not value.strip().isdigit() or value.strip() not in known_ids:
        raise RuleViolation(
            100,
            f"(#100) Param {field} must be a Facebook Page ID, App ID or business ID, or NONE or UNFOUND",
            blame_field=field,
        )
    return value.strip()


def validate_new_ad_account(
    params: dict[str, str], known_entity_ids: frozenset[str] | set[str]
) -> dict[str, str | int]:
    """Parameters of POST <BUSINESS_ID>/adaccount; returns the normalised values or raises (100)."""
    for name in ("name", "currency", "timezone_id", "end_advertiser", "media_agency", "partner"):
        if not params.get(name, "").strip():
            raise RuleViolation(100, f"(#100) The parameter {name} is required", blame_field=name)
    currency = params["currency"].strip().upper()
    if currency not in SUPPORTED_CURRENCIES:
        raise RuleViolation(
            100,
            f"(#100) Param currency must be a supported ISO 4217 currency code, got {currency}",
            blame_field="currency",
        )
    try:
        timezone_id = int(params["timezone_id"])
    except ValueError:
        raise RuleViolation(100, "(#100) Param timezone_id must be an integer", blame_field="timezone_id") from None
    if timezone_id not in TIMEZONES:
        raise RuleViolation(
            100, f"(#100) Param timezone_id must be a valid timezone id, got {timezone_id}", blame_field="timezone_id"
        )
    return {
        "name": params["name"].strip(),
        "currency": currency,
        "timezone_id": timezone_id,
        **{
            f: validate_entity_reference(f, params.get(f), known_entity_ids)
            for f in ("end_advertiser", "media_agency", "partner")
        },
    }


def check_can_create_ad_account(*, created_via_api: int, account_statuses: Iterable[int]) -> None:
    """At most 5 ad accounts created through the API (3979); none in bad standing or in review (3980)."""
    if any(status in BAD_STANDING_ACCOUNT_STATUSES for status in account_statuses):
        raise RuleViolation(
            3980,
            "(#3980) One or more of the ad accounts in your Business Manager are currently in bad standing "
            "or in review. All of your accounts must be in good standing in order to create new ad accounts.",
        )
    if created_via_api >= MAX_AD_ACCOUNTS_CREATED_VIA_API:
        raise RuleViolation(
            3979,
            "(#3979) You have exceeded the number of allowed ad accounts for your Business Manager at this time.",
        )


def check_dsa_pair(params: dict[str, str]) -> None:
    """default_dsa_payor and default_dsa_beneficiary are set both or neither."""
    if ("default_dsa_payor" in params) != ("default_dsa_beneficiary" in params):
        raise RuleViolation(
            100,
            "(#100) default_dsa_payor and default_dsa_beneficiary must be set together, or neither of them",
            blame_field="default_dsa_beneficiary" if "default_dsa_payor" in params else "default_dsa_payor",
        )


def check_end_advertiser_change(current: str | None, new: str) -> None:
    """Once end_advertiser is a real ID (not NONE/UNFOUND) it cannot change."""
    if current and current.upper() not in NONE_OR_UNFOUND and new != current:
        raise RuleViolation(
            100,
            "(#100) end_advertiser cannot be changed once it is set to a value other than NONE or UNFOUND",
            blame_field="end_advertiser",
        )
