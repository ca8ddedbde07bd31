"""The Permissions matrix in a real browser: one cell of the st.data_editor grid (Glide) edited as a marketer does
it (select the cell, Enter opens its role list, pick the role), the diff reviewed, applied on Facebook (the sandbox
inside the server), the matrix read back from Facebook, and the change in the Activity log with its result."""

from __future__ import annotations

from tests.browser.conftest import assert_no_exception, open_page, screenshot, settle

PERSON = "Sam Seller"
ACCOUNT = "Demo Outdoor – Main"
HEADER_HEIGHT = 35  # Streamlit's data grid: header row and body rows are 35 px high


def grid_cell(page, row: int, column: int):  # type: ignore[no-untyped-def]
    """The grid's accessible twin of a cell (Glide draws on a canvas and mirrors the cells in a hidden table)."""
    return page.locator('[data-testid="stDataFrame"]').first.locator(f'td[id="glide-cell-{column}-{row}"]')


def row_of(page, text: str) -> int:
    grid = page.locator('[data-testid="stDataFrame"]').first
    cell = grid.locator('td[id^="glide-cell-0-"]', has_text=text).first
    cell.wait_for(state="attached")
    return int((cell.get_attribute("id") or "").rsplit("-", 1)[1])


def choose_role(page, row: int, column: int, role: str) -> None:
    """Click the grid's first cell, walk to the cell with the arrow keys, open its editor with Enter, pick."""
    box = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + HEADER_HEIGHT + 17)
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    for _ in range(row):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.get_by_role("option", name=role, exact=True).click()
    settle(page)


def test_edit_one_cell_review_apply_and_facebook_holds_it(page, populated_app_url):
    open_page(page, populated_app_url, "permissions")
    assert_no_exception(page)
    seller = row_of(page, PERSON)
    assert grid_cell(page, seller, 1).inner_text().strip() == "General user"
    assert ACCOUNT in page.locator('[data-testid="stDataFrame"]').first.locator("th").nth(1).inner_text()

    choose_role(page, seller, 1, "Admin")
    assert grid_cell(page, seller, 1).inner_text().strip() == "Admin"
    page.get_by_text("✎ 1 change not applied yet.").wait_for()  # listed before Apply…
    grid_cell(page, seller, 0).filter(has_text="✎ 1 edit").wait_for(state="attached")  # …and its row marked
    screenshot(page, "permissions-matrix-edited")
    assert_no_exception(page)

    page.get_by_role("button", name="Review changes").click()
    page.get_by_role("heading", name="Review 1 change").wait_for()
    settle(page)
    body = page.inner_text("body")
    assert "Change role (1)" in body
    assert f"{PERSON} changes from General user to Admin on {ACCOUNT}" in body
    assert grid_cell(page, seller, 1).inner_text().strip() == "Admin"  # the matrix under review shows the edit
    page.get_by_role("heading", name="Review 1 change").evaluate("h => h.scrollIntoView({block: 'center'})")
    screenshot(page, "permissions-diff")

    page.get_by_role("button", name="Apply 1 change on Facebook").click()
    page.get_by_text("1 change applied on Facebook.").wait_for()
    settle(page)
    assert_no_exception(page)
    assert f"{PERSON} changes from General user to Admin on {ACCOUNT}" in page.inner_text("body")
    assert page.get_by_role("button", name="Apply 1 change on Facebook").count() == 0
    # the matrix was read again from Facebook after Apply; reading it once more still says Admin
    assert grid_cell(page, row_of(page, PERSON), 1).inner_text().strip() == "Admin"
    page.get_by_role("button", name="Reload from Facebook").click()
    settle(page)
    assert grid_cell(page, row_of(page, PERSON), 1).inner_text().strip() == "Admin"
    screenshot(page, "permissions-applied")

    # a fresh session (nothing cached in this tab's state) reads Admin from Facebook too
    open_page(page, populated_app_url, "permissions")
    assert grid_cell(page, row_of(page, PERSON), 1).inner_text().strip() == "Admin"

    open_page(page, populated_app_url, "activity")
    assert_no_exception(page)
    newest = [grid_cell(page, 0, column) for column in range(6)]
    newest[0].wait_for(state="attached")
    what, asset, result, details = (newest[i].inner_text() for i in (2, 3, 4, 5))
    assert what == "Change access", what
    assert result == "✅ Done", result
    assert ACCOUNT in asset + details and PERSON in asset + details, (asset, details)
    screenshot(page, "activity-permission-change")
