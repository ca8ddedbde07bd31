"""A marketer's walk in a real browser (headless Chromium against ``streamlit run dashboard.py``, sandbox mode): bind
the demo assets in Connect, read the ad volume, see Home list the Page near its limit, disconnect that Page on
Assets, and find the person and the assets by name in Activity."""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser.conftest import assert_no_exception, open_page, screenshot, settle

NEAR_LIMIT = "Trail Gear Deals"  # the demo world's Page at 84 % of its limit


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)


def tick(page, label: str) -> None:
    page.get_by_text(label, exact=True).click()
    settle(page)


def go(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title if title != "Home" else "Smart Ads Connect").first.wait_for()
    settle(page)
    assert_no_exception(page)


def test_bind_read_see_home_disconnect_and_find_it_in_activity(page, app_url) -> None:
    open_page(page, app_url)
    body = page.inner_text('[data-testid="stMain"]')
    assert "Connect your Facebook assets to start" in body  # a first visit points to Connect

    go(page, "Connect")
    click(page, "Next")
    tick(page, "Demo Outdoor Co. (200000000000001)")
    click(page, "Next")
    tick(page, "Demo Outdoor – Main (act_300000000000001)")
    click(page, "Next")
    click(page, "Next")
    tick(page, f"{NEAR_LIMIT} (400000000000002)")
    click(page, "Next")
    click(page, "Save")
    page.wait_for_selector("text=Saved:")

    go(page, "Ad volume")
    click(page, "Refresh")
    page.get_by_text(re.compile(r"Read from Facebook .*: 1 ad account;")).wait_for()
    assert_no_exception(page)

    go(page, "Home")
    item = page.get_by_text(f"Page {NEAR_LIMIT} is at 84% of its limit")
    item.wait_for()
    screenshot(page, "walk-home-near-limit")

    go(page, "Assets")
    row = page.locator('[data-testid="stHorizontalBlock"]').filter(has_text=f"{NEAR_LIMIT} · Page").last
    row.get_by_role("button", name="Disconnect").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("unbinds exactly this asset").wait_for()
    dialog.get_by_role("button", name="Disconnect").click()
    settle(page)
    page.get_by_text(f"Disconnected Page {NEAR_LIMIT}").first.wait_for()

    go(page, "Activity")
    table = page.locator('[data-testid="stDataFrame"]')
    table.wait_for()
    screenshot(page, "walk-activity")
    text = page.inner_text('[data-testid="stMain"]')
    assert "Showing" in text and "entries" in text
    # the table is drawn on a canvas: read it through its CSV, which holds the same names
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Dana Demo" in csv_text and f"{NEAR_LIMIT}" in csv_text and "sandbox:" not in csv_text
    assert "unbind" in csv_text
