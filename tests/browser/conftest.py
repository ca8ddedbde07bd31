"""Headless Chromium (Debian's, driven by Playwright) against ``streamlit run dashboard.py`` in sandbox mode.

Screenshots of every page land in ``artifacts/screenshots/``. ``app_url`` is an app whose store has nothing bound;
``populated_app_url`` one whose demo store has the demo world's Business Manager, ad accounts and Pages bound
before it starts (``demo_selection``), so its pages show real content. Without /usr/bin/chromium the browser tests are
skipped locally and fail under ``CI=true`` (.ci/run installs it).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.binding import Selection, save_selection
from core.config import Settings
from core.startup import open_database
from tests.support.ad_volume import demo_selection
from tests.support.apptest import DANA
from tests.support.server import ROOT, streamlit_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--no-first-run", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def chromium_or_skip() -> str:
    """Debian's Chromium; skipped where it is not installed, but a failure under CI=true."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return chromium_or_skip()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with streamlit_app(ROOT, data_dir=tmp_path_factory.mktemp("browser-data")) as url:
        yield url


def seed_store(data_dir: Path, selection: Selection) -> int:
    """Bind ``selection`` to the demo store of the database in ``data_dir`` (before the app starts on it)."""
    db = open_database(Settings.load({}, {"SMART_ADS_DATA_DIR": str(data_dir)}))
    try:
        assert db.demo_store_id is not None
        save_selection(db.demo_store_id, selection, db.uow(), actor=DANA)
        return db.demo_store_id
    finally:
        db.engine.dispose()


@pytest.fixture(scope="module")
def populated_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("browser-populated-data")
    seed_store(data_dir, demo_selection())
    with streamlit_app(ROOT, data_dir=data_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def open_page(page, app_url: str, url_path: str = "") -> None:
    """Load a page of the app and wait until its script has finished running."""
    page.goto(f"{app_url}/{url_path}")
    # the shared sidebar is drawn by dashboard.py: once it is there, the page runs inside the app's frame
    page.wait_for_selector('[data-testid="stSidebar"] >> text=Sandbox identity')
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stHeading"], [data-testid="stException"]')
    settle(page)


SCRIPT_STATE = "document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"


def settle(page) -> None:
    """Wait for Streamlit to finish the run an action started: the app root says ``running`` while a run is on
    (on a busy machine the run may start late, so wait a moment for it to start before waiting for its end)."""
    with contextlib.suppress(Exception):  # the run was quick and is over already, or no run was needed
        page.wait_for_function(f"() => {SCRIPT_STATE} === 'running'", timeout=1_500)
    page.wait_for_function(f"() => ['notRunning', 'initial', null].includes({SCRIPT_STATE})", timeout=60_000)
    page.wait_for_timeout(150)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
    # no tooltip of the last clicked button (shown on hover and on focus) in the picture
    page.mouse.move(1, 1)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(150)
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_exception(page) -> None:
    """A broken page shows Streamlit's exception box, an error traceback, or (a page missing from the navigation)
    Streamlit's "Page not found" modal: fail on any of them."""
    body = page.inner_text("body")
    assert page.locator('[data-testid="stException"]').count() == 0, body[:2000]
    assert "Traceback" not in body, body[:2000]
    assert "Page not found" not in body, body[:2000]


__all__ = ["assert_no_exception", "open_page", "screenshot", "seed_store", "settle"]
