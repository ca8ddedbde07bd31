"""Permissions page in sandbox mode: edit cells, review the changes, apply, and Facebook (the sandbox) holds the new
tasks; rules refuse before any call; the analyst sees the grid read-only; presets fill a row or column. The page's
own bugs (issue 17) each have a test further down: only grantable roles offered (bug 6), unknown cells and another
identity's result (bug 7), Facebook's own reason (bug 12), words, filters and marked edits."""

from __future__ import annotations

import csv
import io

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from core.activity import audit_log
from core.binding import AdAccountChoice, BusinessChoice, FacebookAccountChoice, Selection, save_selection
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_FULL_TEAM,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_PERSON_JUNIOR,
    DEMO_PERSON_REPORTER,
    DEMO_PERSON_SELLER,
    DEMO_USER_ID,
)
from tests.support.apptest import DANA, app_env, run_app, texts
from ui import permissions as page_state
from ui import runtime

__all__ = ["app_env"]

PAGE = "app_pages/permissions.py"
ACCOUNTS = {
    DEMO_AD_ACCOUNT_ACTIVE: "Demo Outdoor – Main",
    DEMO_AD_ACCOUNT_BULK: "Demo Outdoor – Catalog (bulk)",
    DEMO_AD_ACCOUNT_FULL_TEAM: "Demo Outdoor – Wholesale",
    DEMO_AD_ACCOUNT_EUR: "Demo Outdoor – EU",
}


def seed(*account_ids: str, store_id: int | None = None) -> int:
    """Bind demo ad accounts (through the Demo Outdoor BM) to a demo store (the first by default)."""
    db = runtime.database()
    store_id = store_id or db.demo_store_id
    selection = Selection(
        FacebookAccountChoice(DEMO_USER_ID, "Dana Demo"),
        [BusinessChoice(DEMO_BUSINESS_ID_MAIN, "Demo Outdoor Co.")],
        [AdAccountChoice(a, ACCOUNTS[a], DEMO_BUSINESS_ID_MAIN) for a in account_ids],
    )
    save_selection(store_id, selection, db.uow(), actor=DANA)
    return store_id


def open_page(identity: str | None = None, store_id: int | None = None):
    at = run_app(identity, store_id)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def column(account_id: str) -> str:
    return ACCOUNTS[account_id]


def csv_column(account_id: str) -> str:
    """A CSV column carries the ID too (a file compared with Facebook's export)."""
    return f"{ACCOUNTS[account_id]} · act_{account_id}"


def row_of(at, person_id: str) -> int:
    _, matrix = at.session_state[page_state.MATRIX_KEY]
    return [p.id for p in matrix.people].index(person_id)


def edit(at, edits: dict[int, dict[str, str]]):
    at.session_state[page_state.editor_key(at.session_state)] = {
        "edited_rows": edits,
        "added_rows": [],
        "deleted_rows": [],
    }
    return at.run()


def tasks_in_sandbox(account_id: str, person_id: str) -> list[str] | None:
    return runtime.sandbox().world.ad_accounts[account_id].user_tasks.get(person_id)


def requests_made() -> int:
    return runtime.graph_client("demo-admin").request_count


def test_edit_review_apply_and_the_sandbox_holds_the_new_tasks(app_env):
    store_id = seed(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK)
    at = open_page()
    editor = at.dataframe[0]
    frame = editor.value
    assert column(DEMO_AD_ACCOUNT_ACTIVE) in frame.columns
    seller = row_of(at, DEMO_PERSON_SELLER)
    reporter = row_of(at, DEMO_PERSON_REPORTER)
    junior = row_of(at, DEMO_PERSON_JUNIOR)
    assert frame.iloc[seller][column(DEMO_AD_ACCOUNT_ACTIVE)] == "General user"
    assert frame.iloc[junior][column(DEMO_AD_ACCOUNT_BULK)] == "Custom: draft ads"

    at = edit(
        at,
        {
            seller: {column(DEMO_AD_ACCOUNT_ACTIVE): "Admin"},  # changes
            reporter: {column(DEMO_AD_ACCOUNT_ACTIVE): "No access"},  # loses
            junior: {column(DEMO_AD_ACCOUNT_ACTIVE): "Reporting only"},  # gains
        },
    )
    at.button(key="permissions_review").click().run()
    assert not at.exception
    page = texts(at)
    assert "Review 3 changes" in page
    assert "**Gain access** (1)" in page and "**Change role** (1)" in page and "**Lose access** (1)" in page
    assert "Sam Seller changes from General user to Admin on Demo Outdoor – Main" in page
    assert "Riley Reporter loses Reporting only on Demo Outdoor – Main" in page
    assert "Jordan Junior gains Reporting only on Demo Outdoor – Main" in page
    # nothing is sent before Apply
    assert tasks_in_sandbox(DEMO_AD_ACCOUNT_ACTIVE, DEMO_PERSON_SELLER) == ["ADVERTISE", "ANALYZE"]

    before = requests_made()
    at.button(key="permissions_apply").click().run()
    assert not at.exception
    assert tasks_in_sandbox(DEMO_AD_ACCOUNT_ACTIVE, DEMO_PERSON_SELLER) == ["MANAGE", "ADVERTISE", "ANALYZE"]
    assert tasks_in_sandbox(DEMO_AD_ACCOUNT_ACTIVE, DEMO_PERSON_REPORTER) is None
    assert tasks_in_sandbox(DEMO_AD_ACCOUNT_ACTIVE, DEMO_PERSON_JUNIOR) == ["ANALYZE"]
    # one batch request for the 3 cells, one to read the matrix again
    assert requests_made() - before == 2
    page = texts(at)
    assert "3 changes applied on Facebook" in page and "of 3" not in page
    # the matrix shows what Facebook holds now
    frame = at.dataframe[0].value
    assert frame.iloc[row_of(at, DEMO_PERSON_SELLER)][column(DEMO_AD_ACCOUNT_ACTIVE)] == "Admin"
    assert frame.iloc[row_of(at, DEMO_PERSON_REPORTER)][column(DEMO_AD_ACCOUNT_ACTIVE)] == "No access"
    # every change is in the audit log
    actions = ["permission_grant", "permission_change", "permission_remove"]
    entries = audit_log(store_id, runtime.database().uow(), actions=actions)
    assert sorted(e.action for e in entries) == ["permission_change", "permission_grant", "permission_remove"]
    assert all(e.result == "ok" and e.actor == "demo@example.com" for e in entries)


def test_a_26th_person_on_an_ad_account_is_refused_before_any_call(app_env):
    store_id = seed(DEMO_AD_ACCOUNT_FULL_TEAM)
    at = open_page()
    at = edit(at, {row_of(at, DEMO_PERSON_SELLER): {column(DEMO_AD_ACCOUNT_FULL_TEAM): "Reporting only"}})
    before = requests_made()
    at.button(key="permissions_review").click().run()
    assert not at.exception
    assert requests_made() == before  # no Graph request of any kind
    errors = " ".join(e.value for e in at.error)
    assert "Nothing was sent" in errors
    assert "Demo Outdoor – Wholesale would have 26 people" in errors
    assert "at most 25" in errors and "Sam Seller" in errors
    assert tasks_in_sandbox(DEMO_AD_ACCOUNT_FULL_TEAM, DEMO_PERSON_SELLER) is None
    assert page_state.CONFIRM_KEY not in at.session_state  # no Apply offered
    refused = audit_log(store_id, runtime.database().uow(), results=["refused"])
    assert any("26 people" in e.detail for e in refused)


def test_removing_the_last_admin_is_refused(app_env):
    seed(DEMO_AD_ACCOUNT_BULK)
    at = open_page()
    at = edit(at, {row_of(at, DEMO_USER_ID): {column(DEMO_AD_ACCOUNT_BULK): "General user"}})
    before = requests_made()
    at.button(key="permissions_review").click().run()
    assert requests_made() == before
    assert "would be left without an Admin" in " ".join(e.value for e in at.error)


def test_analyst_sees_the_matrix_read_only_with_the_reason(app_env):
    """In the demo outlet Alex is an admin of the store but has only Reporting on Facebook: Facebook's rights decide."""
    seed(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_FULL_TEAM)
    outlet = seed(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_FULL_TEAM, store_id=runtime.database().demo_store_ids[1])
    at = open_page("demo-analyst", outlet)
    page = texts(at)
    assert "you can't give anyone a role on these ad accounts" in page
    assert "**Demo Outdoor – Main**: You have Reporting only on this ad account; only its admins can change" in page
    # an account the analyst can't see is read-only too, with Facebook's reason in words
    assert "you can't see who has access to Demo Outdoor – Wholesale.** Facebook can't find this asset" in page
    editor = at.dataframe[0]
    assert editor.value.iloc[row_of(at, DEMO_PERSON_SELLER)][column(DEMO_AD_ACCOUNT_ACTIVE)] == "General user"
    # even an edit set through the editor's state is refused before any call
    at = edit(at, {row_of(at, DEMO_PERSON_SELLER): {column(DEMO_AD_ACCOUNT_ACTIVE): "Admin"}})
    before = runtime.graph_client("demo-analyst").request_count
    at.button(key="permissions_review").click().run()
    assert runtime.graph_client("demo-analyst").request_count == before
    assert "only its admins can change who has access" in " ".join(e.value for e in at.error)


def test_a_viewer_of_the_store_can_read_but_not_edit_the_matrix(app_env):
    seed(DEMO_AD_ACCOUNT_ACTIVE)
    at = open_page("demo-analyst")  # a viewer of the demo store
    assert "As a viewer of this store you can't change who may do what on ad accounts" in texts(at)
    assert at.button(key="permissions_review").disabled
    assert not [e for e in at.expander if "presets" in e.label]  # no presets to offer
    assert at.dataframe[0].value.iloc[row_of(at, DEMO_PERSON_SELLER)][column(DEMO_AD_ACCOUNT_ACTIVE)] == "General user"


def test_row_preset_then_apply_reports_each_cell(app_env):
    seed(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK)
    at = open_page()
    at.selectbox(key="permissions_preset_role").set_value("Reporting only")
    at.selectbox(key="permissions_preset_person").select_index(row_of(at, DEMO_PERSON_JUNIOR))
    at.button(key="permissions_preset_row").click().run()
    assert not at.exception
    frame = at.dataframe[0].value
    junior = row_of(at, DEMO_PERSON_JUNIOR)
    assert frame.iloc[junior][column(DEMO_AD_ACCOUNT_ACTIVE)] == "Reporting only"
    assert frame.iloc[junior][column(DEMO_AD_ACCOUNT_BULK)] == "Reporting only"
    at.button(key="permissions_review").click().run()
    assert "Review 2 changes" in texts(at)
    at.button(key="permissions_apply").click().run()
    assert tasks_in_sandbox(DEMO_AD_ACCOUNT_ACTIVE, DEMO_PERSON_JUNIOR) == ["ANALYZE"]
    assert tasks_in_sandbox(DEMO_AD_ACCOUNT_BULK, DEMO_PERSON_JUNIOR) == ["ANALYZE"]
    assert "2 changes applied on Facebook" in texts(at)


def test_column_preset_keeps_the_pending_cell_edits(app_env):
    seed(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK)
    at = open_page()
    seller = row_of(at, DEMO_PERSON_SELLER)
    at = edit(at, {seller: {column(DEMO_AD_ACCOUNT_BULK): "General user"}})
    at.selectbox(key="permissions_preset_role").set_value("Reporting only")
    accounts = [a.id for a in at.session_state[page_state.MATRIX_KEY][1].editable_accounts]
    at.selectbox(key="permissions_preset_account").select_index(accounts.index(f"act_{DEMO_AD_ACCOUNT_ACTIVE}"))
    at.button(key="permissions_preset_column").click().run()
    frame = at.dataframe[0].value
    assert set(frame[column(DEMO_AD_ACCOUNT_ACTIVE)]) == {"Reporting only"}
    assert frame.iloc[seller][column(DEMO_AD_ACCOUNT_BULK)] == "General user"


def test_cancel_closes_the_review_without_sending(app_env):
    seed(DEMO_AD_ACCOUNT_ACTIVE)
    at = open_page()
    at = edit(at, {row_of(at, DEMO_PERSON_SELLER): {column(DEMO_AD_ACCOUNT_ACTIVE): "Admin"}})
    at.button(key="permissions_review").click().run()
    before = requests_made()
    at.button(key="permissions_cancel").click().run()
    assert "Review 1 change" not in texts(at)
    assert requests_made() == before
    assert tasks_in_sandbox(DEMO_AD_ACCOUNT_ACTIVE, DEMO_PERSON_SELLER) == ["ADVERTISE", "ANALYZE"]


def test_no_bound_ad_accounts_says_what_to_do(app_env):
    at = open_page()
    assert "No ad accounts are bound to this store yet" in texts(at)


def test_expired_token_shows_why_each_account_is_read_only(app_env):
    seed(DEMO_AD_ACCOUNT_ACTIVE)
    at = open_page("demo-expired")
    assert "Traceback" not in texts(at)
    errors = " ".join(e.value for e in at.error)
    assert "Facebook connection lost" in errors and "Connect your Facebook account again" in errors
    assert errors.count("The connection to your Facebook account expired") == 1  # said once, not per ad account
    assert column(DEMO_AD_ACCOUNT_ACTIVE) in at.dataframe[0].value.columns and at.dataframe[0].value.empty


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What each st.download_button handed to the browser, by file name (caught on its way into the media store)."""
    files: dict[str, bytes] = {}
    add = MediaFileManager.add

    def recording_add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        files[file_name or coordinates] = path_or_data.encode() if isinstance(path_or_data, str) else path_or_data
        return add(self, path_or_data, mimetype, coordinates, file_name, is_for_static_download)

    monkeypatch.setattr(MediaFileManager, "add", recording_add)
    return files


def test_csv_export_is_the_matrix_facebook_holds(app_env, downloads):
    seed(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK)
    open_page()
    rows = list(csv.DictReader(io.StringIO(downloads["permissions.csv"].decode())))
    assert len(rows) == 32  # the people of Demo Outdoor Co.
    by_id = {r["Person ID"]: r for r in rows}
    assert by_id[DEMO_PERSON_SELLER]["Person"] == "Sam Seller"
    assert by_id[DEMO_PERSON_SELLER][csv_column(DEMO_AD_ACCOUNT_ACTIVE)] == "General user"
    assert by_id[DEMO_PERSON_JUNIOR][csv_column(DEMO_AD_ACCOUNT_BULK)] == "Custom: draft ads"
    assert by_id[DEMO_USER_ID][csv_column(DEMO_AD_ACCOUNT_BULK)] == "Admin"
    assert by_id[DEMO_PERSON_REPORTER][csv_column(DEMO_AD_ACCOUNT_BULK)] == "No access"
