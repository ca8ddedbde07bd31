"""Every page of the navigation opens in a real browser without an error, and leaves a screenshot."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_exception, open_page, screenshot
from ui.pages import PAGES


@pytest.mark.parametrize(("url_path", "title"), [(url, title) for _, title, _, url in PAGES])
def test_page_opens_without_error(page, app_url, url_path, title):
    open_page(page, app_url, url_path)
    assert_no_exception(page)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    screenshot(page, url_path)


def test_home_shows_the_demo_marketer_and_the_sandbox_badge(page, app_url):
    open_page(page, app_url, "home")
    body = page.inner_text("body")
    assert "Connected as" in body and "Dana Demo" in body
    assert "Sandbox" in body
    assert "Token valid until" in body
