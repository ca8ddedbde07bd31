"""The Activity log's reading, filtering and CSV (core.activity), on the store's audit log."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from core import activity
from core.activity import Result
from core.activity.audit import record
from core.binding import AssetKind, AssetNotFound, bound_asset_list, rebind, save_selection, unbind
from core.sandbox.demo_ids import DEMO_PAGE_MAIN
from core.shared import Actor
from tests.support.ad_volume import demo_selection

ANN = Actor("a@example.com", "Ann Example")


def test_filters_by_asset_action_and_inclusive_dates(uow, store_id, clock):
    record(uow, store_id, clock, ANN, "set_spend_cap", Result.OK, "ad_account", "act_1", "spend cap 5 EUR")
    clock.advance(days=1)
    record(uow, store_id, clock, ANN, "claim_ad_account", Result.REFUSED, "ad_account", "act_2", "no")
    day1, day2 = date(2026, 1, 1), date(2026, 1, 2)
    everything = activity.activity(store_id, uow, activity.ActivityFilter())
    assert [r.action for r in everything][:2] == ["claim_ad_account", "set_spend_cap"]
    assert activity.choices(everything)[0] == {"act_1": "ad account act_1", "act_2": "ad account act_2"}
    only = activity.ActivityFilter(assets=["act_2"])
    assert [r.target_id for r in activity.activity(store_id, uow, only)] == ["act_2"]
    claims = activity.ActivityFilter(actions=["claim_ad_account"])
    assert [r.result for r in activity.activity(store_id, uow, claims)] == ["refused"]
    first_day = activity.ActivityFilter(start=day1, end=day1)
    assert [r.action for r in activity.activity(store_id, uow, first_day)] == ["set_spend_cap"]
    both = activity.ActivityFilter(start=day1, end=day2, actions=["set_spend_cap", "claim_ad_account"])
    assert len(activity.activity(store_id, uow, both)) == 2


def test_rows_and_csv_in_plain_words_and_safe_for_spreadsheets(uow, store_id, clock):
    record(uow, store_id, clock, ANN, "create_ad_account", Result.STARTED, "business", "200", "=cmd()")
    [entry] = activity.activity(store_id, uow, activity.ActivityFilter(actions=["create_ad_account"]))
    [row] = activity.rows([entry])
    assert row["What"] == "Create ad account" and row["Result"].endswith("Sent, waiting for the outcome")
    assert row["When"] == "Jan 1, 2026, 12:00" and row["Asset"] == "Business Manager 200"
    [line] = list(csv.DictReader(io.StringIO(activity.to_csv([entry]))))
    assert line["detail"] == "'=cmd()" and line["result"] == "started" and line["at_utc"] == "2026-01-01T12:00:00+00:00"


def test_date_range_while_picking():
    assert activity.date_range((date(2026, 1, 1),)) == (date(2026, 1, 1), date(2026, 1, 1))
    assert activity.date_range(()) == (None, None)
    assert activity.date_range(date(2026, 1, 3)) == (date(2026, 1, 3), date(2026, 1, 3))
    assert activity.action_label("grant_tasks") == "Grant tasks"


def test_assets_read_by_name_and_the_id_comes_last(uow, store_id, clock):
    """Bug 2 of the marketer's walk: an asset reads by name (an unbound one too, while the store keeps it), its ID
    in a column of its own; a rebind refers to the asset, never to the store's row number."""
    save_selection(store_id, demo_selection(), uow, actor=ANN, clock=clock)
    [page] = [a for a in bound_asset_list(store_id, uow, [AssetKind.PAGE]) if a.external_id == DEMO_PAGE_MAIN]
    unbind(store_id, page.id, uow, actor=ANN, clock=clock)
    rebind(store_id, page.id, uow, actor=ANN, clock=clock)
    with pytest.raises(AssetNotFound):
        rebind(store_id, 999_999, uow, actor=ANN, clock=clock)
    chosen = activity.ActivityFilter(actions=["unbind", "rebind"])
    rows = [(r["What"], r["Asset"], r["Asset ID"]) for r in activity.rows(activity.activity(store_id, uow, chosen))]
    assert rows == [
        ("Reconnect", "", ""),  # refused: no asset of this store has that row
        ("Reconnect", "Demo Outdoor (Page)", DEMO_PAGE_MAIN),
        ("Disconnect", "Demo Outdoor (Page)", DEMO_PAGE_MAIN),
    ]


def test_a_member_change_names_the_member_and_a_save_says_what_changed(uow, store_id, clock):
    record(uow, store_id, clock, ANN, "add_member", Result.OK, "store", "bo@example.com", "as Viewer")
    save_selection(store_id, demo_selection(), uow, actor=ANN, clock=clock)
    rows = {r["What"]: r for r in activity.rows(activity.activity(store_id, uow, activity.ActivityFilter()))}
    assert rows["Add member"]["Asset"] == "bo@example.com (member)"
    assert rows["Save connections"]["Details"] == "8 assets bound"  # no "0 restored, 0 updated"
