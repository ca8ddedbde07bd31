"""Every page of the navigation opens in a real browser without an error, and leaves a screenshot: once with
nothing bound (``<url-path>-empty.png``), once with the demo world's assets bound (``<url-path>.png``). Two more
tests prove the check bites: a page that raises and a page missing from the navigation both fail it."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_no_exception, open_page, screenshot
from tests.support.server import streamlit_app
from ui.pages import PAGES

URL_PATHS = [url for _, _, _, url in PAGES]


def address(url_path: str) -> str:
    """Where a page is opened: the default page (Home, see dashboard.py) lives at ``/``; ``/home`` is not found."""
    return "" if url_path == "home" else url_path


def _open_every_page(page, url: str, suffix: str) -> None:
    for url_path, (_, title, _, _) in zip(URL_PATHS, PAGES, strict=True):
        open_page(page, url, address(url_path))
        assert_no_exception(page)
        assert page.locator('[data-testid="stSidebar"]').is_visible()
        current = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]').inner_text()
        assert current.strip().endswith(title), (url_path, current)  # the page asked for, not the default one
        screenshot(page, f"{url_path}{suffix}")


@pytest.mark.parametrize("url_path", URL_PATHS)
def test_page_opens_without_error_with_nothing_bound(page, app_url, url_path):
    open_page(page, app_url, address(url_path))
    assert_no_exception(page)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    screenshot(page, f"{url_path}-empty")


def test_every_page_shows_the_bound_assets(page, populated_app_url):
    _open_every_page(page, populated_app_url, "")
    open_page(page, populated_app_url, "assets")
    body = page.inner_text("body")
    assert "Demo Outdoor Co." in body and "Trail Gear Deals" in body
    open_page(page, populated_app_url, "activity")
    assert re.search(r"Showing [1-9]\d* of [1-9]\d* entries", page.inner_text("body"))  # the bindings, logged


def test_a_page_missing_from_the_navigation_fails_the_check(page, app_url):
    """The guard itself: an unknown URL makes Streamlit say "Page not found", and assert_no_exception catches it."""
    page.goto(f"{app_url}/no-such-page")
    page.get_by_text("Page not found").wait_for()
    with pytest.raises(AssertionError):
        assert_no_exception(page)


def test_a_page_that_raises_fails_the_check(page, tmp_path):
    """The guard itself: a page whose script raises shows Streamlit's exception box, and the check fails on it."""
    (tmp_path / "dashboard.py").write_text('import streamlit as st\n\nst.title("Broken")\nraise RuntimeError("boom")\n')
    with streamlit_app(tmp_path) as url:
        page.goto(url)
        page.locator('[data-testid="stException"]').wait_for()
        with pytest.raises(AssertionError, match="boom"):
            assert_no_exception(page)


def test_home_shows_the_demo_marketer_and_the_sandbox_badge(page, app_url):
    open_page(page, app_url)
    body = page.inner_text("body")
    assert "Connected as" in body and "Dana Demo" in body
    assert "Sandbox" in body
    assert "Connection valid until" in body
