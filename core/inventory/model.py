"""The inventory's data shapes: what one token can see, as frozen dataclasses (see :mod:`core.inventory`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import cached_property
from typing import Any, Literal

from core.graph.facebook import Role, can_advertise, can_advertise_page, grantable_tasks, role_of
from core.shared.i18n import N_, _

AccessType = Literal["OWNER", "AGENCY", "PERSONAL"]

# Graph's AdAccount.account_status values (Marketing API reference, "Ad Account"), in words marked for translation:
# shown as ``_(ACCOUNT_STATUS[code])``.
ACCOUNT_STATUS: dict[int, str] = {
    1: N_("active"),
    2: N_("disabled"),
    3: N_("unsettled (an unpaid balance)"),
    7: N_("pending risk review"),
    8: N_("pending settlement"),
    9: N_("in grace period"),
    100: N_("pending closure"),
    101: N_("closed"),
    201: N_("active (any)"),
    202: N_("closed (any)"),
}

# Graph's AdAccount.disable_reason values, marked for translation: shown as ``_(DISABLE_REASON[code])``.
DISABLE_REASON: dict[int, str] = {
    0: N_("none"),
    1: N_("ads integrity policy"),
    2: N_("ads IP review"),
    3: N_("payment risk"),
    4: N_("gray account shut down"),
    5: N_("ads AFC review"),
    6: N_("business integrity (restricted advertising rights)"),
    7: N_("permanently closed"),
    8: N_("unused reseller account"),
    9: N_("unused account"),
    10: N_("umbrella ad account"),
    11: N_("Business Manager integrity policy"),
    12: N_("misrepresented ad account"),
    13: N_("deshared legal entity"),
    14: N_("context thread review"),
    15: N_("compromised ad account"),
}

ACCESS_RANK: dict[str, int] = {"OWNER": 0, "AGENCY": 1, "PERSONAL": 2}


def _status_words(code: int) -> str:
    """An ``account_status`` in the viewer's words (``disabled``); a code Facebook added since: ``in status 4``."""
    if code in ACCOUNT_STATUS:
        return _(ACCOUNT_STATUS[code])
    return _("in status {code}").format(code=code)


def _reason_words(code: int) -> str:
    """A ``disable_reason`` in the viewer's words (``payment risk``); an unknown one: ``reason 42``."""
    if code in DISABLE_REASON:
        return _(DISABLE_REASON[code])
    return _("reason {code}").format(code=code)


@dataclass(frozen=True)
class AdAccountInfo:
    """An ad account as one Business Manager (or the person) sees it.

    ``access_type`` is relative to ``business_id``'s BM edge it came from: ``OWNER`` (the BM owns it), ``AGENCY``
    (shared with the BM) or ``PERSONAL`` (reached through the person's own ``adaccounts`` only). ``business_id`` is
    the business that owns the account (None for a personal account). ``permitted_tasks``: what the BM edge says
    is assignable on it (empty for a personal account); ``user_tasks``: the connected person's own tasks on it."""

    id: str
    account_id: str
    name: str
    account_status: int
    disable_reason: int
    currency: str
    has_funding_source: bool
    access_type: AccessType
    permitted_tasks: tuple[str, ...]
    business_id: str | None
    pixel_ids: tuple[str, ...]
    user_tasks: tuple[str, ...] = ()
    owner_id: str | None = None  # who owns it (a person or a business), as the person's own edge reports it

    @property
    def grantable_tasks(self) -> tuple[str, ...]:
        """What the person may give others here: only with MANAGE, only tasks they hold (docs/RULES.md, "Binding")."""
        return tuple(grantable_tasks(self.user_tasks, self.permitted_tasks or None))

    @property
    def advertise_refusal(self) -> str | None:
        """Why the person cannot advertise with this ad account (no ADVERTISE or MANAGE task), or None."""
        if can_advertise(self.user_tasks):
            return None
        if not self.user_tasks:
            return _(
                "You have no access to this ad account: advertising with it needs the General user or Admin role. "
                "Ask one of its admins to give you one of them."
            )
        if role_of(self.user_tasks) is Role.REPORTING_ONLY:
            return _(
                "You can only see this ad account's reports: advertising with it needs the General user or Admin "
                "role. Ask one of its admins to give you one of them."
            )
        return _(
            "Your access to this ad account does not include advertising: advertising with it needs the General "
            "user or Admin role. Ask one of its admins to give you one of them."
        )

    @property
    def cannot_deliver_reason(self) -> str | None:
        """Why ads cannot run on this account, in words (one sentence), or None when it can deliver."""
        status, cause = _status_words(self.account_status), _reason_words(self.disable_reason)
        unfunded = not self.has_funding_source
        if self.account_status != 1 and self.disable_reason:
            text = (
                _("Account is {status} ({cause}); no payment method (funding source).")
                if unfunded
                else _("Account is {status} ({cause}).")
            )
        elif self.account_status != 1:
            text = (
                _("Account is {status}; no payment method (funding source).") if unfunded else _("Account is {status}.")
            )
        elif self.disable_reason:
            text = (
                _("Disabled for: {cause}; no payment method (funding source).")
                if unfunded
                else _("Disabled for: {cause}.")
            )
        elif unfunded:
            text = _("No payment method (funding source).")
        else:
            return None
        return text.format(status=status, cause=cause)

    @property
    def can_deliver(self) -> bool:
        return self.cannot_deliver_reason is None


@dataclass(frozen=True)
class PageInfo:
    """A Facebook Page. ``owned_by_other_business``: reached as a client Page, or owned by a business the person
    is not in, so it cannot be chosen (docs/RULES.md, "Binding")."""

    id: str
    name: str
    is_published: bool
    business_id: str | None
    owned_by_other_business: bool
    tasks: tuple[str, ...] = ()  # the connected person's tasks on the Page (``tasks`` on ``me/accounts``)

    @property
    def advertise_refusal(self) -> str | None:
        """Why the person cannot run ads for this Page (no ADVERTISE task on it), or None."""
        if can_advertise_page(self.tasks):
            return None
        if self.tasks:
            return _(
                "Your access to this Page does not include advertising: ads cannot run for it. Ask one of its admins "
                "to let you advertise for it."
            )
        return _(
            "You have no access to this Page: ads cannot run for it. Ask one of its admins to let you advertise for it."
        )


@dataclass(frozen=True)
class PixelInfo:
    """A pixel, with the facts Graph has about its events: ``last_fired_time``, ``is_unavailable`` and
    ``events_last_7_days`` (the total of its ``event_stats``; None when Graph gave none). ``business_id``: its owner
    Business Manager (``owner_business``). ``ad_account_ids``: the loaded ad accounts it is attached to."""

    id: str
    name: str
    last_fired_time: datetime | None
    business_id: str | None
    ad_account_ids: tuple[str, ...]
    is_unavailable: bool = False
    events_last_7_days: int | None = None


@dataclass(frozen=True)
class OwnedDomainInfo:
    """A website domain a Business Manager added (``owned_domains``: ``domain_name``, ``status``)."""

    id: str
    domain_name: str
    status: str  # "verified" or "not_verified"

    @property
    def verified(self) -> bool:
        return self.status.lower() == "verified"

    def covers(self, host: str) -> bool:
        """Whether this domain is ``host`` or a parent of it (verifying a domain covers its subdomains)."""
        name, host = self.domain_name.lower().strip("."), host.lower().strip(".")
        return host == name or host.endswith("." + name)


@dataclass(frozen=True)
class BusinessInfo:
    id: str
    name: str
    verification_status: str | None
    owned_ad_accounts: tuple[AdAccountInfo, ...]
    client_ad_accounts: tuple[AdAccountInfo, ...]
    owned_pages: tuple[PageInfo, ...]
    client_pages: tuple[PageInfo, ...]
    pixels: tuple[PixelInfo, ...]
    owned_domains: tuple[OwnedDomainInfo, ...] = ()

    def domain(self, host: str) -> OwnedDomainInfo | None:
        """The owned domain that covers ``host`` (a verified one first), or None."""
        found = sorted((d for d in self.owned_domains if d.covers(host)), key=lambda d: not d.verified)
        return found[0] if found else None

    @property
    def ad_accounts(self) -> tuple[AdAccountInfo, ...]:
        return self.owned_ad_accounts + self.client_ad_accounts

    @property
    def pages(self) -> tuple[PageInfo, ...]:
        return self.owned_pages + self.client_pages


@dataclass(frozen=True)
class AssetProblem:
    """An asset that could not be read (error, no access, throttled); the rest of the inventory is complete.

    ``kind``: ``business``, ``ad_account``, ``page``, ``pixel`` or ``person``. ``retry_after_minutes`` is set
    when Facebook throttled the read."""

    kind: str
    id: str
    name: str | None
    user_message: str
    retry_after_minutes: int | None = None


@dataclass(frozen=True)
class Inventory:
    user_id: str
    user_name: str
    businesses: tuple[BusinessInfo, ...]
    personal_ad_accounts: tuple[AdAccountInfo, ...]
    personal_pages: tuple[PageInfo, ...]
    problems: tuple[AssetProblem, ...]
    loaded_at: datetime
    round_trips: int
    # every pixel seen: the BMs' own and those attached to the loaded ad accounts (other businesses' included)
    pixel_catalog: tuple[PixelInfo, ...] = ()

    # ---- look-ups ---------------------------------------------------------------------------------------
    def business(self, business_id: str) -> BusinessInfo | None:
        return next((b for b in self.businesses if b.id == business_id), None)

    def ad_accounts(self) -> tuple[AdAccountInfo, ...]:
        """Every ad account once (the closest access wins: OWNER, then AGENCY, then PERSONAL), sorted by id."""
        return tuple(self._accounts_by_id.values())

    def ad_account(self, account_id: str) -> AdAccountInfo | None:
        return self._accounts_by_id.get(account_id if account_id.startswith("act_") else f"act_{account_id}")

    @cached_property
    def _accounts_by_id(self) -> dict[str, AdAccountInfo]:
        best: dict[str, AdAccountInfo] = {}
        for account in [a for b in self.businesses for a in b.ad_accounts] + list(self.personal_ad_accounts):
            known = best.get(account.id)
            if known is None or ACCESS_RANK[account.access_type] < ACCESS_RANK[known.access_type]:
                best[account.id] = account
        return dict(sorted(best.items()))

    @cached_property
    def administered_ad_account_ids(self) -> frozenset[str]:
        """The ad accounts the person administers (MANAGE in their own tasks), worked out once."""
        return frozenset(a.id for a in self._accounts_by_id.values() if "MANAGE" in a.user_tasks)

    @cached_property
    def _pixels(self) -> dict[str, PixelInfo]:
        return {p.id: p for p in self.pixel_catalog}

    def ad_accounts_of(self, business_ids: Iterable[str]) -> tuple[AdAccountInfo, ...]:
        """The ad accounts of the given BMs (owned and client), once each, in BM order."""
        seen: dict[str, AdAccountInfo] = {}
        for bid in business_ids:
            business = self.business(bid)
            for account in business.ad_accounts if business else ():
                seen.setdefault(account.id, account)
        return tuple(seen.values())

    def pages(self) -> tuple[PageInfo, ...]:
        """Every Page once (an owned appearance wins over a client one), sorted by id."""
        best: dict[str, PageInfo] = {}
        for page in [p for b in self.businesses for p in b.pages] + list(self.personal_pages):
            known = best.get(page.id)
            if known is None or (known.owned_by_other_business and not page.owned_by_other_business):
                best[page.id] = page
        return tuple(sorted(best.values(), key=lambda p: p.id))

    def pixels(self) -> tuple[PixelInfo, ...]:
        """Every pixel seen (a BM's pixels and pixels attached to the loaded ad accounts), sorted by id."""
        return tuple(sorted(self.pixel_catalog, key=lambda p: p.id))

    def pixel(self, pixel_id: str) -> PixelInfo | None:
        return self._pixels.get(pixel_id)

    def pixels_for_account(self, account_id: str) -> tuple[PixelInfo, ...]:
        """The pixels attached to an ad account, with their setup state."""
        account = self.ad_account(account_id)
        if account is None:
            return ()
        return tuple(self._pixels[p] for p in account.pixel_ids if p in self._pixels)

    def problem(self, asset_id: str) -> AssetProblem | None:
        return next((p for p in self.problems if p.id == asset_id), None)

    @property
    def complete(self) -> bool:
        """True when every asset could be read."""
        return not self.problems

    # ---- comparison -------------------------------------------------------------------------------------
    def tree(self) -> dict[str, Any]:
        """A stable, comparable form of what was loaded (no timing, no round trips): equal trees mean the same
        assets with the same facts, whatever order Graph answered in."""

        def rows(items: Iterable[Any]) -> list[dict[str, Any]]:
            return sorted((asdict(i) for i in items), key=lambda r: r["id"])

        return {
            "user": {"id": self.user_id, "name": self.user_name},
            "businesses": [
                {
                    "id": b.id,
                    "name": b.name,
                    "verification_status": b.verification_status,
                    "owned_ad_accounts": rows(b.owned_ad_accounts),
                    "client_ad_accounts": rows(b.client_ad_accounts),
                    "owned_pages": rows(b.owned_pages),
                    "client_pages": rows(b.client_pages),
                    "pixels": rows(b.pixels),
                    "owned_domains": rows(b.owned_domains),
                }
                for b in sorted(self.businesses, key=lambda b: b.id)
            ],
            "personal_ad_accounts": rows(self.personal_ad_accounts),
            "personal_pages": rows(self.personal_pages),
            "pixels": rows(self.pixel_catalog),
            "problems": sorted((asdict(p) for p in self.problems), key=lambda r: (r["kind"], r["id"])),
        }
