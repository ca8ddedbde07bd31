"""The deterministic ``demo`` world (docs/RULES.md, "The sandbox"); its IDs are in :mod:`core.sandbox.demo_ids`.

Dates are relative to the sandbox clock at build time, so "running or in review" counts are the same
whatever day the demo runs. Every ID is fixed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.sandbox.demo_assets import add_ads, add_pages
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
    DEMO_EXTENDED_CREDIT_MAIN,
    DEMO_PAGE_MAIN,
    DEMO_PERSON_BUSY,
    DEMO_PERSON_CREATIVE,
    DEMO_PERSON_JUNIOR,
    DEMO_PERSON_MANAGER,
    DEMO_PERSON_REPORTER,
    DEMO_PERSON_SELLER,
    DEMO_PRODUCT_SET_ID,
    DEMO_USER_ID,
)
from core.sandbox.demo_pixels import add_owned_domains, add_pixels
from core.sandbox.world import (
    AdAccount,
    Business,
    ExtendedCredit,
    ProductSet,
    User,
    World,
    register_world,
)

ADMIN_TASKS = ["MANAGE", "ADVERTISE", "ANALYZE"]


@register_world("demo")
def build_demo_world(now: datetime, seed: int = 0) -> World:
    w = World(name="demo", marketer_id=DEMO_USER_ID, analyst_id=DEMO_ANALYST_USER_ID)
    _people(w)
    _businesses(w, now)
    _ad_accounts(w, now)
    add_pages(w, now)
    add_owned_domains(w)
    add_pixels(w, now)
    w.product_sets[DEMO_PRODUCT_SET_ID] = ProductSet(DEMO_PRODUCT_SET_ID, "All products", DEMO_BUSINESS_ID_MAIN)
    w.extended_credits[DEMO_EXTENDED_CREDIT_MAIN] = ExtendedCredit(
        DEMO_EXTENDED_CREDIT_MAIN, DEMO_BUSINESS_ID_MAIN, "Demo Outdoor Co. Ltd"
    )
    add_ads(w, now)
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
