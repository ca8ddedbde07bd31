"""The sandbox's in-memory world: Facebook objects as plain dataclasses, and a registry of world builders.

A world is built by a function ``(now: datetime, seed: int) -> World``; :data:`WORLD_BUILDERS` maps its name
(``demo``, later ``large``) to it. Everything is keyed by Facebook-style IDs (numeric strings; ad accounts
keep the bare number in :attr:`AdAccount.account_id` and are addressed as ``act_<number>``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class User:
    id: str
    name: str
    email: str | None = None


@dataclass
class Business:
    id: str
    name: str
    verification_status: str = "verified"  # Graph: verified | not_verified | pending ...
    two_factor_type: str = "none"  # "admin_required" → writes need a 2FA session (415)
    created_time: datetime | None = None
    people: dict[str, str] = field(default_factory=dict)  # user id → role (ADMIN | EMPLOYEE)
    created_via_api: int = 0


@dataclass
class AdAccount:
    account_id: str
    name: str
    account_status: int = 1
    disable_reason: int = 0
    currency: str = "USD"
    timezone_id: int = 1
    funding_source: str | None = None
    spend_cap: str = "0"
    amount_spent: str = "0"
    owner_business: str | None = None  # business that owns it (CONFIRMED); None → a personal account
    owner_user: str | None = None  # the person whose personal account it is
    agencies: set[str] = field(default_factory=set)  # businesses with AGENCY access
    user_tasks: dict[str, list[str]] = field(default_factory=dict)  # user id → tasks
    is_bulk: bool = False
    has_activity: bool = True
    default_dsa_payor: str | None = None
    default_dsa_beneficiary: str | None = None
    end_advertiser: str = "NONE"
    media_agency: str = "NONE"
    partner: str = "NONE"
    created_time: datetime | None = None

    @property
    def id(self) -> str:
        return f"act_{self.account_id}"


@dataclass
class Page:
    id: str
    name: str
    category: str = "Shopping & retail"
    is_published: bool = True
    owner_business: str | None = None
    client_businesses: set[str] = field(default_factory=set)
    ad_limit: int = 250
    future_ad_limit: int | None = None
    future_limit_activation_date: str | None = None  # YYYY-MM-DD
    user_tasks: dict[str, list[str]] = field(default_factory=dict)
    username: str | None = None  # the Page's alias (facebook.com/<username>)


@dataclass
class Pixel:
    id: str
    name: str
    owner_business: str | None
    last_fired_time: datetime | None = None
    is_unavailable: bool = False
    domain: str | None = None
    domain_verified: bool = False
    configured_events: list[str] = field(default_factory=list)
    shared_accounts: set[str] = field(default_factory=set)  # bare account ids
    creation_time: datetime | None = None
    event_counts: dict[str, int] = field(default_factory=dict)  # events received in the last 7 days, per event


@dataclass
class OwnedDomain:
    """A website domain a Business Manager added in its Brand Safety settings (``<business>/owned_domains``)."""

    id: str
    domain_name: str
    owner_business: str
    status: str = "verified"  # verified | not_verified


@dataclass
class ExtendedCredit:
    """A business's extended credit line (``<business>/extendedcredits``): ``invoice=true`` on a new ad account."""

    id: str
    owner_business: str
    legal_entity_name: str
    credit_type: str = "NORMAL"
    is_access_revoked: bool = False
    max_balance: int = 5_000_000  # in cents of the currency
    currency: str = "USD"


@dataclass
class Campaign:
    id: str
    account_id: str
    name: str
    status: str = "ACTIVE"

    @property
    def effective_status(self) -> str:
        return self.status


@dataclass
class AdSet:
    id: str
    account_id: str
    campaign_id: str
    name: str
    start_time: datetime | None
    end_time: datetime | None = None
    status: str = "ACTIVE"
    effective_status: str = "ACTIVE"
    day_parting: bool = False


@dataclass
class Ad:
    id: str
    account_id: str
    adset_id: str
    campaign_id: str
    name: str
    actor_id: str  # the Page the ad runs for
    configured_status: str = "ACTIVE"
    effective_status: str = "ACTIVE"


@dataclass
class ProductSet:
    id: str
    name: str
    business_id: str


@dataclass
class World:
    """Everything the emulator knows. Mutated only under :attr:`Sandbox.lock`."""

    name: str
    marketer_id: str  # the person behind demo-admin and demo-expired
    analyst_id: str | None = None  # the person behind demo-analyst
    users: dict[str, User] = field(default_factory=dict)
    businesses: dict[str, Business] = field(default_factory=dict)
    ad_accounts: dict[str, AdAccount] = field(default_factory=dict)  # keyed by bare account id
    pages: dict[str, Page] = field(default_factory=dict)
    pixels: dict[str, Pixel] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    adsets: dict[str, AdSet] = field(default_factory=dict)
    ads: dict[str, Ad] = field(default_factory=dict)
    product_sets: dict[str, ProductSet] = field(default_factory=dict)
    owned_domains: dict[str, OwnedDomain] = field(default_factory=dict)
    extended_credits: dict[str, ExtendedCredit] = field(default_factory=dict)
    pending_claims: dict[str, set[str]] = field(default_factory=dict)  # business id → bare account ids
    ads_by_account: dict[str, list[Ad]] = field(default_factory=dict)
    adsets_by_account: dict[str, list[AdSet]] = field(default_factory=dict)
    campaigns_by_account: dict[str, list[Campaign]] = field(default_factory=dict)
    cache: dict[object, object] = field(default_factory=dict)  # derived values; ads never change through the API
    next_id: int = 990_000_000_000_001
    generation: int = 0  # moves on with every change, so kept edge listings know they are stale

    def touch(self) -> None:
        """Something changed: listings made before now are stale."""
        self.generation += 1

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def index_ads(self) -> None:
        """Index ads, ad sets and campaigns by ad account (call after building or changing them)."""
        self.ads_by_account, self.adsets_by_account, self.campaigns_by_account = {}, {}, {}
        for ad in self.ads.values():
            self.ads_by_account.setdefault(ad.account_id, []).append(ad)
        for adset in self.adsets.values():
            self.adsets_by_account.setdefault(adset.account_id, []).append(adset)
        for campaign in self.campaigns.values():
            self.campaigns_by_account.setdefault(campaign.account_id, []).append(campaign)
        self.cache.clear()
        self.touch()

    def account(self, node_id: str) -> AdAccount | None:
        return self.ad_accounts.get(node_id.removeprefix("act_")) if node_id.startswith("act_") else None

    def find(self, node_id: str) -> tuple[str, object] | None:
        """Resolve a node ID to (node type, object)."""
        if node_id.startswith("act_"):
            account = self.account(node_id)
            return ("AdAccount", account) if account else None
        for kind, table in (
            ("User", self.users),
            ("Business", self.businesses),
            ("Page", self.pages),
            ("AdsPixel", self.pixels),
            ("Campaign", self.campaigns),
            ("AdSet", self.adsets),
            ("Ad", self.ads),
            ("ProductSet", self.product_sets),
            ("OwnedDomain", self.owned_domains),
            ("ExtendedCredit", self.extended_credits),
        ):
            obj = table.get(node_id)
            if obj is not None:
                return kind, obj
        return None


WorldBuilder = Callable[[datetime, int], World]
WORLD_BUILDERS: dict[str, WorldBuilder] = {}


def register_world(name: str) -> Callable[[WorldBuilder], WorldBuilder]:
    """Decorator: make a world builder available as ``Sandbox(world=name)`` and ``--world name``."""

    def decorate(builder: WorldBuilder) -> WorldBuilder:
        WORLD_BUILDERS[name] = builder
        return builder

    return decorate


def build_world(name: str, now: datetime, seed: int = 0) -> World:
    from core.sandbox import demo_world, large_world, scale_world  # noqa: F401  (they register their worlds)

    try:
        builder = WORLD_BUILDERS[name]
    except KeyError:
        raise ValueError(f"unknown sandbox world {name!r}; known: {sorted(WORLD_BUILDERS)}") from None
    world = builder(now, seed)
    world.index_ads()
    return world
