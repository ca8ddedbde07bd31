"""Ad volume page (AppTest, sandbox mode): Refresh syncs the demo world, the charts carry the real numbers, the
near-limit Page and the future limit are shown with what to do, CSV downloads, history survives a rebind."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from core.ad_volume import CURRENT_COLUMNS, HISTORY_COLUMNS, Status
from core.binding import AssetKind, assets_in_retention, bound_asset_list, rebind, save_selection, unbind
from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_PAGE_EU,
    DEMO_PAGE_FUTURE_LIMIT,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_NEAR_LIMIT,
)
from core.shared import words
from tests.support.ad_volume import demo_selection
from tests.support.apptest import DANA, app_env, run_app, texts
from ui import runtime
from ui.ad_volume_charts import STATUS_COLOURS

__all__ = ["app_env"]

PAGE = "app_pages/ad_volume.py"
ACTIVE, BULK = f"act_{DEMO_AD_ACCOUNT_ACTIVE}", f"act_{DEMO_AD_ACCOUNT_BULK}"


def open_page(identity: str | None = None, *, bind: bool = True) -> AppTest:
    at = run_app(identity)
    if bind:
        db = runtime.database()
        save_selection(db.demo_store_id, demo_selection(), db.uow(), actor=DANA)  # type: ignore[arg-type]
    return at.switch_page(PAGE).run()


def refresh(at: AppTest) -> AppTest:
    (button,) = [b for b in at.button if b.label == "Refresh"]
    button.click().run()
    assert not at.exception
    return at


def figures(at: AppTest) -> dict[str, dict[str, Any]]:
    """Each Plotly chart's figure as the browser receives it, by the chart's title."""
    out = {}
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        out[spec["layout"]["title"]["text"]] = spec
    return out


def figure(at: AppTest, title_start: str) -> dict[str, Any]:
    (fig,) = [f for title, f in figures(at).items() if title.startswith(title_start)]
    return fig


def trace(fig: dict[str, Any], name_start: str) -> dict[str, Any]:
    (found,) = [t for t in fig["data"] if t.get("name", "").startswith(name_start)]
    return found


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """What each download button would hand the browser, by its file name."""
    files: dict[str, str] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self: MemoryMediaFileStorage, path_or_data: Any, mimetype: str, kind: Any, filename: str | None = None):
        if filename and isinstance(path_or_data, str | bytes):
            data = path_or_data.decode() if isinstance(path_or_data, bytes) else path_or_data
            files[filename] = data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return files


def test_without_bound_ad_accounts_the_page_says_what_to_do(app_env):
    at = open_page(bind=False)
    assert not at.exception
    assert "No ad account is bound to this store yet" in texts(at)
    assert not [b for b in at.button if b.label == "Refresh"]


def test_refresh_draws_account_limits_from_summary_counts_beside_the_page_limits(app_env):
    at = refresh(open_page())
    fig = figure(at, "Ad accounts")
    counted = {}
    for kind, name in (
        ("ads", "Non-archived ads"),
        ("adsets", "Non-archived ad sets"),
        ("campaigns", "Non-archived campaigns"),
    ):
        bars = trace(fig, name)
        counted[kind] = {row[3]: (row[0], row[1], y) for row, y in zip(bars["customdata"], bars["y"], strict=True)}
        assert all("✓ OK" in text for text in bars["text"])  # status in words, not colour alone
        assert set(bars["marker"]["color"]) == {STATUS_COLOURS[Status.OK]}
    assert counted["ads"][ACTIVE] == (269, 6_000, pytest.approx(100 * 269 / 6_000))
    assert counted["adsets"][ACTIVE][:2] == (5, 6_000) and counted["campaigns"][ACTIVE][:2] == (5, 6_000)
    assert counted["ads"][BULK][1] == 6_000  # regular until the marketer marks it bulk
    lines = sorted(shape["y0"] for shape in fig["layout"]["shapes"])
    assert lines == [80, 100]
    assert "Demo Outdoor – Main 226" in texts(at)  # ads running or in review: the Page-limit measure
    assert "3 ad accounts; 6 snapshots saved to the history" in texts(at) and "Graph" not in texts(at)
    (progress,) = at.get("progress")
    assert (progress.proto.value, progress.proto.text) == (100, "Read 3 of 3 ad accounts")
    assert figure(at, "Pages across your ad accounts")  # the Page limits beside the account limits


def test_marking_an_account_bulk_changes_its_limits_and_is_kept(app_env):
    at = refresh(open_page())
    at.toggle(key=f"ad_volume_bulk_{BULK}").set_value(True).run()
    assert not at.exception
    assert "is now counted as a bulk ad account" in " ".join(s.value for s in at.success)
    limits = [row[1] for row in trace(figure(at, "Ad accounts"), "Non-archived ads")["customdata"] if row[3] == BULK]
    assert limits == [50_000]
    db = runtime.database()
    (bound,) = [
        a for a in bound_asset_list(db.demo_store_id, db.uow(), [AssetKind.AD_ACCOUNT]) if a.external_id == BULK
    ]
    assert bound.attributes["bulk"] is True
    refresh(at)
    limits = [
        row[1] for row in trace(figure(at, "Ad accounts"), "Non-archived ad sets")["customdata"] if row[3] == BULK
    ]
    assert limits == [10_000]


def test_refresh_flags_the_page_near_its_limit_and_shows_the_future_limit(app_env):
    at = refresh(open_page())
    fig = figure(at, "Pages across your ad accounts")
    totals = trace(fig, "Page total")
    by_page = {row[3]: (row[0], row[1], text) for row, text in zip(totals["customdata"], totals["text"], strict=True)}
    count, limit, label = by_page[DEMO_PAGE_NEAR_LIMIT]
    assert (count, limit) == (210, 250) and label.startswith("⚠ Near limit")
    main = trace(fig, f"Demo Outdoor – Main ({ACTIVE})")
    near_index = main["x"].index("Trail Gear Deals")
    assert main["y"][near_index] == pytest.approx(84.0)
    assert main["marker"]["color"][near_index] == STATUS_COLOURS[Status.NEAR]

    activation = (datetime.now(UTC) + timedelta(days=30)).date()
    future = trace(fig, "Future limit")
    assert future["customdata"] == [[250, words.day(activation), DEMO_PAGE_FUTURE_LIMIT]]  # the day in words, never ISO
    assert future["y"] == [pytest.approx(25.0)]  # 250 of today's 1,000
    assert future["text"] == [f"Limit 250 from {activation.isoformat()}"]

    warnings = " ".join(w.value for w in at.warning)
    assert "**Near limit: Trail Gear Deals.**" in warnings
    assert "84% of its limit (210 of 250" in warnings and "Pause or archive ads you no longer need" in warnings
    infos = " ".join(i.value for i in at.info)
    assert f"lowers this Page's limit to 250 on {words.day(activation)} (now 1,000)" in infos


def test_csv_of_the_current_numbers_and_of_the_history(app_env, downloads):
    at = refresh(open_page())
    labels = {b.proto.label for b in at.get("download_button")}
    assert labels == {"Download the current numbers (CSV)", "Download the history (CSV)"}
    current_name = next(name for name in downloads if name.startswith("ad-volume-2"))
    current = {row["ID"]: row for row in csv.DictReader(io.StringIO(downloads[current_name]))}
    assert list(next(iter(current.values()))) == list(CURRENT_COLUMNS)
    assert (current[ACTIVE]["Running or in review"], current[ACTIVE]["Limit"]) == ("226", "6000")
    assert current[ACTIVE]["Ads (non-archived)"] == "269"
    near = current[DEMO_PAGE_NEAR_LIMIT]
    assert (near["Limit"], near["Limit used (%)"], near["Status"]) == ("250", "84", "⚠ Near limit")
    assert current[DEMO_PAGE_FUTURE_LIMIT]["Future limit"] == "250"

    refresh(at)
    history = list(csv.DictReader(io.StringIO(downloads["ad-volume-history.csv"])))
    assert list(history[0]) == list(HISTORY_COLUMNS)
    assert [r["Running or in review"] for r in history if r["ID"] == ACTIVE] == ["226", "226"]


def test_history_is_hidden_on_disconnect_and_back_after_rebinding_within_30_days(app_env):
    at = refresh(open_page())
    db = runtime.database()
    store = db.demo_store_id
    assert store is not None
    history_box = at.selectbox(key=f"ad_volume_history_{AssetKind.AD_ACCOUNT}")
    assert any(ACTIVE in option for option in history_box.options)
    history_box.set_value(ACTIVE).run()
    points = trace(figure(at, "Demo Outdoor – Main"), "Ads running or in review")
    assert points["y"] == [226]  # an account's own running ads: no limit of their own (their Pages have one)
    assert not [t for t in figure(at, "Demo Outdoor – Main")["data"] if t.get("name") == "Limit"]
    at.selectbox(key=f"ad_volume_history_{AssetKind.PAGE}").set_value(DEMO_PAGE_NEAR_LIMIT).run()
    page_history = figure(at, "Trail Gear Deals")
    assert trace(page_history, "Ads running or in review")["y"] == [210]
    assert trace(page_history, "Ads running or in review")["marker"]["color"] == [STATUS_COLOURS[Status.NEAR]]
    assert trace(page_history, "Limit")["y"] == [250] and trace(page_history, "80%")["y"] == [200]

    (account,) = [a for a in bound_asset_list(store, db.uow(), [AssetKind.AD_ACCOUNT]) if a.external_id == ACTIVE]
    unbound_at = datetime.now(UTC)
    unbind(store, account.id, db.uow(), actor=DANA, clock=lambda: unbound_at)
    at.switch_page(PAGE).run()
    assert not at.exception
    box = at.selectbox(key=f"ad_volume_history_{AssetKind.AD_ACCOUNT}")
    assert not any(ACTIVE in option for option in box.options)  # hidden, not deleted

    later = unbound_at + timedelta(days=29, hours=23)
    assert [a.external_id for a in assets_in_retention(store, db.uow(), clock=lambda: later)] == [ACTIVE]
    rebind(store, account.id, db.uow(), actor=DANA, clock=lambda: later)
    at.switch_page(PAGE).run()
    at.selectbox(key=f"ad_volume_history_{AssetKind.AD_ACCOUNT}").set_value(ACTIVE).run()
    assert not at.exception
    assert trace(figure(at, "Demo Outdoor – Main"), "Ads running or in review")["y"] == [226]


def test_a_throttled_account_shows_on_its_own_row_while_the_others_are_drawn(app_env):
    at = open_page()
    sandbox = runtime.sandbox()
    sandbox.usage.enforced_budget = 7  # the sandbox's per-account call budget (80004 once used up)
    client = runtime.graph_client("demo-admin")
    for _ in range(7):
        client.get(f"{ACTIVE}/ads_volume")
    refresh(at)
    warnings = " ".join(w.value for w in at.warning)
    assert f"**Demo Outdoor – Main** ({ACTIVE}): Throttled by Facebook, retry in" in warnings
    fig = figure(at, "Ad accounts")
    bars = trace(fig, "Non-archived ads")
    assert ACTIVE not in {row[3] for row in bars["customdata"]} and BULK in {row[3] for row in bars["customdata"]}
    unread = trace(fig, "Not read")
    assert unread["text"] == ["✗ Not read"] and unread["customdata"][0][1] == ACTIVE
    assert unread["customdata"][0][0].startswith("Throttled by Facebook, retry in")


def test_refresh_with_an_expired_token_explains_instead_of_failing(app_env):
    at = refresh(open_page("demo-expired"))
    errors = " ".join(e.value for e in at.error)
    assert "Facebook connection lost" in errors
    assert "Traceback" not in texts(at)
    assert not at.get("plotly_chart") and not at.get("progress")


def test_a_pages_total_adds_up_and_a_quiet_bound_page_is_named(app_env):
    """Bug 13 of the marketer's walk: a Page showed 38 ads while its per-account breakdown added to 18, unexplained;
    a bound Page was missing from the Page chart without a word."""
    db = runtime.database()
    selection = demo_selection(accounts=(DEMO_AD_ACCOUNT_ACTIVE,), pages=(DEMO_PAGE_MAIN, DEMO_PAGE_EU))
    save_selection(db.demo_store_id, selection, db.uow(), actor=DANA)  # type: ignore[arg-type]
    at = refresh(run_app().switch_page(PAGE).run())
    captions = "\n".join(c.value for c in at.caption)
    assert "**Demo Outdoor**: 38 = Demo Outdoor – Main 6 and 32 in ad accounts this store has not bound." in captions
    assert "Not in the chart: Demo Outdoor Europe. No ad is running or in review for it in this store's ad" in captions
    table = at.dataframe[0].value
    quiet = table[table["Name"] == "Demo Outdoor Europe"].iloc[0]
    assert quiet["Status"] == "Not reported"
