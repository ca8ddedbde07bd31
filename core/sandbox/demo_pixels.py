"""The demo world's pixels and its Business Managers' owned domains (the facts behind Domain Settings, docs/RULES.md,
"Binding").

The rule the product checks: the store's website domain (:data:`DEMO_STORE_DOMAIN`) is a verified ``owned_domains``
entry of the pixel's Business Manager, and the pixel received events in the last 7 days. The pixels cover each case;
docs/SANDBOX.md lists them. The ``domain``, ``domain_verified`` and ``configured_events`` facts feed the deprecated
``sandbox_*`` fields only.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_AGENCY_OWNED,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_AD_ACCOUNT_CLIENT,
    DEMO_AD_ACCOUNT_DISABLED,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_NO_FUNDING,
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_SECURE,
    DEMO_BUSINESS_ID_TROUBLED,
    DEMO_OWNED_DOMAIN_AGENCY,
    DEMO_OWNED_DOMAIN_AGENCY_STORE,
    DEMO_OWNED_DOMAIN_MAIN,
    DEMO_OWNED_DOMAIN_MAIN_OUTLET,
    DEMO_OWNED_DOMAIN_SECURE,
    DEMO_PIXEL_AGENCY,
    DEMO_PIXEL_NO_EVENTS,
    DEMO_PIXEL_READY,
    DEMO_PIXEL_UNATTACHED,
    DEMO_PIXEL_UNAVAILABLE,
    DEMO_PIXEL_UNVERIFIED,
    DEMO_STORE_DOMAIN,
)
from core.sandbox.world import OwnedDomain, Pixel, World

EVENTS = ["PageView", "ViewContent", "AddToCart", "InitiateCheckout", "Purchase"]
# (id, domain, owner business, status)
OWNED_DOMAINS = [
    (DEMO_OWNED_DOMAIN_MAIN, DEMO_STORE_DOMAIN, DEMO_BUSINESS_ID_MAIN, "verified"),
    (DEMO_OWNED_DOMAIN_MAIN_OUTLET, "outlet-demo.example", DEMO_BUSINESS_ID_MAIN, "not_verified"),
    (DEMO_OWNED_DOMAIN_AGENCY_STORE, DEMO_STORE_DOMAIN, DEMO_BUSINESS_ID_AGENCY, "not_verified"),
    (DEMO_OWNED_DOMAIN_AGENCY, "northwind.example", DEMO_BUSINESS_ID_AGENCY, "verified"),
    (DEMO_OWNED_DOMAIN_SECURE, "secure-holdings.example", DEMO_BUSINESS_ID_SECURE, "verified"),
]


def add_owned_domains(w: World) -> None:
    for domain_id, name, business_id, status in OWNED_DOMAINS:
        w.owned_domains[domain_id] = OwnedDomain(domain_id, name, business_id, status)


def add_pixels(w: World, now: datetime) -> None:
    main = DEMO_BUSINESS_ID_MAIN
    hour, day = timedelta(hours=1), timedelta(days=1)
    for pxid, name, owner, kw in [
        (
            DEMO_PIXEL_READY,
            "Demo Outdoor Pixel",
            main,
            {
                "domain": "shop.demo-outdoor.example",
                "domain_verified": True,
                "configured_events": EVENTS,
                "last_fired_time": now - hour,
                "event_counts": dict(zip(EVENTS, (1840, 960, 210, 95, 42), strict=True)),
                "shared_accounts": {DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK},
            },
        ),
        (
            DEMO_PIXEL_NO_EVENTS,
            "EU Store Pixel",
            main,
            {"domain": "eu.demo-outdoor.example", "domain_verified": True, "shared_accounts": {DEMO_AD_ACCOUNT_EUR}},
        ),
        (
            DEMO_PIXEL_UNVERIFIED,
            "Outlet Pixel",
            main,
            {
                "domain": "outlet-demo.example",
                "configured_events": ["PageView"],
                "last_fired_time": now - 10 * day,
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
                "configured_events": EVENTS[:2],
                "last_fired_time": now - timedelta(minutes=5),
                "event_counts": {"PageView": 530, "ViewContent": 220},
                "shared_accounts": {DEMO_AD_ACCOUNT_AGENCY_OWNED, DEMO_AD_ACCOUNT_CLIENT},
            },
        ),
        (
            DEMO_PIXEL_UNAVAILABLE,
            "Legacy Pixel",
            DEMO_BUSINESS_ID_TROUBLED,
            {"is_unavailable": True, "last_fired_time": now - 200 * day, "shared_accounts": {DEMO_AD_ACCOUNT_DISABLED}},
        ),
        (DEMO_PIXEL_UNATTACHED, "Spare Pixel", main, {}),
    ]:
        w.pixels[pxid] = Pixel(pxid, name, owner, creation_time=now - 300 * day, **kw)  # type: ignore[arg-type]
