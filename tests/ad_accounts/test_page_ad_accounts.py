"""Ad accounts page (AppTest, sandbox in-process): claim, create, remove, DSA and spend cap, each with its refusal,
and a double-clicked Create that makes exactly one account."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.ad_accounts import CURRENCIES, TIMEZONES
from core.binding import BusinessChoice, FacebookAccountChoice, Selection, save_selection
from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_FOREIGN,
    DEMO_AD_ACCOUNT_PENDING_CLAIM,
    DEMO_AD_ACCOUNT_PERSONAL,
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_UNVERIFIED,
    DEMO_EXTENDED_CREDIT_MAIN,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_MAIN_ALIAS,
    DEMO_USER_ID,
)
from tests.support.apptest import DANA, app_env, run_app, texts
from ui import runtime

__all__ = ["app_env", "bind_business", "claim", "fill_create_form", "open_page", "owned_by"]

PAGE = "app_pages/ad_accounts.py"
MAIN = DEMO_BUSINESS_ID_MAIN


def bind_business(*businesses: tuple[str, str], store_id: int | None = None) -> int:
    """Bind Business Managers to a demo store (the first by default) the way the Connect wizard's Save does."""
    db = runtime.database()
    store_id = store_id or db.demo_store_id
    chosen = [BusinessChoice(i, n) for i, n in businesses or [(MAIN, "Demo Outdoor Co.")]]
    save_selection(store_id, Selection(FacebookAccountChoice(DEMO_USER_ID, "Dana Demo"), chosen),
                   db.uow(), actor=DANA)  # fmt: skip
    return store_id


def open_page(identity: str | None = None, store_id: int | None = None) -> AppTest:
    at = run_app(identity, store_id)
    return at.switch_page(PAGE).run()


def owned_by(business_id: str) -> list[str]:
    return sorted(a.account_id for a in runtime.sandbox().world.ad_accounts.values() if a.owner_business == business_id)


def messages(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("success", "error", "warning", "info") for e in getattr(at, kind))


def fill_create_form(at: AppTest, name: str = "Spring sale", currency: str | None = "USD", timezone: int | None = 1):
    at.text_input(key="aa_new_name").input(name)
    if currency in CURRENCIES:
        at.selectbox(key="aa_new_currency").set_value(currency)
    elif currency is not None:
        # Typed, not picked: the list accepts new options, and the browser then sends the typed text as the
        # widget's string value. AppTest only picks listed options, so the typed text joins its option list.
        box = at.selectbox(key="aa_new_currency")
        box.options.append(currency)
        box.set_value(currency)
    if timezone is not None:
        at.selectbox(key="aa_new_timezone").set_value(timezone)
    return at


def submit(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    return at.run()


def claim(at: AppTest, account_id: str) -> AppTest:
    """Claim through its confirmation: the one-time move is sent only once confirmed."""
    at.text_input(key="aa_claim_id").input(account_id)
    at = submit(at, "aa_claim_submit")
    return submit(at, "aa_claim_confirm")


def test_lists_owned_agency_and_pending_accounts_of_the_bound_business(app_env):
    bind_business()
    at = open_page()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    row = table[table["ID"] == f"act_{DEMO_AD_ACCOUNT_ACTIVE}"].iloc[0]
    assert row["Access"] == "Owned by this business" and "Status" not in table.columns  # no raw Graph enums
    assert (row["Your role"], row["Roles you may give"]) == ("Admin", "Admin, General user, Reporting only")
    assert row["Currency"] == "US Dollar"
    assert "Shared with this business, as its agency" in set(table["Access"])
    assert f"`act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}`): waiting until its admins accept" in texts(at)


def test_expired_connection_shows_reconnect_in_words_not_a_traceback(app_env):
    bind_business()
    at = open_page("demo-expired")
    assert not at.exception
    assert "Facebook connection lost" in messages(at) and "Connect your Facebook account again" in messages(at)
    assert "Traceback" not in texts(at)


def test_without_a_bound_business_the_page_says_where_to_bind_one(app_env):
    at = open_page()
    assert not at.exception
    assert "Bind one on the Connect page" in messages(at)


# --- claim --------------------------------------------------------------------------------------------------


def test_claim_confirmed_and_pending_are_explained(app_env):
    bind_business()
    at = claim(open_page(), f"act_{DEMO_AD_ACCOUNT_PERSONAL}")
    assert not at.exception
    assert "now belongs to this Business Manager: you are an admin of the account" in messages(at)
    assert DEMO_AD_ACCOUNT_PERSONAL in owned_by(MAIN)
    at = claim(at, f"act_{DEMO_AD_ACCOUNT_FOREIGN}")
    assert "asked its admins to accept" in messages(at) and "accepts in Ads Manager" in messages(at)
    assert f"`act_{DEMO_AD_ACCOUNT_FOREIGN}`): waiting until its admins accept" in texts(at)  # listed at once


def test_claim_malformed_id_is_refused_in_words(app_env):
    bind_business()
    at = open_page()
    at.text_input(key="aa_claim_id").input("12ab-34")
    at = submit(at, "aa_claim_submit")
    assert not at.exception
    assert "“12ab-34” is not an ad account ID. Write it as act_" in messages(at)


@pytest.mark.parametrize(
    ("account", "words"),
    [(DEMO_AD_ACCOUNT_PENDING_CLAIM, "You've already asked to claim"), (DEMO_AD_ACCOUNT_ACTIVE, "already has access")],
)
def test_claim_3936_and_3944_in_words(app_env, account, words):
    bind_business()
    at = claim(open_page(), f"act_{account}")
    assert words in messages(at) and "Traceback" not in texts(at)


def test_claim_asks_to_confirm_that_it_cannot_be_undone_and_cancel_sends_nothing(app_env):
    bind_business()
    at = open_page()
    at.text_input(key="aa_claim_id").input(f"act_{DEMO_AD_ACCOUNT_PERSONAL}")
    at = submit(at, "aa_claim_submit")
    assert at.session_state["aa_confirm_claim"] == f"act_{DEMO_AD_ACCOUNT_PERSONAL}"
    warning = " ".join(w.value for w in at.warning)
    assert f"Claim **act_{DEMO_AD_ACCOUNT_PERSONAL}** for Demo Outdoor Co.?" in warning
    assert "one-time move that cannot be undone" in warning
    assert DEMO_AD_ACCOUNT_PERSONAL not in owned_by(MAIN)  # nothing sent yet
    at = submit(at, "aa_claim_cancel")
    assert "aa_confirm_claim" not in at.session_state
    assert DEMO_AD_ACCOUNT_PERSONAL not in owned_by(MAIN)
    assert not [b for b in at.button if b.key == "aa_claim_confirm"]
    at = claim(at, f"act_{DEMO_AD_ACCOUNT_PERSONAL}")
    assert DEMO_AD_ACCOUNT_PERSONAL in owned_by(MAIN)


# --- create -------------------------------------------------------------------------------------------------


def test_create_then_double_click_creates_exactly_one_account(app_env):
    bind_business()
    before = owned_by(MAIN)
    at = fill_create_form(open_page())
    at.radio(key="aa_new_end_advertiser_choice").set_value("ID")
    at.text_input(key="aa_new_end_advertiser_id").input(DEMO_PAGE_MAIN)
    at = submit(at, "aa_create_submit")
    assert not at.exception
    [new] = sorted(set(owned_by(MAIN)) - set(before))
    assert f"Created act_{new} in Demo Outdoor Co." in messages(at)
    at = submit(at, "aa_create_submit")  # the same submission again: a double click
    assert owned_by(MAIN) == sorted([*before, new])
    assert f"already created a moment ago (act_{new}), so nothing was sent again" in messages(at)
    account = runtime.sandbox().world.ad_accounts[new]
    assert (account.name, account.currency, account.end_advertiser) == ("Spring sale", "USD", DEMO_PAGE_MAIN)
    at.button(key="aa_create_new").click()  # another request (another name) is another account
    at = fill_create_form(at.run(), "Summer sale")
    at = submit(at, "aa_create_submit")
    assert len(owned_by(MAIN)) == len(before) + 2


def test_two_sessions_submitting_the_same_form_make_one_account(app_env):
    """Two browser tabs (or a reload, or a new session after a lost answer): the key is the request, not the tab."""
    bind_business()
    first, second = open_page(), open_page()
    first = submit(fill_create_form(first, "Twin tabs"), "aa_create_submit")
    second = submit(fill_create_form(second, "Twin tabs"), "aa_create_submit")
    [made] = [a.account_id for a in runtime.sandbox().world.ad_accounts.values() if a.name == "Twin tabs"]
    assert f"Created act_{made}" in messages(first)
    assert f"already created a moment ago (act_{made}), so nothing was sent again" in messages(second)


@pytest.mark.parametrize(
    ("name", "currency", "timezone", "words"),
    [
        ("", "USD", 1, "Name: enter a name"),
        ("Shop", None, 1, "Currency: choose"),
        ("Shop", "XYZ", 1, "“XYZ” is not a currency Facebook ad accounts accept"),
        ("Shop", "EUR", None, "Time zone: choose"),
    ],
)
def test_create_missing_field_or_unknown_currency_is_refused_before_calling(app_env, name, currency, timezone, words):
    bind_business()
    before = owned_by(MAIN)
    at = fill_create_form(open_page(), name, currency, timezone)
    at = submit(at, "aa_create_submit")
    assert not at.exception
    assert words in messages(at)
    assert owned_by(MAIN) == before and runtime.sandbox().world.businesses[MAIN].created_via_api == 0


def test_sixth_creation_is_refused_before_calling(app_env):
    bind_business()
    at = open_page()
    for i in range(5):
        at = submit(fill_create_form(at, f"Account {i}"), "aa_create_submit")
        assert "Created act_" in messages(at)
    assert "Created through Smart Ads: 5 of the 5" in texts(at)
    assert "Create more by hand in Business Manager" in messages(at)
    assert at.button(key="aa_create_submit").disabled
    assert runtime.sandbox().world.businesses[MAIN].created_via_api == 5


def test_facebooks_limit_3979_in_words_then_refused_before_calling(app_env):
    bind_business((DEMO_BUSINESS_ID_UNVERIFIED, "Fresh Start Studio"))
    at = submit(fill_create_form(open_page()), "aa_create_submit")
    assert "can't have more ad accounts right now" in messages(at)
    assert "already has the 5 ad accounts it allows through the API" in texts(at)
    assert at.button(key="aa_create_submit").disabled


# --- remove -------------------------------------------------------------------------------------------------


def choose_for_removal(at: AppTest, account_id: str) -> AppTest:
    box = at.selectbox(key="aa_remove_choice")
    [option] = [o for o in box.options if f"(act_{account_id})" in o]
    return _select(at, box, option)


def _select(at: AppTest, box, label: str) -> AppTest:
    box.select_index(box.options.index(label))
    return at.run()


def test_remove_pending_claim_after_confirmation(app_env):
    bind_business()
    at = choose_for_removal(open_page(), DEMO_AD_ACCOUNT_PENDING_CLAIM)
    at = submit(at, "aa_remove")
    assert "withdraws the pending claim" in messages(at)
    assert DEMO_AD_ACCOUNT_PENDING_CLAIM in runtime.sandbox().world.pending_claims[MAIN]  # not yet: confirm first
    at = submit(at, "aa_remove_confirm")
    assert not at.exception
    assert f"act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}: pending claim withdrawn." in messages(at)
    assert DEMO_AD_ACCOUNT_PENDING_CLAIM not in runtime.sandbox().world.pending_claims[MAIN]


def test_removing_a_confirmed_owned_account_shows_why_not(app_env):
    bind_business()
    at = choose_for_removal(open_page(), DEMO_AD_ACCOUNT_ACTIVE)
    assert "Demo Outdoor Co. owns this ad account. Facebook never lets a business remove" in messages(at)
    assert at.button(key="aa_remove").disabled
    assert DEMO_AD_ACCOUNT_ACTIVE in owned_by(MAIN)


# --- DSA and spend cap --------------------------------------------------------------------------------------


def choose_settings_account(at: AppTest, account_id: str) -> AppTest:
    box = at.selectbox(key="aa_settings_account")
    [label] = [o for o in box.options if f"(act_{account_id})" in o]
    return _select(at, box, label)


def test_dsa_both_saved_and_payor_alone_refused(app_env):
    bind_business()
    at = choose_settings_account(open_page(), DEMO_AD_ACCOUNT_ACTIVE)
    key = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"
    at.text_input(key=f"aa_dsa_payor_{key}").input("Demo Outdoor Co.")
    at = submit(at, "aa_dsa_submit")
    assert "Enter the DSA beneficiary too" in messages(at)
    assert runtime.sandbox().world.ad_accounts[DEMO_AD_ACCOUNT_ACTIVE].default_dsa_payor is None
    at.text_input(key=f"aa_dsa_payor_{key}").input("Demo Outdoor Co.")
    at.text_input(key=f"aa_dsa_beneficiary_{key}").input("Trail Gear Ltd")
    at = submit(at, "aa_dsa_submit")
    assert "DSA defaults saved" in messages(at)
    account = runtime.sandbox().world.ad_accounts[DEMO_AD_ACCOUNT_ACTIVE]
    assert (account.default_dsa_payor, account.default_dsa_beneficiary) == ("Demo Outdoor Co.", "Trail Gear Ltd")


def test_spend_cap_in_the_account_currency_and_a_wrong_amount_refused(app_env):
    bind_business()
    at = choose_settings_account(open_page(), DEMO_AD_ACCOUNT_EUR)
    key = f"aa_cap_act_{DEMO_AD_ACCOUNT_EUR}"
    assert at.text_input(key=key).label == "Spend cap in Euro"
    at.text_input(key=key).input("-20")
    at = submit(at, "aa_cap_submit")
    assert "can't be negative" in messages(at)
    at.text_input(key=key).input("2500")
    at = submit(at, "aa_cap_submit")
    assert "Demo Outdoor – EU: spend cap set to €2,500.00." in messages(at)
    assert "Spend cap: €2,500.00" in texts(at)


def test_a_viewer_sees_every_change_disabled_with_the_reason(app_env):
    """In the demo store Alex is a viewer: nothing can be sent, and the page says why (the core refuses anyway)."""
    bind_business()
    at = choose_settings_account(open_page("demo-analyst"), DEMO_AD_ACCOUNT_ACTIVE)
    assert not at.exception
    for key in ("aa_claim_submit", "aa_create_submit", "aa_dsa_submit", "aa_cap_submit"):
        assert at.button(key=key).disabled, key
    assert "As a viewer of this store you can't change ad accounts" in messages(at)


@pytest.mark.parametrize(("zone", "currency"), [("Asia/Taipei", "TWD"), ("Europe/Paris", "EUR")])
def test_create_anywhere_in_metas_time_zones_with_any_currency_graph_takes(app_env, zone, currency):
    bind_business()
    at = open_page()
    timezone_id = next(tz for tz, name in TIMEZONES.items() if name == zone)
    box = at.selectbox(key="aa_new_timezone")
    assert len(box.options) == len(TIMEZONES) == 475
    offsets = {"Asia/Taipei": ["+08:00"], "Europe/Paris": ["+01:00", "+02:00"]}[zone]  # Paris: summer time or not
    assert [o for o in box.options if o.startswith(zone + " ")] in ([f"{zone} (UTC{off})"] for off in offsets)
    currencies = at.selectbox(key="aa_new_currency").options
    assert "TWD · New Taiwan Dollar" in currencies and "EUR · Euro" in currencies
    at = fill_create_form(at, f"{zone} shop", currency, timezone_id)
    at.radio(key="aa_new_media_agency_choice").set_value("ID")
    at.text_input(key="aa_new_media_agency_id").input(DEMO_PAGE_MAIN_ALIAS)
    at = submit(at, "aa_create_submit")
    assert not at.exception
    [created] = [a for a in runtime.sandbox().world.ad_accounts.values() if a.name == f"{zone} shop"]
    assert (created.currency, TIMEZONES[created.timezone_id], created.media_agency) == (currency, zone, DEMO_PAGE_MAIN)
    assert f"Created act_{created.account_id} in Demo Outdoor Co." in messages(at)


def test_invoice_is_offered_only_where_the_business_has_an_extended_credit_line(app_env):
    bind_business((MAIN, "Demo Outdoor Co."), (DEMO_BUSINESS_ID_AGENCY, "Northwind Agency"))
    at = open_page()
    assert "Invoice it on the extended credit line of Demo Outdoor Co. Ltd" in [c.label for c in at.checkbox]
    at = fill_create_form(at, "On credit")
    at.checkbox(key="aa_new_invoice").check()
    at = submit(at, "aa_create_submit")
    [created] = [a for a in runtime.sandbox().world.ad_accounts.values() if a.name == "On credit"]
    assert created.funding_source == DEMO_EXTENDED_CREDIT_MAIN
    at.selectbox(key="aa_business").select_index(1).run()
    assert not [c for c in at.checkbox if c.key == "aa_new_invoice"]  # Northwind has no credit line
