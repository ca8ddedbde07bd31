"""The Ad accounts page in the marketer's words (issue 17): the open tab stays open (bug 3), what Facebook's tasks
don't allow is disabled up front with the reason (bug 6), Facebook's codes only in a details area, plurals, a new
account said to be unbound with a way to bind it, and Remove looking like what it is."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_CLIENT_2,
    DEMO_AD_ACCOUNT_PENDING_CLAIM,
    DEMO_AD_ACCOUNT_PERSONAL,
)
from tests.ad_accounts.test_page_ad_accounts import (
    MAIN,
    bind_business,
    choose_for_removal,
    choose_settings_account,
    fill_create_form,
    messages,
    open_page,
    owned_by,
    submit,
)
from tests.support.ad_accounts import Injected, install
from tests.support.apptest import app_env
from ui import runtime

__all__ = ["app_env"]

ACTIVE = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"
CODES = re.compile(r"\b(CONFIRMED|PENDING|AGENCY|OWNER|MANAGE|ADVERTISE|ANALYZE|ISO 4217)\b")


def own_text(at: AppTest) -> str:
    """What the Ad accounts page itself says (not the sidebar, nor the sandbox banner every page shares), table
    cells included."""
    main = at.main
    parts = [
        str(e.value)
        for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader")
        for e in getattr(main, kind)
        if not str(e.value).startswith("**Sandbox mode.**")
    ]
    parts += [f"{m.label}: {m.value}" for m in main.metric]
    parts += [
        w.label for kind in ("button", "text_input", "selectbox", "checkbox", "radio") for w in getattr(main, kind)
    ]
    for frame in main.dataframe:
        parts += [" ".join(map(str, frame.value.columns)), frame.value.to_string()]
    return "\n".join(parts)


def open_tab(at: AppTest) -> int:
    """The index of the tab the page asks the browser to show."""
    [container] = [b for b in at.main if getattr(b, "type", "") == "tab_container"] or [None]
    if container is not None:
        return container.proto.tab_container.default_tab_index
    return next(i for i, label in enumerate(("Claim", "Create", "Remove", "DSA and spend cap"))
                if label == at.session_state["aa_tab"])  # fmt: skip


# --- bug 3: the open tab stays open -----------------------------------------------------------------------------


def test_after_a_refused_claim_choosing_an_account_to_remove_stays_on_remove(app_env):
    bind_business()
    at = open_page()
    at.session_state["aa_tab"] = "Claim"
    at = at.run()
    at.text_input(key="aa_claim_id").input("not an id")
    at = submit(at, "aa_claim_submit")  # refused: its message is drawn above the tabs
    assert "is not an ad account ID" in messages(at)
    at.session_state["aa_tab"] = "Remove"  # the marketer opens Remove …
    at = choose_for_removal(at.run(), DEMO_AD_ACCOUNT_PENDING_CLAIM)  # … and picks an account: a rerun
    assert at.session_state["aa_tab"] == "Remove" and open_tab(at) == 2
    at = submit(at, "aa_remove")  # the confirmation's rerun too
    assert at.session_state["aa_tab"] == "Remove" and open_tab(at) == 2


# --- bug 6: Facebook's tasks of the person, before any submit ---------------------------------------------------


def test_an_analyst_on_facebook_sees_the_forms_disabled_with_the_reason(app_env):
    """Alex is an admin of the Demo outlet store, but on Facebook has only Reporting only (ANALYZE) on a few of
    the Business Manager's accounts: nothing is offered that Facebook would refuse."""
    bind_business()
    outlet = bind_business(store_id=runtime.database().demo_store_ids[1])
    at = choose_settings_account(open_page("demo-analyst", outlet), DEMO_AD_ACCOUNT_ACTIVE)
    assert not at.exception
    for key in ("aa_claim_submit", "aa_create_submit", "aa_dsa_submit", "aa_cap_submit"):
        assert at.button(key=key).disabled, key
    page = own_text(at)
    assert "On Facebook you manage none of Demo Outdoor Co.'s ad accounts (your role on them: " in page
    assert "Reporting only" in page and "needs an admin of the Business Manager" in page
    assert "On Facebook your role on Demo Outdoor – Main is Reporting only: changing its spend cap" in page
    assert runtime.sandbox().write_count == 0


def test_an_admin_on_facebook_has_every_form_live(app_env):
    bind_business()
    at = choose_settings_account(open_page(), DEMO_AD_ACCOUNT_ACTIVE)
    for key in ("aa_claim_submit", "aa_create_submit", "aa_dsa_submit", "aa_cap_submit"):
        assert not at.button(key=key).disabled, key
    assert "On Facebook you manage none" not in own_text(at)


# --- words ---------------------------------------------------------------------------------------------------


def test_no_code_of_facebooks_and_no_developer_words_on_the_page(app_env):
    bind_business()
    at = choose_for_removal(choose_settings_account(open_page(), DEMO_AD_ACCOUNT_ACTIVE), DEMO_AD_ACCOUNT_CLIENT_2)
    page = own_text(at)
    assert not CODES.search(page), CODES.search(page)
    assert "Graph" not in page and "README" not in page and "submission" not in page
    assert "Currency: US Dollar" in page
    assert "2 claims waiting" in page or "1 claim waiting" in page
    assert re.search(r"\b\d+ ad accounts owned by or shared with this Business Manager\.", page)


def test_a_refusal_says_it_in_words_and_keeps_facebooks_code_in_a_details_area(app_env):
    bind_business()
    at = open_page()
    install(runtime.http_session(), runtime.sandbox(), Injected("POST", "/owned_ad_accounts", 3936))
    at.text_input(key="aa_claim_id").input(f"act_{DEMO_AD_ACCOUNT_PERSONAL}")
    at = submit(submit(at, "aa_claim_submit"), "aa_claim_confirm")
    assert "You've already asked to claim this ad account" in messages(at)
    assert "3936" not in messages(at)
    [details] = [e for e in at.expander if e.label == "Details for Smart Ads support"]
    assert "Facebook's error code: 3936" in " ".join(c.value for c in details.caption)


def test_a_new_ad_account_is_said_to_be_unbound_with_a_way_to_bind_it(app_env):
    bind_business()
    at = submit(fill_create_form(open_page(), "Autumn sale"), "aa_create_submit")
    [made] = [a.account_id for a in runtime.sandbox().world.ad_accounts.values() if a.name == "Autumn sale"]
    assert f"Created act_{made} in Demo Outdoor Co. It isn't bound to this store yet: bind it on the Connect page." in (
        messages(at)
    )
    links = [link.proto for link in at.get("page_link")]
    assert any(link.page.endswith("connect") or "connect" in link.page_script_hash or link.label.startswith("Bind")
               for link in links)  # fmt: skip
    assert made in owned_by(MAIN)


def test_remove_looks_destructive_and_asks_first(app_env):
    bind_business()
    at = choose_for_removal(open_page(), DEMO_AD_ACCOUNT_PENDING_CLAIM)
    assert at.button(key="aa_remove").proto.icon == ":material/delete:"
    at = submit(at, "aa_remove")
    confirm = at.button(key="aa_remove_confirm")
    assert confirm.proto.type == "primary" and confirm.proto.icon == ":material/delete:"
    assert any("Remove **" in w.value and "withdraws the pending claim" in w.value for w in at.warning)
    assert DEMO_AD_ACCOUNT_PENDING_CLAIM in runtime.sandbox().world.pending_claims[MAIN]  # nothing sent yet


def test_claiming_an_id_facebook_doesnt_show_says_it_wasnt_found_and_what_to_check(app_env):
    """Bug 11: an ID of no ad account the person can see is not "a value you entered", nor a case for support."""
    bind_business()
    at = open_page()
    at.text_input(key="aa_claim_id").input("act_123456789")
    at = submit(submit(at, "aa_claim_submit"), "aa_claim_confirm")
    shown = messages(at)
    assert "Facebook has no ad account act_123456789 that you can see" in shown
    assert "Check the number in Ads Manager" in shown and "contact" not in shown.lower()
