"""The Permissions page's words around the grid: what the viewer may change and why not, the edits not applied
yet, the review, Apply and its outcome, and the details (Facebook's task codes, the ad accounts' IDs).

Review and Apply are the use cases of :mod:`core.permissions`, which record their own audit entries.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from core.graph import AuthenticationError, GraphClient, GraphError
from core.permissions import (
    ROLE_LABELS,
    ROLE_WORDS,
    UNKNOWN,
    BoundAccount,
    CellChange,
    ChangeKind,
    Matrix,
    apply,
    changes_from_labels,
    label_tasks,
    offered_roles,
    review,
    role_label,
    role_text,
    task_codes,
    task_words,
)
from core.shared.i18n import N_, _, ngettext
from core.shared.words import count, listing, number
from ui import feedback, graph_reads, runtime
from ui import permissions as grid

HEADINGS = {  # shown with _(heading)
    ChangeKind.GAINS: N_("Gain access"),
    ChangeKind.CHANGES: N_("Change role"),
    ChangeKind.LOSES: N_("Lose access"),
}
SHOWN_EDITS = 20


def access_notice(matrix: Matrix) -> None:
    """What the viewer can change here, and for every ad account they can't, why: in words, grouped."""
    unknown = [a for a in matrix.accounts if not a.readable]
    for account in (a for a in unknown if not isinstance(a.error, AuthenticationError)):  # that one is said once
        st.warning(
            _("**{unknown} — you can't see who has access to {account}.** {reason}").format(
                unknown=_(UNKNOWN), account=account.name, reason=account.reason
            ),
            icon=":material/visibility_off:",
        )
    read_only = [a for a in matrix.accounts if a.readable and not a.editable]
    by_reason: dict[str, list[str]] = {}
    for account in read_only:
        by_reason.setdefault(account.reason, []).append(account.name)
    editable = matrix.editable_accounts
    if not editable:
        st.info(
            _(
                "You can see who has access, but you can't give anyone a role on these ad accounts: only an ad "
                "account's admins can, and only with the tasks they hold themselves."
            ),
            icon=":material/lock:",
        )
    elif read_only or unknown:
        st.caption(
            ngettext(
                "You can change who has access to {n} ad account of {total}.",
                "You can change who has access to {n} ad accounts of {total}.",
                len(editable),
            ).format(n=number(len(editable)), total=len(matrix.accounts))
        )
    for reason, names in by_reason.items():
        st.markdown(_(":material/lock: **{names}**: {reason}").format(names=listing(names), reason=reason))
    if editable:
        _grantable(matrix)


def _grantable(matrix: Matrix) -> None:
    """The roles offered, and why no other set of tasks is (the viewer gives only what they hold)."""
    offered = {role for a in matrix.editable_accounts for role in offered_roles(a)}
    roles = listing([_(r) for r in ROLE_LABELS if r in offered], conjunction="or")
    st.caption(
        _(
            "You can give {roles}. Other sets of tasks, such as drafting ads only, aren't offered: on Facebook you "
            "can give others only the tasks you hold yourself on an ad account."
        ).format(roles=roles)
    )


def pending(matrix: Matrix, edits: Mapping[tuple[str, str], str]) -> None:
    """The edited cells, marked and listed before anything is sent."""
    changes, refusals = changes_from_labels(matrix, edits)
    if not changes and not refusals:
        return
    lines = [f"- {grid.EDITED_MARK} {c.describe()}" for c in changes[:SHOWN_EDITS]]
    lines += [f"- :material/block: {r.message}" for r in refusals[:SHOWN_EDITS]]
    more = len(changes) + len(refusals) - len(lines)
    if more > 0:
        lines.append("- " + _("and {edits}").format(edits=count(more, "{n} more edit", "{n} more edits")))
    heading = ngettext(
        "**{mark} {n} change not applied yet.** Review them to send them to Facebook.",
        "**{mark} {n} changes not applied yet.** Review them to send them to Facebook.",
        len(changes),
    ).format(mark=grid.EDITED_MARK, n=number(len(changes)))
    st.markdown(heading + "\n\n" + "\n".join(lines))


def start_review(store_id: int, matrix: Matrix, edited: dict[tuple[str, str], str], client: GraphClient) -> None:
    """Check the edited cells against Facebook's rules (refusals are recorded); open the review when they pass.
    ``client`` reads how many ad accounts the people gaining one already have (the 25-per-person cap)."""
    try:
        result = review(
            store_id, matrix, edited, runtime.database().uow(), actor=runtime.actor(), clock=runtime.clock,
            client=client,
        )  # fmt: skip
    except GraphError as exc:
        feedback.flash("error", exc, "permissions")
        st.rerun()
    st.session_state.pop(grid.OUTCOMES_KEY, None)
    st.session_state[grid.REFUSALS_KEY] = result.refusals
    grid.replace_edits(edited)  # the grid under review (locked) shows the edited cells
    if not result.refusals and result.changes:
        st.session_state[grid.CONFIRM_KEY] = result.changes
    if not result.changes and not result.refusals:
        feedback.flash("info", _("Nothing changed: edit a cell or use a preset first."), "permissions")
    st.rerun()


def outcomes(scope: grid.Scope) -> None:
    """What the last Apply did, cell by cell, and what the last review refused (this scope's only)."""
    held = st.session_state.get(grid.OUTCOMES_KEY)
    results = held[1] if held and held[0] == scope else None
    if results:
        done = [o for o in results if o.ok]
        failed = [o for o in results if not o.ok]
        if done:
            if failed:
                applied = ngettext(
                    "**{done} of {n} change applied on Facebook.**",
                    "**{done} of {n} changes applied on Facebook.**",
                    len(results),
                )
            else:
                applied = ngettext(
                    "**{n} change applied on Facebook.**", "**{n} changes applied on Facebook.**", len(done)
                )
            st.success(
                applied.format(done=number(len(done)), n=number(len(results) if failed else len(done)))
                + "\n\n"
                + "\n".join(f"- :material/check: {o.change.describe()}" for o in done),
                icon=":material/check_circle:",
            )
        if failed:
            if done:
                missed = ngettext(
                    "**{failed} of {n} change not applied.** Each says why:",
                    "**{failed} of {n} changes not applied.** Each says why:",
                    len(results),
                )
            else:
                missed = ngettext(
                    "**{n} change not applied.** Each says why:",
                    "**{n} changes not applied.** Each says why:",
                    len(failed),
                )
            st.error(
                missed.format(failed=number(len(failed)), n=number(len(results) if done else len(failed)))
                + "\n\n"
                + "\n".join(
                    "- :material/close: " + _("{change}: {reason}").format(change=o.change.describe(), reason=o.message)
                    for o in failed
                ),
                icon=":material/error:",
            )
        st.caption(_("The grid above was read again from Facebook after applying, so it shows what Facebook holds."))
    refusals = st.session_state.get(grid.REFUSALS_KEY)
    if refusals:
        st.error(
            _("**Nothing was sent.** These changes break Facebook's rules; change them and review again:")
            + "\n\n"
            + "\n".join(f"- :material/block: {r.message}" for r in refusals),
            icon=":material/block:",
        )
    feedback.show_flash("permissions")


def confirmation(
    store_id: int, client: GraphClient, token: str, changes: list[CellChange], accounts: list[BoundAccount],
    scope: grid.Scope,
) -> None:  # fmt: skip
    """The changes under review, then Apply (every cell sent, recorded and read back) or Cancel."""
    n = len(changes)
    st.subheader(ngettext("Review {n} change", "Review {n} changes", n).format(n=number(n)))
    st.caption(_("Only these cells are sent to Facebook. Nothing changes until you apply."))
    for kind, heading in HEADINGS.items():
        group = [c for c in changes if c.kind is kind]
        if group:
            st.markdown(f"**{_(heading)}** ({len(group)})\n\n" + "\n".join(f"- {c.describe()}" for c in group))
    apply_col, cancel_col = st.columns(2)
    label = ngettext("Apply {n} change on Facebook", "Apply {n} changes on Facebook", n).format(n=number(n))
    if apply_col.button(label, type="primary", key="permissions_apply"):
        applying = ngettext("Applying {n} change on Facebook…", "Applying {n} changes on Facebook…", n)
        with st.status(applying.format(n=number(n)), expanded=False) as status:
            results = apply(
                store_id, changes, runtime.database().uow(), actor=runtime.actor(), clock=runtime.clock, client=client
            )
            graph_reads.forget(token)  # other pages' cached reads (e.g. the tasks you may grant) are now stale
            status.update(label=_("Reading who has access again from Facebook…"))
            try:
                grid.reload_matrix(client, scope, accounts)
            except GraphError as exc:
                feedback.show_error(exc)
            status.update(label=_("Done"), state="complete")
        st.session_state[grid.OUTCOMES_KEY] = (scope, results)
        st.rerun()
    if cancel_col.button(_("Cancel"), key="permissions_cancel"):
        st.session_state.pop(grid.CONFIRM_KEY, None)
        st.rerun()


def details(matrix: Matrix) -> None:
    """Facebook's task codes for each role and every ad account's ID: for someone comparing with Facebook."""
    role_, allows, codes = _("Role"), _("What it allows"), _("Facebook's tasks")
    with st.expander(_("Details: Facebook's task codes and the ad accounts' IDs")):
        roles = [{role_: _(r), allows: _(ROLE_WORDS[r]), codes: task_codes(r)} for r in ROLE_LABELS]
        held = sorted({role_label(t) for t in matrix.cells.values()} - set(ROLE_LABELS))
        roles += [{role_: role_text(r), allows: task_words(label_tasks(r) or ()), codes: task_codes(r)} for r in held]
        st.dataframe(pd.DataFrame(roles), hide_index=True, width="stretch")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        _("Ad account"): a.name,
                        _("Business Manager"): a.business_name or _("none"),
                        _("ID"): a.id,
                        _("Your role"): role_text(role_label(a.my_tasks) if a.readable else UNKNOWN),
                    }
                    for a in matrix.accounts
                ]
            ),
            hide_index=True,
            width="stretch",
        )
