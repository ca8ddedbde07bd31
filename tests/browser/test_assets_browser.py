"""The Assets page's Disconnect confirmation in a real browser, where a click inside a dialog reruns only the dialog
(AppTest reruns the whole script, so only a browser proves Cancel, Escape and Confirm close it cleanly)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.binding import AssetKind, bound_asset_list, save_selection
from core.config import Settings
from core.sandbox.demo_ids import DEMO_BUSINESS_ID_MAIN
from core.startup import open_database
from tests.assets.test_page_assets import SELECTION
from tests.browser.conftest import assert_no_exception, open_page, screenshot, settle
from tests.support.apptest import DANA
from tests.support.server import ROOT, streamlit_app


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("assets-browser-data")


@pytest.fixture(scope="module")
def main_bm_id(data_dir: Path) -> int:
    """The demo store with the test selection bound (before the app starts); the ID of Demo Outdoor Co."""
    db = open_database(Settings.load({}, {"SMART_ADS_DATA_DIR": str(data_dir)}))
    try:
        assert db.demo_store_id is not None
        save_selection(db.demo_store_id, SELECTION, db.uow(), actor=DANA)
        bound = bound_asset_list(db.demo_store_id, db.uow(), [AssetKind.BUSINESS])
        return next(a.id for a in bound if a.external_id == DEMO_BUSINESS_ID_MAIN)
    finally:
        db.engine.dispose()


@pytest.fixture(scope="module")
def app_url(data_dir: Path, main_bm_id: int) -> Iterator[str]:
    with streamlit_app(ROOT, data_dir=data_dir) as url:
        yield url


def _open_confirmation(page, asset_id: int):  # type: ignore[no-untyped-def]
    page.locator(f".st-key-assets_disconnect_{asset_id}").get_by_role("button", name="Disconnect").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("unbinds exactly these 6 assets").wait_for()
    dialog.get_by_role("button", name="Cancel").wait_for()
    settle(page)
    return dialog


def test_cancel_escape_and_confirm_close_the_dialog_and_rebind_brings_it_back(page, app_url, main_bm_id):
    open_page(page, app_url)  # from the entry page, through the navigation
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Assets", exact=True).click()
    page.get_by_role("heading", name="Recently disconnected").wait_for()
    settle(page)
    assert_no_exception(page)

    dialog = _open_confirmation(page, main_bm_id)
    assert dialog.locator("li").count() == 6
    dialog.get_by_role("button", name="Cancel").click()
    settle(page)
    assert page.get_by_role("dialog").count() == 0
    assert_no_exception(page)

    _open_confirmation(page, main_bm_id)
    page.keyboard.press("Escape")
    settle(page)
    assert page.get_by_role("dialog").count() == 0
    assert page.locator(f".st-key-assets_rebind_{main_bm_id}").count() == 0  # nothing was disconnected

    dialog = _open_confirmation(page, main_bm_id)
    screenshot(page, "assets-confirmation")
    dialog.get_by_role("button", name="Disconnect 6 assets").click()
    page.get_by_text("Disconnected Business Manager Demo Outdoor Co.").wait_for()
    settle(page)
    assert page.get_by_role("dialog").count() == 0
    assert_no_exception(page)
    assert page.locator(f".st-key-assets_disconnect_{main_bm_id}").count() == 0
    assert "Comes back with it (5)" in page.inner_text("body")

    page.locator(f".st-key-assets_rebind_{main_bm_id}").get_by_role("button", name="Rebind").click()
    page.get_by_text("Rebound 6 assets with their history").wait_for()
    settle(page)
    assert_no_exception(page)
    assert page.locator(f".st-key-assets_disconnect_{main_bm_id}").count() == 1
