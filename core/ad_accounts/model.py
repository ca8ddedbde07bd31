"""Facebook's rules for ad account admin (docs/RULES.md, "Ad accounts"), checked before any call.
No Graph, no database, no Streamlit.

Each check answers a normalised value or raises an :class:`AdAccountRefused` subclass whose ``str()`` is a
plain message for the marketer (``user_message``): what is wrong, why, what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

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
    "currency_offset",
    "format_money",
    "normalise_ad_account_id",
    "removal_refusal",
    "spend_cap_amount",
    "validate_new_ad_account",
]

MAX_CREATED_VIA_API = MAX_AD_ACCOUNTS_CREATED_VIA_API  # "at most 5 ad accounts can be created through the API"
# end_advertiser / media_agency / partner: a Facebook ID, or one of Graph's two words.
ENTITY_CHOICES: dict[str, str] = {
    "NONE": "None (there is none)",
    "UNFOUND": "Not on Facebook (UNFOUND)",
    "ID": "A Facebook ID",
}
_ACT_ID = re.compile(r"^(?:act_)?(\d{1,20})$")
_FB_ID = re.compile(r"^\d{1,20}$")


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
    """One of end_advertiser / media_agency / partner as the form gives it: a choice and, for "ID", an ID."""

    choice: str = "NONE"
    id: str = ""

    def value(self, label: str, problems: list[str]) -> str:
        if self.choice in ("NONE", "UNFOUND"):
            return self.choice
        raw = self.id.strip()
        if self.choice != "ID":
            problems.append(f"{label}: choose None, Not on Facebook, or a Facebook ID.")
        elif not raw:
            problems.append(f"{label}: enter the Facebook ID, or choose None or Not on Facebook.")
        elif not _FB_ID.match(raw):
            problems.append(f"{label}: “{raw}” is not a Facebook ID (digits only).")
        return raw


@dataclass(frozen=True)
class NewAdAccount:
    name: str
    currency: str
    timezone_id: int | None
    end_advertiser: EntityRef = EntityRef()
    media_agency: EntityRef = EntityRef()
    partner: EntityRef = EntityRef()

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
        return f"“{self.name.strip()}”, {self.currency}, {timezone}, {refs}"


def validate_new_ad_account(form: NewAdAccount) -> dict[str, str | int]:
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
        "end_advertiser": form.end_advertiser.value("End advertiser", problems),
        "media_agency": form.media_agency.value("Media agency", problems),
        "partner": form.partner.value("Partner", problems),
    }
    if problems:
        raise InvalidNewAdAccount(problems)
    return {"name": name, "currency": currency, "timezone_id": int(form.timezone_id or 0), **refs}


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
