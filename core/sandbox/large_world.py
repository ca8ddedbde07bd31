"""The ``large`` world for benchmarks (docs/RULES.md, "The sandbox"): generated from a seed in about a second, never
stored in git.

About 5 Business Managers, 2,000 ad accounts, 500 Pages, 100 pixels, 60 people and 100,000 ads. The demo
marketer (``DEMO_USER_ID``) is admin of every BM and ad account, so the demo tokens work unchanged; the analyst
(``DEMO_ANALYST_USER_ID``) has ANALYZE on the first three accounts. The marketer is on far more than 25 ad accounts:
that cap is only enforced when people are assigned through the API.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from core.sandbox.demo_assets import PAGE_ADMIN_TASKS, STATUS_MIX
from core.sandbox.demo_ids import DEMO_ANALYST_USER_ID, DEMO_USER_ID
from core.sandbox.demo_world import ADMIN_TASKS
from core.sandbox.rules import ROLE_TASKS, TIMEZONES
from core.sandbox.world import (
    Ad,
    AdAccount,
    AdSet,
    Business,
    Campaign,
    OwnedDomain,
    Page,
    Pixel,
    User,
    World,
    register_world,
)

BUSINESSES = 5
AD_ACCOUNTS = 2_000
PAGES = 500
PIXELS = 100
PEOPLE = 60
ADS = 100_000
ADSETS_PER_ACCOUNT = 5
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "JPY", "BRL", "MXN", "SEK", "INR")
# account_status weights: mostly active, every status present
STATUSES = (1,) * 85 + (2, 2, 3, 3, 8, 8, 9, 9, 101, 101, 7, 100, 201, 1, 1)
EVENTS = ("PageView", "ViewContent", "AddToCart", "InitiateCheckout", "Purchase")
# The first seven of Meta's time zones: the world was generated from these before the table grew, and its figures
# (accounts, ads, benchmarks) stay comparable only if the seed draws from the same choices.
TIMEZONE_IDS = tuple(TIMEZONES)[:7]
PIXEL_EVENT_WINDOW = timedelta(days=7)


@register_world("large")
def build_large_world(now: datetime, seed: int = 0) -> World:
    rng = random.Random(seed)
    w = World(name="large", marketer_id=DEMO_USER_ID, analyst_id=DEMO_ANALYST_USER_ID)
    people = _people(w)
    business_ids = _businesses(w, rng, now, people)
    accounts_by_business = _ad_accounts(w, rng, now, business_ids, people)
    pages_by_business = _pages(w, rng, now, business_ids)
    _pixels(w, rng, now, business_ids, accounts_by_business)
    _ads(w, rng, now, pages_by_business)
    return w


def _people(w: World) -> list[str]:
    ids = [DEMO_USER_ID, DEMO_ANALYST_USER_ID] + [f"1100000000000{i:02d}" for i in range(PEOPLE - 2)]
    for number, uid in enumerate(ids):
        name = {DEMO_USER_ID: "Dana Demo", DEMO_ANALYST_USER_ID: "Alex Analyst"}.get(uid, f"Person {number:02d}")
        w.users[uid] = User(uid, name, f"person{number:02d}@example.com")
    return ids


def _businesses(w: World, rng: random.Random, now: datetime, people: list[str]) -> list[str]:
    ids = []
    for i in range(BUSINESSES):
        bid = f"21000000000000{i}"
        staff = {uid: "EMPLOYEE" for uid in rng.sample(people[2:], 20)}
        w.businesses[bid] = Business(
            bid,
            f"Large Retail Group {i + 1}",
            verification_status="not_verified" if i == BUSINESSES - 1 else "verified",
            created_time=now - timedelta(days=900 - i),
            people=staff | {DEMO_USER_ID: "ADMIN", DEMO_ANALYST_USER_ID: "EMPLOYEE"},
        )
        domain_id = f"26{i:013d}"
        status = "not_verified" if i == BUSINESSES - 1 else "verified"
        w.owned_domains[domain_id] = OwnedDomain(domain_id, f"retail{i + 1}.large.example", bid, status)
        ids.append(bid)
    return ids


def _ad_accounts(
    w: World, rng: random.Random, now: datetime, business_ids: list[str], people: list[str]
) -> dict[str, list[str]]:
    by_business: dict[str, list[str]] = {b: [] for b in business_ids}
    roles = list(ROLE_TASKS.values())
    for i in range(AD_ACCOUNTS):
        account_id = f"31{i:013d}"
        owner = business_ids[i % BUSINESSES]
        status = rng.choice(STATUSES)
        tasks = {DEMO_USER_ID: list(ADMIN_TASKS)}
        members = [p for p in w.businesses[owner].people if p not in (DEMO_USER_ID, DEMO_ANALYST_USER_ID)]
        for uid in rng.sample(members, rng.randint(0, 4)):
            tasks[uid] = sorted(rng.choice(roles), key=["MANAGE", "ADVERTISE", "ANALYZE"].index)
        if i < 3:
            tasks[DEMO_ANALYST_USER_ID] = ["ANALYZE"]
        w.ad_accounts[account_id] = AdAccount(
            account_id,
            f"Large account {i:04d}",
            account_status=status,
            disable_reason=1 if status == 2 else 0,
            currency=rng.choice(CURRENCIES),
            timezone_id=rng.choice(TIMEZONE_IDS),
            funding_source=None if rng.random() < 0.05 else f"7{account_id[-14:]}",
            amount_spent=str(rng.randrange(0, 50_000_000)),
            owner_business=owner,
            user_tasks=tasks,
            is_bulk=rng.random() < 0.02,
            created_time=now - timedelta(days=rng.randrange(30, 1500)),
        )
        by_business[owner].append(account_id)
    return by_business


def _pages(w: World, rng: random.Random, now: datetime, business_ids: list[str]) -> dict[str, list[str]]:
    by_business: dict[str, list[str]] = {b: [] for b in business_ids}
    future = (now + timedelta(days=30)).date().isoformat()
    for i in range(PAGES):
        pid = f"41{i:013d}"
        owner = business_ids[i % BUSINESSES]
        has_future = rng.random() < 0.05
        w.pages[pid] = Page(
            pid,
            f"Large Page {i:03d}",
            is_published=rng.random() >= 0.05,
            owner_business=owner,
            ad_limit=rng.choice((250, 1000, 5000, 20000)),
            future_ad_limit=250 if has_future else None,
            future_limit_activation_date=future if has_future else None,
            user_tasks={DEMO_USER_ID: list(PAGE_ADMIN_TASKS)},
        )
        by_business[owner].append(pid)
    return by_business


def _pixels(
    w: World, rng: random.Random, now: datetime, business_ids: list[str], accounts: dict[str, list[str]]
) -> None:
    for i in range(PIXELS):
        pxid = f"51{i:013d}"
        owner = business_ids[i % BUSINESSES]
        verified = rng.random() < 0.7
        fired = now - timedelta(minutes=rng.randrange(1, 60 * 24 * 30)) if rng.random() < 0.9 else None
        events = list(EVENTS[: rng.randint(1, 5)]) if rng.random() < 0.6 else []
        recent = fired is not None and now - fired < PIXEL_EVENT_WINDOW
        w.pixels[pxid] = Pixel(
            pxid,
            f"Large Pixel {i:03d}",
            owner,
            last_fired_time=fired,
            domain=f"shop{i:03d}.large.example",
            domain_verified=verified,
            configured_events=events,
            shared_accounts=set(rng.sample(accounts[owner], rng.randint(1, 5))),
            creation_time=now - timedelta(days=rng.randrange(30, 900)),
            event_counts={event: 100 * (len(events) - k) for k, event in enumerate(events)} if recent else {},
        )


def _ads(w: World, rng: random.Random, now: datetime, pages_by_business: dict[str, list[str]]) -> None:
    day = timedelta(days=1)
    schedules = [  # (start offset days, end offset days or None) mixes running, future and ended ad sets
        (-30, None),
        (-10, 20),
        (5, None),
        (-60, -2),
        (-5, 30),
    ]
    adsets: list[AdSet] = []
    for account_number, account_id in enumerate(w.ad_accounts):
        for k in range(ADSETS_PER_ACCOUNT):
            start, end = schedules[(account_number + k) % len(schedules)]
            campaign = Campaign(f"71{account_number:09d}{k:04d}", account_id, f"Campaign {k}")
            w.campaigns[campaign.id] = campaign
            adset = AdSet(
                f"81{account_number:09d}{k:04d}",
                account_id,
                campaign.id,
                f"Ad set {k}",
                now + start * day,
                now + end * day if end is not None else None,
                day_parting=k == 4,
            )
            w.adsets[adset.id] = adset
            adsets.append(adset)
    for i in range(ADS):
        adset = adsets[rng.randrange(len(adsets))]
        owner = w.ad_accounts[adset.account_id].owner_business or ""
        configured, effective = STATUS_MIX[rng.randrange(len(STATUS_MIX))]
        ad_id = f"91{i:013d}"
        w.ads[ad_id] = Ad(
            ad_id,
            adset.account_id,
            adset.id,
            adset.campaign_id,
            f"Ad {i}",
            rng.choice(pages_by_business[owner]),
            configured,
            effective,
        )
