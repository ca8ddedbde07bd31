"""The Ad volume figures on their own: colour at 80 % and 100 % always paired with words and marks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.ad_volume import AccountVolume, AdVolumePoint, PageVolume, Status, object_counts
from core.binding import AssetKind
from core.graph.facebook import ObjectKind
from ui.ad_volume_charts import STATUS_COLOURS, accounts_figure, history_figure, pages_figure


def account(account_id: str, name: str, ads: int, *, bulk: bool = False) -> AccountVolume:
    counts = object_counts({ObjectKind.ADS: ads, ObjectKind.ADSETS: 30, ObjectKind.CAMPAIGNS: 12}, bulk=bulk)
    return AccountVolume(account_id, name, 0, counts, bulk)


def test_account_bars_show_each_count_against_its_limit_by_status_and_unread_accounts_marked() -> None:
    fig = accounts_figure(
        [
            account("act_1", "Quiet", 100),
            account("act_2", "Busy", 4_800),
            account("act_3", "Full", 6_000),
            account("act_4", "Catalog", 50_000, bulk=True),
            AccountVolume("act_5", "Throttled", None, error="Throttled by Facebook, retry in 5 min."),
        ]
    )
    ads, adsets, campaigns, unread = fig.data
    assert [t.name for t in (ads, adsets, campaigns)] == [
        "Non-archived ads",
        "Non-archived ad sets",
        "Non-archived campaigns",
    ]
    assert (list(unread.x), list(unread.text)) == (["Throttled (act_5)"], ["✗ Not read"])
    assert unread.customdata[0][0] == "Throttled by Facebook, retry in 5 min."
    assert list(ads.x)[3] == "Catalog (act_4) · bulk"
    assert list(ads.y) == pytest.approx([100 / 60, 80.0, 100.0, 100.0])
    assert list(ads.marker.color) == [STATUS_COLOURS[s] for s in (Status.OK, Status.NEAR, Status.AT, Status.AT)]
    assert [t.split("<br>")[1] for t in ads.text] == ["✓ OK", "⚠ Near limit", "⛔ At limit", "⛔ At limit"]
    assert ads.text[3].endswith("50,000 / 50,000")
    assert [c[1] for c in adsets.customdata] == [6_000, 6_000, 6_000, 10_000]  # each kind's own limit
    assert list(campaigns.y)[3] == pytest.approx(100 * 12 / 10_000)
    assert ads.marker.pattern.shape != adsets.marker.pattern.shape  # kinds told apart without colour
    assert sorted(s.y0 for s in fig.layout.shapes) == [80, 100]
    assert fig.layout.yaxis.range[1] >= 100  # the limit line is always in view


def test_pages_stack_each_accounts_share_and_mark_the_future_limit() -> None:
    full = PageVolume("p1", "Full Page", 250, 250, by_account=(("act_1", "A", 200), ("act_2", "B", 50)))
    future = PageVolume("p2", "Soon", 300, 1_000, 250, date(2027, 1, 1), by_account=(("act_2", "B", 300),))
    fig = pages_figure([full, future, PageVolume("p3", "No limit known", 5, None)])
    a, b = (t for t in fig.data if t.type == "bar")
    assert (a.name, list(a.y)) == ("A (act_1)", [80.0, 0.0])
    assert (b.name, list(b.y)) == ("B (act_2)", [20.0, 30.0])
    assert list(a.marker.color) == [STATUS_COLOURS[Status.AT], STATUS_COLOURS[Status.OK]]
    assert a.marker.pattern.shape != b.marker.pattern.shape  # accounts told apart without colour
    total = next(t for t in fig.data if t.name == "Page total")
    assert list(total.x) == ["Full Page", "Soon"]  # a Page without a known limit is not drawn against one
    assert total.text[0].startswith("⛔ At limit")
    mark = next(t for t in fig.data if t.name == "Future limit")
    assert (list(mark.y), list(mark.text)) == ([25.0], ["Limit 250 from 2027-01-01"])


def test_history_marks_each_snapshot_with_its_status() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    points = [
        AdVolumePoint(1, AssetKind.PAGE, "p1", "Trail", start + timedelta(days=d), n, 250)
        for d, n in ((2, 250), (0, 100), (1, 210))
    ]
    fig = history_figure(points)
    line, limit, near = fig.data
    assert list(line.y) == [100, 210, 250]  # oldest first
    assert list(line.marker.color) == [STATUS_COLOURS[s] for s in (Status.OK, Status.NEAR, Status.AT)]
    assert [c[0] for c in line.customdata] == ["OK", "Near limit", "At limit"]
    # not by colour alone: a mark above each snapshot and a shape per status
    assert list(line.text) == ["✓", "⚠", "⛔"]
    assert len(set(line.marker.symbol)) == 3
    assert list(limit.y) == [250] * 3 and list(near.y) == [200] * 3
