"""The Permissions page's state and drawing: the loaded matrix, the draft, the editor, the review and Apply.

The matrix is read from Graph once per store and identity, and again after Apply or on Reload. The editor
(``st.data_editor``) shows the draft; its key carries a version that moves on whenever the draft is replaced
(a preset, Apply, Reload), so the browser's edits and the page's draft never disagree. Review and Apply are the
use cases of :mod:`core.permissions`, which record their own audit entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from core.graph import GraphClient, GraphError
from core.permissions import (
    CUSTOM_PREFIX,
    NO_ACCESS,
    ROLE_LABELS,
    BoundAccount,
    CellChange,
    ChangeKind,
    Matrix,
    apply,
    load_matrix,
    preset,
    review,
    role_label,
)
from ui import feedback, graph_reads, runtime

PERSON_COLUMN = "Person"
MATRIX_KEY = "permissions_matrix"
DRAFT_KEY = "permissions_draft"
EDITOR_VERSION_KEY = "permissions_editor_version"
CONFIRM_KEY = "permissions_confirm"
OUTCOMES_KEY = "permissions_outcomes"
REFUSALS_KEY = "permissions_refusals"


def editor_key(state: Any = None) -> str:
    """The data editor's current key (tests read it from ``at.session_state``)."""
    state = st.session_state if state is None else state
    version = state[EDITOR_VERSION_KEY] if EDITOR_VERSION_KEY in state else 0  # noqa: SIM401 (AppTest has no .get)
    return f"permissions_editor_{version}"


def new_editor() -> None:
    """Start the editor afresh on the current draft (its old edits are already part of the draft)."""
    st.session_state[EDITOR_VERSION_KEY] = st.session_state.get(EDITOR_VERSION_KEY, 0) + 1


def current_matrix(client: GraphClient, scope: tuple[Any, ...], accounts: list[BoundAccount]) -> Matrix:
    """The matrix for this store and identity, read from Graph the first time (or when the accounts change)."""
    held = st.session_state.get(MATRIX_KEY)
    wanted = (*scope, tuple(accounts))
    if not held or held[0] != wanted:
        reload_matrix(client, scope, accounts)
    return st.session_state[MATRIX_KEY][1]


def reload_matrix(client: GraphClient, scope: tuple[Any, ...], accounts: list[BoundAccount]) -> Matrix:
    matrix = load_matrix(client, accounts)
    st.session_state[MATRIX_KEY] = ((*scope, tuple(accounts)), matrix)
    st.session_state.pop(DRAFT_KEY, None)
    st.session_state.pop(CONFIRM_KEY, None)
    st.session_state.pop(REFUSALS_KEY, None)
    new_editor()
    return matrix


def draft(matrix: Matrix) -> dict[tuple[str, str], str]:
    return dict(st.session_state.get(DRAFT_KEY) or matrix.labels())


def frame(matrix: Matrix, labels: Mapping[tuple[str, str], str]) -> pd.DataFrame:
    """One row per person, one column per ad account; each cell a role label."""
    rows = [
        {PERSON_COLUMN: p.label, **{a.label: labels.get((p.id, a.id), NO_ACCESS) for a in matrix.accounts}}
        for p in matrix.people
    ]
    return pd.DataFrame(rows, columns=[PERSON_COLUMN, *(a.label for a in matrix.accounts)])


def labels_from_frame(matrix: Matrix, edited: pd.DataFrame) -> dict[tuple[str, str], str]:
    """The cell labels of the edited frame (an emptied cell is no access)."""
    out: dict[tuple[str, str], str] = {}
    for position, person in enumerate(matrix.people):
        for account in matrix.accounts:
            value = edited.iloc[position][account.label] if account.label in edited.columns else None
            out[(person.id, account.id)] = str(value) if isinstance(value, str) and value.strip() else NO_ACCESS
    return out


def labels_with_edits(matrix: Matrix) -> dict[tuple[str, str], str]:
    """The draft plus the editor's pending edits, read from its widget state (for a preset set before the
    editor is drawn)."""
    labels = draft(matrix)
    state = st.session_state.get(editor_key()) or {}
    for row, edits in (state.get("edited_rows") or {}).items():
        position = int(row)
        if not 0 <= position < len(matrix.people):
            continue
        for column, value in (edits or {}).items():
            account = next((a for a in matrix.accounts if a.label == column), None)
            if account is not None:
                label = str(value) if isinstance(value, str) and value.strip() else NO_ACCESS
                labels[(matrix.people[position].id, account.id)] = label
    return labels


def role_options(matrix: Matrix, labels: Mapping[tuple[str, str], str]) -> list[str]:
    """The roles, then any custom task set the matrix holds (so it can be kept as it is)."""
    held = {role_label(t) for t in matrix.cells.values()} | set(labels.values())
    return [*ROLE_LABELS, *sorted(c for c in held if c.startswith(CUSTOM_PREFIX))]


def _changes(count: int) -> str:
    return f"{count} change" if count == 1 else f"{count} changes"


def read_only_notice(matrix: Matrix) -> None:
    read_only = [a for a in matrix.accounts if not a.editable]
    if not read_only:
        return
    if not matrix.editable_accounts:
        st.info(
            "You can see who has access, but you can't change it on any of these ad accounts.", icon=":material/lock:"
        )
    st.markdown(
        "**Read-only ad accounts**\n\n"
        + "\n".join(f"- :material/lock: {a.name} ({a.id}): {a.reason}" for a in read_only)
    )


def presets(matrix: Matrix) -> None:
    """One role for a whole row (a person) or a whole column (an ad account)."""
    with st.expander("Role presets: one role for a whole row or column"):
        role = st.selectbox("Role to set", ROLE_LABELS, key="permissions_preset_role")
        left, right = st.columns(2)
        with left:
            person = st.selectbox(
                "Person", matrix.people, format_func=lambda p: p.label, key="permissions_preset_person"
            )
            if st.button("Set for this person on every ad account", key="permissions_preset_row"):
                _replace_draft(preset(matrix, labels_with_edits(matrix), role, person_id=person.id))
        with right:
            account = st.selectbox(
                "Ad account", matrix.editable_accounts, format_func=lambda a: a.label, key="permissions_preset_account"
            )
            if st.button("Set for every person on this ad account", key="permissions_preset_column"):
                _replace_draft(preset(matrix, labels_with_edits(matrix), role, account_id=account.id))


def _replace_draft(labels: dict[tuple[str, str], str]) -> None:
    st.session_state[DRAFT_KEY] = labels
    new_editor()
    st.rerun()


def editor(matrix: Matrix, *, locked: bool) -> dict[tuple[str, str], str]:
    """The matrix as an editable grid (locked while a review is open); returns the labels as edited."""
    labels = draft(matrix)
    options = role_options(matrix, labels)
    read_only = [a.label for a in matrix.accounts if not a.editable]
    edited = st.data_editor(
        frame(matrix, labels),
        key=editor_key(),
        hide_index=True,
        width="stretch",
        disabled=locked or [PERSON_COLUMN, *read_only],
        column_config={
            PERSON_COLUMN: st.column_config.TextColumn("Person", help="People of the bound Business Managers"),
            **{
                a.label: st.column_config.SelectboxColumn(
                    a.label, options=options, required=True, help=a.reason or f"Role on {a.name}"
                )
                for a in matrix.accounts
            },
        },
    )
    return labels_from_frame(matrix, edited)


def start_review(store_id: int, matrix: Matrix, edited: dict[tuple[str, str], str], client: GraphClient) -> None:
    """Check the edited cells against Facebook's rules (refusals are recorded); open the diff when they pass.
    ``client`` reads how many ad accounts the people gaining one already have (the 25-per-person cap)."""
    try:
        result = review(
            store_id,
            matrix,
            edited,
            runtime.database().uow(),
            actor=runtime.actor(),
            clock=runtime.clock,
            client=client,
        )
    except GraphError as exc:
        feedback.flash("error", exc, "permissions")
        st.rerun()
    st.session_state.pop(OUTCOMES_KEY, None)
    st.session_state[REFUSALS_KEY] = result.refusals
    if not result.refusals and result.changes:
        st.session_state[CONFIRM_KEY] = result.changes
        # the matrix under review shows the edited cells (a disabled editor would drop its pending edits)
        st.session_state[DRAFT_KEY] = edited
        new_editor()
    if not result.changes and not result.refusals:
        feedback.flash("info", "Nothing changed: edit a cell or use a preset first.", "permissions")
    st.rerun()


def outcomes() -> None:
    """What the last Apply did, cell by cell, and what the last review refused."""
    results = st.session_state.get(OUTCOMES_KEY)
    if results:
        done = [o for o in results if o.ok]
        failed = [o for o in results if not o.ok]
        if done:
            st.success(
                f"**{len(done)} of {_changes(len(results))} applied on Facebook.**\n\n"
                + "\n".join(f"- :material/check: {o.change.describe()}" for o in done),
                icon=":material/check_circle:",
            )
        if failed:
            st.error(
                f"**{len(failed)} of {_changes(len(results))} not applied.** Each says why:\n\n"
                + "\n".join(f"- :material/close: {o.change.describe()}: {o.message}" for o in failed),
                icon=":material/error:",
            )
        st.caption("The matrix above was read again from Facebook after applying, so it shows what Facebook holds.")
    refusals = st.session_state.get(REFUSALS_KEY)
    if refusals:
        st.error(
            "**Nothing was sent.** These changes break Facebook's rules; change them and review again:\n\n"
            + "\n".join(f"- :material/block: {r.message}" for r in refusals),
            icon=":material/block:",
        )
    feedback.show_flash("permissions")


def confirmation(store_id: int, client: GraphClient, token: str, changes: list[CellChange], accounts: list) -> None:
    """The diff under review, then Apply (every cell sent, recorded and read back) or Cancel."""
    st.subheader(f"Review {_changes(len(changes))}")
    st.caption("Only these cells are sent to Facebook. Nothing changes until you apply.")
    for kind, heading in (
        (ChangeKind.GAINS, "gain access"),
        (ChangeKind.CHANGES, "change role"),
        (ChangeKind.LOSES, "lose access"),
    ):
        group = [c for c in changes if c.kind is kind]
        if group:
            st.markdown(f"**{len(group)} {heading}**\n\n" + "\n".join(f"- {c.describe()}" for c in group))
    apply_col, cancel_col = st.columns(2)
    if apply_col.button(f"Apply {_changes(len(changes))} on Facebook", type="primary", key="permissions_apply"):
        with st.status(f"Applying {_changes(len(changes))} on Facebook…", expanded=False) as status:
            results = apply(
                store_id, changes, runtime.database().uow(), actor=runtime.actor(), clock=runtime.clock, client=client
            )
            graph_reads.forget(token)  # other pages' cached reads (e.g. the tasks you may grant) are now stale
            status.update(label="Reading the matrix again from Facebook…")
            try:
                reload_matrix(client, (store_id, runtime.actor()), accounts)
            except GraphError as exc:
                feedback.show_error(exc)
            status.update(label="Done", state="complete")
        st.session_state[OUTCOMES_KEY] = results
        st.rerun()
    if cancel_col.button("Cancel", key="permissions_cancel"):
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()
