"""Accessibility basics on every page (AppTest, sandbox mode): every input has a label a screen reader can read,
and statuses are said in words or marks, never by colour alone.

Each page is run with nothing bound, with the wide test selection bound (3 Business Managers, 4 Facebook ad
accounts in every state of health, pixels, Pages, Google Ads) and with the ad-volume demo selection bound; then
the states behind a click are run too (the wizard's steps, Ad volume after Refresh, the Permissions diff).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import pytest
from streamlit.testing.v1 import AppTest

from core.ad_volume import Status
from core.binding import Selection, save_selection
from tests.assets.test_page_assets import SELECTION
from tests.support.ad_volume import demo_selection
from tests.support.apptest import DANA, app_env, run_app, texts
from ui import permissions as permissions_state
from ui import runtime
from ui.pages import PAGES

__all__ = ["app_env"]

# AppTest's widget lists; each element exposes the label Streamlit hands the browser (aria-label or <label>)
LABELLED = (
    "button", "checkbox", "toggle", "radio", "selectbox", "multiselect", "text_input", "text_area",
    "number_input", "date_input", "time_input", "slider", "select_slider", "color_picker",
)  # fmt: skip
# widgets AppTest has no list for: read the label from the element's proto
LABELLED_PROTOS = ("download_button", "link_button", "page_link", "file_uploader", "camera_input")
ICON_ONLY = re.compile(r":material/[a-z0-9_]+:|:[a-z0-9_+-]+:")

SEEDS: dict[str, Callable[[], Selection] | None] = {
    "nothing bound": None,
    "wide selection": lambda: SELECTION,
    "ad-volume selection": demo_selection,
}


def readable(label: str) -> str:
    """The words of a label (a material icon or emoji shortcode alone says nothing to a screen reader)."""
    return ICON_ONLY.sub("", label or "").strip()


def unlabelled(at: AppTest) -> list[str]:
    """Every input on the page without words in its label, as ``kind key`` for the failure message."""
    missing = [
        f"{kind} {getattr(w, 'key', None)!r}" for kind in LABELLED for w in getattr(at, kind) if not readable(w.label)
    ]
    for kind in LABELLED_PROTOS:
        missing += [f"{kind} {e.proto.id!r}" for e in at.get(kind) if not readable(e.proto.label)]
    for position, frame in enumerate(at.dataframe):  # st.dataframe and st.data_editor: every column named
        missing += [f"dataframe {position} column {c!r}" for c in frame.value.columns if not str(c).strip()]
    return missing


@pytest.fixture
def bound(app_env, request) -> Iterator[AppTest]:  # type: ignore[no-untyped-def]
    at = run_app()
    seed = SEEDS[request.param]
    if seed is not None:
        db = runtime.database()
        save_selection(db.demo_store_id, seed(), db.uow(), actor=DANA)  # type: ignore[arg-type]
    yield at


def open_page(at: AppTest, file: str) -> AppTest:
    at.switch_page(file).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("bound", list(SEEDS), indirect=True)
@pytest.mark.parametrize("file", [p.file for p in PAGES])
def test_every_input_on_every_page_is_labelled(bound: AppTest, file: str) -> None:
    at = open_page(bound, file)
    assert unlabelled(at) == [], file


@pytest.mark.parametrize("bound", ["wide selection"], indirect=True)
def test_status_columns_of_every_table_are_in_words(bound: AppTest) -> None:
    """A table's status or result cell says it in words (an emoji or a coloured cell alone would not)."""
    checked = 0
    for entry in PAGES:
        at = open_page(bound, entry.file)
        for frame in at.dataframe:
            for column in (c for c in frame.value.columns if str(c) in ("Status", "Result", "Health")):
                values = [str(v) for v in frame.value[column]]
                assert all(re.search(r"[A-Za-z]{2}", v) for v in values), (entry.file, column, values)
                checked += len(values)
    assert checked > 0  # the Activity log's results at least


@pytest.mark.parametrize("bound", ["wide selection"], indirect=True)
def test_every_step_of_the_connect_wizard_is_labelled(bound: AppTest) -> None:
    at = open_page(bound, "app_pages/connect.py")
    seen = set()
    for _ in range(6):
        step = re.search(r"Step \d of \d", " ".join(str(e.proto.text) for e in at.get("progress")))
        assert step, texts(at)[:500]
        seen.add(step.group())
        assert unlabelled(at) == [], step.group()
        following = [b for b in at.button if b.key == "connect_next" and not b.disabled]
        if not following:
            break
        following[0].click().run()
        assert not at.exception, at.exception
    assert any(b.key == "connect_save" for b in at.button), f"the wizard stopped at {sorted(seen)}"
    assert len(seen) == 6


@pytest.mark.parametrize("bound", ["ad-volume selection"], indirect=True)
def test_ad_volume_after_refresh_is_labelled_and_says_each_status_in_words(bound: AppTest) -> None:
    at = open_page(bound, "app_pages/ad_volume.py")
    next(b for b in at.button if b.label == "Refresh").click().run()
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) >= 3  # accounts, Pages, a history
    assert unlabelled(at) == []
    # the table's status column carries the words and marks, the colour only repeats them
    words = {f"{s.symbol} {s.label}" for s in Status}
    (table,) = [f for f in at.dataframe if "Status" in f.value.columns]
    assert set(table.value["Status"]) <= words and "⚠ Near limit" in set(table.value["Status"])
    # every chart says the status in text on the chart, not only by the colour of a bar or a marker
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        marks = " ".join(str(t) for trace in spec["data"] for t in (trace.get("text") or []))
        assert any(mark in marks for mark in ("✓", "⚠", "⛔", "?", "Not read")), spec["layout"]["title"]
    # a flagged Page is said in a message with its status in words and an icon
    assert any(w.value.startswith("**Near limit: ") and w.icon for w in at.warning)


@pytest.mark.parametrize("bound", ["wide selection"], indirect=True)
def test_permissions_diff_and_outcome_are_labelled_and_in_words(bound: AppTest) -> None:
    at = open_page(bound, "app_pages/permissions.py")
    _, matrix = at.session_state[permissions_state.MATRIX_KEY]
    account = matrix.editable_accounts[0]
    row = next(i for i, p in enumerate(matrix.people) if matrix.cells.get((p.id, account.id)) is None)
    at.session_state[permissions_state.editor_key(at.session_state)] = {
        "edited_rows": {row: {matrix.column_names[account.id]: "Reporting only"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="permissions_review").click().run()
    assert not at.exception, at.exception
    assert any(b.key == "permissions_apply" for b in at.button)
    assert unlabelled(at) == []
    at.button(key="permissions_apply").click().run()
    assert not at.exception, at.exception
    assert unlabelled(at) == []
    (done,) = at.success
    assert "1 change applied" in done.value and done.icon  # words and an icon, not a green box alone


def _unlabelled_widgets() -> None:
    import streamlit as st

    st.text_input("", key="blank")
    st.button(":material/close:", key="icon_only")
    st.selectbox("Role", ["Admin"], key="fine")


def test_the_check_finds_a_blank_or_icon_only_label() -> None:
    at = AppTest.from_function(_unlabelled_widgets).run()
    assert unlabelled(at) == ["button 'icon_only'", "text_input 'blank'"]
