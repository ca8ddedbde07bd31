"""Permissions: who may do what on the store's bound ad accounts, edited as one people × ad accounts grid.

Edit cells (or set a role for a whole row or column), review the changes, apply: only the changed cells are sent,
each gets its own outcome, and the grid is read again so it shows what Facebook holds.
"""

from __future__ import annotations

import streamlit as st

from core.graph import AuthenticationError, GraphError
from core.permissions import NO_ACCESS, ROLE_WORDS, bound_ad_accounts
from core.shared import words as plain
from core.shared.i18n import _
from core.stores import Permission
from ui import feedback, layout, runtime
from ui import permissions as grid
from ui import permissions_apply as words

st.title(_("Permissions"))
layout.page_context()
roles = [
    _("**{role}** {what}").format(role=_(role), what=_(what)) for role, what in ROLE_WORDS.items() if role != NO_ACCESS
]
st.caption(_("Who may do what on the store's ad accounts: {roles}.").format(roles=plain.clauses(roles)))

store_id = runtime.current_store_id()
accounts = bound_ad_accounts(store_id, runtime.database().uow())
if not accounts:
    st.info(_("No ad accounts are bound to this store yet. Bind some on the Connect page, then come back here."))
    st.stop()
token = runtime.access_token()
if token is None:
    st.warning(_("No Facebook account is connected to this store. Connect one on the Connect page first."))
    st.stop()
client = runtime.graph_client(token)
scope = grid.scope_of(store_id, token, accounts)
grid.enter(scope)

try:
    if st.button(_("Reload from Facebook"), icon=":material/refresh:", key="permissions_reload"):
        grid.reload_matrix(client, scope, accounts)
    with st.spinner(_("Reading who has access to each ad account…")):
        matrix = grid.current_matrix(client, scope, accounts)
except GraphError as exc:
    feedback.show_error(exc)
    st.stop()

lost = next((a.error for a in matrix.accounts if isinstance(a.error, AuthenticationError)), None)
if lost is not None:
    feedback.show_error(lost)
words.access_notice(matrix)

allowed, why = runtime.can(Permission.PERMISSIONS)
layout.read_only_notice(why)
confirming = st.session_state.get(grid.CONFIRM_KEY) if allowed else None
if matrix.editable_accounts and not confirming and allowed:
    grid.presets(matrix)
people, shown = grid.filters(matrix)
edited = grid.editor(matrix, people, shown, locked=bool(confirming) or not allowed)
if not confirming:
    words.pending(matrix, edited)

left, right = st.columns(2)
left.download_button(
    _("Download who has access as CSV"),
    data=matrix.to_csv(),
    file_name="permissions.csv",
    mime="text/csv",
    icon=":material/download:",
    key="permissions_csv",
)
if not confirming and right.button(_("Review changes"), type="primary", key="permissions_review", disabled=not allowed):
    words.start_review(store_id, matrix, edited, client)

words.outcomes(scope)
if confirming:
    words.confirmation(store_id, client, token, confirming, accounts, scope)
words.details(matrix)
