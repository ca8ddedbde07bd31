"""Alert conditions: each family's threshold on both sides, and a family not read this time left as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core.alerts.model import (
    claim_conditions,
    delivery_conditions,
    judge,
    limit_conditions,
    page_limit_drop_conditions,
    purge_conditions,
    token_conditions,
)
from core.binding import AssetKind, AssetView

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def keys(conditions: list) -> list[str]:
    return [c.key for c in conditions]


def test_a_limit_alerts_at_80_and_again_at_100_percent() -> None:
    readings = {"limits": [
        ["ad_account", "act_1", "Shop US", "ads running or in review", 4_799, 6_000],
        ["ad_account", "act_2", "Shop EU", "ads running or in review", 4_800, 6_000],
        ["page", "77", "Camp Kitchen", "ads running or in review", 250, 250],
    ]}  # fmt: skip
    found = limit_conditions(readings)
    assert keys(found) == ["limit:80:act_2:ads running or in review", "limit:80:77:ads running or in review",
                           "limit:100:77:ads running or in review"]  # fmt: skip
    assert found[0].message.startswith("Ad account Shop EU (act_2) is at 80% of its limit: 4,800 of 6,000")


def test_token_and_data_access_within_7_days() -> None:
    soon, later = (NOW + timedelta(days=7)).isoformat(), (NOW + timedelta(days=8)).isoformat()
    assert keys(token_conditions({"valid": True, "expires_at": later, "data_access_expires_at": soon}, NOW)) == [
        "token:data_access_expiring"
    ]
    assert keys(token_conditions({"valid": False}, NOW)) == ["token:invalid"]


def test_a_page_limit_dropping_within_14_days() -> None:
    detail = {"future_limits": [["1", "A", 10, 1000, 250, "2026-01-15"], ["2", "B", 10, 1000, 250, "2026-01-16"],
                                ["3", "C", 10, 250, 1000, "2026-01-05"]]}  # fmt: skip
    assert keys(page_limit_drop_conditions(detail, date(2026, 1, 1))) == ["page_limit_drop:1:2026-01-15"]


def test_not_delivering_purge_soon_and_accepted_claims() -> None:
    assert keys(
        delivery_conditions({"accounts": [["act_1", "A", True, ""], ["act_2", "B", False, "account is disabled"]]})
    ) == ["not_delivering:act_2"]
    views = [
        AssetView(1, AssetKind.PAGE, "9", "Old Page", None, {}, NOW, unbound_at=NOW - timedelta(days=27)),
        AssetView(2, AssetKind.PAGE, "8", "Newer Page", None, {}, NOW, unbound_at=NOW - timedelta(days=26, hours=23)),
    ]
    assert keys(purge_conditions(views, NOW)) == ["purge_soon:page:9"]
    assert keys(claim_conditions({"accepted": [["bm1", "Main BM", "act_5", "New account"]]})) == [
        "claim_accepted:bm1:act_5"
    ]


def test_a_part_that_failed_leaves_its_family_unjudged() -> None:
    judged = judge({"ad_volume": {"status": "failed", "detail": {}}, "token_health": {"status": "ok", "detail": {}}},
                   [], NOW)  # fmt: skip
    assert "limit" not in judged.families and "token" in judged.families
