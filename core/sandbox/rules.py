"""Facebook's server-side rules, enforced as Graph enforces them: pure functions answering with Graph's error codes.

The rules themselves (limits, tasks, statuses, currencies, time zones) are the product's description of Facebook,
:mod:`core.graph.facebook`; this module only decides what Graph answers when a call breaks one. Nothing here
touches the world or HTTP: each function takes plain values and either answers or raises :class:`RuleViolation`
carrying the Graph error code Facebook uses for that rule. The handlers turn a violation into an error body.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.graph.facebook import (
    AD_ACCOUNT_TASKS,
    BAD_STANDING_ACCOUNT_STATUSES,
    CURRENCIES,
    DELIVERING_ACCOUNT_STATUSES,
    MAX_AD_ACCOUNTS_CREATED_VIA_API,
    MAX_AD_ACCOUNTS_PER_PERSON,
    MAX_PEOPLE_PER_AD_ACCOUNT,
    NONE_OR_UNFOUND,
    PENDING_EFFECTIVE_STATUSES,
    ROLE_TASKS,
    SPEND_CAP_NO_LIMIT_SUBUNITS,
    TIMEZONES,
    ObjectKind,
    account_limit,
    currency_offset,
    is_running_or_in_review,
    missing_requirements,
    unknown_tasks,
)

__all__ = [
    "ADS_LIMIT_BULK",
    "ADS_LIMIT_REGULAR",
    "AD_ACCOUNT_TASKS",
    "BAD_STANDING_ACCOUNT_STATUSES",
    "DELIVERING_ACCOUNT_STATUSES",
    "MAX_AD_ACCOUNTS_CREATED_VIA_API",
    "MAX_AD_ACCOUNTS_PER_PERSON",
    "MAX_PEOPLE_PER_AD_ACCOUNT",
    "PENDING_EFFECTIVE_STATUSES",
    "ROLE_TASKS",
    "SUPPORTED_CURRENCIES",
    "TIMEZONES",
    "RuleViolation",
    "check_can_create_ad_account",
    "check_dsa_pair",
    "check_end_advertiser_change",
    "check_people_limits",
    "is_running_or_in_review",
    "spend_cap_subunits",
    "validate_entity_reference",
    "validate_new_ad_account",
    "validate_tasks",
]

# Facebook's rules come from the product's Graph layer: the sandbox enforces the same description.
ADS_LIMIT_REGULAR = account_limit(ObjectKind.ADS, bulk=False)
ADS_LIMIT_BULK = account_limit(ObjectKind.ADS, bulk=True)
SUPPORTED_CURRENCIES = frozenset(CURRENCIES)


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


def validate_tasks(tasks: Iterable[str]) -> frozenset[str]:
    """A task set must be non-empty, known, consistent (MANAGE ⇒ ADVERTISE+ANALYZE, ADVERTISE ⇒ ANALYZE)."""
    task_set = frozenset(t.strip().upper() for t in tasks)
    unknown = unknown_tasks(task_set)
    missing = missing_requirements(task_set)
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


def validate_entity_reference(
    field: str,
    value: str | None,
    known_ids: frozenset[str] | set[str],
    aliases: Mapping[str, str] | None = None,
) -> str:
    """end_advertiser / media_agency / partner: a known Page, app or business ID, or NONE / UNFOUND; media_agency
    and partner also a Page alias (``aliases``: lower-cased username → Page ID), answered as the Page's ID."""
    if value is None or value == "":
        raise RuleViolation(100, f"(#100) The parameter {field} is required", blame_field=field)
    upper = value.strip().upper()
    if upper in NONE_OR_UNFOUND:
        return upper
    if aliases and field != "end_advertiser" and value.strip().lower() in aliases:
        return aliases[value.strip().lower()]
    if not value.strip().isdigit() or value.strip() not in known_ids:
        raise RuleViolation(
            100,
            f"(#100) Param {field} must be a Facebook Page ID, App ID or business ID, or NONE or UNFOUND",
            blame_field=field,
        )
    return value.strip()


def validate_new_ad_account(
    params: dict[str, str], known_entity_ids: frozenset[str] | set[str], aliases: Mapping[str, str] | None = None
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
            f: validate_entity_reference(f, params.get(f), known_entity_ids, aliases)
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


def spend_cap_subunits(raw: str, currency: str | None) -> int:
    """``spend_cap`` as sent (major units, a number) in the subunits Graph keeps and reports: non-negative, and
    below the 64-bit value that means "no cap" (Marketing API, Campaign ``spend_cap``)."""
    try:
        amount = Decimal(str(raw).strip())
        subunits = amount * currency_offset(currency)
    except InvalidOperation:
        raise RuleViolation(100, "(#100) Param spend_cap must be a number", blame_field="spend_cap") from None
    if not amount.is_finite() or amount < 0:
        raise RuleViolation(100, "(#100) Param spend_cap must be a non-negative number", blame_field="spend_cap")
    if subunits >= SPEND_CAP_NO_LIMIT_SUBUNITS:
        raise RuleViolation(100, "(#100) Param spend_cap is too large", blame_field="spend_cap")
    return int(subunits)


def check_end_advertiser_change(current: str | None, new: str) -> None:
    """Once end_advertiser is a real ID (not NONE/UNFOUND) it cannot change."""
    if current and current.upper() not in NONE_OR_UNFOUND and new != current:
        raise RuleViolation(
            100,
            "(#100) end_advertiser cannot be changed once it is set to a value other than NONE or UNFOUND",
            blame_field="end_advertiser",
        )
