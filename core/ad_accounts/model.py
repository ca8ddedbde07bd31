"""Facebook's rules for ad account admin (docs/RULES.md, "Ad accounts"), checked before any call.
No Graph, no database, no Streamlit.

Each check answers a normalised value or raises an :class:`AdAccountRefused` subclass whose ``str()`` is a
plain message for the marketer (``user_message``), in the viewer's language: what is wrong, why, what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import get_currency_name

from core.graph.facebook import (
    CURRENCIES,
    MAX_AD_ACCOUNT_NAME,
    MAX_AD_ACCOUNTS_CREATED_VIA_API,
    MAX_DSA_ENTITY,
    MAX_PAGE_ALIAS,
    ROLE_TASKS,
    TIMEZONES,
    currency_decimals,
    currency_offset,
    max_spend_cap,
    ordered_tasks,
    role_of,
)
from core.shared import DomainError, inputs, words
from core.shared.i18n import N_, _

__all__ = [
    "CURRENCIES",
    "ENTITY_CHOICES",
    "MAX_AD_ACCOUNT_NAME",
    "MAX_CREATED_VIA_API",
    "TIMEZONES",
    "AdAccountRefused",
    "CreationLimitReached",
    "DsaPairIncomplete",
    "EntityRef",
    "InvalidAdAccountId",
    "InvalidDsaDefaults",
    "InvalidNewAdAccount",
    "InvalidSpendCap",
    "NewAdAccount",
    "RemovalNotAllowed",
    "SubmissionNotFinished",
    "check_dsa_pair",
    "currency_label",
    "currency_name",
    "currency_offset",
    "format_money",
    "money",
    "normalise_ad_account_id",
    "removal_refusal",
    "role_words",
    "roles_to_give",
    "spend_cap_amount",
    "timezone_choices",
    "timezone_label",
    "validate_new_ad_account",
]

MAX_CREATED_VIA_API = MAX_AD_ACCOUNTS_CREATED_VIA_API  # "at most 5 ad accounts can be created through the API"
# end_advertiser / media_agency / partner: who it is on Facebook, or one of Graph's two words.
# Labels: shown with _().
ENTITY_CHOICES: dict[str, str] = {
    "NONE": N_("None (there is none)"),
    "UNFOUND": N_("Not on Facebook (UNFOUND)"),
    "ID": N_("On Facebook"),
}
_PAGE_ALIAS = re.compile(rf"^(?=.*[A-Za-z])[A-Za-z0-9.]{{1,{MAX_PAGE_ALIAS}}}$")  # a Page's username (ASCII)


# Facebook's roles and tasks on an ad account, in words (docs/RULES.md, "People and tasks"); shown with _().
ROLE_WORDS = {"ADMIN": N_("Admin"), "GENERAL_USER": N_("General user"), "REPORTING_ONLY": N_("Reporting only")}
TASK_WORDS = {
    "MANAGE": N_("manage"),
    "ADVERTISE": N_("advertise"),
    "ANALYZE": N_("see reports"),
    "DRAFT": N_("draft ads"),
    "AA_ANALYZE": N_("see advanced reports"),
}
THIS_BUSINESS = N_("This business")  # a business whose name is not known


def role_words(tasks: tuple[str, ...] | list[str]) -> str:
    """``Admin``, ``General user``, ``Reporting only``, ``No access``, or the tasks in words for another set."""
    if not tasks:
        return _("No access")
    role = role_of(tasks)
    if role is not None:
        return _(ROLE_WORDS[str(role)])
    named = [_(TASK_WORDS[t]) if t in TASK_WORDS else t.lower() for t in ordered_tasks(tasks)]
    return _("Custom: {tasks}").format(tasks=words.listing(named, conjunction=""))


def roles_to_give(grantable: tuple[str, ...] | list[str]) -> str:
    """The roles a person may give others with the tasks they may grant (``Admin, General user, Reporting only``)."""
    roles = [_(ROLE_WORDS[str(role)]) for role, tasks in ROLE_TASKS.items() if tasks <= set(grantable)]
    return words.listing(roles, conjunction="") or _("none (only an Admin can give roles)")


def currency_name(code: str | None) -> str:
    """``Euro``: the currency's name in the viewer's language (Babel), or its code when Babel has none."""
    if not code:
        return "—"
    name = get_currency_name(code, locale=words.viewer_locale())
    return name if name and name != code else code


def currency_label(code: str) -> str:
    """``TWD · New Taiwan Dollar``: the ISO code Graph takes, with the currency's name in the viewer's language
    (Babel)."""
    name = currency_name(code)
    return f"{code} · {name}" if name != code else code


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
    text = _offset(timezone_id, at)[1]
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
        super().__init__(words.sentences(problems))


class CreationLimitReached(AdAccountRefused):
    def __init__(self, message: str, created: int, limit: int) -> None:
        super().__init__(message)
        self.created, self.limit = created, limit


class SubmissionNotFinished(AdAccountRefused):
    """This form submission was sent before and its outcome is unknown: it is not sent again."""


class RemovalNotAllowed(AdAccountRefused):
    pass


class InvalidDsaDefaults(AdAccountRefused):
    pass


class DsaPairIncomplete(InvalidDsaDefaults):
    pass


class InvalidSpendCap(AdAccountRefused):
    pass


def normalise_ad_account_id(raw: str) -> str:
    """``act_<digits>`` (the bare number is accepted too; the digits 0-9 only, never zero); anything else is
    refused before calling (docs/RULES.md, "Typed input")."""
    return inputs.ad_account_id(raw, error=InvalidAdAccountId)


@dataclass(frozen=True)
class EntityRef:
    """One of end_advertiser / media_agency / partner as the form gives it: a choice and, for "ID", who it is on
    Facebook (a Business ID for the end advertiser; a Page alias, Page ID or App ID for the other two)."""

    choice: str = "NONE"
    id: str = ""

    def value(self, label: str, problems: list[str], *, alias_ok: bool = True) -> str:
        """The value Graph takes; a problem (``label`` names the field, in the viewer's language) goes to
        ``problems``."""
        if self.choice in ("NONE", "UNFOUND"):
            return self.choice
        raw = str(self.id or "").strip()
        said = {"field": label, "value": inputs.shown(raw), "most": words.number(MAX_PAGE_ALIAS)}
        said["what"] = _("a Page alias, Page ID or App ID") if alias_ok else _("a Business ID (digits only)")
        if self.choice != "ID":
            problems.append(_("{field}: choose None, Not on Facebook, or who it is on Facebook.").format(**said))
            return raw
        if not raw:
            problems.append(_("{field}: enter {what}, or choose None or Not on Facebook.").format(**said))
            return raw
        if alias_ok and _PAGE_ALIAS.match(raw):
            return raw
        if not alias_ok or not any(ch.isalpha() for ch in raw):  # meant as an ID: Graph's rules for IDs
            what = _("a Page alias, Page ID or App ID") if alias_ok else _("a Business ID")
            try:
                return inputs.facebook_id(raw, field=label, what=what)
            except inputs.InvalidInput as refused:
                problem = refused.user_message
                if not alias_ok:
                    problem = _("{problem} Facebook takes only a Business ID here.").format(problem=problem)
                problems.append(problem)
                return raw
        problems.append(
            _(
                "{field}: “{value}” is not {what}. A Page alias has only the letters A-Z, the digits 0-9 and dots, "
                "at most {most} (e.g. demooutdoor)."
            ).format(**said)
        )
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
        """What was asked, for the Activity log and the creation's record (English, as every audit detail)."""
        timezone = TIMEZONES.get(self.timezone_id or -1, self.timezone_id)
        refs = ", ".join(
            f"{label} {inputs.shown(ref.id.strip()) if ref.choice == 'ID' else ref.choice}"
            for label, ref in (
                ("end advertiser", self.end_advertiser),
                ("media agency", self.media_agency),
                ("partner", self.partner),
            )
        )
        credit = ", on the extended credit line (invoice)" if self.invoice else ""
        name, currency = inputs.shown(self.name.strip(), MAX_AD_ACCOUNT_NAME), inputs.shown(self.currency, 8)
        return f"“{name}”, {currency}, {timezone}, {refs}{credit}"


def validate_new_ad_account(form: NewAdAccount) -> dict[str, str | int | bool]:
    """The parameters of ``POST <BUSINESS_ID>/adaccount``, or :class:`InvalidNewAdAccount` listing every problem."""
    problems: list[str] = []
    name = ""
    if not str(form.name or "").strip():
        problems.append(_("Name: enter a name for the ad account."))
    else:
        try:
            name = inputs.text(form.name, field=_("Name"), max_length=MAX_AD_ACCOUNT_NAME)
        except inputs.InvalidInput as refused:
            problems.append(refused.user_message)
    currency = str(form.currency or "").strip().upper()
    if not currency:
        problems.append(_("Currency: choose the ad account's currency."))
    elif currency not in CURRENCIES:
        problems.append(
            _("Currency: “{value}” is not a currency Facebook ad accounts accept. Pick one from the list.").format(
                value=inputs.shown(currency, 12)
            )
        )
    if form.timezone_id is None:
        problems.append(_("Time zone: choose the ad account's time zone."))
    elif not isinstance(form.timezone_id, int) or form.timezone_id not in TIMEZONES:
        problems.append(
            _("Time zone: {value} is not a time zone from the list.").format(value=inputs.shown(form.timezone_id, 12))
        )
    refs = {
        "end_advertiser": form.end_advertiser.value(_("End advertiser"), problems, alias_ok=False),
        "media_agency": form.media_agency.value(_("Media agency"), problems),
        "partner": form.partner.value(_("Partner"), problems),
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
    access_type: str | None, access_status: str | None, business_name: str = THIS_BUSINESS
) -> str | None:
    """Why Facebook won't let the business remove the account, or None when it may (PENDING claim, AGENCY)."""
    if access_status == "PENDING" or access_type == "AGENCY":
        return None
    if access_type != "OWNER":
        return _("This ad account isn't linked to this Business Manager, so there is nothing to remove.")
    if business_name in ("", THIS_BUSINESS):
        return _(
            "This business owns this ad account. Facebook never lets a business remove an ad account it owns: only "
            "a pending claim, or an account the business reaches as its agency, can be removed. To stop using it "
            "here, disconnect it on the Assets page instead."
        )
    return _(
        "{business} owns this ad account. Facebook never lets a business remove an ad account it owns: only a "
        "pending claim, or an account the business reaches as its agency, can be removed. To stop using it here, "
        "disconnect it on the Assets page instead."
    ).format(business=business_name)


def check_dsa_pair(payor: str, beneficiary: str) -> tuple[str, str]:
    """Both set, or both empty (clears them); one alone is refused, as Facebook does. Each is a name: at most
    ``MAX_DSA_ENTITY`` characters, no control character."""
    payor = inputs.text(
        payor, field=_("DSA payor"), max_length=MAX_DSA_ENTITY, required=False, error=InvalidDsaDefaults
    )
    beneficiary = inputs.text(
        beneficiary, field=_("DSA beneficiary"), max_length=MAX_DSA_ENTITY, required=False, error=InvalidDsaDefaults
    )
    if payor and not beneficiary:
        raise DsaPairIncomplete(
            _(
                "Enter the DSA beneficiary too. Facebook keeps the payor and the beneficiary together: set both, "
                "or clear both."
            )
        )
    if beneficiary and not payor:
        raise DsaPairIncomplete(
            _(
                "Enter the DSA payor too. Facebook keeps the payor and the beneficiary together: set both, or clear "
                "both."
            )
        )
    return payor, beneficiary


def spend_cap_amount(raw: str, currency: str) -> Decimal:
    """A spend cap typed in the account currency (``1500.50``: digits and one decimal point, docs/RULES.md "Typed
    input"), within the most Graph can hold; 0 removes the cap."""
    return inputs.amount(
        raw,
        field=_("Spend cap"),
        currency=currency or _("the account's currency"),
        decimals=currency_decimals(currency),
        maximum=max_spend_cap(currency),
        maximum_words=money(max_spend_cap(currency), currency),
        error=InvalidSpendCap,
    )


def money(amount: Decimal | int, currency: str | None) -> str:
    """An amount in major units, in the currency's own format (``$1,500.00``, ``¥1,500``, ``€2,500.00``)."""
    return words.money(amount, currency) if currency else words.number(amount)


def format_money(minor_units: str | int | None, currency: str | None) -> str:
    """Graph's amount (in 1/offset of the currency) in the currency's own format."""
    if minor_units in (None, ""):
        return "—"
    return money(Decimal(str(minor_units)) / currency_offset(currency), currency)
