"""The Permissions page's state and grid: the loaded matrix, the marketer's edits, the filters and the editor.

The matrix is read from Facebook once per store, identity and bound accounts (its *scope*), and again after Apply
or on Reload; anything of another scope (another identity's matrix, edits or Apply result) is dropped. Edits are
kept apart from the matrix as ``{(person id, act_id): label}``, so a rerun costs the cells on screen and the
edits, never the whole matrix. The grid (``st.data_editor``) shows the filtered people × ad accounts; its key
carries a version that moves on whenever the edits are replaced (a preset, Apply, Reload) or the filters show
other cells, after its pending edits were folded into the kept ones. Review and Apply are in
:mod:`ui.permissions_apply`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from core.graph import GraphClient
from core.permissions import (
    NO_ACCESS,
    ROLE_LABELS,
    UNKNOWN,
    AccountColumn,
    BoundAccount,
    Matrix,
    Person,
    changes_from_labels,
    load_matrix,
    offered_roles,
    preset,
    role_text,
)
from core.shared.i18n import SOURCE, _, language
from core.shared.words import count, number
from ui import runtime

PERSON_COLUMN = "Person"
EDITED_MARK = "✎"
MAX_COLUMNS = 15  # ad accounts side by side; more are reached through the filters and the pages of columns
MATRIX_KEY = "permissions_matrix"  # (scope, Matrix)
DRAFT_KEY = "permissions_draft"  # {(person id, act_id): label}: the edits folded in so far
EDITOR_VERSION_KEY = "permissions_editor_version"
LAYOUT_KEY = "permissions_layout"  # (version, people ids, account ids) the current editor was drawn with
CONFIRM_KEY = "permissions_confirm"
OUTCOMES_KEY = "permissions_outcomes"  # (scope, outcomes)
REFUSALS_KEY = "permissions_refusals"
FILTER_BUSINESS_KEY = "permissions_filter_business"
FILTER_ACCOUNT_KEY = "permissions_filter_account"
FILTER_PERSON_KEY = "permissions_filter_person"
COLUMN_PAGE_KEY = "permissions_column_page"
ALL = ""  # the Business Manager filter's "all of them"
SCOPED_KEYS = (MATRIX_KEY, DRAFT_KEY, LAYOUT_KEY, CONFIRM_KEY, OUTCOMES_KEY, REFUSALS_KEY)

Scope = tuple[Any, ...]
Edits = dict[tuple[str, str], str]


def scope_of(store_id: int, token: str, accounts: Sequence[BoundAccount]) -> Scope:
    """Whose matrix this is: the store, the acting person, their Facebook token (by digest) and what is bound."""
    return (store_id, runtime.actor().id, runtime.token_digest(token), tuple(accounts))


def enter(scope: Scope) -> None:
    """Forget everything of another scope (switching identity or store never shows another's matrix or result)."""
    held = st.session_state.get(MATRIX_KEY)
    if held is not None and held[0] != scope:
        for key in SCOPED_KEYS:
            st.session_state.pop(key, None)
        new_editor()


def editor_key(state: Any = None) -> str:
    """The data editor's current key (tests read it from ``at.session_state``)."""
    state = st.session_state if state is None else state
    version = state[EDITOR_VERSION_KEY] if EDITOR_VERSION_KEY in state else 0  # noqa: SIM401 (AppTest has no .get)
    return f"permissions_editor_{version}"


def new_editor() -> None:
    """Start the editor afresh (its pending edits must already be in the kept ones)."""
    st.session_state.pop(editor_key(), None)
    st.session_state[EDITOR_VERSION_KEY] = st.session_state.get(EDITOR_VERSION_KEY, 0) + 1


def current_matrix(client: GraphClient, scope: Scope, accounts: list[BoundAccount]) -> Matrix:
    """The matrix of this scope, read from Facebook the first time."""
    held = st.session_state.get(MATRIX_KEY)
    if not held or held[0] != scope:
        return reload_matrix(client, scope, accounts)
    return held[1]


def reload_matrix(client: GraphClient, scope: Scope, accounts: list[BoundAccount]) -> Matrix:
    matrix = load_matrix(client, accounts)
    st.session_state[MATRIX_KEY] = (scope, matrix)
    for key in (DRAFT_KEY, LAYOUT_KEY, CONFIRM_KEY, REFUSALS_KEY):
        st.session_state.pop(key, None)
    new_editor()
    return matrix


# ---- the edits ---------------------------------------------------------------------------------------------
def edits(matrix: Matrix) -> Edits:
    """The kept edits plus the editor's pending ones, read from its widget state with the layout it was drawn
    with."""
    out: Edits = dict(st.session_state.get(DRAFT_KEY) or {})
    layout = st.session_state.get(LAYOUT_KEY)
    state = st.session_state.get(editor_key()) or {}
    if not layout or layout[0] != st.session_state.get(EDITOR_VERSION_KEY, 0):
        return out
    _version, people, columns = layout
    names = {matrix.column_names[a]: a for a in columns if a in matrix.column_names}
    for row, changed in (state.get("edited_rows") or {}).items():
        position = int(row)
        if not 0 <= position < len(people):
            continue
        for column, value in (changed or {}).items():
            if column in names:
                label = str(value) if isinstance(value, str) and value.strip() else NO_ACCESS
                out[(people[position], names[column])] = label
    return out


def replace_edits(kept: Edits) -> None:
    st.session_state[DRAFT_KEY] = kept
    new_editor()


def label_of(matrix: Matrix, kept: Mapping[tuple[str, str], str], person_id: str, account_id: str) -> str:
    return kept.get((person_id, account_id)) or matrix.base_labels[(person_id, account_id)]


# ---- what is on screen -------------------------------------------------------------------------------------
def filters(matrix: Matrix) -> tuple[list[Person], list[AccountColumn]]:
    """Business Manager, ad account name and person filters, and the page of ad account columns; what they
    leave on screen."""
    people, accounts = list(matrix.people), list(matrix.accounts)
    if len(accounts) < 2 and len(people) < 10:
        return people, accounts
    businesses = {a.business_id: a.business_name or _("Business Manager") for a in accounts if a.business_id}
    left, middle, right = st.columns(3)
    chosen = left.selectbox(
        _("Business Manager"),
        [ALL, *businesses],
        format_func=lambda b: _("All Business Managers") if b == ALL else businesses[b],
        key=FILTER_BUSINESS_KEY,
        disabled=len(businesses) < 2,
    )
    named = middle.text_input(_("Ad account name"), key=FILTER_ACCOUNT_KEY, placeholder=_("Part of the name")).strip()
    person = right.text_input(_("Person"), key=FILTER_PERSON_KEY, placeholder=_("Part of the name")).strip()
    shown = [
        a for a in accounts if (chosen == ALL or a.business_id == chosen) and named.casefold() in a.name.casefold()
    ]
    people = [p for p in people if person.casefold() in p.name.casefold()]
    total = len(shown)
    pages = max(1, -(-total // MAX_COLUMNS))
    if pages > 1:
        page = st.selectbox(
            _("Ad accounts shown"),
            range(pages),
            format_func=lambda i: _("{first}–{last} of {total}").format(
                first=number(i * MAX_COLUMNS + 1), last=number(min((i + 1) * MAX_COLUMNS, total)), total=number(total)
            ),
            key=COLUMN_PAGE_KEY,
            help=_("At most {n} ad accounts side by side: narrow the filters, or show the next ones.").format(
                n=MAX_COLUMNS
            ),
        )
        shown = shown[page * MAX_COLUMNS : (page + 1) * MAX_COLUMNS]
    if len(shown) < len(accounts) or len(people) < len(matrix.people):
        st.caption(
            _("Showing {accounts} of {all_accounts} and {people} of {all_people}. Edits elsewhere are kept.").format(
                accounts=count(len(shown), "{n} ad account", "{n} ad accounts"),
                all_accounts=number(len(accounts)),
                people=count(len(people), "{n} person", "{n} people"),
                all_people=number(len(matrix.people)),
            )
        )
    return people, shown


def _options(matrix: Matrix, kept: Mapping[tuple[str, str], str], account: AccountColumn) -> list[str]:
    """The roles the viewer may give here, then any other label the column holds (so it can stay as it is)."""
    offered = offered_roles(account)
    held = {label_of(matrix, kept, p.id, account.id) for p in matrix.people}
    return [*offered, *sorted(held - set(offered), key=lambda label: (label not in ROLE_LABELS, label))]


def _person_cell(person: Person, edits_made: int) -> str:
    """The person's name, marked with the number of their edits not applied yet."""
    if not edits_made:
        return person.name
    made = count(edits_made, "{n} edit", "{n} edits")
    return f"{person.name} {EDITED_MARK} {made}"


def frame(
    matrix: Matrix, kept: Mapping[tuple[str, str], str], people: Sequence[Person], accounts: Sequence[AccountColumn],
    marks: Mapping[str, int],
) -> pd.DataFrame:  # fmt: skip
    """One row per person shown, one column per ad account shown; a person with edits not applied yet is
    marked."""
    names = [matrix.column_names[a.id] for a in accounts]
    data: dict[str, list[str]] = {PERSON_COLUMN: [_person_cell(p, marks.get(p.id, 0)) for p in people]}
    for name, account in zip(names, accounts, strict=True):
        labels = [label_of(matrix, kept, p.id, account.id) for p in people]
        # a read-only column is never edited: its cells are shown in words; an editable one keeps the labels (its
        # selectbox says them in words, see _column)
        data[name] = labels if account.editable else [role_text(label) for label in labels]
    return pd.DataFrame(data, columns=[PERSON_COLUMN, *names])


def _column(matrix: Matrix, kept: Mapping[tuple[str, str], str], account: AccountColumn) -> Any:
    name = matrix.column_names[account.id]
    where = f"{account.name}" + (f" · {account.business_name}" if account.business_name else "")
    if not account.readable:
        return st.column_config.TextColumn(
            name,
            help=_("{unknown}: you can't see who has access to {account}. {reason}").format(
                unknown=_(UNKNOWN), account=account.name, reason=account.reason
            ),
            disabled=True,
        )
    if not account.editable:
        return st.column_config.TextColumn(name, help=f"{where}. {account.reason}", disabled=True)
    return st.column_config.SelectboxColumn(
        name,
        options=_options(matrix, kept, account),
        format_func=None if language() == SOURCE else role_text,  # in English the labels are the words
        required=True,
        help=_("Role on {account}").format(account=where),
    )


def editor(matrix: Matrix, people: list[Person], accounts: list[AccountColumn], *, locked: bool) -> Edits:
    """The people × ad accounts on screen as an editable grid (locked while a review is open); returns every
    edit so far, on screen or not."""
    pending = edits(matrix)
    version = st.session_state.get(EDITOR_VERSION_KEY, 0)
    layout = (tuple(p.id for p in people), tuple(a.id for a in accounts))
    if st.session_state.get(LAYOUT_KEY, (None,))[1:] != layout:
        st.session_state[DRAFT_KEY] = pending  # other cells on screen: the pending edits are kept, the grid renewed
        new_editor()
        version = st.session_state[EDITOR_VERSION_KEY]
    st.session_state[LAYOUT_KEY] = (version, *layout)
    kept = st.session_state.get(DRAFT_KEY) or {}
    changes, _refusals = changes_from_labels(matrix, pending)
    marks: dict[str, int] = {}
    for change in changes:
        marks[change.person.id] = marks.get(change.person.id, 0) + 1
    read_only = [matrix.column_names[a.id] for a in accounts if not a.editable]
    st.data_editor(
        frame(matrix, kept, people, accounts, marks),
        key=editor_key(),
        hide_index=True,
        width="stretch",
        disabled=locked or [PERSON_COLUMN, *read_only],
        column_config={
            PERSON_COLUMN: st.column_config.TextColumn(
                _("Person"),
                help=_("People of the bound Business Managers; {mark} marks edits not applied yet").format(
                    mark=EDITED_MARK
                ),
            ),
            **{matrix.column_names[a.id]: _column(matrix, kept, a) for a in accounts},
        },
    )
    return pending


def presets(matrix: Matrix) -> None:
    """One role for a whole row (a person) or a whole column (an ad account), where the viewer may give it."""
    roles = [r for r in ROLE_LABELS if any(a.offers(r) for a in matrix.accounts)]
    with st.expander(_("Role presets: one role for a whole row or column")):
        role = st.selectbox(_("Role to set"), roles, format_func=role_text, key="permissions_preset_role")
        left, right = st.columns(2)
        with left:
            person = st.selectbox(
                _("Person"), matrix.people, format_func=lambda p: p.name, key="permissions_preset_person"
            )
            if st.button(_("Set for this person on every ad account"), key="permissions_preset_row"):
                _replace(preset(matrix, edits(matrix), role, person_id=person.id))
        with right:
            account = st.selectbox(
                _("Ad account"),
                matrix.editable_accounts,
                format_func=lambda a: a.name,
                key="permissions_preset_account",
            )
            if st.button(_("Set for every person on this ad account"), key="permissions_preset_column"):
                _replace(preset(matrix, edits(matrix), role, account_id=account.id))


def _replace(kept: Edits) -> None:
    replace_edits(kept)
    st.rerun()
