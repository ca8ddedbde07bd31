"""Facebook's rules for ad account admin (docs/RULES.md, "Ad accounts"), checked before any call.
No Graph, no database, no Streamlit.

Each check answers a normalised value or raises an :class:`AdAccountRefused` subclass whose ``str()`` is a
plain message for the marketer (``user_message``): what is wrong, why, what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import get_currency_name

from core.graph.facebook import CURRENCIES, MAX_AD_ACCOUNTS_CREATED_VIA_API, TIMEZONES, currency_offset
from core.shared import DomainError

__all__ = [
    "CURRENCIES",
    "ENTITY_CHOICES",
    "MAX_CREATED_VIA_API",
    "TIMEZONES",
    "AdAccountRefused",
    "CreationLimitReached",
    "DsaPairIncomplete",
    "EntityRef",
    "InvalidAdAccountId",
    "InvalidNewAdAccount",
    "InvalidSpendCap",
    "NewAdAccount",
    "RemovalNotAllowed",
    "SubmissionNotFinished",
    "check_dsa_pair",
    "currency_label",
    "currency_offset",
    "format_money",
    "normalise_ad_account_id",
    "removal_refusal",
    "spend_cap_amount",
    "timezone_choices",
    "timezone_label",
    "validate_new_ad_account",
]

MAX_CREATED_VIA_API = MAX_AD_ACCOUNTS_CREATED_VIA_API  # "at most 5 ad accounts can be created through the API"
# end_advertiser / media_agency / partner: who it is on Facebook, or one of Graph's two words.
ENTITY_CHOICES: dict[str, str] = {
    "NONE": "None (there is none)",
    "UNFOUND": "Not on Facebook (UNFOUND)",
    "ID": "On Facebook",
}
_ACT_ID = re.compile(r"^(?:act_)?(\d{1,20})$")
_FB_ID = re.compile(r"^\d{1,20}$")
_PAGE_ALIAS = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9.]{1,50}$")  # a Page's username: letters, digits and dots


def currency_label(code: str) -> str:
    """``TWD · New Taiwan Dollar``: the ISO code Graph takes, with the currency's name in English (Babel)."""
    name = get_currency_name(code, locale="en")
    return f"{code} · {name}" if name and name != code else code


def _offset(timezone_id: int, at: datetime) -> tuple[int, str]:
    try:
        offset = at.astimezone(ZoneInfo(TIMEZONES[timezone_id])).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0, ""
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign, whole = ("+" if minutes >= 0 else "-"), abs(minutes)
    return minutes, f"UTC{sign}{whole // 60:02d}:{whole % 60:02d}"


def timezone_label(timezone_id: int, at: datetime) -> str:
    """``Asia/Taipei (UTC+08:00)``: the zone Meta's id stands for, with its offset from UTC at ``at``."""
    _, text = _offset(timezone_id, at)
    name = TIMEZONES[timezone_id]
    return f"{name} ({text})" if text else name


def timezone_choices(at: datetime) -> list[int]:
    """Every ``timezone_id`` of Meta's table, west to east (by offset at ``at``), then by name."""
    return sorted(TIMEZONES, key=lambda tz: (_offset(tz, at)[0], TIMEZONES[tz]))


class AdAccountRefused(DomainError):
    """A request refused before calling Facebook; ``user_message`` says why and what to do."""


class InvalidAdAccountId(AdAccountRefused):
    pass


class InvalidNewAdAccount(AdAccountRefused):
    """Every problem of the create form at once."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(" ".join(problems))


class CreationLimitReached(AdAccountRefused):
    def __init__(self, message: str, created: int, limit: int) -> None:
        super().__init__(message)
        self.created, self.limit = created, limit


class SubmissionNotFinished(AdAccountRefused):
    """This form submission was sent before and its outcome is unknown: it is not sent again."""


class RemovalNotAllowed(AdAccountRefused):
    pass


class DsaPairIncomplete(AdAccountRefused):
    pass


class InvalidSpendCap(AdAccountRefused):
    pass


def normalise_ad_account_id(raw: str) -> str:
    """``act_<digits>`` (the bare number is accepted too); anything else is refused before calling."""
    match = _ACT_ID.match(str(raw or "").strip())
    if not match:
        shown = str(raw or "").strip() or "nothing"
        raise InvalidAdAccountId(
            f"“{shown}” is not an ad account ID. Write it as act_ followed by its number, e.g. act_123456789 "
            "(Ads Manager shows the number in the account menu)."
        )
    return f"act_{match.group(1)}"


@dataclass(frozen=True)
class EntityRef:
    """One of end_advertiser / media_agency / partner as the form gives it: a choice and, for "ID", who it is on
    Facebook (a Business ID for the end advertiser; a Page alias, Page ID or App ID for the other two)."""

    choice: str = "NONE"
    id: str = ""

    def value(self, label: str, problems: list[str], *, alias_ok: bool = True) -> str:
        if self.choice in ("NONE", "UNFOUND"):
            return self.choice
        raw = self.id.strip()
        what = "a Page alias, Page ID or App ID" if alias_ok else "a Business ID (digits only)"
        if self.choice != "ID":
            problems.append(f"{label}: choose None, Not on Facebook, or who it is on Facebook.")
        elif not raw:
            problems.append(f"{label}: enter {what}, or choose None or Not on Facebook.")
        elif _FB_ID.match(raw) or (alias_ok and _PAGE_ALIAS.match(raw)):
            return raw
        elif alias_ok:
            problems.append(
                f"{label}: “{raw}” is not {what}. A Page alias has only letters, digits and dots (e.g. demooutdoor)."
            )
        else:
            problems.append(f"{label}: “{raw}” is not {what}. Facebook takes only a Business ID here.")
        return raw


@dataclass(frozen=True)
class NewAdAccount:
    name: str
    currency: str
    timezone_id: int | None
    end_advertiser: EntityRef = EntityRef()
    media_agency: EntityRef = EntityRef()
    partner: EntityRef = EntityRef()
    invoice: bool = False  # attach it to the business's extended credit line

    def summary(self) -> str:
        timezone = TIMEZONES.get(self.timezone_id or -1, self.timezone_id)
        refs = ", ".join(
            f"{label} {ref.id.strip() if ref.choice == 'ID' else ref.choice}"
            for label, ref in (
                ("end advertiser", self.end_advertiser),
                ("media agency", self.media_agency),
                ("partner", self.partner),
            )
        )
        credit = ", on the extended credit line (invoice)" if self.invoice else ""
        return f"“{self.name.strip()}”, {self.currency}, {timezone}, {refs}{credit}"


def validate_new_ad_account(form: NewAdAccount) -> dict[str, str | int | bool]:
    """The parameters of ``POST <BUSINESS_ID>/adaccount``, or :class:`InvalidNewAdAccount` listing every problem."""
    problems: list[str] = []
    name = form.name.strip()
    if not name:
        problems.append("Name: enter a name for the ad account.")
    elif len(name) > 100:
        problems.append("Name: keep it to 100 characters or fewer.")
    currency = (form.currency or "").strip().upper()
    if not currency:
        problems.append("Currency: choose the ad account's currency.")
    elif currency not in CURRENCIES:
        problems.append(
            f"Currency: “{currency}” is not a currency Facebook ad accounts accept. Pick one from the list."
        )
    if form.timezone_id is None:
        problems.append("Time zone: choose the ad account's time zone.")
    elif form.timezone_id not in TIMEZONES:
        problems.append(f"Time zone: {form.timezone_id} is not a time zone from the list.")
    refs = {
        "end_advertiser": form.end_advertiser.value("End advertiser", problems, alias_ok=False),
        "media_agency": form.media_agency.value("Media agency", problems),
        "partner": form.partner.value("Partner", problems),
    }
    if problems:
        raise InvalidNewAdAccount(problems)
    params: dict[str, str | int | bool] = {
        "name": name,
        "currency": currency,
        "timezone_id": int(form.timezone_id or 0),
        **refs,
    }
    if form.invoice:
        params["invoice"] = True
    return params


def removal_refusal(
    access_type: str | None, access_status: str | None, business_name: str = "This business"
) -> str | None:
    """Why Facebook won't let the business remove the account, or None when it may (PENDING claim, AGENCY)."""
    if access_status == "PENDING" or access_type == "AGENCY":
        return None
    if access_type == "OWNER":
        return (
            f"{business_name} owns this ad account (CONFIRMED). Facebook never lets a business remove an ad "
            "account it owns: only a pending claim or AGENCY access can be removed. To stop using it here, "
            "disconnect it on the Assets page instead."
        )
    return "This ad account isn't linked to this Business Manager, so there is nothing to remove."


def check_dsa_pair(payor: str, beneficiary: str) -> tuple[str, str]:
    """Both set, or both empty (clears them); one alone is refused, as Facebook does."""
    payor, beneficiary = (payor or "").strip(), (beneficiary or "").strip()
    if bool(payor) != bool(beneficiary):
        missing = "beneficiary" if payor else "payor"
        raise DsaPairIncomplete(
            f"Enter the DSA {missing} too. Facebook keeps the payor and the beneficiary together: set both, "
            "or clear both."
        )
    return payor, beneficiary


def spend_cap_amount(raw: str, currency: str) -> Decimal:
    """A spend cap typed in the account currency (``1,500.50``); 0 removes the cap."""
    text = str(raw or "").strip().replace(",", "").replace(" ", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InvalidSpendCap(
            f"“{raw}” is not an amount. Enter the spend cap in {currency}, e.g. 1500 (0 removes the cap)."
        ) from None
    if not amount.is_finite() or amount < 0:
        raise InvalidSpendCap(f"The spend cap can't be negative. Enter an amount in {currency}, or 0 to remove it.")
    decimals = 0 if currency_offset(currency) == 1 else 2
    if amount != round(amount, decimals):
        raise InvalidSpendCap(
            f"{currency} amounts have {decimals} decimal places at most. Round the spend cap and try again."
        )
    return amount


def format_money(minor_units: str | int | None, currency: str | None) -> str:
    """Graph's amount (in 1/offset of the currency) as ``1,500.00 EUR``."""
    if minor_units in (None, ""):
        return "—"
    offset = currency_offset(currency)
    amount = Decimal(str(minor_units)) / offset
    text = f"{amount:,.0f}" if offset == 1 else f"{amount:,.2f}"
    return f"{text} {currency or ''}".strip()
