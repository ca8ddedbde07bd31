"""The Connect wizard in a real browser (headless Chromium against ``streamlit run dashboard.py``, sandbox mode):
from step 1 to Save, as a marketer clicks through it."""

from __future__ import annotations

from tests.browser.conftest import assert_no_exception, open_page, screenshot, settle


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)


def tick(page, label: str) -> None:
    page.get_by_text(label, exact=True).click()
    settle(page)


def test_wizard_from_step_one_to_saved_in_a_browser(page, app_url) -> None:
    open_page(page, app_url, "connect")
    assert_no_exception(page)
    body = page.inner_text("body")
    assert "Step 1 of 6: Facebook account" in body and "Dana Demo" in body
    click(page, "Next")
    tick(page, "Demo Outdoor Co. (200000000000001)")
    page.get_by_text("Business Managers: 1 / 3 selected").wait_for()
    click(page, "Next")
    tick(page, "Demo Outdoor – Main (act_300000000000001)")
    page.get_by_text("Ad accounts (1 Facebook + 1 Google Ads, plan basic): 2 / 5 selected").wait_for()
    assert_no_exception(page)
    screenshot(page, "connect-ad-accounts")
    click(page, "Next")
    assert "Step 4 of 6: Pixel settings" in page.inner_text("body")
    click(page, "Next")
    tick(page, "Demo Outdoor (400000000000001)")
    click(page, "Next")
    body = page.inner_text("body")
    assert "Business Managers 1 / 3" in body and "Pages 1 / 10" in body
    click(page, "Save")
    page.wait_for_selector("text=Saved:")
    screenshot(page, "connect-saved")
    assert_no_exception(page)
