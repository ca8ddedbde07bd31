"""Home's cockpit rules without a database: each item's condition on both sides of its threshold (79 % / 80 %,
7 days, 3 days), the first visit, what was not read, the order, and that the cockpit and the alerts agree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.activity import AuditRecord
from core.ad_volume import AdVolumePoint
from core.alerts import judge
from core.binding import AssetKind, AssetView, PlanUsage
from core.cockpit import Cockpit, Connection, Place, Severity, StoreFacts, Topic, cockpit
from core.connection import TokenHealth
from core.sync import PartReading, PartStatus, SyncPart

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
SYNCED = NOW - timedelta(minutes=4)
ADS_RUNNING = "ads running or in review"
VALID = Connection(health=TokenHealth(True, None, None, ()), read_at=NOW)


def usage(ad_accounts: int = 1, businesses: int = 1, pages: int = 1, limit: int = 5) -> PlanUsage:
    return PlanUsage("Shop", "basic", ad_accounts, 0, limit, businesses, pages)


def asset(kind: AssetKind, external_id: str, name: str, **kw: Any) -> AssetView:
    return AssetView(
        hash(external_id) % 1000, kind, external_id, name, None, {}, kw.pop("bound_at", NOW - timedelta(days=9)), **kw
    )


BOUND = (
    asset(AssetKind.FACEBOOK_ACCOUNT, "100", "Dana Demo"),
    asset(AssetKind.BUSINESS, "bm1", "Main BM"),
    asset(AssetKind.AD_ACCOUNT, "act_1", "Shop US"),
    asset(AssetKind.PAGE, "p1", "Trail Gear Deals"),
)


def part(which: SyncPart, detail: dict[str, Any], status: PartStatus = PartStatus.OK, at: datetime = SYNCED,
         error: str = "", problems: dict[str, str] | None = None) -> PartReading:  # fmt: skip
    return PartReading(which, status, error, problems or {}, detail, at)


def synced(limits: list[list[Any]] | None = None, future: list[list[Any]] | None = None,
           accounts: list[list[Any]] | None = None, pending: list[list[str]] | None = None,
           at: datetime = SYNCED) -> tuple[PartReading, ...]:  # fmt: skip
    return (
        part(SyncPart.AD_VOLUME, {"accounts": 1, "limits": limits or [], "future_limits": future or []}, at=at),
        part(SyncPart.ACCOUNTS, {"accounts": accounts or [["act_1", "Shop US", True, ""]]}, at=at),
        part(SyncPart.CLAIMS, {"pending": pending or [], "accepted": []}, at=at),
    )


def board(parts: tuple[PartReading, ...] = (), connection: Connection = VALID, **kw: Any) -> Cockpit:
    facts = StoreFacts(kw.pop("usage", usage()), kw.pop("bound", BOUND), parts=parts, **kw)
    return cockpit(facts, connection, kw.get("now", NOW))


def topics(found: Cockpit) -> list[Topic]:
    return [i.topic for i in found.items]


def test_everything_read_and_nothing_wrong_is_all_clear() -> None:
    found = board(synced())
    assert found.items == () and found.unread == () and found.all_clear


def test_a_first_visit_points_to_connect_and_nothing_else_is_asked() -> None:
    google = (asset(AssetKind.GOOGLE_ADS, "123-456-7890", "Demo Google Ads"),)
    found = board(bound=google)
    assert found.first_visit and [(i.topic, i.place) for i in found.items] == [(Topic.FIRST_VISIT, Place.CONNECT)]
    assert found.items[0].what == "Connect your Facebook assets to start" and found.unread == ()
    live = board(bound=(), connection=Connection(connected=False))
    assert live.items[0].what == "Connect a Facebook account to start"


@pytest.mark.parametrize(
    ("count", "limit", "severity"),
    [(199, 250, None), (200, 250, Severity.SOON), (249, 250, Severity.SOON), (250, 250, Severity.NOW),
     (4_799, 6_000, None), (4_800, 6_000, Severity.SOON)],
)  # fmt: skip
def test_a_page_or_ad_account_is_listed_from_80_percent_of_a_limit(count: int, limit: int, severity: Any) -> None:
    rows = [["page", "p1", "Trail Gear Deals", ADS_RUNNING, count, limit],
            ["ad_account", "act_1", "Shop US", "non-archived ads", count, limit]]  # fmt: skip
    found = board(synced(limits=rows))
    assert [i.severity for i in found.items] == ([] if severity is None else [severity, severity])
    if severity is Severity.SOON:
        page = next(i for i in found.items if i.asset_id == "p1")
        assert page.what.startswith("Page Trail Gear Deals is at ") and page.place is Place.AD_VOLUME
        assert page.seen == "Read 4 minutes ago (Jan 1, 2026, 11:56)."
        account = next(i for i in found.items if i.asset_id == "act_1")
        assert "Archive or delete ads you no longer need" in account.todo


def test_limits_of_assets_no_longer_bound_are_dropped_and_a_newer_page_snapshot_wins() -> None:
    rows = [["ad_account", "act_9", "Gone", "non-archived ads", 5_900, 6_000],
            ["page", "p1", "Trail Gear Deals", ADS_RUNNING, 210, 250]]  # fmt: skip
    later = AdVolumePoint(1, AssetKind.PAGE, "p1", "Trail Gear Deals", NOW - timedelta(minutes=1), 100, 250)
    assert [i.asset_id for i in board(synced(limits=rows)).items] == ["p1"]
    assert board(synced(limits=rows), page_readings=(later,)).all_clear  # paused since: 40 %
    refreshed = AdVolumePoint(1, AssetKind.PAGE, "p1", "Trail Gear Deals", NOW - timedelta(minutes=2), 230, 250)
    [item] = board(synced(), page_readings=(refreshed,)).items
    assert item.what == "Page Trail Gear Deals is at 92% of its limit" and item.seen.startswith("Read 2 minutes ago")


@pytest.mark.parametrize(
    ("ends_in", "listed"),
    [(timedelta(days=7), True), (timedelta(days=7, seconds=1), False), (timedelta(0), True)],
)
def test_the_token_or_its_data_access_ending_within_7_days(ends_in: timedelta, listed: bool) -> None:
    for health in (TokenHealth(True, NOW + ends_in, None, ()), TokenHealth(True, None, NOW + ends_in, ())):
        found = board(synced(), Connection(health=health, read_at=NOW))
        assert topics(found) == ([Topic.CONNECTION] if listed else [])
        if listed:
            item = found.items[0]
            assert item.place is Place.CONNECT and "Reconnect Facebook on the Connect page" in item.todo
            assert item.severity is (Severity.NOW if ends_in == timedelta(0) else Severity.SOON)


def test_a_connection_facebook_refuses_and_missing_scopes() -> None:
    lost = board(synced(), Connection(lost="Facebook connection lost: the person removed the app.", read_at=NOW))
    assert [(i.severity, i.what) for i in lost.items] == [
        (Severity.NOW, "Facebook no longer accepts this store's connection")
    ]
    scopes = board(synced(), Connection(health=TokenHealth(True, None, None, ("ads_management",)), read_at=NOW))
    assert scopes.items[0].what == "Facebook did not let Smart Ads manage your ads and ad accounts"


def test_a_page_limit_drop_is_listed_and_urgent_when_todays_ads_would_not_fit() -> None:
    future = [["p1", "Camp Kitchen", 10, 1000, 250, "2026-01-31"], ["p2", "Other", 210, 1000, 250, "2026-01-20"],
              ["p3", "Raised", 10, 250, 1000, "2026-01-05"], ["p4", "Past", 10, 1000, 250, "2025-12-30"]]  # fmt: skip
    bound = (*BOUND, asset(AssetKind.PAGE, "p2", "Other"))
    found = board(synced(future=future), bound=bound)
    assert [(i.asset_id, i.severity) for i in found.items] == [("p2", Severity.SOON), ("p1", Severity.NOTE)]
    assert found.items[1].what == "Page Camp Kitchen's limit drops to 250 in 30 days"
    assert "Bring it below 200 before then" in found.items[0].todo


def test_every_full_plan_limit_is_listed() -> None:
    found = board(synced(), usage=usage(ad_accounts=5, businesses=3, pages=10))
    assert [i.what for i in found.items] == [
        "Ad accounts: 5 of 5, the limit is reached",
        "Business Managers: 3 of 3, the limit is reached",
        "Pages: 10 of 10, the limit is reached",
    ]
    assert {i.place for i in found.items} == {Place.ASSETS} and {i.severity for i in found.items} == {Severity.NOTE}


def test_accounts_that_cannot_deliver_and_pending_claims_of_bound_assets_only() -> None:
    health = [["act_1", "Shop US", False, "account is disabled; no payment method (funding source)"],
              ["act_9", "Gone", False, "account is disabled"]]  # fmt: skip
    pending = [["bm1", "Main BM", "act_18", "Pending One"], ["bm9", "Gone BM", "act_19", "Elsewhere"]]
    found = board(synced(accounts=health, pending=pending))
    assert [(i.topic, i.asset_id, i.place) for i in found.items] == [
        (Topic.DELIVERY, "act_1", Place.ASSETS),
        (Topic.CLAIM, "act_18", Place.AD_ACCOUNTS),
    ]
    assert found.items[0].why == "Facebook says: account is disabled; no payment method (funding source)."


@pytest.mark.parametrize(("unbound_ago", "listed"), [(timedelta(days=27), True), (timedelta(days=26, hours=23), False)])
def test_history_purged_within_3_days(unbound_ago: timedelta, listed: bool) -> None:
    gone = asset(AssetKind.PAGE, "p7", "Old Page", unbound_at=NOW - unbound_ago)
    found = board(synced(), retained=(gone,))
    assert [(i.topic, i.place) for i in found.items] == ([(Topic.PURGE, Place.ASSETS)] if listed else [])


def record(at: datetime, result: str, account: str = "act_1", detail: str = "Sam Seller gains Admin") -> AuditRecord:
    return AuditRecord(at, "a@example.com", "Ann Example", "permission_grant", "ad_account", account, result, detail)


def test_a_failed_permission_change_stays_until_a_later_change_on_that_account_is_applied() -> None:
    failed = record(NOW - timedelta(hours=2), "failed", detail="Sam Seller gains Admin on Shop US — failed: x")
    same_apply = record(NOW - timedelta(hours=2), "ok", detail="Jordan Junior gains Reporting only on Shop US")
    other = record(NOW - timedelta(hours=1), "ok", account="act_2")
    [item] = board(synced(), permission_log=(other, failed, same_apply)).items
    assert item.what == "1 permission change on ad account Shop US failed" and item.place is Place.PERMISSIONS
    assert item.seen == "Tried 2 hours ago (Jan 1, 2026, 10:00) by Ann Example."
    later = record(NOW - timedelta(minutes=5), "ok")
    assert board(synced(), permission_log=(later, failed)).all_clear


def test_nothing_read_yet_is_said_instead_of_all_clear() -> None:
    found = board(())
    assert found.items == () and not found.all_clear
    [unread] = found.unread  # one reason, said once
    assert unread.what == "Ad volume and limits, ad account health and pending claims"
    assert unread.why == "The background sync has not read it yet." and unread.place is Place.SETTINGS


def test_a_failed_or_partial_sync_is_named_and_the_older_reading_still_counts() -> None:
    older = synced(limits=[["page", "p1", "Trail Gear Deals", ADS_RUNNING, 210, 250]], at=NOW - timedelta(hours=2))
    failed = part(SyncPart.AD_VOLUME, {}, PartStatus.FAILED, error="Facebook is busy. Try again later.")
    found = board((failed, *older))
    assert [i.asset_id for i in found.items] == ["p1"] and found.items[0].seen.startswith("Read 2 hours ago")
    [unread] = found.unread
    assert unread.what == "Ad volume and limits"
    assert unread.why.startswith("The last sync could not read it: Facebook is busy.")
    assert unread.why.endswith("What is shown was read 2 hours ago.")
    partial = part(SyncPart.AD_VOLUME, {"accounts": 1, "limits": []}, PartStatus.PARTIAL,
                   problems={"act_1": "Throttled by Facebook, retry in 5 min."})  # fmt: skip
    [unread] = board((partial, *synced()[1:])).unread
    assert unread.why == "The last sync could not read 1 asset: Shop US (act_1): Throttled by Facebook, retry in 5 min."


def test_an_asset_connected_after_the_last_sync_is_not_read_yet() -> None:
    new = asset(AssetKind.AD_ACCOUNT, "act_2", "Shop EU", bound_at=NOW - timedelta(minutes=1))
    found = board(synced(), bound=(*BOUND, new))
    assert [(u.what, u.why) for u in found.unread] == [
        ("Ad volume and limits and ad account health", "Shop EU (act_2) was connected after the last sync read it.")
    ]


def test_items_come_in_order_act_now_then_soon_then_good_to_know() -> None:
    rows = [["page", "p1", "Trail Gear Deals", ADS_RUNNING, 210, 250],
            ["ad_account", "act_1", "Shop US", "non-archived ads", 6_000, 6_000]]  # fmt: skip
    health = [["act_1", "Shop US", False, "account is disabled"]]
    found = board(synced(limits=rows, accounts=health), usage=usage(businesses=3))
    assert [(i.severity, i.topic) for i in found.items] == [
        (Severity.NOW, Topic.DELIVERY), (Severity.NOW, Topic.LIMIT), (Severity.SOON, Topic.LIMIT),
        (Severity.NOTE, Topic.PLAN),
    ]  # fmt: skip


def test_the_cockpit_lists_every_asset_the_alerts_are_told_about() -> None:
    limits = [["page", "p1", "Trail Gear Deals", ADS_RUNNING, 210, 250],
              ["ad_account", "act_1", "Shop US", "non-archived ads", 6_000, 6_000],
              ["page", "p2", "Fine", ADS_RUNNING, 10, 250]]  # fmt: skip
    future = [["p2", "Fine", 10, 1000, 250, "2026-01-10"]]
    health = [["act_1", "Shop US", False, "account is disabled"]]
    gone = asset(AssetKind.PAGE, "p7", "Old Page", unbound_at=NOW - timedelta(days=28))
    parts = synced(limits=limits, future=future, accounts=health)
    bound = (*BOUND, asset(AssetKind.PAGE, "p2", "Fine"))
    alerts = judge({str(p.part): {"status": str(p.status), "detail": p.detail} for p in parts}, [gone], NOW)
    listed = {i.asset_id for i in board(parts, bound=bound, retained=(gone,)).items}
    assert len(alerts.active) == 6  # Page p1 at 80 %, act_1 at 80 and 100 %, p2's drop, act_1 not delivering, p7
    for condition in alerts.active:
        assert listed & set(condition.key.split(":")), condition.key
