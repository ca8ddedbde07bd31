"""The Connect wizard's rules, without Streamlit (docs/RULES.md, "Binding"): what each step offers, why an item
cannot be chosen, and how the inventory plus the marketer's draft become the :class:`core.binding.Selection` that Save
binds.

Limits are not decided here: the page shows live counts against ``MAX_BUSINESSES``, ``MAX_PAGES`` and the plan
(``plan_usage``), and ``save_selection`` refuses what breaks them, every violation at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from core.binding import (
    AdAccountChoice,
    AssetKind,
    AssetView,
    BusinessChoice,
    FacebookAccountChoice,
    PageChoice,
    PixelChoice,
    Rule,
    Selection,
)
from core.connect.domain_settings import Website, domain_settings_refusal
from core.graph.facebook import ROLE_TASKS, Role
from core.inventory import AdAccountInfo, Inventory, PageInfo, PixelInfo
from core.shared import DomainError, inputs, words
from core.shared.i18n import N_, _

# The steps' names, marked for translation: shown as ``_(STEPS[i])``.
STEPS: tuple[str, ...] = (
    N_("Facebook account"),
    N_("Business Managers"),
    N_("Ad accounts"),
    N_("Pixel settings"),
    N_("Fan Pages"),
    N_("Review and Save"),
)
# The step where each problem Save would refuse is fixed (the review links to it).
FIX_STEP: dict[Rule, int] = {
    Rule.FACEBOOK_ACCOUNT: 0,
    Rule.BUSINESSES: 1,
    Rule.BUSINESS_NOT_SELECTED: 1,
    Rule.PARENT_NOT_BOUND: 1,
    Rule.AD_ACCOUNTS: 2,
    Rule.DUPLICATES: 2,
    Rule.DOMAIN_SETTINGS: 3,
    Rule.PAGES: 4,
    Rule.UNPUBLISHED_PAGES: 4,
}
# How an ad account is reached through a Business Manager ``{bm}``, marked for translation.
ACCESS_WORDS = {"OWNER": N_("owned by {bm}"), "AGENCY": N_("shared with {bm} (agency access)")}


@dataclass
class Draft:
    """What the marketer has chosen so far (kept in the session; nothing is bound until Save)."""

    step: int = 0
    businesses: list[str] = field(default_factory=list)
    ad_accounts: list[str] = field(default_factory=list)  # act_… IDs
    pixels: dict[str, str] = field(default_factory=dict)  # act_… → pixel ID
    domain_settings: dict[str, bool] = field(default_factory=dict)  # act_… → switch on
    pages: list[str] = field(default_factory=list)

    def toggle(self, kind: str, item_id: str, on: bool) -> None:
        """Add or remove an ID from ``businesses``, ``ad_accounts`` or ``pages``, keeping the order chosen."""
        chosen: list[str] = getattr(self, kind)
        if on and item_id not in chosen:
            chosen.append(item_id)
        elif not on and item_id in chosen:
            chosen.remove(item_id)
            if kind == "ad_accounts":
                self.pixels.pop(item_id, None)
                self.domain_settings.pop(item_id, None)


class InvalidDraft(DomainError):
    """The draft names something by an ID Facebook never gives (kept in the session, so it can be tampered with):
    nothing is bound."""


def check_draft(draft: Draft) -> None:
    """Every ID the draft holds is Facebook's form of an ID (docs/RULES.md, "Typed input"), or
    :class:`InvalidDraft` naming the first that isn't."""
    checks = [
        *((b, _DRAFT_IDS["business"], False) for b in draft.businesses),
        *((a, _DRAFT_IDS["ad_account"], True) for a in [*draft.ad_accounts, *draft.pixels, *draft.domain_settings]),
        *((p, _DRAFT_IDS["pixel"], False) for p in draft.pixels.values()),
        *((p, _DRAFT_IDS["page"], False) for p in draft.pages),
    ]
    for raw, (label, what), is_account in checks:
        try:
            if is_account:
                inputs.ad_account_id(raw, field=_(label))
            else:
                inputs.facebook_id(raw, field=_(label), what=_(what))
        except inputs.InvalidInput as refused:
            raise InvalidDraft(
                _("{problem} Nothing was bound: go through the Connect steps again and choose from the lists.").format(
                    problem=refused.user_message
                )
            ) from None


# The IDs a draft holds: the field's name and what its ID is (``a Page ID``), marked for translation.
_DRAFT_IDS = {
    "business": (N_("Business Manager"), N_("a Business Manager ID")),
    "ad_account": (N_("Ad account"), ""),  # its ID is an ad account's (inputs.ad_account_id says so)
    "pixel": (N_("Pixel"), N_("a Pixel ID")),
    "page": (N_("Page"), N_("a Page ID")),
}


def draft_from_bound(bound: Iterable[AssetView]) -> Draft:
    """Start from what the store holds now, so bound assets show as chosen."""
    draft = Draft()
    for view in bound:
        if view.kind is AssetKind.BUSINESS:
            draft.businesses.append(view.external_id)
        elif view.kind is AssetKind.AD_ACCOUNT:
            draft.ad_accounts.append(view.external_id)
        elif view.kind is AssetKind.PAGE:
            draft.pages.append(view.external_id)
        elif view.kind is AssetKind.PIXEL and view.scope:
            draft.pixels[view.scope] = view.external_id
            draft.domain_settings[view.scope] = bool(view.attributes.get("domain_settings"))
    return draft


@dataclass(frozen=True)
class Option:
    """One row of a step: ``blocked`` says why it cannot be chosen (shown greyed), ``warning`` why it can be
    chosen but deserves attention (an ad account that cannot deliver)."""

    id: str
    name: str
    detail: str = ""
    blocked: str | None = None
    warning: str | None = None
    bound: bool = False

    @property
    def label(self) -> str:
        return f"{self.name} ({self.id})"


# ---- step 2: Business Managers -----------------------------------------------------------------------------


def business_options(inventory: Inventory, bound: set[str]) -> list[Option]:
    out = []
    for b in inventory.businesses:
        verified = _("verified") if b.verification_status == "verified" else _("not verified")
        detail = _("{ad_accounts} ({shared} shared) · {pages} · {pixels} · {verified}").format(
            ad_accounts=words.count(len(b.ad_accounts), "{n} ad account", "{n} ad accounts"),
            shared=words.number(len(b.client_ad_accounts)),
            pages=words.count(len(b.pages), "{n} Page", "{n} Pages"),
            pixels=words.count(len(b.pixels), "{n} pixel", "{n} pixels"),
            verified=verified,
        )
        out.append(Option(b.id, b.name, detail, bound=b.id in bound))
    return out


# ---- step 3: ad accounts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountSource:
    """An ad account and the chosen Business Manager it is bound under (None: one of the person's own)."""

    account: AdAccountInfo
    via_business: str | None


def account_sources(inventory: Inventory, businesses: Sequence[str]) -> dict[str, AccountSource]:
    """The ad accounts the draft may choose from: the chosen BMs' owned and client accounts (an owning BM wins
    over one it is shared with), then the person's own accounts."""
    out: dict[str, AccountSource] = {}
    for business_id in businesses:
        business = inventory.business(business_id)
        for account in business.ad_accounts if business else ():
            known = out.get(account.id)
            if known is None or (account.access_type == "OWNER" and known.account.access_type != "OWNER"):
                out[account.id] = AccountSource(account, business_id)
    for account in inventory.personal_ad_accounts:
        out.setdefault(account.id, AccountSource(account, None))
    return out


def ad_account_options(inventory: Inventory, businesses: Sequence[str], bound: set[str]) -> list[Option]:
    names = {b.id: b.name for b in inventory.businesses}
    out = []
    for source in account_sources(inventory, businesses).values():
        a = source.account
        if source.via_business is None:
            where = _personal_words(a, inventory.user_id, names)
        else:
            template = _(ACCESS_WORDS[a.access_type]) if a.access_type in ACCESS_WORDS else "{bm}"
            where = template.format(bm=names.get(source.via_business, source.via_business))
        detail = _("{where} · {currency} · {grants}").format(
            where=where, currency=a.currency, grants=_grant_words(a.grantable_tasks)
        )
        reason = a.cannot_deliver_reason
        warning = _("Cannot deliver ads: {reason}").format(reason=reason) if reason else None
        out.append(Option(a.id, a.name, detail, a.advertise_refusal, warning, a.id in bound))
    return out


# Facebook's role names, marked for translation.
_ROLE_WORDS = {
    Role.ADMIN: N_("Admin"),
    Role.GENERAL_USER: N_("General user"),
    Role.REPORTING_ONLY: N_("Reporting only"),
}


def _grant_words(grantable: Sequence[str]) -> str:
    """Which roles the person may give others on the account, in Facebook's role names (never task codes)."""
    roles = [_(name) for role, name in _ROLE_WORDS.items() if ROLE_TASKS[role] <= set(grantable)]
    if not roles:
        return _("you can't give others access (that needs the Admin role)")
    return _("you can give others: {roles}").format(roles=words.listing(roles, conjunction="or"))


def _personal_words(account: AdAccountInfo, user_id: str, businesses: dict[str, str]) -> str:
    """Whose ad account one of the person's own edge is: theirs, another person's shared with them, or a
    Business Manager's they were given access to."""
    if account.business_id:
        business_id = account.business_id
        business = businesses[business_id] if business_id in businesses else _("another Business Manager")
        return _("in {business}, shared with you").format(business=business)
    if account.owner_id and account.owner_id != user_id:
        return _("someone else's personal ad account, shared with you")
    return _("your own ad account")


def choosable_accounts(inventory: Inventory, businesses: Sequence[str]) -> dict[str, AccountSource]:
    """The ad accounts the draft may hold: offered, and ones the person may advertise with."""
    return {k: v for k, v in account_sources(inventory, businesses).items() if v.account.advertise_refusal is None}


# ---- step 4: pixels ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PixelOption:
    pixel: PixelInfo
    blocked: str | None  # why it cannot be chosen for this ad account
    domain_settings_blocked: str | None  # why the Domain Settings switch must stay off

    @property
    def label(self) -> str:
        return f"{self.pixel.name} ({self.pixel.id})"


def pixel_options(inventory: Inventory, source: AccountSource, site: Website) -> list[PixelOption]:
    """The pixels for one ad account: the ones attached to it, then its Business Manager's other pixels. A pixel
    attached to no ad account the person administers (MANAGE) cannot be chosen; Domain Settings is judged on the
    store's website (docs/RULES.md, "Binding")."""
    return [
        PixelOption(pixel, blocked, domain_settings_refusal(inventory, pixel, site))
        for pixel, blocked in _pixels_for(inventory, source)
    ]


def _pixels_for(inventory: Inventory, source: AccountSource) -> list[tuple[PixelInfo, str | None]]:
    attached = list(inventory.pixels_for_account(source.account.id))
    business = inventory.business(source.via_business) if source.via_business else None
    others = [p for p in (business.pixels if business else ()) if p.id not in {x.id for x in attached}]
    administered = inventory.administered_ad_account_ids
    out = []
    for pixel in attached + others:
        blocked = None
        if not administered.intersection(pixel.ad_account_ids):
            blocked = _("Not attached to any ad account you administer: attach it in Events Manager first.")
        out.append((pixel, blocked))
    return out


# ---- step 5: Pages -----------------------------------------------------------------------------------------


def page_options(inventory: Inventory, businesses: Sequence[str], bound: set[str]) -> list[Option]:
    """Every Page the person can see; unpublished ones, other businesses' ones and those of a Business Manager
    not chosen in step 2 are shown with the reason they cannot be chosen."""
    names = {b.id: b.name for b in inventory.businesses}
    out = []
    for page in inventory.pages():
        out.append(
            Option(
                page.id,
                page.name,
                _page_detail(page, names),
                _page_blocked(page, businesses, names),
                None,
                page.id in bound,
            )
        )
    return out


def _page_detail(page: PageInfo, names: dict[str, str]) -> str:
    if page.business_id is None:
        return _("a Page you have access to, in no Business Manager")
    owner = names[page.business_id] if page.business_id in names else _("a business you are not in")
    return _("owned by {bm}").format(bm=owner)


def _page_blocked(page: PageInfo, businesses: Sequence[str], names: dict[str, str]) -> str | None:
    if not page.is_published:
        return _("Unpublished: publish the Page on Facebook first.")
    if page.owned_by_other_business:
        return _("Owned by another business: only its owner can bind it.")
    if page.business_id is not None and page.business_id not in businesses:
        return _("Its Business Manager ({business}) is not selected in step 2.").format(
            business=names.get(page.business_id, page.business_id)
        )
    return page.advertise_refusal


# ---- keeping the draft consistent, and the Selection -------------------------------------------------------


def prune(draft: Draft, inventory: Inventory) -> list[str]:
    """Drop choices that are no longer offered (a Business Manager deselected, an asset gone from Facebook);
    return plain sentences, by name, so the page can say what changed: what went with its Business Manager in one
    sentence, anything else in one of its own."""
    notes: list[str] = []
    known_bms = {b.id for b in inventory.businesses}
    for bid in [b for b in draft.businesses if b not in known_bms]:
        draft.businesses.remove(bid)
        notes.append(
            _("A Business Manager ({id}) is no longer visible to this Facebook account, so it was deselected.").format(
                id=bid
            )
        )
    offered = account_sources(inventory, draft.businesses)
    sources = choosable_accounts(inventory, draft.businesses)
    every_account = {a.id: a.name for a in inventory.ad_accounts()}
    with_business: list[str] = []
    for account_id in [a for a in draft.ad_accounts if a not in sources]:
        draft.toggle("ad_accounts", account_id, False)
        name = every_account.get(account_id, account_id)
        if account_id in offered:
            notes.append(
                _("Ad account {name} was deselected: {reason}").format(
                    name=name, reason=offered[account_id].account.advertise_refusal
                )
            )
        else:
            with_business.append(_("ad account {name}").format(name=name))
    for account_id, pixel_id in list(draft.pixels.items()):
        if account_id not in draft.ad_accounts:
            draft.pixels.pop(account_id)
            draft.domain_settings.pop(account_id, None)
            continue
        allowed = {pixel.id for pixel, blocked in _pixels_for(inventory, sources[account_id]) if not blocked}
        if pixel_id not in allowed:
            draft.pixels.pop(account_id)
            draft.domain_settings.pop(account_id, None)
            pixel = inventory.pixel(pixel_id)
            notes.append(
                _("Pixel {pixel} is no longer available for ad account {account}, so it was removed.").format(
                    pixel=pixel.name if pixel else pixel_id, account=every_account.get(account_id, account_id)
                )
            )
    every_page = {p.id: p.name for p in inventory.pages()}
    choosable = {o.id for o in page_options(inventory, draft.businesses, set()) if not o.blocked}
    for page_id in [p for p in draft.pages if p not in choosable]:
        draft.pages.remove(page_id)
        with_business.append(_("Page {name}").format(name=every_page.get(page_id, page_id)))
    if with_business:
        notes.append(
            _(
                "Deselected with their Business Manager, which is not chosen any more: {assets}. Choose the Business "
                "Manager again to get them back."
            ).format(assets=words.listing(with_business))
        )
    return notes


def build_selection(inventory: Inventory, draft: Draft, site: Website) -> Selection:
    """The full Facebook selection to save: the inventory's facts for every chosen ID, Domain Settings judged on
    ``site``.

    Limits are left to ``save_selection``; a chosen ID the inventory no longer shows, or that the person may not
    advertise with, is left out (``prune`` reports those to the marketer first)."""
    names = {b.id: b.name for b in inventory.businesses}
    businesses = [BusinessChoice(b, names[b]) for b in draft.businesses if b in names]
    sources = choosable_accounts(inventory, draft.businesses)
    accounts = []
    for account_id in draft.ad_accounts:
        source = sources.get(account_id)
        if source is None:
            continue
        accounts.append(_account_choice(inventory, source, draft, site))
    pages = []
    all_pages = {p.id: p for p in inventory.pages()}
    for page_id in draft.pages:
        page = all_pages.get(page_id)
        if page is None:
            continue
        owner = page.business_id if page.business_id in draft.businesses else None
        attrs = {"owner_business_id": page.business_id, "owned_by_other_business": page.owned_by_other_business}
        pages.append(PageChoice(page.id, page.name, owner, page.is_published, attrs))
    return Selection(FacebookAccountChoice(inventory.user_id, inventory.user_name), businesses, accounts, pages)


def _account_choice(inventory: Inventory, source: AccountSource, draft: Draft, site: Website) -> AdAccountChoice:
    a = source.account
    pixel = None
    pixel_id = draft.pixels.get(a.id)
    info = inventory.pixel(pixel_id) if pixel_id else None
    if info is not None:
        pixel = PixelChoice(
            info.id,
            info.name,
            domain_settings_refusal(inventory, info, site),
            bool(draft.domain_settings.get(a.id)),
            info.business_id,
        )
    attrs = {
        "account_status": a.account_status,
        "disable_reason": a.disable_reason,
        "currency": a.currency,
        "has_funding_source": a.has_funding_source,
        "access_type": a.access_type,
        "owner_business_id": a.business_id,
        "user_tasks": list(a.user_tasks),
        "grantable_tasks": list(a.grantable_tasks),
        "cannot_deliver_reason": a.cannot_deliver_reason,
    }
    return AdAccountChoice(a.id, a.name, source.via_business, pixel, attrs)
