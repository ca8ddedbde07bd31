"""Domain Settings (docs/RULES.md, "Binding") from facts real Graph has: the store's website domain verified in the
pixel's Business Manager's ``owned_domains``, and events in the last 7 days. Each case of the demo world, with its
reason in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from core.config import SANDBOX_BASE_URL
from core.connect import EVENT_WINDOW, Website, domain_settings_refusal
from core.graph import GraphClient
from core.inventory import Inventory, load_inventory
from core.sandbox import (
    DEMO_PIXEL_AGENCY,
    DEMO_PIXEL_NO_EVENTS,
    DEMO_PIXEL_READY,
    DEMO_PIXEL_UNAVAILABLE,
    DEMO_PIXEL_UNVERIFIED,
    DEMO_STORE_DOMAIN,
    Sandbox,
    sandbox_session,
)
from tests.support.clock import FakeClock

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    sandbox = Sandbox(clock=FakeClock(NOW))
    return load_inventory(GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=sandbox_session(sandbox)))


def refusal(inventory: Inventory, pixel_id: str, domain: str | None = DEMO_STORE_DOMAIN, now: datetime = NOW) -> str:
    pixel = inventory.pixel(pixel_id)
    assert pixel is not None
    return domain_settings_refusal(inventory, pixel, Website(domain, now)) or ""


def test_verified_domain_and_recent_events_may_be_on(inventory: Inventory) -> None:
    assert refusal(inventory, DEMO_PIXEL_READY) == ""
    assert refusal(inventory, DEMO_PIXEL_READY, f"shop.{DEMO_STORE_DOMAIN}") == ""  # a subdomain is covered


def test_verified_but_never_fired(inventory: Inventory) -> None:
    assert refusal(inventory, DEMO_PIXEL_NO_EVENTS) == (
        "The pixel has never received an event: it needs events in the last 7 days."
    )


def test_verified_but_no_event_in_the_window(inventory: Inventory) -> None:
    assert refusal(inventory, DEMO_PIXEL_UNVERIFIED) == (
        "The pixel's last event was 10 days ago (Feb 19, 2026): it needs events in the last 7 days. Check that it "
        "is installed on the store's website."
    )


def test_the_window_is_seven_days_on_last_fired_time_or_event_stats(inventory: Inventory) -> None:
    ready = inventory.pixel(DEMO_PIXEL_READY)
    assert ready is not None and timedelta(days=7) == EVENT_WINDOW
    edge = replace(ready, last_fired_time=NOW - EVENT_WINDOW, events_last_7_days=0)
    assert domain_settings_refusal(inventory, edge, Website(DEMO_STORE_DOMAIN, NOW)) is None
    late = replace(edge, last_fired_time=NOW - EVENT_WINDOW - timedelta(seconds=1))
    assert "last event was 7 days ago" in (domain_settings_refusal(inventory, late, Website(DEMO_STORE_DOMAIN, NOW)))
    counted = replace(late, events_last_7_days=12)  # event_stats counts events in the window
    assert domain_settings_refusal(inventory, counted, Website(DEMO_STORE_DOMAIN, NOW)) is None


def test_its_business_manager_owns_the_domain_but_has_not_verified_it(inventory: Inventory) -> None:
    assert refusal(inventory, DEMO_PIXEL_AGENCY) == (
        "demo-outdoor.example is added to Northwind Agency, the pixel's Business Manager, but not verified: verify "
        "it in Business settings → Brand safety → Domains."
    )


def test_verified_by_another_business_manager_only_and_unavailable(inventory: Inventory) -> None:
    reasons = refusal(inventory, DEMO_PIXEL_UNAVAILABLE)
    assert reasons.startswith("Facebook reports this pixel as unavailable, so it cannot be used for Domain Settings.")
    assert (
        "demo-outdoor.example is verified by Demo Outdoor Co., not by Legacy Traders Ltd, the pixel's Business "
        "Manager: verify it in Legacy Traders Ltd" in reasons
    )
    assert "last event was 7 months ago" in reasons


def test_a_store_without_a_domain_or_a_domain_nobody_added(inventory: Inventory) -> None:
    assert refusal(inventory, DEMO_PIXEL_READY, None) == (
        "The store has no website domain yet: set it in the store settings first."
    )
    assert refusal(inventory, DEMO_PIXEL_READY, "elsewhere.example") == (
        "elsewhere.example is not a domain of Demo Outdoor Co., the pixel's Business Manager: add and verify it in "
        "Business settings → Brand safety → Domains."
    )
