"""The running-or-in-review rule (docs/RULES.md, "Ads running or in review"), case by case, as the sandbox's
``ads_volume`` derives it from its ads.

``tests/test_sandbox_rules.py`` covers the pure function; here each case is one ad put into the sandbox's world,
and the count comes back through ``act_<id>/ads_volume`` (and its per-Page breakdown), so the numbers the Ad
volume page shows are derived from the ads, never stored.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.config import SANDBOX_BASE_URL
from core.graph import GraphClient
from core.sandbox import Sandbox, rules, sandbox_session
from core.sandbox.demo_ids import DEMO_AD_ACCOUNT_PERSONAL, DEMO_PAGE_PERSONAL
from core.sandbox.world import Ad, AdSet, Campaign

ACCOUNT = DEMO_AD_ACCOUNT_PERSONAL  # runs no ads in the demo world: every count below is the test's own ad
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def volume(
    *,
    account_status: int = 1,
    configured: str = "ACTIVE",
    effective: str = "ACTIVE",
    start: timedelta | None = -10 * DAY,
    end: timedelta | None = None,
    day_parting: bool = False,
    now: datetime = datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
    later: timedelta = timedelta(0),
) -> tuple[int, list[dict]]:
    """Put one ad with the given statuses and ad-set schedule into a fresh demo world; return what Graph says:
    the account's count and its per-Page breakdown (``later``: ask that long after building the schedule)."""
    clock = Clock(now)
    sandbox = Sandbox("demo", clock=clock)
    world = sandbox.world
    assert not world.ads_by_account.get(ACCOUNT)
    world.ad_accounts[ACCOUNT].account_status = account_status
    world.campaigns["7990"] = Campaign("7990", ACCOUNT, "Rule case")
    world.adsets["8990"] = AdSet(
        "8990",
        ACCOUNT,
        "7990",
        "Rule case",
        now + start if start is not None else None,
        now + end if end is not None else None,
        day_parting=day_parting,
    )
    world.ads["9990"] = Ad("9990", ACCOUNT, "8990", "7990", "Rule case ad", DEMO_PAGE_PERSONAL, configured, effective)
    world.index_ads()
    clock.now = now + later
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=sandbox_session(sandbox))
    count = client.get(f"act_{ACCOUNT}/ads_volume")["data"][0]["ads_running_or_in_review_count"]
    breakdown = client.get(f"act_{ACCOUNT}/ads_volume", {"show_breakdown_by_actor": True})["data"]
    return count, breakdown


@pytest.mark.parametrize("status", sorted(rules.DELIVERING_ACCOUNT_STATUSES))
def test_active_pending_settlement_and_grace_period_accounts_count(status: int) -> None:
    count, breakdown = volume(account_status=status)
    assert count == 1
    assert [(r["actor_id"], r["current_account_ads_running_or_in_review_count"]) for r in breakdown] == [
        (DEMO_PAGE_PERSONAL, 1)
    ]


@pytest.mark.parametrize("status", [2, 3, 7, 100, 101])  # disabled, unsettled, risk review, closing, closed
def test_other_account_statuses_count_nothing(status: int) -> None:
    assert volume(account_status=status) == (0, [])


@pytest.mark.parametrize(
    ("configured", "effective", "counts"),
    [
        ("ACTIVE", "ACTIVE", True),
        ("PAUSED", "ACTIVE", True),  # the effective status decides first
        ("ACTIVE", "PENDING_REVIEW", True),
        ("ACTIVE", "IN_PROCESS", True),  # pending processing (17), as the SDK spells it
        ("ACTIVE", "PENDING_PROCESSING", True),
        ("PAUSED", "PENDING_REVIEW", False),  # in review, but not configured active
        ("PAUSED", "PAUSED", False),
        ("ACTIVE", "CAMPAIGN_PAUSED", False),
        ("ACTIVE", "ADSET_PAUSED", False),
        ("ACTIVE", "DISAPPROVED", False),
        ("ACTIVE", "PENDING_BILLING_INFO", False),
        ("ARCHIVED", "ARCHIVED", False),
        ("DELETED", "DELETED", False),
    ],
)
def test_effective_and_configured_status(configured: str, effective: str, counts: bool) -> None:
    assert volume(configured=configured, effective=effective)[0] == int(counts)


@pytest.mark.parametrize(
    ("start", "end", "counts"),
    [
        (-10 * DAY, None, True),  # started, no end
        (None, None, True),  # no start time: runs from creation
        (timedelta(0), 90 * DAY, True),  # from now until three months from now
        (3 * HOUR, None, False),  # starts later today
        (5 * DAY, 20 * DAY, False),  # starts in the future
        (-60 * DAY, -2 * DAY, False),  # ended
        (-5 * DAY, -HOUR, False),  # ended earlier today
        (-5 * DAY, timedelta(0), False),  # ends right now: no longer running
        (-5 * DAY, timedelta(seconds=1), True),  # ends in a second: still running
    ],
)
def test_ad_set_schedule(start: timedelta | None, end: timedelta | None, counts: bool) -> None:
    assert volume(start=start, end=end)[0] == int(counts)


@pytest.mark.parametrize("hour", [0, 3, 12, 23])
def test_day_parting_counts_the_whole_day(hour: int) -> None:
    at = datetime(2026, 11, 25, hour, 30, tzinfo=UTC)
    assert volume(start=-5 * DAY, end=20 * DAY, day_parting=True, now=at)[0] == 1


def test_a_future_ad_set_counts_once_it_starts() -> None:
    assert volume(start=3 * HOUR, later=3 * HOUR - timedelta(seconds=1))[0] == 0
    assert volume(start=3 * HOUR, later=3 * HOUR)[0] == 1


def test_the_count_is_derived_so_it_changes_with_the_ads() -> None:
    """Every case together in one account: only the ads the rule admits are counted."""
    clock = Clock(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    sandbox = Sandbox("demo", clock=clock)
    world, now = sandbox.world, clock.now
    world.campaigns["7991"] = Campaign("7991", ACCOUNT, "Mixed")
    schedules = {
        "8991": (now - DAY, None, False),
        "8992": (now + DAY, None, False),
        "8993": (now - DAY, now + DAY, True),
    }
    statuses = [("ACTIVE", "ACTIVE"), ("ACTIVE", "PENDING_REVIEW"), ("PAUSED", "PAUSED")]
    for adset_id, (start, end, parted) in schedules.items():  # 3 ad sets × 3 status pairs
        world.adsets[adset_id] = AdSet(adset_id, ACCOUNT, "7991", adset_id, start, end, day_parting=parted)
        for configured, effective in statuses:
            ad_id = f"9{len(world.ads):05d}"
            world.ads[ad_id] = Ad(ad_id, ACCOUNT, adset_id, "7991", "ad", DEMO_PAGE_PERSONAL, configured, effective)
    world.index_ads()
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=sandbox_session(sandbox))
    count = client.get(f"act_{ACCOUNT}/ads_volume")["data"][0]["ads_running_or_in_review_count"]
    assert count == 4  # two running ad sets (one day-parted) × two counting status pairs
    world.ad_accounts[ACCOUNT].account_status = 2
    world.index_ads()
    assert client.get(f"act_{ACCOUNT}/ads_volume")["data"][0]["ads_running_or_in_review_count"] == 0
