"""The Permissions page's share of issue 17 ("the marketer's words"), one test per point: only the roles the viewer
can give are offered, with why (bug 6); unknown cells where the viewer can't see the people, and no result of
another identity (bug 7); Facebook's own reason for a refusal (bug 12); words, not codes, and plurals that agree;
filters for many ad accounts, and edits marked before Apply."""

from __future__ import annotations

import pytest

from core.binding import AdAccountChoice, BusinessChoice, FacebookAccountChoice, Selection, save_selection
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_AGENCY_OWNED,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_FULL_TEAM,
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_PERSON_BUSY,
    DEMO_PERSON_SELLER,
    DEMO_USER_ID,
)
from core.stores import set_plan_limit
from tests.permissions.test_page_permissions import (
    ACCOUNTS,
    column,
    edit,
    open_page,
    requests_made,
    row_of,
    seed,
    tasks_in_sandbox,
)
from tests.support.apptest import DANA, app_env, texts
from ui import permissions as page_state
from ui import runtime

__all__ = ["app_env"]

AGENCY_ACCOUNT = "Northwind – In-house"


def column_types(at) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """Each grid column's type and options, as the browser receives them."""
    import json

    return {name: spec.get("type_config", {}) for name, spec in json.loads(at.dataframe[0].proto.columns).items()}


def own_words(at) -> str:  # type: ignore[no-untyped-def]
    """What the page itself says in its main area (the shared sandbox banner and the details area left out)."""
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader"):
        parts += [str(e.value) for e in getattr(at.main, kind) if not str(e.value).startswith("**Sandbox mode.**")]
    parts += [b.label for b in at.main.button] + [w.label for w in at.main.selectbox]
    return "\n".join(parts)


def outlet_as_analyst():  # type: ignore[no-untyped-def]
    """In the demo outlet Alex is an admin of the store; on Facebook he has Reporting only on Main and can't see
    Wholesale's people at all."""
    outlet = seed(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_FULL_TEAM, store_id=runtime.database().demo_store_ids[1])
    return open_page("demo-analyst", outlet)


def test_bug6_the_analyst_is_offered_no_role_and_told_why(app_env):
    at = outlet_as_analyst()
    types = column_types(at)
    assert all(t.get("type") == "text" for n, t in types.items() if n != "_index"), types  # no role list anywhere
    assert not [e for e in at.expander if "presets" in e.label]
    page = own_words(at)
    assert "you can't give anyone a role on these ad accounts: only an ad account's admins can" in page
    assert "**Demo Outdoor – Main**: You have Reporting only on this ad account" in page


def test_bug6_an_admin_is_offered_the_roles_they_hold_and_a_held_custom_set_stays_as_it_is(app_env):
    seed(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK)
    at = open_page()
    types = column_types(at)
    assert types[column(DEMO_AD_ACCOUNT_ACTIVE)]["options"] == ["Admin", "General user", "Reporting only", "No access"]
    # Jordan's draft-only set on the catalog account may stay; Dana holds no DRAFT, so she can't give it
    assert types[column(DEMO_AD_ACCOUNT_BULK)]["options"][-1] == "Custom: draft ads"
    assert "Other sets of tasks, such as drafting ads only, aren't offered" in own_words(at)
    at = edit(at, {row_of(at, DEMO_PERSON_SELLER): {column(DEMO_AD_ACCOUNT_BULK): "Custom: draft ads"}})
    before = requests_made()
    at.button(key="permissions_review").click().run()
    assert requests_made() == before
    assert "you can give others only the tasks you hold yourself on Demo Outdoor – Catalog (bulk)" in " ".join(
        e.value for e in at.error
    )


def test_bug7_cells_of_an_account_the_analyst_cannot_see_are_unknown_not_no_access(app_env):
    at = outlet_as_analyst()
    grid = at.dataframe[0].value
    assert set(grid[column(DEMO_AD_ACCOUNT_FULL_TEAM)]) == {"Unknown"}  # Dana is Admin there: never "No access"
    assert grid.iloc[row_of(at, DEMO_PERSON_SELLER)][column(DEMO_AD_ACCOUNT_ACTIVE)] == "General user"
    warnings = " ".join(w.value for w in at.warning)
    assert "Unknown — you can't see who has access to Demo Outdoor – Wholesale." in warnings


def test_bug7_another_identitys_apply_result_is_gone_after_switching_identity(app_env):
    seed(DEMO_AD_ACCOUNT_ACTIVE)
    at = open_page()
    at = edit(at, {row_of(at, DEMO_PERSON_SELLER): {column(DEMO_AD_ACCOUNT_ACTIVE): "Admin"}})
    at.button(key="permissions_review").click().run()
    at.button(key="permissions_apply").click().run()
    assert "1 change applied on Facebook" in texts(at)
    at.session_state["demo_identity"] = "demo-expired"  # the same person (Dana), another Facebook session
    at.run()
    assert not at.exception
    assert "applied on Facebook" not in texts(at) and "Facebook connection lost" in texts(at)
    at.session_state["demo_identity"] = "demo-admin"
    at.run()
    assert "applied on Facebook" not in texts(at)


def test_bug12_facebooks_own_reason_is_shown_instead_of_three_guesses(app_env, monkeypatch: pytest.MonkeyPatch):
    # When the count of Pat's ad accounts can't be read before sending, Facebook refuses with its own reason.
    monkeypatch.setattr("core.permissions.services.ad_account_counts", lambda client, people: {})
    seed(DEMO_AD_ACCOUNT_ACTIVE)
    at = open_page()
    at = edit(at, {row_of(at, DEMO_PERSON_BUSY): {column(DEMO_AD_ACCOUNT_ACTIVE): "Reporting only"}})
    at.button(key="permissions_review").click().run()
    at.button(key="permissions_apply").click().run()
    failed = " ".join(e.value for e in at.error)
    assert "1 change not applied" in failed
    assert "Facebook says this person already has access to 25 ad accounts, the most one person may have" in failed
    assert "You need to be an admin" not in failed and "also refuses this way" not in failed
    assert tasks_in_sandbox(DEMO_AD_ACCOUNT_ACTIVE, DEMO_PERSON_BUSY) is None


def test_words_not_codes_plurals_that_agree_and_ids_only_in_the_details(app_env):
    seed(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK)
    at = open_page()
    assert "Custom: draft ads" in set(at.dataframe[0].value[column(DEMO_AD_ACCOUNT_BULK)])
    at = edit(at, {row_of(at, DEMO_PERSON_SELLER): {column(DEMO_AD_ACCOUNT_ACTIVE): "Admin"}})
    at.button(key="permissions_review").click().run()
    assert "Review 1 change" in own_words(at) and "Apply 1 change on Facebook" in own_words(at)
    at.button(key="permissions_apply").click().run()
    page = own_words(at)
    assert "1 change applied on Facebook" in page and "1 of 1" not in page
    for code in ("MANAGE", "ADVERTISE", "ANALYZE", "DRAFT", "Custom: DRAFT", "act_", "Graph", "submission", "README"):
        assert code not in page, code
    (details,) = [e for e in at.expander if e.label.startswith("Details")]
    roles, ids = (d.value for d in details.dataframe)
    assert roles.set_index("Role").loc["Admin", "Facebook's tasks"] == "MANAGE, ADVERTISE, ANALYZE"
    assert roles.set_index("Role").loc["Custom: draft ads", "Facebook's tasks"] == "DRAFT"
    assert f"act_{DEMO_AD_ACCOUNT_ACTIVE}" in set(ids["ID"]) and set(ids["Business Manager"]) == {"Demo Outdoor Co."}


def two_businesses() -> int:
    """The demo store with three Demo Outdoor accounts and Northwind's own account."""
    db = runtime.database()
    selection = Selection(
        FacebookAccountChoice(DEMO_USER_ID, "Dana Demo"),
        [
            BusinessChoice(DEMO_BUSINESS_ID_MAIN, "Demo Outdoor Co."),
            BusinessChoice(DEMO_BUSINESS_ID_AGENCY, "Northwind"),
        ],
        [
            *(
                AdAccountChoice(a, ACCOUNTS[a], DEMO_BUSINESS_ID_MAIN)
                for a in (DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK, DEMO_AD_ACCOUNT_FULL_TEAM)
            ),
            AdAccountChoice(DEMO_AD_ACCOUNT_AGENCY_OWNED, AGENCY_ACCOUNT, DEMO_BUSINESS_ID_AGENCY),
        ],
    )
    save_selection(db.demo_store_id, selection, db.uow(), actor=DANA)
    return db.demo_store_id


def shown_accounts(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [c for c in at.dataframe[0].value.columns if c != page_state.PERSON_COLUMN]


def test_the_grid_is_filtered_by_business_manager_account_and_person_and_edits_survive_the_filters(app_env):
    two_businesses()
    at = open_page()
    assert len(shown_accounts(at)) == 4
    at.selectbox(key=page_state.FILTER_BUSINESS_KEY).set_value(DEMO_BUSINESS_ID_AGENCY).run()
    assert shown_accounts(at) == [AGENCY_ACCOUNT]
    assert "Showing 1 ad account of 4" in texts(at)
    at.selectbox(key=page_state.FILTER_BUSINESS_KEY).set_value(page_state.ALL).run()
    at.text_input(key=page_state.FILTER_ACCOUNT_KEY).input("catalog").run()
    assert shown_accounts(at) == [column(DEMO_AD_ACCOUNT_BULK)]
    at.text_input(key=page_state.FILTER_PERSON_KEY).input("sam").run()
    assert list(at.dataframe[0].value[page_state.PERSON_COLUMN]) == ["Sam Seller"]
    at = edit(at, {0: {column(DEMO_AD_ACCOUNT_BULK): "Reporting only"}})
    at.text_input(key=page_state.FILTER_ACCOUNT_KEY).input("").run()  # other columns: the edit is kept
    assert len(shown_accounts(at)) == 4
    assert at.dataframe[0].value.iloc[0][column(DEMO_AD_ACCOUNT_BULK)] == "Reporting only"
    at = edit(at, {0: {AGENCY_ACCOUNT: "Reporting only"}})
    at.button(key="permissions_review").click().run()
    page = texts(at)
    assert "Review 2 changes" in page
    assert "Sam Seller gains Reporting only on Demo Outdoor – Catalog (bulk)" in page
    assert "Sam Seller changes from General user to Reporting only on Northwind – In-house" in page


def test_many_ad_accounts_are_shown_a_page_of_columns_at_a_time(app_env, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SMART_ADS_SANDBOX_WORLD", "large")
    db = runtime.database()
    set_plan_limit(db.uow(), "basic", 100)
    world = runtime.sandbox().world
    business = "210000000000000"
    owned = [a for a in world.ad_accounts.values() if a.owner_business == business][:40]
    selection = Selection(
        FacebookAccountChoice(DEMO_USER_ID, "Dana Demo"),
        [BusinessChoice(business, world.businesses[business].name)],
        [AdAccountChoice(a.account_id, a.name, business) for a in owned],
    )
    save_selection(db.demo_store_id, selection, db.uow(), actor=DANA)
    at = open_page()
    assert len(shown_accounts(at)) == page_state.MAX_COLUMNS == 15
    pages = at.selectbox(key=page_state.COLUMN_PAGE_KEY)
    assert pages.options == ["1–15 of 40", "16–30 of 40", "31–40 of 40"]  # the options as the browser shows them
    at.selectbox(key=page_state.COLUMN_PAGE_KEY).set_value(2).run()
    assert shown_accounts(at) == [a.name for a in owned[30:]]
    at.text_input(key=page_state.FILTER_ACCOUNT_KEY).input(owned[7].name).run()
    assert shown_accounts(at) == [owned[7].name]


def test_edited_cells_are_marked_and_listed_before_anything_is_sent(app_env):
    seed(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_EUR)
    at = open_page()
    before = requests_made()
    seller = row_of(at, DEMO_PERSON_SELLER)
    at = edit(at, {seller: {column(DEMO_AD_ACCOUNT_ACTIVE): "Admin"}})
    assert requests_made() == before
    assert at.dataframe[0].value.iloc[seller][page_state.PERSON_COLUMN] == "Sam Seller ✎ 1 edit"
    page = own_words(at)
    assert "✎ 1 change not applied yet." in page
    assert "✎ Sam Seller changes from General user to Admin on Demo Outdoor – Main" in page
    assert tasks_in_sandbox(DEMO_AD_ACCOUNT_ACTIVE, DEMO_PERSON_SELLER) == ["ADVERTISE", "ANALYZE"]
