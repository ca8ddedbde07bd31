"""Session state of the Permissions page: the loaded matrix, the draft, the editor's key, the open confirmation.

The matrix is read from Graph once per store and identity, and again after Apply or on Reload. The editor
(``st.data_editor``) shows the draft; its key carries a version that moves on whenever the draft is replaced
(a preset, Apply, Reload), so the browser's edits and the page's draft never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from core.graph import GraphClient
from core.permissions import CUSTOM_PREFIX, NO_ACCESS, ROLE_LABELS, Matrix, role_label
from core.permissions_graph import BoundAccount, load_matrix

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
