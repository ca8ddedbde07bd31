"""Assets page with AppTest: the bound tree with health, Disconnect with its confirmation, Recently disconnected with
Rebind, the 30-day boundary, Google Ads by customer ID, search, filters and the CSV download.

Bound assets are seeded with ``save_selection`` (what the Connect wizard's Save calls) on the demo store, with the
sandbox demo world's IDs; the page runs on a test clock set through ``ui.runtime.set_clock``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from core.activity import audit_log
from core.ad_volume import AdVolumeReading, ad_volume_history, record_ad_volume
from core.binding import (
    AdAccountChoice,
    AssetKind,
    AssetView,
    BusinessChoice,
    FacebookAccountChoice,
    PageChoice,
    PixelChoice,
    Selection,
    bound_asset_list,
    preview_unbind,
    save_selection,
    unbind,
)
from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_AGENCY_OWNED,
    DEMO_AD_ACCOUNT_DISABLED,
    DEMO_AD_ACCOUNT_NO_FUNDING,
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_TROUBLED,
    DEMO_PAGE_AGENCY,
    DEMO_PAGE_MAIN,
    DEMO_PIXEL_READY,
    DEMO_PIXEL_UNVERIFIED,
    DEMO_USER_ID,
)
from core.shared import words
from core.startup import Database
from tests.support.apptest import DANA, app_env, run_app, texts
from tests.support.db import FakeClock
from ui import runtime
from ui.assets_actions import ICONS

__all__ = ["app_env"]

ACTIVE, NO_FUNDING = f"act_{DEMO_AD_ACCOUNT_ACTIVE}", f"act_{DEMO_AD_ACCOUNT_NO_FUNDING}"
AGENCY_OWNED, DISABLED = f"act_{DEMO_AD_ACCOUNT_AGENCY_OWNED}", f"act_{DEMO_AD_ACCOUNT_DISABLED}"
DEMO_GOOGLE = "123-456-7890"  # bound to the demo store from the start
STALE = "The pixel's last event was 10 days ago: it needs events in the last 7 days."

SELECTION = Selection(
    FacebookAccountChoice(DEMO_USER_ID, "Dana Demo"),
    [
        BusinessChoice(DEMO_BUSINESS_ID_MAIN, "Demo Outdoor Co."),
        BusinessChoice(DEMO_BUSINESS_ID_AGENCY, "Northwind Agency"),
        BusinessChoice(DEMO_BUSINESS_ID_TROUBLED, "Legacy Traders Ltd"),
    ],
    [
        AdAccountChoice(
            DEMO_AD_ACCOUNT_ACTIVE,
            "Demo Outdoor – Main",
            DEMO_BUSINESS_ID_MAIN,
            PixelChoice(DEMO_PIXEL_READY, "Demo Outdoor Pixel", domain_settings=True),
            {"account_status": 1, "disable_reason": 0, "has_funding_source": True},
        ),
        AdAccountChoice(
            DEMO_AD_ACCOUNT_NO_FUNDING,
            "Demo Outdoor – UK (no card)",
            DEMO_BUSINESS_ID_MAIN,
            PixelChoice(DEMO_PIXEL_UNVERIFIED, "Outlet Pixel", STALE),
            {"account_status": 1, "disable_reason": 0, "has_funding_source": False},
        ),
        AdAccountChoice(DEMO_AD_ACCOUNT_AGENCY_OWNED, "Northwind – In-house", DEMO_BUSINESS_ID_AGENCY),
        AdAccountChoice(
            DEMO_AD_ACCOUNT_DISABLED,
            "Legacy Traders – Old",
            DEMO_BUSINESS_ID_TROUBLED,
            attributes={"account_status": 2, "disable_reason": 1, "has_funding_source": True},
        ),
    ],
    [
        PageChoice(DEMO_PAGE_MAIN, "Demo Outdoor", DEMO_BUSINESS_ID_MAIN),
        PageChoice(DEMO_PAGE_AGENCY, "Northwind Agency", DEMO_BUSINESS_ID_AGENCY),
    ],
)


@dataclass
class World:
    at: AppTest
    db: Database
    store_id: int
    clock: FakeClock

    def bound(self) -> list[AssetView]:
        return bound_asset_list(self.store_id, self.db.uow())

    def asset(self, kind: AssetKind, external_id: str) -> AssetView:
        return next(a for a in self.bound() if a.kind is kind and a.external_id == external_id)

    def disconnect_keys(self) -> set[str]:
        return {str(b.key) for b in self.at.button if str(b.key).startswith("assets_disconnect_")}

    def rebind_keys(self) -> set[str]:
        return {str(b.key) for b in self.at.button if str(b.key).startswith("assets_rebind_")}

    def click(self, key: str) -> AppTest:
        return self.at.button(key=key).click().run()

    def volume_of(self, external_id: str) -> list[int]:
        points = ad_volume_history(self.store_id, self.db.uow())
        return [p.running_or_in_review for p in points if p.external_id == external_id]


@pytest.fixture
def world(app_env) -> Iterator[World]:
    """Five of five ad accounts bound (4 Facebook + the demo Google Ads account), 3 of 3 BMs, 2 Pages."""
    try:
        at = run_app()  # Home: creates the database, the demo store and the sandbox world (its "now")
        clock = FakeClock(datetime.now(UTC))  # from here on the page's time stands still unless a test moves it
        runtime.set_clock(clock)
        db = runtime.database()
        assert db.demo_store_id is not None
        save_selection(db.demo_store_id, SELECTION, db.uow(), actor=DANA, clock=clock)
        at.switch_page("app_pages/assets.py").run()
        assert not at.exception
        yield World(at, db, db.demo_store_id, clock)
    finally:
        runtime.set_clock(None)


def test_bound_assets_grouped_with_limits_and_each_ad_account_health_in_words(world):
    page = texts(world.at)
    assert "Ad accounts: 5 / 5" in page and "Business Managers: 3 / 3" in page and "Pages: 2 / 10" in page
    # one Disconnect per bound asset: account, 3 BMs, 4 ad accounts, 2 pixels, 2 Pages, Google Ads
    assert world.disconnect_keys() == {f"assets_disconnect_{a.id}" for a in world.bound()}
    assert len(world.disconnect_keys()) == 13
    # health comes from Facebook (the sandbox), in words, not colour alone
    assert "Status: active · payment method on file" in page
    assert "Cannot deliver ads: no payment method (funding source)." in page
    assert "Status: disabled · disabled for ads integrity policy" in page
    assert "Cannot deliver ads: account is disabled; disabled for ads integrity policy." in page
    assert "Pixel: Demo Outdoor Pixel (500000000000001), last fired 1 hour ago" in page
    assert "Domain Settings: on" in page
    assert f"Domain Settings: off (could not be turned on when bound: {STALE})" in page
    assert "Pixel: no pixel chosen" in page
    assert "**Demo Google Ads** · Google Ads account `123-456-7890`" in page
    assert "Nothing was disconnected in the last 30 days." in page


def test_health_of_all_bound_accounts_and_pixels_is_one_graph_request_then_cached(world):
    client = runtime.graph_client("demo-admin")
    before = client.request_count
    world.at.run()  # within the cache's few minutes: no call at all
    assert client.request_count == before
    st.cache_data.clear()
    world.at.run()
    assert client.request_count == before + 1  # 4 ad accounts and 2 pixels in one batch


def test_expired_token_still_shows_health_as_stored_and_disconnect_works(world):
    world.at.session_state["demo_identity"] = "demo-expired"
    world.at.run()
    assert not world.at.exception
    page = texts(world.at)
    assert "Facebook could not be read" in page
    assert "Cannot deliver ads: account is disabled; disabled for ads integrity policy." in page  # stored at bind
    assert "Health as stored when bound on" in page
    main = world.asset(AssetKind.BUSINESS, DEMO_BUSINESS_ID_MAIN)
    world.click(f"assets_disconnect_{main.id}")
    world.click("assets_confirm_yes")
    assert not world.at.exception
    assert f"assets_disconnect_{main.id}" not in world.disconnect_keys()


def test_disconnecting_a_bm_lists_the_preview_then_moves_exactly_it_and_its_children(world):
    main = world.asset(AssetKind.BUSINESS, DEMO_BUSINESS_ID_MAIN)
    preview = preview_unbind(world.store_id, main.id, world.db.uow())
    cascade = {a.id for a in preview.assets}
    assert {a.external_id for a in preview.assets} == {
        DEMO_BUSINESS_ID_MAIN,
        ACTIVE,
        NO_FUNDING,
        DEMO_PIXEL_READY,
        DEMO_PIXEL_UNVERIFIED,
        DEMO_PAGE_MAIN,
    }
    before = world.disconnect_keys()

    at = world.click(f"assets_disconnect_{main.id}")
    listed = next(m.value for m in at.markdown if m.value.startswith("- "))
    assert listed.splitlines() == [f"- {ICONS[a.kind]} {a.label}" for a in preview.assets]
    assert "Disconnecting **Business Manager Demo Outdoor Co. (200000000000001)** unbinds exactly these 6" in (
        texts(at)
    )
    purge_day = world.clock.now + timedelta(days=30)
    assert f"until {words.when(purge_day)}" in texts(at)
    assert "Nothing is deleted on Facebook" in texts(at)

    at = world.click("assets_confirm_yes")
    assert not at.exception
    assert world.disconnect_keys() == before - {f"assets_disconnect_{i}" for i in cascade}
    assert world.rebind_keys() == {f"assets_rebind_{main.id}"}  # one Rebind brings the whole cascade back
    page = texts(at)
    assert "Disconnected Business Manager Demo Outdoor Co. (200000000000001) and the 5 assets under it." in page
    assert [t.value for t in at.toast if t.value.startswith("Disconnected Business Manager")]  # seen when scrolled
    assert f"Disconnected {words.when(world.clock.now)} · data kept until {words.when(purge_day)}" in (page)
    children = ", ".join(a.label for a in sorted(preview.assets[1:], key=lambda a: a.id))
    assert f"Comes back with it (5): {children}" in page
    assert "Ad accounts: 3 / 5" in page and "Business Managers: 2 / 3" in page
    unbound = audit_log(world.store_id, world.db.uow(), actions=["unbind"])
    assert {(r.target_id, r.result, r.actor) for r in unbound} == {
        (a.external_id, "ok", "demo@example.com") for a in preview.assets
    }


def test_cancel_changes_nothing(world):
    main = world.asset(AssetKind.BUSINESS, DEMO_BUSINESS_ID_MAIN)
    before_keys, before_assets = world.disconnect_keys(), world.bound()
    at = world.click(f"assets_disconnect_{main.id}")
    assert at.button(key="assets_confirm_cancel")
    at = world.click("assets_confirm_cancel")
    assert not at.exception
    assert "assets_confirm_yes" not in {b.key for b in at.button}
    assert world.disconnect_keys() == before_keys
    assert world.bound() == before_assets
    assert world.rebind_keys() == set()
    assert audit_log(world.store_id, world.db.uow(), actions=["unbind"]) == []


def test_confirm_refuses_when_the_cascade_changed_since_it_was_shown(world):
    main = world.asset(AssetKind.BUSINESS, DEMO_BUSINESS_ID_MAIN)
    pixel = world.asset(AssetKind.PIXEL, DEMO_PIXEL_READY)
    world.click(f"assets_disconnect_{main.id}")
    assert "unbinds exactly these 6 assets" in texts(world.at)
    unbind(world.store_id, pixel.id, world.db.uow(), actor=DANA, clock=world.clock)  # meanwhile

    at = world.click("assets_confirm_yes")
    assert not at.exception
    page = texts(at)
    assert "changed since you opened it" in page and "Nothing was disconnected" in page
    assert "unbinds exactly these 5 assets" in page
    assert any(a.id == main.id for a in world.bound())
    at = world.click("assets_confirm_yes")
    assert not any(a.id == main.id for a in world.bound())
    assert "Disconnected Business Manager Demo Outdoor Co. (200000000000001) and the 4 assets under it." in texts(at)


def test_an_asset_disconnected_meanwhile_closes_the_confirmation_with_a_message(world):
    main = world.asset(AssetKind.BUSINESS, DEMO_BUSINESS_ID_MAIN)
    world.click(f"assets_disconnect_{main.id}")
    unbind(world.store_id, main.id, world.db.uow(), actor=DANA, clock=world.clock)
    at = world.at.run()
    assert not at.exception
    assert "This asset is no longer bound: it was disconnected meanwhile" in " ".join(e.value for e in at.error)
    at = world.click("assets_confirm_close")
    assert "assets_confirm_close" not in {b.key for b in at.button}
    assert world.rebind_keys() == {f"assets_rebind_{main.id}"}


def test_disconnecting_the_facebook_account_empties_the_facebook_section(world):
    account = world.asset(AssetKind.FACEBOOK_ACCOUNT, DEMO_USER_ID)
    at = world.click(f"assets_disconnect_{account.id}")
    assert "unbinds exactly these 12 assets" in texts(at)
    assert "Facebook connection (its token) is removed too" in texts(at)
    at = world.click("assets_confirm_yes")
    assert not at.exception
    page = texts(at)
    assert "No Facebook account is bound to this store." in page
    assert "Facebook removed the app's access for this Facebook account." in page  # revoked on Facebook
    assert runtime.sandbox().tokens["demo-admin"].invalidated == 458  # the sandbox shows the permission gone
    google = world.asset(AssetKind.GOOGLE_ADS, DEMO_GOOGLE)
    assert world.disconnect_keys() == {f"assets_disconnect_{google.id}"}
    assert world.rebind_keys() == {f"assets_rebind_{account.id}"}
    assert "Comes back with it (11): " in page
    assert [a.kind for a in world.bound()] == [AssetKind.GOOGLE_ADS]

    at = world.click(f"assets_rebind_{account.id}")  # all of it comes back, locally, without a token
    assert "Rebound 12 assets with their history" in texts(at)
    assert len(world.disconnect_keys()) == 13 and "Ad accounts: 5 / 5" in texts(at)


def test_disconnecting_the_facebook_account_with_a_dead_token_still_disconnects_and_says_so(world):
    world.at.session_state["demo_identity"] = "demo-expired"
    world.at.run()
    account = world.asset(AssetKind.FACEBOOK_ACCOUNT, DEMO_USER_ID)
    world.click(f"assets_disconnect_{account.id}")
    at = world.click("assets_confirm_yes")
    assert not at.exception
    page = texts(at)
    assert "Facebook no longer accepted the connection (expired or already removed)" in page
    assert "disconnected here" in page and [a.kind for a in world.bound()] == [AssetKind.GOOGLE_ADS]
    assert runtime.sandbox().tokens["demo-admin"].invalidated is None  # nothing was removed on Facebook


def test_rebind_within_retention_restores_the_history(world):
    readings = [AdVolumeReading(AssetKind.AD_ACCOUNT, ACTIVE, 226, 6000)]
    record_ad_volume(world.store_id, readings, world.db.uow(), clock=world.clock)
    main = world.asset(AssetKind.BUSINESS, DEMO_BUSINESS_ID_MAIN)
    world.click(f"assets_disconnect_{main.id}")
    world.click("assets_confirm_yes")
    assert world.volume_of(ACTIVE) == []  # hidden while disconnected

    world.clock.advance(days=30, seconds=-1)  # the last second of retention
    at = world.click(f"assets_rebind_{main.id}")
    assert not at.exception
    assert "Rebound 6 assets with their history" in texts(at)
    assert world.volume_of(ACTIVE) == [226]
    assert f"assets_disconnect_{main.id}" in world.disconnect_keys()
    assert world.rebind_keys() == set()
    assert "Ad accounts: 5 / 5" in texts(at)


def test_rebind_over_the_plan_limit_is_refused_with_the_limit_named(world):
    main = world.asset(AssetKind.BUSINESS, DEMO_BUSINESS_ID_MAIN)
    world.click(f"assets_disconnect_{main.id}")
    world.click("assets_confirm_yes")
    for customer_id in ("111-222-3333", "444-555-6666"):  # 3 / 5 → 5 / 5
        world.at.text_input(key="assets_google_id").input(customer_id)
        world.click("assets_google_bind")
    assert "Ad accounts: 5 / 5" in texts(world.at)

    at = world.click(f"assets_rebind_{main.id}")
    assert not at.exception
    error = " ".join(e.value for e in at.error)
    assert "Cannot rebind Business Manager Demo Outdoor Co. (200000000000001):" in error
    assert "Ad accounts (Facebook + Google): 7 would be bound (4 Facebook + 3 Google)" in error
    assert "Disconnect 2 ad accounts first" in error and "select" not in error.casefold()
    assert "the limit of the basic plan is 5" in error and "Nothing was changed." in error
    assert f"assets_rebind_{main.id}" in world.rebind_keys()
    assert not any(a.kind is AssetKind.BUSINESS and a.external_id == DEMO_BUSINESS_ID_MAIN for a in world.bound())
    refused = audit_log(world.store_id, world.db.uow(), actions=["rebind"])
    assert [r.result for r in refused] == ["refused"]


def test_after_30_days_the_asset_leaves_recently_disconnected_and_a_rebind_starts_empty(world):
    readings = [AdVolumeReading(AssetKind.AD_ACCOUNT, ACTIVE, 226, 6000)]
    record_ad_volume(world.store_id, readings, world.db.uow(), clock=world.clock)
    main = world.asset(AssetKind.BUSINESS, DEMO_BUSINESS_ID_MAIN)
    world.click(f"assets_disconnect_{main.id}")
    world.click("assets_confirm_yes")
    assert world.rebind_keys() == {f"assets_rebind_{main.id}"}

    world.clock.advance(days=30)
    at = world.click(f"assets_rebind_{main.id}")  # a Rebind still on screen from before: refused, then purged
    assert not at.exception
    assert "was unbound more than 30 days ago and its history is gone" in " ".join(e.value for e in at.error)
    assert world.rebind_keys() == set()
    assert "Nothing was disconnected in the last 30 days." in texts(at)
    purged = audit_log(world.store_id, world.db.uow(), actions=["purge"])
    assert len(purged) == 6

    # binding it again (the Connect wizard's Save) starts without the old history
    save_selection(world.store_id, SELECTION, world.db.uow(), actor=DANA, clock=world.clock)
    assert world.volume_of(ACTIVE) == []
    world.at.run()
    assert world.asset(AssetKind.AD_ACCOUNT, ACTIVE).bound_at == world.clock.now


@pytest.mark.parametrize(
    ("customer_id", "message"),
    [
        ("12-34", "“12-34” is not a Google Ads customer ID. It has 10 digits written like 123-456-7890"),
        ("", "type the Google Ads customer ID"),
        (DEMO_GOOGLE, "Google Ads account 123-456-7890 is bound already."),
        ("987-654-3210", "Ad accounts (Facebook + Google): 6 would be bound (4 Facebook + 2 Google)"),
    ],
)
def test_bad_google_ads_input_gets_a_clear_message_and_binds_nothing(world, customer_id, message):
    before = world.bound()
    world.at.text_input(key="assets_google_id").input(customer_id)
    at = world.click("assets_google_bind")
    assert not at.exception
    error = " ".join(e.value for e in at.error)
    assert error.startswith("Not bound: ") and message in error
    assert world.bound() == before
    assert "Ad accounts: 5 / 5" in texts(at)
    assert world.rebind_keys() == set()  # nothing retained either: no asset row was written
    # the attempt itself is in the audit log as refused (an empty field never reaches the service)
    attempts = audit_log(world.store_id, world.db.uow(), actions=["bind"], target_kind="google_ads")
    assert [(r.result, r.actor) for r in attempts if r.actor != "system"] == (
        [("refused", "demo@example.com")] if customer_id else []
    )


def test_google_ads_bind_and_disconnect_count_in_the_plan(world):
    google = world.asset(AssetKind.GOOGLE_ADS, DEMO_GOOGLE)
    at = world.click(f"assets_disconnect_{google.id}")
    assert "unbinds exactly this asset:" in texts(at)
    assert at.button(key="assets_confirm_yes").label == "Disconnect"
    at = world.click("assets_confirm_yes")
    assert "Disconnected Google Ads account Demo Google Ads (123-456-7890). Rebind it" in texts(at)
    assert "Ad accounts: 4 / 5" in texts(at)
    assert f"assets_rebind_{google.id}" in world.rebind_keys()

    world.at.text_input(key="assets_google_id").input("9876543210")
    world.at.text_input(key="assets_google_name").input("Search campaigns")
    at = world.click("assets_google_bind")
    assert not at.exception
    assert "Bound Google Ads account Search campaigns (987-654-3210)." in texts(at)
    assert "Ad accounts: 5 / 5" in texts(at)
    new = world.asset(AssetKind.GOOGLE_ADS, "987-654-3210")
    assert f"assets_disconnect_{new.id}" in world.disconnect_keys()
    binds = audit_log(world.store_id, world.db.uow(), actions=["bind"], target_kind="google_ads")
    assert binds[0].target_id == "987-654-3210" and binds[0].result == "ok"


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What the page handed to st.download_button, by file name (a spy: the storage still stores it)."""
    seen: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        if isinstance(path_or_data, bytes) and filename:
            seen[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return seen


def _csv(downloads: dict[str, bytes]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(downloads["smart-ads-assets.csv"].decode())))


def test_csv_download_has_every_bound_asset_with_health(world, downloads):
    world.at.run()
    rows = _csv(downloads)
    assert len(rows) == 13
    by_id = {r["id"]: r for r in rows}
    assert by_id[NO_FUNDING]["funding_source"] == "no payment method"
    assert by_id[NO_FUNDING]["business_manager"] == "Demo Outdoor Co."
    assert by_id[DISABLED]["status"] == "disabled" and by_id[DISABLED]["disable_reason"] == "ads integrity policy"
    assert by_id[ACTIVE]["domain_settings"] == "on" and "last fired" in by_id[ACTIVE]["pixel"]
    assert by_id[DEMO_GOOGLE]["kind"] == "Google Ads account"
    assert world.at.get("download_button")[0].label == "Download the 13 assets shown (CSV)"


def test_search_filters_the_page_and_the_csv(world, downloads):
    world.at.text_input(key="assets_search").input("northwind").run()
    agency = world.asset(AssetKind.BUSINESS, DEMO_BUSINESS_ID_AGENCY)
    account = world.asset(AssetKind.FACEBOOK_ACCOUNT, DEMO_USER_ID)
    in_agency = {a.id for a in world.bound() if a.external_id in {AGENCY_OWNED, DEMO_PAGE_AGENCY}}
    # the matches, with their Facebook account shown as the heading
    assert world.disconnect_keys() == {f"assets_disconnect_{i}" for i in {account.id, agency.id, *in_agency}}
    assert {r["name"] for r in _csv(downloads)} == {"Northwind Agency", "Northwind – In-house"}
    assert len(_csv(downloads)) == 3  # the BM and its Page share the name, plus its ad account


def test_kind_and_attention_filters(world, downloads):
    world.at.multiselect(key="assets_kinds").set_value([AssetKind.AD_ACCOUNT]).run()
    assert {r["id"] for r in _csv(downloads)} == {ACTIVE, NO_FUNDING, AGENCY_OWNED, DISABLED}
    world.at.checkbox(key="assets_attention").check().run()
    rows = _csv(downloads)
    assert {r["id"] for r in rows} == {NO_FUNDING, DISABLED}
    assert all(r["delivery"].startswith("Cannot deliver ads: ") for r in rows)


def test_the_health_says_how_old_it_is_and_can_be_read_again(world):
    """Issue 17: cached reads show their age (the health is kept a few minutes)."""
    assert ":material/schedule: Health read from Facebook just now." in texts(world.at)
    world.clock.advance(minutes=3)
    world.at.run()
    assert ":material/schedule: Health read from Facebook 3 minutes ago." in texts(world.at)
    world.click("assets_read_again")
    assert ":material/schedule: Health read from Facebook just now." in texts(world.at)
