"""Binding rules: what a store may hold, in the product's words. No database, no Streamlit, no Graph.

The wizard builds a :class:`Selection` from what Graph returned; :meth:`Selection.specs` turns it into the
assets it asks for; :mod:`.limits` evaluates every limit on the set the store would hold afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from core.shared import DomainError, inputs, words
from core.shared.i18n import N_, _, ngettext

MAX_BUSINESSES = 3
MAX_PAGES = 10
RETENTION = timedelta(days=30)


class AssetKind(StrEnum):
    FACEBOOK_ACCOUNT = "facebook_account"
    BUSINESS = "business"
    AD_ACCOUNT = "ad_account"
    PAGE = "page"
    PIXEL = "pixel"
    GOOGLE_ADS = "google_ads"

    @property
    def label(self) -> str:
        """The kind in the viewer's words, as it stands before a name (``ad account Demo Outdoor``)."""
        return _(_LABELS[self])


_LABELS = {
    AssetKind.FACEBOOK_ACCOUNT: N_("Facebook account"),
    AssetKind.BUSINESS: N_("Business Manager"),
    AssetKind.AD_ACCOUNT: N_("ad account"),
    AssetKind.PAGE: N_("Page"),
    AssetKind.PIXEL: N_("pixel"),
    AssetKind.GOOGLE_ADS: N_("Google Ads account"),
}
# "an ad account": what an ID that can't be stored was meant to name
_ONE_OF_KIND = {
    AssetKind.FACEBOOK_ACCOUNT: N_("a Facebook account"),
    AssetKind.BUSINESS: N_("a Business Manager"),
    AssetKind.AD_ACCOUNT: N_("an ad account"),
    AssetKind.PAGE: N_("a Page"),
    AssetKind.PIXEL: N_("a pixel"),
    AssetKind.GOOGLE_ADS: N_("a Google Ads account"),
}
FACEBOOK_KINDS: frozenset[AssetKind] = frozenset(AssetKind) - {AssetKind.GOOGLE_ADS}
# Attributes the marketer sets on a bound asset after binding (an ad account marked bulk): a Save that rewrites
# the asset's facts from Facebook keeps them.
MARKETER_ATTRIBUTES: tuple[str, ...] = ("bulk",)


class Rule(StrEnum):
    BUSINESSES = "business_managers"
    PAGES = "pages"
    AD_ACCOUNTS = "ad_accounts"
    DOMAIN_SETTINGS = "domain_settings"
    UNPUBLISHED_PAGES = "unpublished_pages"
    FACEBOOK_ACCOUNT = "facebook_account"
    BUSINESS_NOT_SELECTED = "business_not_selected"
    DUPLICATES = "duplicates"
    PARENT_NOT_BOUND = "parent_not_bound"


# --- errors -------------------------------------------------------------------------------------------------


class BindingError(DomainError):
    """A request the binding rules refuse; ``user_message`` (and ``str()``) is a plain message for the marketer."""


@dataclass(frozen=True)
class Violation:
    rule: Rule
    limit: int
    count: int
    message: str
    items: tuple[str, ...] = ()  # the IDs concerned: what to deselect or fix

    @property
    def excess(self) -> int:
        return max(0, self.count - self.limit)


class SelectionRefused(BindingError):
    """Save (or rebind) would break one or more limits. Every violation is listed, nothing was changed."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations: tuple[Violation, ...] = tuple(violations)
        super().__init__(words.sentences(v.message for v in self.violations))


class AssetNotFound(BindingError):
    pass


class AlreadyBound(BindingError):
    pass


class NotInRetention(BindingError):
    """Rebind asked for an asset that is bound already, or whose retention period has ended."""


class InvalidGoogleCustomerId(BindingError):
    pass


class InvalidAssetName(BindingError):
    pass


class UnstorableSelection(BindingError):
    """The selection names an asset by an ID that can't be a Facebook ID (nothing is bound)."""


class CascadeChanged(BindingError):
    """What a disconnect would unbind changed since the marketer confirmed it; nothing was unbound.
    ``plan`` is the new preview (a :class:`core.binding.unbinding.UnbindPlan`) to confirm again."""

    def __init__(self, plan: Any) -> None:
        super().__init__(
            _(
                "Nothing was disconnected: what it unbinds changed since you confirmed (someone bound or "
                "disconnected assets meanwhile). Check the new list and confirm again."
            )
        )
        self.plan = plan


# --- the selection the wizard saves -------------------------------------------------------------------------


@dataclass(frozen=True)
class FacebookAccountChoice:
    id: str
    name: str


@dataclass(frozen=True)
class BusinessChoice:
    id: str
    name: str


@dataclass(frozen=True)
class PixelChoice:
    """A pixel chosen for an ad account. ``domain_settings_refusal``: why Domain Settings may not be on (None: it
    may); ``business_id``: the Business Manager that owns the pixel, whose disconnect takes it along."""

    id: str
    name: str
    domain_settings_refusal: str | None = None
    domain_settings: bool = False
    business_id: str | None = None


@dataclass(frozen=True)
class AdAccountChoice:
    id: str
    name: str
    business_id: str | None = None  # None: one of the person's own ad accounts
    pixel: PixelChoice | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)  # e.g. account_status, currency, access (AGENCY)


@dataclass(frozen=True)
class PageChoice:
    id: str
    name: str
    business_id: str | None = None
    is_published: bool = True
    attributes: Mapping[str, Any] = field(default_factory=dict)


class AssetKey(NamedTuple):
    kind: AssetKind
    external_id: str
    scope: str = ""  # pixel settings are per ad account: the ad account's ID; "" for everything else


@dataclass(frozen=True)
class AssetSpec:
    """One asset a store asks to hold: what the limits are evaluated on and what gets stored."""

    key: AssetKey
    name: str
    parent: AssetKey | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> AssetKind:
        return self.key.kind


def ad_account_id(raw: str) -> str:
    """Facebook's form of an ad account ID: ``act_<digits>``."""
    raw = str(raw).strip()
    return raw if raw.startswith("act_") else f"act_{raw}"


@dataclass(frozen=True)
class Selection:
    """The store's desired full Facebook selection, as the wizard's Save passes it."""

    facebook_account: FacebookAccountChoice | None = None
    businesses: Sequence[BusinessChoice] = ()
    ad_accounts: Sequence[AdAccountChoice] = ()
    pages: Sequence[PageChoice] = ()

    def specs(self) -> list[AssetSpec]:
        """The assets asked for, parents before children."""
        if self.facebook_account is None:
            return []
        account = AssetKey(AssetKind.FACEBOOK_ACCOUNT, self.facebook_account.id)
        out = [AssetSpec(account, self.facebook_account.name)]
        chosen_bms = {b.id for b in self.businesses}

        def parent_of(business_id: str | None) -> AssetKey:
            if business_id is not None and business_id in chosen_bms:
                return AssetKey(AssetKind.BUSINESS, business_id)
            return account

        out += [AssetSpec(AssetKey(AssetKind.BUSINESS, b.id), b.name, account) for b in self.businesses]
        pixels = []
        for acc in self.ad_accounts:
            key = AssetKey(AssetKind.AD_ACCOUNT, ad_account_id(acc.id))
            attrs = {**acc.attributes, "business_id": acc.business_id}
            out.append(AssetSpec(key, acc.name, parent_of(acc.business_id), attrs))
            if acc.pixel is not None:
                p = acc.pixel
                pixel_attrs = {
                    "domain_settings": p.domain_settings,
                    "domain_settings_refusal": p.domain_settings_refusal,
                    "owner_business_id": p.business_id,
                }
                pixels.append(AssetSpec(AssetKey(AssetKind.PIXEL, p.id, key.external_id), p.name, key, pixel_attrs))
        for page in self.pages:
            attrs = {**page.attributes, "business_id": page.business_id, "is_published": page.is_published}
            out.append(AssetSpec(AssetKey(AssetKind.PAGE, page.id), page.name, parent_of(page.business_id), attrs))
        return out + pixels

    def structure_violations(self) -> list[Violation]:
        """Problems in the selection itself (not limits): no Facebook account, a BM not chosen, duplicates."""
        out: list[Violation] = []
        others = len(self.businesses) + len(self.ad_accounts) + len(self.pages)
        if self.facebook_account is None and others:
            out.append(
                Violation(
                    Rule.FACEBOOK_ACCOUNT,
                    1,
                    0,
                    words.count(
                        others,
                        "Facebook account: none selected, but {n} other asset is. Choose the Facebook account first.",
                        "Facebook account: none selected, but {n} other assets are. Choose the Facebook account first.",
                    ),
                )
            )
        chosen_bms = {b.id for b in self.businesses}
        orphans = [c for c in (*self.ad_accounts, *self.pages) if c.business_id and c.business_id not in chosen_bms]
        if orphans:
            names = words.listing([c.name for c in orphans])
            out.append(
                Violation(
                    Rule.BUSINESS_NOT_SELECTED,
                    0,
                    len(orphans),
                    ngettext(
                        "Business Managers not selected: {names} belongs to a Business Manager that is not selected. "
                        "Select their Business Manager or deselect them.",
                        "Business Managers not selected: {names} belong to a Business Manager that is not selected. "
                        "Select their Business Manager or deselect them.",
                        len(orphans),
                    ).format(names=names),
                    tuple(c.id for c in orphans),
                )
            )
        ids = [
            *(b.id for b in self.businesses),
            *(ad_account_id(a.id) for a in self.ad_accounts),
            *(p.id for p in self.pages),
        ]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            out.append(
                Violation(
                    Rule.DUPLICATES,
                    0,
                    len(dupes),
                    ngettext(
                        "Duplicates: {n} asset selected twice ({ids}). Select each once.",
                        "Duplicates: {n} assets selected twice ({ids}). Select each once.",
                        len(dupes),
                    ).format(n=words.number(len(dupes)), ids=", ".join(dupes)),
                    tuple(dupes),
                )
            )
        return out


# --- Google Ads and retention -------------------------------------------------------------------------------

MAX_GOOGLE_ADS_NAME = 100  # a name for the marketer's own reference
MAX_EXTERNAL_ID = 64  # what the assets table keeps of an ID (Graph's IDs are 20 characters at most)
MAX_NAME = 400  # what the assets table keeps of a name


def google_customer_id(raw: str) -> str:
    """``123-456-7890`` (also accepts the 10 digits 0-9 without dashes; never all zeros); anything else is
    refused (docs/RULES.md, "Typed input")."""
    return inputs.google_ads_id(raw, field=_("Google Ads customer ID"), error=InvalidGoogleCustomerId)


def google_ads_name(raw: str | None) -> str:
    """The optional name of a Google Ads account: at most :data:`MAX_GOOGLE_ADS_NAME` characters, no control
    character."""
    return inputs.text(raw, field=_("Name"), max_length=MAX_GOOGLE_ADS_NAME, required=False, error=InvalidAssetName)


def storable_spec(spec: AssetSpec) -> AssetSpec:
    """``spec`` as the database can keep it, the same on every database: an ID (and scope) of at most
    :data:`MAX_EXTERNAL_ID` printable characters, else :class:`UnstorableSelection`; a name (Facebook's words)
    with control characters made visible and cut to :data:`MAX_NAME`."""
    for value in (spec.key.external_id, spec.key.scope):
        if not inputs.storable(value, MAX_EXTERNAL_ID) or any(ch.isspace() for ch in value):
            raise UnstorableSelection(
                _(
                    "“{value}” can't be the ID of {kind}: it is too long or holds characters an ID never has. "
                    "Nothing was bound; go through the Connect steps again."
                ).format(value=inputs.shown(value), kind=_(_ONE_OF_KIND[spec.kind]))
            )
    name = inputs.visible(spec.name)
    return spec if name == spec.name and len(name) <= MAX_NAME else replace(spec, name=name[: MAX_NAME - 1] + "…")


def purge_at(unbound_at: datetime) -> datetime:
    """When an asset unbound at ``unbound_at`` is purged for good."""
    return unbound_at + RETENTION


def is_expired(unbound_at: datetime, now: datetime) -> bool:
    """At or after T + :data:`RETENTION` the history is gone; one second before, a rebind still restores it."""
    return now >= purge_at(unbound_at)
