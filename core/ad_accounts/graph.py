"""What the Ad accounts page reads from Graph: a Business Manager's ad accounts (owned, shared, pending claims) and
one account's settings. Graph's enums (OWNER/AGENCY, CONFIRMED/PENDING) are interpreted here, not in pages.

What is read is kept across reruns and viewers (ui.graph_reads), so it holds no words: they are written when asked
for, in the viewer's language."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime

from core.ad_accounts.model import THIS_BUSINESS, format_money, normalise_ad_account_id, role_words
from core.ad_accounts.model import removal_refusal as why_not_removable
from core.graph import NO_RETRY, GraphClient
from core.graph.facebook import grantable_tasks
from core.shared import words
from core.shared.i18n import _

OWNER, AGENCY = "OWNER", "AGENCY"
CONFIRMED, PENDING = "CONFIRMED", "PENDING"
_RELATION_FIELDS = [
    "id",
    "name",
    "account_status",
    "currency",
    "access_type",
    "access_status",
    "permitted_tasks",
    "user_tasks",
]
_PAGE = 100


@dataclass(frozen=True)
class BusinessAdAccount:
    """An ad account as a Business Manager holds it: OWNER or AGENCY, CONFIRMED or PENDING."""

    id: str
    name: str
    access_type: str
    access_status: str
    permitted_tasks: tuple[str, ...] = ()  # assignable on the account (the business's edge)
    currency: str | None = None
    account_status: int | None = None
    business_name: str = ""  # the Business Manager it was read from
    user_tasks: tuple[str, ...] = ()  # the connected person's own tasks on it

    @property
    def removal_refusal(self) -> str | None:
        """Why Facebook won't let the business remove it, in the viewer's language; None when it may."""
        return why_not_removable(self.access_type, self.access_status, self.business_name or THIS_BUSINESS)

    @property
    def grantable_tasks(self) -> tuple[str, ...]:
        """What the connected person may give others: only with MANAGE, only what they hold."""
        return tuple(grantable_tasks(self.user_tasks, self.permitted_tasks or None))

    @property
    def removable(self) -> bool:
        return self.removal_refusal is None

    @property
    def pending(self) -> bool:
        """A claim its admins have not accepted yet."""
        return self.access_status == PENDING

    @property
    def owned(self) -> bool:
        return self.access_type == OWNER

    @property
    def access_words(self) -> str:
        if self.pending:
            return _("Claim pending: waiting for the account's admins to accept")
        return _("Owned by this business") if self.owned else _("Shared with this business, as its agency")

    @property
    def settings_refusal(self) -> str | None:
        """Why the connected person can't change this account's spend cap or DSA defaults on Facebook (only its
        Admins, with MANAGE, may), or None."""
        if "MANAGE" in self.user_tasks:
            return None
        return _(
            "On Facebook your role on {account} is {role}: changing its spend cap and DSA defaults needs Admin. Ask "
            "one of its admins to make you an Admin of it."
        ).format(account=self.name, role=role_words(self.user_tasks))

    @property
    def removal_words(self) -> str:
        """What removing it does."""
        return _("withdraws the pending claim") if self.pending else _("gives up this business's agency access")


def business_refusal(accounts: list[BusinessAdAccount], business_name: str) -> str | None:
    """Why Facebook would refuse the connected person claiming, creating or removing ad accounts for this Business
    Manager (only its admins may), judged from their tasks on its ad accounts: None when they manage at least one
    (or it has none to judge by)."""
    held = [a for a in accounts if not a.pending]
    if not held or any("MANAGE" in a.user_tasks for a in held):
        return None
    roles = sorted({role_words(a.user_tasks) for a in held})
    return _(
        "On Facebook you manage none of {business}'s ad accounts (your role on them: {roles}), so Facebook would "
        "refuse to claim, create or remove ad accounts for it: that needs an admin of the Business Manager. Ask one "
        "of its admins to make you one."
    ).format(business=business_name, roles=words.listing(roles, conjunction=""))


def business_ad_accounts(client: GraphClient, business_id: str, business_name: str = "") -> list[BusinessAdAccount]:
    """Owned (OWNER), client (AGENCY) and pending-claim ad accounts of one Business Manager."""
    rows: dict[str, BusinessAdAccount] = {}
    for edge_name, default_type in (("owned_ad_accounts", OWNER), ("client_ad_accounts", AGENCY)):
        for item in client.iter_edge(f"{business_id}/{edge_name}", fields=_RELATION_FIELDS, limit=_PAGE):
            rows[item["id"]] = _account_row(item, default_type, CONFIRMED, business_name)
    for item in client.iter_edge(f"{business_id}/pending_owned_ad_accounts", fields=_RELATION_FIELDS, limit=_PAGE):
        rows[item["id"]] = _account_row(item, OWNER, PENDING, business_name)
    return sorted(rows.values(), key=lambda a: (not a.pending, not a.owned, a.name.lower()))


def _account_row(item: dict, access_type: str, access_status: str, business_name: str) -> BusinessAdAccount:
    access_type = item.get("access_type") or access_type
    access_status = PENDING if access_status == PENDING else item.get("access_status") or access_status
    return BusinessAdAccount(
        id=normalise_ad_account_id(item["id"]),
        name=item.get("name") or item["id"],
        access_type=access_type,
        access_status=access_status,
        permitted_tasks=tuple(item.get("permitted_tasks") or ()),
        currency=item.get("currency"),
        account_status=item.get("account_status"),
        business_name=business_name,
        user_tasks=tuple(item.get("user_tasks") or ()),
    )


@dataclass(frozen=True)
class CreditLine:
    """A business's extended credit line (Graph's ExtendedCredit): new ad accounts may be invoiced on it."""

    id: str
    legal_entity_name: str


CREDIT_FIELDS = ["id", "legal_entity_name", "is_access_revoked", "owner_business"]


def credit_line(client: GraphClient, business_id: str) -> CreditLine | None:
    """The business's own, usable extended credit line (``<BUSINESS_ID>/extendedcredits``), or None: then
    ``invoice`` cannot be offered when creating an ad account."""
    for item in client.iter_edge(f"{business_id}/extendedcredits", fields=CREDIT_FIELDS, limit=_PAGE):
        owner = (item.get("owner_business") or {}).get("id")
        if not item.get("is_access_revoked") and str(owner or business_id) == business_id:
            return CreditLine(str(item["id"]), str(item.get("legal_entity_name") or ""))
    return None


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
        return format_money(self.spend_cap_minor, self.currency) if self.spend_cap_minor else _("no spend cap")

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


def single_attempt(client: GraphClient) -> GraphClient:
    """The same client (session, token, counters) that never sends a request twice on its own: every write
    here is sent once, and a throttle or Facebook error goes straight back to the marketer to decide."""
    once = copy.copy(client)
    once.retry = NO_RETRY
    return once


@dataclass(frozen=True)
class CreatedAccount:
    """An ad account the Business Manager owns, with when Facebook created it."""

    id: str
    name: str
    created_time: datetime
    currency: str
    timezone_id: int | None


CREATED_FIELDS = ["id", "name", "created_time", "currency", "timezone_id"]


def created_accounts(client: GraphClient, business_id: str, name: str, since: datetime) -> list[CreatedAccount]:
    """The Business Manager's ad accounts called ``name`` that Facebook created at or after ``since``
    (``<BUSINESS_ID>/owned_ad_accounts`` with ``name,created_time``), oldest first: how a creation whose answer was
    lost is found before anything is sent again."""
    found = []
    for item in client.iter_edge(f"{business_id}/owned_ad_accounts", fields=CREATED_FIELDS, limit=_PAGE):
        created = _moment(item.get("created_time"))
        if item.get("name") != name or created is None or created < since:
            continue
        timezone = item.get("timezone_id")
        found.append(
            CreatedAccount(
                normalise_ad_account_id(item["id"]),
                str(item["name"]),
                created,
                str(item.get("currency") or ""),
                int(timezone) if timezone is not None else None,
            )
        )
    return sorted(found, key=lambda a: a.created_time)


def _moment(raw: object) -> datetime | None:
    """Graph's ``2026-11-25T12:00:00+0000``."""
    try:
        return datetime.strptime(str(raw), "%Y-%m-%dT%H:%M:%S%z") if raw else None
    except ValueError:
        return None
