"""The Connect wizard's rules without Streamlit: options and reasons, pruning, and the Selection Save binds.

The inventory is the real one, loaded from the sandbox's demo world.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from core.binding import AssetKind, AssetView, Rule, SelectionRefused, bound_asset_list, save_selection
from core.config import SANDBOX_BASE_URL
from core.connect import (
    Draft,
    Website,
    account_sources,
    ad_account_options,
    build_selection,
    draft_from_bound,
    page_options,
    pixel_options,
    prune,
)
from core.graph import GraphClient
from core.inventory import Inventory, load_inventory
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_CLIENT,
    DEMO_AD_ACCOUNT_CLIENT_2,
    DEMO_AD_ACCOUNT_DISABLED,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_NO_FUNDING,
    DEMO_AD_ACCOUNT_PERSONAL,
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_PARTNER,
    DEMO_PAGE_AGENCY,
    DEMO_PAGE_CLIENT,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_PERSONAL,
    DEMO_PAGE_UNPUBLISHED,
    DEMO_PIXEL_AGENCY,
    DEMO_PIXEL_NO_EVENTS,
    DEMO_PIXEL_READY,
    DEMO_PIXEL_UNATTACHED,
    DEMO_PIXEL_UNVERIFIED,
    DEMO_STORE_DOMAIN,
    DEMO_USER_ID,
    Sandbox,
    sandbox_session,
)
from core.sandbox.demo_ids import DEMO_BUSINESS_ID_TROUBLED
from tests.support.db import ANN


def act(raw: str) -> str:
    return f"act_{raw}"


def site() -> Website:
    return Website(DEMO_STORE_DOMAIN, datetime.now(UTC))  # the sandbox's clock is the real one here


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=sandbox_session(Sandbox()))
    return load_inventory(client)


def test_ad_accounts_come_from_the_chosen_bms_and_the_persons_own(inventory: Inventory) -> None:
    sources = account_sources(inventory, [DEMO_BUSINESS_ID_AGENCY, DEMO_BUSINESS_ID_MAIN])
    assert sources[act(DEMO_AD_ACCOUNT_ACTIVE)].via_business == DEMO_BUSINESS_ID_MAIN
    # shared with both chosen BMs: bound under the first chosen one, as AGENCY access
    shared = sources[act(DEMO_AD_ACCOUNT_CLIENT_2)]
    assert shared.via_business == DEMO_BUSINESS_ID_AGENCY and shared.account.access_type == "AGENCY"
    assert shared.account.business_id == DEMO_BUSINESS_ID_PARTNER  # owned by another business
    assert sources[act(DEMO_AD_ACCOUNT_PERSONAL)].via_business is None
    assert act(DEMO_AD_ACCOUNT_DISABLED) not in sources  # its BM (Legacy Traders) is not chosen


def test_ad_account_options_say_ownership_tasks_and_why_they_cannot_deliver(inventory: Inventory) -> None:
    options = {
        o.id: o for o in ad_account_options(inventory, [DEMO_BUSINESS_ID_MAIN, DEMO_BUSINESS_ID_TROUBLED], set())
    }
    assert options[act(DEMO_AD_ACCOUNT_ACTIVE)].detail == (
        "owned by Demo Outdoor Co. · USD · you can give others: Admin, General user or Reporting only"
    )
    assert "shared with Demo Outdoor Co. (agency access)" in options[act(DEMO_AD_ACCOUNT_CLIENT_2)].detail
    for account_id in (act(DEMO_AD_ACCOUNT_NO_FUNDING), act(DEMO_AD_ACCOUNT_DISABLED)):
        reason = inventory.ad_account(account_id).cannot_deliver_reason  # type: ignore[union-attr]
        assert reason and options[account_id].warning == f"Cannot deliver ads: {reason}"
    assert "funding source" in (options[act(DEMO_AD_ACCOUNT_NO_FUNDING)].warning or "")
    disabled = options[act(DEMO_AD_ACCOUNT_DISABLED)]
    assert "disabled" in (disabled.warning or "") and "ads integrity policy" in (disabled.warning or "")
    assert disabled.blocked is None  # it can still be bound (docs/RULES.md, "Binding")


def test_pixels_for_an_account_attached_first_and_unattached_ones_greyed(inventory: Inventory) -> None:
    source = account_sources(inventory, [DEMO_BUSINESS_ID_MAIN])[act(DEMO_AD_ACCOUNT_ACTIVE)]
    options = {o.pixel.id: o for o in pixel_options(inventory, source, site())}
    assert next(iter(options)) == DEMO_PIXEL_READY
    assert options[DEMO_PIXEL_READY].blocked is None and options[DEMO_PIXEL_READY].domain_settings_blocked is None
    assert "last event was 10 days ago" in (options[DEMO_PIXEL_UNVERIFIED].domain_settings_blocked or "")
    assert "Not attached to any ad account you administer" in (options[DEMO_PIXEL_UNATTACHED].blocked or "")
    assert DEMO_PIXEL_AGENCY not in options  # another BM's pixel, not attached here


def test_page_reasons(inventory: Inventory) -> None:
    options = {o.id: o for o in page_options(inventory, [DEMO_BUSINESS_ID_MAIN], {DEMO_PAGE_MAIN})}
    assert options[DEMO_PAGE_MAIN].blocked is None and options[DEMO_PAGE_MAIN].bound
    assert options[DEMO_PAGE_UNPUBLISHED].blocked == "Unpublished: publish the Page on Facebook first."
    assert options[DEMO_PAGE_CLIENT].blocked == "Owned by another business: only its owner can bind it."
    assert options[DEMO_PAGE_AGENCY].blocked == "Its Business Manager (Northwind Agency) is not selected in step 2."
    assert options[DEMO_PAGE_PERSONAL].blocked is None


def test_prune_drops_what_a_deselected_bm_took_along_and_says_so(inventory: Inventory) -> None:
    draft = Draft(
        businesses=[DEMO_BUSINESS_ID_AGENCY],
        ad_accounts=[act(DEMO_AD_ACCOUNT_ACTIVE), act(DEMO_AD_ACCOUNT_CLIENT)],
        pixels={act(DEMO_AD_ACCOUNT_ACTIVE): DEMO_PIXEL_READY, act(DEMO_AD_ACCOUNT_CLIENT): DEMO_PIXEL_AGENCY},
        pages=[DEMO_PAGE_MAIN, DEMO_PAGE_AGENCY],
    )
    notes = prune(draft, inventory)
    assert draft.ad_accounts == [act(DEMO_AD_ACCOUNT_CLIENT)] and draft.pages == [DEMO_PAGE_AGENCY]
    assert draft.pixels == {act(DEMO_AD_ACCOUNT_CLIENT): DEMO_PIXEL_AGENCY}
    assert notes == [  # by name, in one sentence: what went with the Business Manager
        "Deselected with their Business Manager, which is not chosen any more: ad account Demo Outdoor – Main and "
        "Page Demo Outdoor. Choose the Business Manager again to get them back."
    ]
    assert prune(draft, inventory) == []


def test_selection_binds_under_the_chosen_bm_and_keeps_the_facts(inventory: Inventory, db, store_id, clock) -> None:
    draft = Draft(
        businesses=[DEMO_BUSINESS_ID_MAIN],
        ad_accounts=[act(DEMO_AD_ACCOUNT_ACTIVE), act(DEMO_AD_ACCOUNT_CLIENT_2), act(DEMO_AD_ACCOUNT_PERSONAL)],
        pixels={act(DEMO_AD_ACCOUNT_ACTIVE): DEMO_PIXEL_READY},
        domain_settings={act(DEMO_AD_ACCOUNT_ACTIVE): True},
        pages=[DEMO_PAGE_MAIN, DEMO_PAGE_PERSONAL],
    )
    selection = build_selection(inventory, draft, site())
    assert selection.facebook_account is not None and selection.facebook_account.id == DEMO_USER_ID
    accounts = {a.id: a for a in selection.ad_accounts}
    assert accounts[act(DEMO_AD_ACCOUNT_CLIENT_2)].business_id == DEMO_BUSINESS_ID_MAIN
    assert accounts[act(DEMO_AD_ACCOUNT_CLIENT_2)].attributes["access_type"] == "AGENCY"
    assert accounts[act(DEMO_AD_ACCOUNT_PERSONAL)].business_id is None
    pixel = accounts[act(DEMO_AD_ACCOUNT_ACTIVE)].pixel
    assert pixel is not None and pixel.domain_settings and pixel.domain_settings_refusal is None
    assert pixel.business_id == DEMO_BUSINESS_ID_MAIN  # the pixel's owner, recorded with the binding
    assert selection.structure_violations() == []

    save_selection(store_id, selection, db.uow(), actor=ANN, clock=clock)
    views = bound_asset_list(store_id, db.uow())
    again = draft_from_bound(views)
    assert again.businesses == draft.businesses
    assert sorted(again.ad_accounts) == sorted(draft.ad_accounts)
    assert again.pixels == draft.pixels and again.domain_settings[act(DEMO_AD_ACCOUNT_ACTIVE)] is True
    assert sorted(again.pages) == sorted(draft.pages)


def test_domain_settings_on_a_stale_pixel_is_refused_by_save(inventory: Inventory, db, store_id, clock) -> None:
    draft = Draft(
        businesses=[DEMO_BUSINESS_ID_MAIN],
        ad_accounts=[act(DEMO_AD_ACCOUNT_NO_FUNDING)],
        pixels={act(DEMO_AD_ACCOUNT_NO_FUNDING): DEMO_PIXEL_UNVERIFIED},
        domain_settings={act(DEMO_AD_ACCOUNT_NO_FUNDING): True},
    )
    with pytest.raises(SelectionRefused) as refused:
        save_selection(store_id, build_selection(inventory, draft, site()), db.uow(), actor=ANN, clock=clock)
    [violation] = refused.value.violations
    assert violation.rule is Rule.DOMAIN_SETTINGS and "last event was 10 days ago" in violation.message


def test_draft_from_bound_ignores_google_ads_and_the_facebook_account() -> None:
    now = datetime.now(UTC)
    views = [
        AssetView(1, AssetKind.FACEBOOK_ACCOUNT, DEMO_USER_ID, "Dana", None, {}, now),
        AssetView(2, AssetKind.GOOGLE_ADS, "123-456-7890", "G", None, {}, now),
        AssetView(3, AssetKind.BUSINESS, DEMO_BUSINESS_ID_MAIN, "Main", 1, {}, now),
    ]
    draft = draft_from_bound(views)
    assert draft == Draft(businesses=[DEMO_BUSINESS_ID_MAIN])


def test_a_pixel_only_on_accounts_the_person_does_not_administer_cannot_be_chosen(inventory: Inventory) -> None:
    # the person may only ANALYZE the EU account, the one account the "no events" pixel is attached to
    eu = act(DEMO_AD_ACCOUNT_EUR)
    main = inventory.business(DEMO_BUSINESS_ID_MAIN)
    assert main is not None
    owned = tuple(replace(a, user_tasks=("ANALYZE",)) if a.id == eu else a for a in main.owned_ad_accounts)
    businesses = tuple(replace(b, owned_ad_accounts=owned) if b is main else b for b in inventory.businesses)
    analyst_view = replace(inventory, businesses=businesses)
    source = account_sources(analyst_view, [DEMO_BUSINESS_ID_MAIN])[eu]
    options = {o.pixel.id: o for o in pixel_options(analyst_view, source, site())}
    assert "Not attached to any ad account you administer" in (options[DEMO_PIXEL_NO_EVENTS].blocked or "")
    assert options[DEMO_PIXEL_READY].blocked is None  # on accounts the person administers


def test_a_page_outside_any_business_manager_is_not_assumed_to_be_yours(inventory: Inventory) -> None:
    """Bug 10's sibling: Graph does not say whose a Page outside any Business Manager is, so it isn't "your own"."""
    pages = page_options(inventory, [DEMO_BUSINESS_ID_MAIN], set())
    personal = next(o for o in pages if o.id == DEMO_PAGE_PERSONAL)
    assert personal.detail == "a Page you have access to, in no Business Manager"
