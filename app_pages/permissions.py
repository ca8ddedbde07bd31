"""Permissions: who may do what on the store's bound ad accounts, edited as one people × ad accounts matrix.

Edit cells (or set a role for a whole row or column), review the diff, apply: only the changed cells are sent,
each gets its own outcome, and the matrix is read again so it shows what Facebook holds.
"""

from __future__ import annotations

import streamlit as st

from core.binding import BindingError
from core.graph import AuthenticationError, GraphError
from core.permissions import ROLE_LABELS, ChangeKind, changes_from_labels, check_changes, preset
from core.permissions_graph import apply_changes, audit_outcomes, audit_refusals, bound_ad_accounts
from ui import graph_reads, layout, runtime
from ui import permissions as state


def _changes(count: int) -> str:
    return f"{count} change" if count == 1 else f"{count} changes"


st.title("Permissions")
layout.mode_banner()
st.caption(
    "Who may do what on the store's ad accounts. Admin manages the account and its people, General user "
    "creates and edits ads, Reporting only sees results."
)

db = runtime.database()
store_id = runtime.current_store_id()
accounts = bound_ad_accounts(store_id, db.uow())
if not accounts:
    st.info("No ad accounts are bound to this store yet. Bind some on the Connect page, then come back here.")
    st.stop()
token = runtime.access_token()
if token is None:
    st.warning("No Facebook account is connected to this store. Connect one on the Connect page first.")
    st.stop()
client = runtime.graph_client(token)
scope = (store_id, runtime.actor())

try:
    if st.button("Reload from Facebook", icon=":material/refresh:", key="permissions_reload"):
        state.reload_matrix(client, scope, accounts)
    with st.spinner("Reading who has access to each ad account…"):
        matrix = state.current_matrix(client, scope, accounts)
except GraphError as exc:
    layout.show_graph_error(exc)
    st.stop()

lost = next((a.error for a in matrix.accounts if isinstance(a.error, AuthenticationError)), None)
if lost is not None:
    layout.show_graph_error(lost)

# --- who can't change what ------------------------------------------------------------------------------
read_only = [a for a in matrix.accounts if not a.editable]
if read_only:
    if not matrix.editable_accounts:
        st.info(
            "You can see who has access, but you can't change it on any of these ad accounts.",
            icon=":material/lock:",
        )
    st.markdown(
        "**Read-only ad accounts**\n\n"
        + "\n".join(f"- :material/lock: {a.name} ({a.id}): {a.reason}" for a in read_only)
    )

# --- presets ------------------------------------------------------------------------------------------
confirming = st.session_state.get(state.CONFIRM_KEY)
if matrix.editable_accounts and not confirming:
    with st.expander("Role presets: one role for a whole row or column"):
        role = st.selectbox("Role to set", ROLE_LABELS, key="permissions_preset_role")
        left, right = st.columns(2)
        with left:
            person = st.selectbox(
                "Person", matrix.people, format_func=lambda p: p.label, key="permissions_preset_person"
            )
            if st.button("Set for this person on every ad account", key="permissions_preset_row"):
                labels = preset(matrix, state.labels_with_edits(matrix), role, person_id=person.id)
                st.session_state[state.DRAFT_KEY] = labels
                state.new_editor()
                st.rerun()
        with right:
            account = st.selectbox(
                "Ad account",
                matrix.editable_accounts,
                format_func=lambda a: a.label,
                key="permissions_preset_account",
            )
            if st.button("Set for every person on this ad account", key="permissions_preset_column"):
                labels = preset(matrix, state.labels_with_edits(matrix), role, account_id=account.id)
                st.session_state[state.DRAFT_KEY] = labels
                state.new_editor()
                st.rerun()

# --- the matrix -----------------------------------------------------------------------------------------
labels = state.draft(matrix)
options = state.role_options(matrix, labels)
edited = st.data_editor(
    state.frame(matrix, labels),
    key=state.editor_key(),
    hide_index=True,
    width="stretch",
    disabled=bool(confirming) or [state.PERSON_COLUMN, *(a.label for a in read_only)],
    column_config={
        state.PERSON_COLUMN: st.column_config.TextColumn("Person", help="People of the bound Business Managers"),
        **{
            a.label: st.column_config.SelectboxColumn(
                a.label, options=options, required=True, help=a.reason or f"Role on {a.name}"
            )
            for a in matrix.accounts
        },
    },
)
edited_labels = state.labels_from_frame(matrix, edited)

left, right = st.columns(2)
left.download_button(
    "Download the matrix as CSV",
    data=matrix.to_csv(),
    file_name="permissions.csv",
    mime="text/csv",
    icon=":material/download:",
    key="permissions_csv",
)

if not confirming and right.button("Review changes", type="primary", key="permissions_review"):
    changes, refused = changes_from_labels(matrix, edited_labels)
    refused += check_changes(matrix, changes)
    st.session_state.pop(state.OUTCOMES_KEY, None)
    st.session_state[state.REFUSALS_KEY] = refused
    if refused:
        try:
            audit_refusals(store_id, refused, db.uow(), actor=runtime.actor())
        except BindingError as exc:
            st.error(str(exc))
    elif changes:
        st.session_state[state.CONFIRM_KEY] = changes
        # the matrix under review shows the edited cells (a disabled editor would drop its pending edits)
        st.session_state[state.DRAFT_KEY] = edited_labels
        state.new_editor()
    st.session_state["permissions_nothing"] = not changes and not refused
    st.rerun()

# --- outcome of the last Apply --------------------------------------------------------------------------
outcomes = st.session_state.get(state.OUTCOMES_KEY)
if outcomes:
    done = [o for o in outcomes if o.ok]
    failed = [o for o in outcomes if not o.ok]
    if done:
        st.success(
            f"**{len(done)} of {len(outcomes)} changes applied on Facebook.**\n\n"
            + "\n".join(f"- :material/check: {o.change.describe()}" for o in done),
            icon=":material/check_circle:",
        )
    if failed:
        st.error(
            f"**{len(failed)} of {len(outcomes)} changes were not applied.** Each says why:\n\n"
            + "\n".join(f"- :material/close: {o.change.describe()}: {o.message}" for o in failed),
            icon=":material/error:",
        )
    st.caption("The matrix above was read again from Facebook after applying, so it shows what Facebook holds.")

refusals = st.session_state.get(state.REFUSALS_KEY)
if refusals:
    st.error(
        "**Nothing was sent.** These changes break Facebook's rules; change them and review again:\n\n"
        + "\n".join(f"- :material/block: {r.message}" for r in refusals),
        icon=":material/block:",
    )

if st.session_state.pop("permissions_nothing", False):
    st.info("Nothing changed: edit a cell or use a preset first.", icon=":material/info:")

# --- confirmation: the diff, then Apply -------------------------------------------------------------------
if confirming:
    st.subheader(f"Review {_changes(len(confirming))}")
    st.caption("Only these cells are sent to Facebook. Nothing changes until you apply.")
    for kind, heading in (
        (ChangeKind.GAINS, "gain access"),
        (ChangeKind.CHANGES, "change role"),
        (ChangeKind.LOSES, "lose access"),
    ):
        group = [c for c in confirming if c.kind is kind]
        if group:
            st.markdown(f"**{len(group)} {heading}**\n\n" + "\n".join(f"- {c.describe()}" for c in group))
    apply_col, cancel_col = st.columns(2)
    if apply_col.button(f"Apply {_changes(len(confirming))} on Facebook", type="primary", key="permissions_apply"):
        with st.status(f"Applying {_changes(len(confirming))} on Facebook…", expanded=False) as status:
            results = apply_changes(client, confirming)
            graph_reads.forget(token)  # other pages' cached reads (e.g. the tasks you may grant) are now stale
            status.update(label="Recording the changes in the activity log…")
            try:
                audit_outcomes(store_id, results, db.uow(), actor=runtime.actor())
            except BindingError as exc:
                st.error(str(exc))
            status.update(label="Reading the matrix again from Facebook…")
            try:
                state.reload_matrix(client, scope, accounts)
            except GraphError as exc:
                layout.show_graph_error(exc)
            status.update(label="Done", state="complete")
        st.session_state[state.OUTCOMES_KEY] = results
        st.rerun()
    if cancel_col.button("Cancel", key="permissions_cancel"):
        st.session_state.pop(state.CONFIRM_KEY, None)
        st.rerun()
