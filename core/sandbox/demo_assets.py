"""The demo world's Pages and ads (with their ad sets and campaigns); see :mod:`core.sandbox.demo_world`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import cycle

from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_AGENCY_OWNED,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_AD_ACCOUNT_CLIENT,
    DEMO_AD_ACCOUNT_DISABLED,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_GRACE_PERIOD,
    DEMO_AD_ACCOUNT_NO_FUNDING,
    DEMO_AD_ACCOUNT_PENDING_SETTLEMENT,
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_PARTNER,
    DEMO_BUSINESS_ID_SECURE,
    DEMO_BUSINESS_ID_TROUBLED,
    DEMO_BUSINESS_ID_UNVERIFIED,
    DEMO_PAGE_AGENCY,
    DEMO_PAGE_AGENCY_ALIAS,
    DEMO_PAGE_CLIENT,
    DEMO_PAGE_EU,
    DEMO_PAGE_FUTURE_LIMIT,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_MAIN_ALIAS,
    DEMO_PAGE_NEAR_LIMIT,
    DEMO_PAGE_PERSONAL,
    DEMO_PAGE_UNPUBLISHED,
    DEMO_USER_ID,
)
from core.sandbox.world import Ad, AdSet, Campaign, Page, World

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


def add_pages(w: World, now: datetime) -> None:
    main, agency = DEMO_BUSINESS_ID_MAIN, DEMO_BUSINESS_ID_AGENCY
    future = (now + timedelta(days=30)).date().isoformat()
    for pid, name, kw in [
        (DEMO_PAGE_MAIN, "Demo Outdoor", {"owner_business": main, "ad_limit": 5000, "username": DEMO_PAGE_MAIN_ALIAS}),
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
        (
            DEMO_PAGE_AGENCY,
            "Northwind Agency",
            {"owner_business": agency, "category": "Advertising agency", "username": DEMO_PAGE_AGENCY_ALIAS},
        ),
        ("400000000000010", "Northwind Clients Hub", {"owner_business": agency}),
        ("400000000000011", "Fresh Start Studio", {"owner_business": DEMO_BUSINESS_ID_UNVERIFIED}),
        ("400000000000012", "Legacy Traders", {"owner_business": DEMO_BUSINESS_ID_TROUBLED}),
        ("400000000000013", "Secure Holdings", {"owner_business": DEMO_BUSINESS_ID_SECURE}),
        (DEMO_PAGE_PERSONAL, "Dana's Trail Notes", {"category": "Blogger"}),
    ]:
        w.pages[pid] = Page(pid, name, user_tasks={DEMO_USER_ID: list(PAGE_ADMIN_TASKS)}, **kw)  # type: ignore[arg-type]


class _AdFactory:
    def __init__(self, w: World) -> None:
        self.w = w
        self.campaign_seq = 700000000000000
        self.adset_seq = 800000000000000
        self.ad_seq = 900000000000000

    def adset(
        self,
        account_id: str,
        name: str,
        start: datetime | None,
        end: datetime | None = None,
        campaign_status: str = "ACTIVE",
        **kw: object,
    ) -> AdSet:
        self.campaign_seq += 1
        self.adset_seq += 1
        campaign = Campaign(str(self.campaign_seq), account_id, f"{name} campaign", campaign_status)
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


def add_ads(w: World, now: datetime) -> None:
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
    _add_retired(f, now)


def _add_retired(f: _AdFactory, now: datetime) -> None:
    """An archived and a deleted campaign (each with its ad set and ads) on the main account, made last so that
    no earlier id moves: they count as neither running nor non-archived."""
    year = timedelta(days=365)
    for status, count in (("ARCHIVED", 6), ("DELETED", 4)):
        adset = f.adset(
            DEMO_AD_ACCOUNT_ACTIVE,
            f"Autumn sale ({status.lower()})",
            now - year,
            now - year + timedelta(days=30),
            campaign_status=status,
            status=status,
            effective_status=status,
        )
        f.ads(adset, DEMO_PAGE_MAIN, count, [(status, status)])
