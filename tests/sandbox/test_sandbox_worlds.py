"""The world registry: the deterministic demo world and the seeded large world."""

from __future__ import annotations

import time
import zoneinfo
from collections import Counter

import pytest

from core.config import SANDBOX_BASE_URL
from core.graph.facebook import TIMEZONES
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_STORE_DOMAIN,
    WORLD_BUILDERS,
    Sandbox,
    sandbox_session,
)
from core.sandbox.handlers_read import is_running
from tests.support.sandbox import FIXED_NOW, FakeClock, Graph


def summary(sandbox: Sandbox) -> tuple:
    w = sandbox.world
    return (
        sorted(w.ad_accounts),
        [(a.account_status, a.currency, a.is_bulk) for a in w.ad_accounts.values()],
        [(ad.actor_id, ad.configured_status, ad.effective_status) for ad in w.ads.values()],
        [sorted(p.shared_accounts) for p in w.pixels.values()],
    )


def test_registry_knows_both_worlds() -> None:
    Sandbox("demo")
    assert {"demo", "large"} <= set(WORLD_BUILDERS)
    with pytest.raises(ValueError, match="unknown sandbox world"):
        Sandbox("nowhere")


def test_demo_world_has_what_spec_7_asks_for(sbx: Sandbox) -> None:
    w = sbx.world
    mine = [a for a in w.ad_accounts.values() if w.marketer_id in a.user_tasks]
    assert len([b for b in w.businesses.values() if w.marketer_id in b.people]) >= 4
    assert any(b.verification_status != "verified" for b in w.businesses.values())
    assert len(mine) >= 14 and {1, 2, 3, 8, 9, 101} <= {a.account_status for a in mine}
    assert any(a.funding_source is None for a in mine) and any(a.is_bulk for a in mine)
    assert len({a.currency for a in mine}) >= 5
    assert len(w.pages) >= 13 and any(not p.is_published for p in w.pages.values())
    assert any(p.future_ad_limit for p in w.pages.values())
    assert len(w.pixels) >= 5 and len(w.ads) >= 300
    assert len({(ad.configured_status, ad.effective_status) for ad in w.ads.values()}) >= 6
    running = Counter(ad.actor_id for ad in w.ads.values() if is_running(w, ad, FIXED_NOW))
    assert any(running[p.id] >= 0.8 * p.ad_limit for p in w.pages.values())


def test_demo_world_is_deterministic() -> None:
    assert summary(Sandbox(clock=FakeClock(FIXED_NOW))) == summary(Sandbox(clock=FakeClock(FIXED_NOW)))


def test_large_world_from_a_seed() -> None:
    started = time.perf_counter()
    first = Sandbox("large", seed=3, clock=FakeClock(FIXED_NOW))
    assert time.perf_counter() - started < 10
    w = first.world
    sizes = (len(w.businesses), len(w.ad_accounts), len(w.pages), len(w.pixels), len(w.users), len(w.ads))
    assert sizes == (5, 2000, 500, 100, 60, 100_000)
    assert summary(first) == summary(Sandbox("large", seed=3, clock=FakeClock(FIXED_NOW)))
    assert summary(first) != summary(Sandbox("large", seed=4, clock=FakeClock(FIXED_NOW)))
    g = Graph(sandbox_session(first), SANDBOX_BASE_URL, first)
    page = g.get("me/adaccounts", limit=500, summary="true").json()
    assert page["summary"]["total_count"] == 2000 and len(page["data"]) == 500
    account = page["data"][0]["id"]
    rows = g.get(f"{account}/ads_volume", show_breakdown_by_actor="true").json()["data"]
    assert all(
        row["ads_running_or_in_review_count"] >= row["current_account_ads_running_or_in_review_count"] for row in rows
    )
    g.token = "demo-analyst"
    assert len(g.get("me/adaccounts").json()["data"]) == 3


def test_meta_timezone_table() -> None:
    assert [TIMEZONES[i] for i in range(1, 8)] == [
        "America/Los_Angeles",
        "America/Denver",
        "Pacific/Honolulu",
        "America/Anchorage",
        "America/Phoenix",
        "America/Chicago",
        "America/New_York",
    ]
    assert (TIMEZONES[57], TIMEZONES[136], TIMEZONES[475]) == ("Europe/Paris", "Asia/Taipei", "WET")
    assert sorted(TIMEZONES) == list(range(1, 476))
    assert set(TIMEZONES.values()) <= zoneinfo.available_timezones()


def test_large_world_keeps_drawing_from_the_first_seven_time_zones() -> None:
    w = Sandbox("large", seed=3, clock=FakeClock(FIXED_NOW)).world
    assert {a.timezone_id for a in w.ad_accounts.values()} == set(range(1, 8))


def test_demo_world_keeps_archived_and_deleted_objects_and_owned_domains(sbx: Sandbox) -> None:
    w = sbx.world
    for table in (w.ads_by_account, w.adsets_by_account, w.campaigns_by_account):
        statuses = Counter(o.effective_status for o in table[DEMO_AD_ACCOUNT_ACTIVE])
        assert statuses["ARCHIVED"] and statuses["DELETED"]
    assert {
        (d.domain_name, d.status) for d in w.owned_domains.values() if d.owner_business == DEMO_BUSINESS_ID_MAIN
    } == {
        (DEMO_STORE_DOMAIN, "verified"),
        ("outlet-demo.example", "not_verified"),
    }
