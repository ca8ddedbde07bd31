"""The deterministic ``demo`` world (SPEC §7); its IDs are in :mod:`core.sandbox.demo_ids`.

Dates are relative to the sandbox clock at build time, so "running or in review" counts are the same
whatever day the demo runs. Every ID is fixed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import cycle

from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_AGENCY_OWNED,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_AD_ACCOUNT_CLIENT,
    DEMO_AD_ACCOUNT_CLIENT_2,
    DEMO_AD_ACCOUNT_CLOSED,
    DEMO_AD_ACCOUNT_DISABLED,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_FOREIGN,
    DEMO_AD_ACCOUNT_FULL_TEAM,
    DEMO_AD_ACCOUNT_GRACE_PERIOD,
    DEMO_AD_ACCOUNT_NO_FUNDING,
    DEMO_AD_ACCOUNT_PENDING_CLAIM,
    DEMO_AD_ACCOUNT_PENDING_SETTLEMENT,
    DEMO_AD_ACCOUNT_PERSONAL,
    DEMO_AD_ACCOUNT_PERSONAL_NEW,
    DEMO_AD_ACCOUNT_SECURE,
    DEMO_AD_ACCOUNT_UNSETTLED,
    DEMO_ANALYST_USER_ID,
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_PARTNER,
    DEMO_BUSINESS_ID_SECURE,
    DEMO_BUSINESS_ID_TROUBLED,
    DEMO_BUSINESS_ID_UNVERIFIED,
    DEMO_PAGE_AGENCY,
    DEMO_PAGE_CLIENT,
    DEMO_PAGE_EU,
    DEMO_PAGE_FUTURE_LIMIT,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_NEAR_LIMIT,
    DEMO_PAGE_PERSONAL,
    DEMO_PAGE_UNPUBLISHED,
    DEMO_PERSON_BUSY,
    DEMO_PERSON_CREATIVE,
    DEMO_PERSON_JUNIOR,
    DEMO_PERSON_MANAGER,
    DEMO_PERSON_REPORTER,
    DEMO_PERSON_SELLER,
    DEMO_PIXEL_AGENCY,
    DEMO_PIXEL_NO_EVENTS,
    DEMO_PIXEL_READY,
    DEMO_PIXEL_UNATTACHED,
    DEMO_PIXEL_UNAVAILABLE,
    DEMO_PIXEL_UNVERIFIED,
    DEMO_PRODUCT_SET_ID,
    DEMO_USER_ID,
)
from core.sandbox.world import (
    Ad,
    AdAccount,
    AdSet,
    Business,
    Campaign,
    Page,
    Pixel,
    ProductSet,
    User,
    World,
    register_world,
)

ADMIN_TASKS = ["MANAGE", "ADVERTISE", "ANALYZE"]
PAGE_ADMIN_TASKS = ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"]
# (configured_status, effective_status) pairs the demo ads cycle through
STATUS_MIX = [
    ("ACTIVE", "ACTIVE"),
    ("ACTIVE", "PENDING_REVIEW"),
    ("ACTIVE", "IN_PROCESS"),
    ("PAUSED", "PAUSED"),
    ("ACTIVE", "DISAPPROVED"),
    ("PAUSED", "PENDING_REVIEW"),
    ("ACTIVE", "CAMPAIGN_PAUSED"),
    ("ARCHIVED", "ARCHIVED"),
    ("DELETED", "DELETED"),
]


@register_world("demo")
def build_demo_world(now: datetime, seed: int = 0) -> World:
    w = World(name="demo", marketer_id=DEMO_USER_ID)
    _people(w)
    _businesses(w, now)
    _ad_accounts(w, now)
    _pages(w, now)
    _pixels(w, now)
    w.product_sets[DEMO_PRODUCT_SET_ID] = ProductSet(DEMO_PRODUCT_SET_ID, "All products", DEMO_BUSINESS_ID_MAIN)
    _ads(w, now)
    return w


def _people(w: World) -> None:
    for uid, name in [
        (DEMO_USER_ID, "Dana Demo"),
        (DEMO_ANALYST_USER_ID, "Alex Analyst"),
        (DEMO_PERSON_SELLER, "Sam Seller"),
        (DEMO_PERSON_REPORTER, "Riley Reporter"),
        (DEMO_PERSON_JUNIOR, "Jordan Junior"),
        (DEMO_PERSON_CREATIVE, "Casey Creative"),
        (DEMO_PERSON_MANAGER, "Morgan Manager"),
        (DEMO_PERSON_BUSY, "Pat Busy"),
    ]:
        w.users[uid] = User(uid, name, f"{name.split()[0].lower()}@example.com")
    for i in range(1, 25):  # the crowd on DEMO_AD_ACCOUNT_FULL_TEAM
        uid = f"1000000000001{i:02d}"
        w.users[uid] = User(uid, f"Team Member {i:02d}")


def _businesses(w: World, now: datetime) -> None:
    created = now - timedelta(days=800)
    main_people = (
        {DEMO_USER_ID: "ADMIN", DEMO_PERSON_MANAGER: "ADMIN"}
        | {
            uid: "EMPLOYEE"
            for uid in (
                DEMO_ANALYST_USER_ID,
                DEMO_PERSON_SELLER,
                DEMO_PERSON_REPORTER,
                DEMO_PERSON_JUNIOR,
                DEMO_PERSON_CREATIVE,
                DEMO_PERSON_BUSY,
            )
        }
        | {f"1000000000001{i:02d}": "EMPLOYEE" for i in range(1, 25)}
    )
    for bid, name, extra in [
        (DEMO_BUSINESS_ID_MAIN, "Demo Outdoor Co.", {"people": main_people}),
        (
            DEMO_BUSINESS_ID_AGENCY,
            "Northwind Agency",
            {"people": {DEMO_USER_ID: "ADMIN", DEMO_PERSON_SELLER: "EMPLOYEE"}},
        ),
        (
            DEMO_BUSINESS_ID_UNVERIFIED,
            "Fresh Start Studio",
            {"verification_status": "not_verified", "created_via_api": 5, "people": {DEMO_USER_ID: "ADMIN"}},
        ),
        (DEMO_BUSINESS_ID_TROUBLED, "Legacy Traders Ltd", {"people": {DEMO_USER_ID: "ADMIN"}}),
        (
            DEMO_BUSINESS_ID_SECURE,
            "Secure Holdings",
            {"two_factor_type": "admin_required", "people": {DEMO_USER_ID: "ADMIN"}},
        ),
        (
            DEMO_BUSINESS_ID_PARTNER,
            "Partner Brands Inc.",
            {"people": {DEMO_PERSON_MANAGER: "ADMIN", DEMO_PERSON_BUSY: "EMPLOYEE"}},
        ),
    ]:
        w.businesses[bid] = Business(bid, name, created_time=created, **extra)


def _account(
    w: World,
    account_id: str,
    name: str,
    now: datetime,
    *,
    users: dict[str, list[str]] | None = None,
    **kw: object,
) -> AdAccount:
    account = AdAccount(account_id, name, created_time=now - timedelta(days=400), **kw)  # type: ignore[arg-type]
    account.funding_source = account.funding_source if "funding_source" in kw else f"7{account_id[-14:]}"
    account.user_tasks = {DEMO_USER_ID: list(ADMIN_TASKS)} | (users or {})
    w.ad_accounts[account_id] = account
    return account


def _ad_accounts(w: World, now: datetime) -> None:
    analyst = {DEMO_ANALYST_USER_ID: ["ANALYZE"]}
    team = {
        DEMO_PERSON_SELLER: ["ADVERTISE", "ANALYZE"],
        DEMO_PERSON_REPORTER: ["ANALYZE"],
        DEMO_PERSON_MANAGER: list(ADMIN_TASKS),
    }
    main = DEMO_BUSINESS_ID_MAIN
    _account(
        w,
        DEMO_AD_ACCOUNT_ACTIVE,
        "Demo Outdoor – Main",
        now,
        owner_business=main,
        users=analyst | team,
        amount_spent="1843250",
        spend_cap="5000000",
        timezone_id=1,
    )
    _account(
        w,
        DEMO_AD_ACCOUNT_BULK,
        "Demo Outdoor – Catalog (bulk)",
        now,
        owner_business=main,
        is_bulk=True,
        users=analyst | {DEMO_PERSON_JUNIOR: ["DRAFT"]},
        amount_spent="9120400",
        timezone_id=7,
    )
    _account(
        w,
        DEMO_AD_ACCOUNT_EUR,
        "Demo Outdoor – EU",
        now,
        owner_business=main,
        currency="EUR",
        users=analyst | {DEMO_PERSON_CREATIVE: ["ADVERTISE", "ANALYZE"]},
        default_dsa_payor="Demo Outdoor Co.",
        default_dsa_beneficiary="Demo Outdoor Co.",
        timezone_id=6,
        end_advertiser=DEMO_PAGE_MAIN,
    )
    _account(
        w,
        DEMO_AD_ACCOUNT_NO_FUNDING,
        "Demo Outdoor – UK (no card)",
        now,
        owner_business=main,
        currency="GBP",
        funding_source=None,
        timezone_id=7,
    )
    _account(
        w,
        DEMO_AD_ACCOUNT_PENDING_SETTLEMENT,
        "Demo Outdoor – Canada",
        now,
        owner_business=main,
        currency="CAD",
        account_status=8,
        timezone_id=2,
    )
    _account(
        w,
        DEMO_AD_ACCOUNT_GRACE_PERIOD,
        "Demo Outdoor – Australia",
        now,
        owner_business=main,
        currency="AUD",
        account_status=9,
        timezone_id=3,
    )
    crowd = {f"1000000000001{i:02d}": ["ANALYZE"] for i in range(1, 25)}
    _account(w, DEMO_AD_ACCOUNT_FULL_TEAM, "Demo Outdoor – Wholesale", now, owner_business=main, users=crowd)
    _account(
        w,
        DEMO_AD_ACCOUNT_DISABLED,
        "Legacy Traders – Old",
        now,
        owner_business=DEMO_BUSINESS_ID_TROUBLED,
        account_status=2,
        disable_reason=1,
    )
    _account(
        w,
        DEMO_AD_ACCOUNT_UNSETTLED,
        "Legacy Traders – Japan",
        now,
        owner_business=DEMO_BUSINESS_ID_TROUBLED,
        account_status=3,
        currency="JPY",
        timezone_id=4,
    )
    _account(
        w,
        DEMO_AD_ACCOUNT_CLOSED,
        "Fresh Start – Brazil (closed)",
        now,
        owner_business=DEMO_BUSINESS_ID_UNVERIFIED,
        account_status=101,
        currency="BRL",
        timezone_id=5,
    )
    _account(
        w,
        DEMO_AD_ACCOUNT_CLIENT,
        "Partner Brands – Mexico",
        now,
        owner_business=DEMO_BUSINESS_ID_PARTNER,
        agencies={DEMO_BUSINESS_ID_AGENCY},
        currency="MXN",
        users={DEMO_PERSON_MANAGER: list(ADMIN_TASKS)},
    )
    _account(
        w,
        DEMO_AD_ACCOUNT_CLIENT_2,
        "Partner Brands – Sweden",
        now,
        owner_business=DEMO_BUSINESS_ID_PARTNER,
        agencies={DEMO_BUSINESS_ID_AGENCY, main},
        currency="SEK",
    )
    _account(
        w,
        DEMO_AD_ACCOUNT_AGENCY_OWNED,
        "Northwind – In-house",
        now,
        owner_business=DEMO_BUSINESS_ID_AGENCY,
        users={DEMO_PERSON_SELLER: ["ADVERTISE", "ANALYZE"]},
    )
    _account(w, DEMO_AD_ACCOUNT_PERSONAL, "Dana Demo (personal)", now, owner_user=DEMO_USER_ID)
    _account(
        w,
        DEMO_AD_ACCOUNT_PERSONAL_NEW,
        "Dana Demo (new, unused)",
        now,
        owner_user=DEMO_USER_ID,
        has_activity=False,
    )
    foreign = _account(w, DEMO_AD_ACCOUNT_FOREIGN, "Morgan Manager (personal)", now, owner_user=DEMO_PERSON_MANAGER)
    foreign.user_tasks = {DEMO_PERSON_MANAGER: list(ADMIN_TASKS), DEMO_USER_ID: ["ADVERTISE", "ANALYZE"]}
    _account(
        w,
        DEMO_AD_ACCOUNT_SECURE,
        "Secure Holdings – Main",
        now,
        owner_business=DEMO_BUSINESS_ID_SECURE,
        currency="EUR",
    )
    pending = _account(
        w, DEMO_AD_ACCOUNT_PENDING_CLAIM, "Casey Creative (personal)", now, owner_user=DEMO_PERSON_CREATIVE
    )
    pending.user_tasks = {DEMO_PERSON_CREATIVE: list(ADMIN_TASKS), DEMO_USER_ID: ["ANALYZE"]}
    w.pending_claims[main] = {DEMO_AD_ACCOUNT_PENDING_CLAIM}
    for i in range(1, 26):  # Pat Busy's 25 accounts at the partner business (invisible to the marketer)
        account_id = f"3000000000001{i:02d}"
        w.ad_accounts[account_id] = AdAccount(
            account_id,
            f"Partner Brands – Region {i:02d}",
            owner_business=DEMO_BUSINESS_ID_PARTNER,
            user_tasks={DEMO_PERSON_BUSY: ["ADVERTISE", "ANALYZE"]},
        )


def _pages(w: World, now: datetime) -> None:
    main, agency = DEMO_BUSINESS_ID_MAIN, DEMO_BUSINESS_ID_AGENCY
    future = (now + timedelta(days=30)).date().isoformat()
    for pid, name, kw in [
        (DEMO_PAGE_MAIN, "Demo Outdoor", {"owner_business": main, "ad_limit": 5000}),
        (DEMO_PAGE_NEAR_LIMIT, "Trail Gear Deals", {"owner_business": main, "ad_limit": 250}),
        (
            DEMO_PAGE_FUTURE_LIMIT,
            "Camp Kitchen",
            {
                "owner_business": main,
                "ad_limit": 1000,
                "future_ad_limit": 250,
                "future_limit_activation_date": future,
            },
        ),
        (DEMO_PAGE_UNPUBLISHED, "Winter Collection (draft)", {"owner_business": main, "is_published": False}),
        (
            DEMO_PAGE_CLIENT,
            "Partner Brands",
            {"owner_business": DEMO_BUSINESS_ID_PARTNER, "client_businesses": {main}, "ad_limit": 1000},
        ),
        (DEMO_PAGE_EU, "Demo Outdoor Europe", {"owner_business": main, "ad_limit": 1000}),
        ("400000000000007", "Demo Outdoor Kids", {"owner_business": main}),
        ("400000000000008", "Demo Outdoor Outlet", {"owner_business": main}),
        (DEMO_PAGE_AGENCY, "Northwind Agency", {"owner_business": agency, "category": "Advertising agency"}),
        ("400000000000010", "Northwind Clients Hub", {"owner_business": agency}),
        ("400000000000011", "Fresh Start Studio", {"owner_business": DEMO_BUSINESS_ID_UNVERIFIED}),
        ("400000000000012", "Legacy Traders", {"owner_business": DEMO_BUSINESS_ID_TROUBLED}),
        ("400000000000013", "Secure Holdings", {"owner_business": DEMO_BUSINESS_ID_SECURE}),
        (DEMO_PAGE_PERSONAL, "Dana's Trail Notes", {"category": "Blogger"}),
    ]:
        w.pages[pid] = Page(pid, name, user_tasks={DEMO_USER_ID: list(PAGE_ADMIN_TASKS)}, **kw)  # type: ignore[arg-type]


def _pixels(w: World, now: datetime) -> None:
    main = DEMO_BUSINESS_ID_MAIN
    events = ["PageView", "ViewContent", "AddToCart", "InitiateCheckout", "Purchase"]
    for pxid, name, owner, kw in [
        (
            DEMO_PIXEL_READY,
            "Demo Outdoor Pixel",
            main,
            {
                "domain": "shop.demo-outdoor.example",
                "domain_verified": True,
                "configured_events": events,
                "last_fired_time": now - timedelta(hours=1),
                "shared_accounts": {DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK},
            },
        ),
        (
            DEMO_PIXEL_NO_EVENTS,
            "EU Store Pixel",
            main,
            {
                "domain": "eu.demo-outdoor.example",
                "domain_verified": True,
                "shared_accounts": {DEMO_AD_ACCOUNT_EUR},
            },
        ),
        (
            DEMO_PIXEL_UNVERIFIED,
            "Outlet Pixel",
            main,
            {
                "domain": "outlet-demo.example",
                "configured_events": ["PageView"],
                "last_fired_time": now - timedelta(days=3),
                "shared_accounts": {DEMO_AD_ACCOUNT_NO_FUNDING},
            },
        ),
        (
            DEMO_PIXEL_AGENCY,
            "Northwind Pixel",
            DEMO_BUSINESS_ID_AGENCY,
            {
                "domain": "northwind.example",
                "domain_verified": True,
                "configured_events": events[:2],
                "last_fired_time": now - timedelta(minutes=5),
                "shared_accounts": {DEMO_AD_ACCOUNT_AGENCY_OWNED, DEMO_AD_ACCOUNT_CLIENT},
            },
        ),
        (
            DEMO_PIXEL_UNAVAILABLE,
            "Legacy Pixel",
            DEMO_BUSINESS_ID_TROUBLED,
            {
                "is_unavailable": True,
                "last_fired_time": now - timedelta(days=200),
                "shared_accounts": {DEMO_AD_ACCOUNT_DISABLED},
            },
        ),
        (DEMO_PIXEL_UNATTACHED, "Spare Pixel", main, {}),
    ]:
        w.pixels[pxid] = Pixel(pxid, name, owner, creation_time=now - timedelta(days=300), **kw)  # type: ignore[arg-type]


class _AdFactory:
    def __init__(self, w: World) -> None:
        self.w = w
        self.campaign_seq = 700000000000000
        self.adset_seq = 800000000000000
        self.ad_seq = 900000000000000

    def adset(
        self, account_id: str, name: str, start: datetime | None, end: datetime | None = None, **kw: object
    ) -> AdSet:
        self.campaign_seq += 1
        self.adset_seq += 1
        campaign = Campaign(str(self.campaign_seq), account_id, f"{name} campaign")
        self.w.campaigns[campaign.id] = campaign
        adset = AdSet(str(self.adset_seq), account_id, campaign.id, name, start, end, **kw)  # type: ignore[arg-type]
        self.w.adsets[adset.id] = adset
        return adset

    def ads(self, adset: AdSet, page_id: str, count: int, statuses: Iterable[tuple[str, str]]) -> None:
        mix = cycle(statuses)
        for i in range(count):
            configured, effective = next(mix)
            self.ad_seq += 1
            ad = Ad(
                str(self.ad_seq),
                adset.account_id,
                adset.id,
                adset.campaign_id,
                f"{adset.name} – ad {i + 1}",
                page_id,
                configured,
                effective,
            )
            self.w.ads[ad.id] = ad


def _ads(w: World, now: datetime) -> None:
    f = _AdFactory(w)
    day = timedelta(days=1)
    running = [("ACTIVE", "ACTIVE")]
    always_on = f.adset(DEMO_AD_ACCOUNT_ACTIVE, "Always on", now - 30 * day)
    f.ads(always_on, DEMO_PAGE_NEAR_LIMIT, 210, running)
    f.ads(always_on, DEMO_PAGE_MAIN, 18, STATUS_MIX)
    f.ads(
        f.adset(DEMO_AD_ACCOUNT_ACTIVE, "Summer sale (starts in 5 days)", now + 5 * day),
        DEMO_PAGE_MAIN,
        15,
        running,
    )
    f.ads(
        f.adset(DEMO_AD_ACCOUNT_ACTIVE, "Spring sale (ended)", now - 60 * day, now - 2 * day),
        DEMO_PAGE_MAIN,
        15,
        running,
    )
    f.ads(
        f.adset(
            DEMO_AD_ACCOUNT_ACTIVE,
            "Evenings only (day-parted)",
            now - 5 * day,
            now + 20 * day,
            day_parting=True,
        ),
        DEMO_PAGE_FUTURE_LIMIT,
        10,
        running,
    )
    f.ads(
        f.adset(DEMO_AD_ACCOUNT_ACTIVE, "Late launch (starts in 3 hours)", now + timedelta(hours=3)),
        DEMO_PAGE_FUTURE_LIMIT,
        5,
        running,
    )
    f.ads(f.adset(DEMO_AD_ACCOUNT_BULK, "Catalog retargeting", now - 90 * day), DEMO_PAGE_MAIN, 36, STATUS_MIX)
    f.ads(f.adset(DEMO_AD_ACCOUNT_EUR, "EU evergreen", now - 20 * day), DEMO_PAGE_EU, 18, STATUS_MIX)
    f.ads(
        f.adset(DEMO_AD_ACCOUNT_NO_FUNDING, "UK launch", now - 3 * day),
        DEMO_PAGE_MAIN,
        10,
        [("ACTIVE", "PENDING_BILLING_INFO")],
    )
    f.ads(
        f.adset(DEMO_AD_ACCOUNT_PENDING_SETTLEMENT, "Canada always on", now - 10 * day),
        DEMO_PAGE_MAIN,
        10,
        running,
    )
    f.ads(
        f.adset(DEMO_AD_ACCOUNT_GRACE_PERIOD, "Australia always on", now - 10 * day),
        DEMO_PAGE_MAIN,
        10,
        running,
    )
    f.ads(f.adset(DEMO_AD_ACCOUNT_DISABLED, "Old campaign", now - 100 * day), "400000000000012", 10, running)
    f.ads(f.adset(DEMO_AD_ACCOUNT_CLIENT, "Partner launch", now - 15 * day), DEMO_PAGE_CLIENT, 18, STATUS_MIX)
    f.ads(
        f.adset(DEMO_AD_ACCOUNT_AGENCY_OWNED, "Agency showcase", now - 40 * day),
        DEMO_PAGE_AGENCY,
        15,
        running,
    )
