"""The Connect wizard in a real browser (headless Chromium against ``streamlit run dashboard.py``, sandbox mode):
from step 1 to Save, as a marketer clicks through it. Uses the browser fixtures of ``tests/browser``."""

from __future__ import annotations

import pytest

from tests.browser.conftest import app_url, browser, chromium_path, page, screenshot, settle

__all__ = ["app_url", "browser", "chromium_path", "page"]

pytestmark = pytest.mark.browser


def go(page, app_url: str, path: str) -> None:
    page.goto(f"{app_url}/{path}")
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stHeading"]')
    settle(page)


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)


def tick(page, label: str) -> None:
    page.get_by_text(label, exact=True).click()
    settle(page)


def test_wizard_from_step_one_to_saved_in_a_browser(page, app_url) -> None:
    go(page, app_url, "connect")
    body = page.inner_text("body")
    assert "Step 1 of 6: Facebook account" in body and "Dana Demo" in body
    click(page, "Next")
    tick(page, "Demo Outdoor Co. (200000000000001)")
    assert "Business Managers: 1 / 3 selected" in page.inner_text("body")
    click(page, "Next")
    tick(page, "Demo Outdoor – Main (act_300000000000001)")
    assert "Ad accounts (1 Facebook + 1 Google Ads, plan basic): 2 / 5 selected" in page.inner_text("body")
    click(page, "Next")
    assert "Step 4 of 6: Pixel settings" in page.inner_text("body")
    click(page, "Next")
    tick(page, "Demo Outdoor (400000000000001)")
    click(page, "Next")
    body = page.inner_text("body")
    assert "Business Managers 1 / 3" in body and "Pages 1 / 10" in body
    click(page, "Save")
    page.wait_for_selector("text=Saved.")
    screenshot(page, "connect-saved")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.inner_text("body")
