"""Retake the README's screenshots: ``python docs/screenshots/retake.py`` (needs Chromium at /usr/bin/chromium and
Playwright, both from requirements-dev.txt and Debian's ``chromium`` package).

A fresh sandbox app with the demo world's assets bound to the demo store, synced once (Store settings → Sync now)
and its ad volume read (Ad volume → Refresh), as a marketer would; then each page at 1280 px wide.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, seed_store, settle  # noqa: E402
from tests.support.ad_volume import demo_selection  # noqa: E402
from tests.support.server import streamlit_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def go(page: Page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stHeading"]')
    settle(page)
    page.wait_for_timeout(1500)  # charts draw after the run ends


def shoot(page: Page, name: str) -> None:
    page.mouse.move(1, 1)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    print(f"docs/screenshots/{name}.png")


def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="smart-ads-screenshots-"))
    seed_store(data, demo_selection())
    with streamlit_app(ROOT, data_dir=data) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.set_default_timeout(120_000)
        page.goto(url)
        page.wait_for_selector('[data-testid="stMain"] [data-testid="stHeading"]')
        settle(page)
        go(page, "Store settings")
        page.get_by_role("button", name="Sync now").click()
        settle(page)
        go(page, "Ad volume")
        page.get_by_role("button", name="Refresh", exact=True).click()
        settle(page)
        page.wait_for_timeout(2000)
        shoot(page, "ad-volume")
        go(page, "Home")
        shoot(page, "home")
        go(page, "Assets")
        shoot(page, "assets")
        go(page, "Connect")
        for _ in range(2):  # to the ad accounts step
            page.get_by_role("button", name="Next", exact=True).click()
            settle(page)
        shoot(page, "connect")
        go(page, "Permissions")
        shoot(page, "permissions")
        go(page, "Ad accounts")
        shoot(page, "ad-accounts")
        go(page, "Activity")
        shoot(page, "activity")
        browser.close()


if __name__ == "__main__":
    main()
