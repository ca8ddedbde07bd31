"""The Connect wizard's last step: everything chosen, the limits, what Save would unbind, and every problem Save
would refuse, each with the way to the step that fixes it; then Save (all of it or nothing)."""

from __future__ import annotations

import streamlit as st

from core.binding import (
    MAX_BUSINESSES,
    MAX_PAGES,
    RETENTION,
    AdAccountChoice,
    AssetKind,
    BindingError,
    PlanUsage,
    SelectionRefused,
    Violation,
    selection_violations,
)
from core.connect import FIX_STEP, STEPS, Draft, Website, build_selection, save_draft
from core.inventory import Inventory
from core.shared import words
from core.shared.i18n import _, ngettext
from core.stores import Permission
from ui import feedback, runtime
from ui.wizard import SAVED, restart

REVIEW = "connect_review"


def review_step(
    inventory: Inventory, d: Draft, bound: dict[AssetKind, dict[str, str]], usage: PlanUsage, site: Website
) -> None:
    st.markdown(_("Check everything below, then Save. Save binds exactly this selection, all of it or nothing."))
    selection = build_selection(inventory, d, site)
    st.markdown(_("**Facebook account:** {name} (`{id}`)").format(name=inventory.user_name, id=inventory.user_id))
    sections: list[tuple[str, list[str]]] = [
        (_("Business Managers"), [f"{b.name} (`{b.id}`)" for b in selection.businesses]),
        (
            _("Ad accounts"),
            [_account_line(a) for a in selection.ad_accounts],
        ),
        (_("Pages"), [f"{p.name} (`{p.id}`)" for p in selection.pages]),
    ]
    for title, rows in sections:
        st.markdown(f"**{title}**")
        st.markdown("\n".join(f"- {r}" for r in rows) if rows else "- " + _("none"))
    st.markdown(_("**Limits**"))
    fb = len(selection.ad_accounts)
    lines = [
        (_("Business Managers"), len(selection.businesses), MAX_BUSINESSES),
        (
            _("Ad accounts ({facebook} Facebook + {google} Google Ads)").format(
                facebook=fb, google=usage.google_ads_accounts
            ),
            fb + usage.google_ads_accounts,
            usage.ad_account_limit,
        ),
        (_("Pages"), len(selection.pages), MAX_PAGES),
    ]
    for what, count, limit in lines:
        mark = ":material/check:" if count <= limit else ":material/close: " + _("over the limit, see below")
        st.markdown(f"- {what} {count} / {limit} {mark}")
    leaving = _leaving(d, bound)
    if leaving:
        st.warning(
            ngettext(
                "Not chosen any more, so Save will unbind (their data is kept {days} day): {assets}.",
                "Not chosen any more, so Save will unbind (their data is kept {days} days): {assets}.",
                RETENTION.days,
            ).format(days=RETENTION.days, assets=", ".join(leaving)),
            icon=":material/link_off:",
        )
    feedback.show_flash(REVIEW)  # shown once, right after the Save that was refused (it changed meanwhile)
    problems = selection_violations(runtime.current_store_id(), selection, runtime.database().uow())
    _problems(problems, d)
    allowed, why = runtime.can(Permission.BIND)
    if not allowed:
        st.caption(f":material/lock: {why}")
    disabled = not allowed or bool(problems)
    if st.button(_("Save"), type="primary", icon=":material/save:", key="connect_save", disabled=disabled):
        _save(inventory, d)
        st.rerun()


def _problems(problems: list[Violation], d: Draft) -> None:
    """Each problem Save would refuse, with a button to the step that fixes it (Save stays disabled)."""
    if not problems:
        return
    st.error(
        ngettext(
            "**Save is not possible yet: {n} problem to fix.** Each one below says what to change, with the way to "
            "its step.",
            "**Save is not possible yet: {n} problems to fix.** Each one below says what to change, with the way to "
            "its step.",
            len(problems),
        ).format(n=words.number(len(problems))),
        icon=":material/block:",
    )
    for i, problem in enumerate(problems):
        text, button = st.columns([4, 1], vertical_alignment="center")
        text.markdown(f"- {problem.message}")
        step = FIX_STEP.get(problem.rule, 1)
        if button.button(
            _("Go to {step}").format(step=_(STEPS[step])), key=f"connect_fix_{i}", icon=":material/arrow_back:"
        ):
            d.step = step
            st.rerun()


def _account_line(account: AdAccountChoice) -> str:
    parts = [f"{account.name} (`{account.id}`)"]
    if account.pixel:
        parts.append(_("pixel {name}").format(name=account.pixel.name))
        if account.pixel.domain_settings:
            parts.append(_("Domain Settings on"))
    reason = account.attributes.get("cannot_deliver_reason")
    if reason:
        parts.append(":material/warning: " + _("cannot deliver ads: {reason}").format(reason=reason))
    return " · ".join(parts)


def _leaving(d: Draft, bound: dict[AssetKind, dict[str, str]]) -> list[str]:
    chosen = {
        AssetKind.BUSINESS: set(d.businesses),
        AssetKind.AD_ACCOUNT: set(d.ad_accounts),
        AssetKind.PAGE: set(d.pages),
    }
    return [
        _("{kind} {name} ({id})").format(kind=kind.label, name=bound[kind][i], id=i)
        for kind, ids in chosen.items()
        for i in sorted(bound[kind].keys() - ids)
    ]


def _save(inventory: Inventory, d: Draft) -> None:
    db = runtime.database()
    try:
        result = save_draft(
            runtime.current_store_id(), inventory, d, db.uow(), actor=runtime.actor(), clock=runtime.clock
        )
    except SelectionRefused as exc:
        heading = words.count(
            len(exc.violations),
            "**Nothing was saved: {n} problem to fix.**",
            "**Nothing was saved: {n} problems to fix.**",
        )
        feedback.flash("error", heading + "\n\n" + "\n".join(f"- {v.message}" for v in exc.violations), REVIEW)
        return
    except BindingError as exc:
        feedback.flash("error", exc, REVIEW)
        return
    count = words.count
    unbound = ngettext(
        "{n} asset unbound (kept {days} days)", "{n} assets unbound (kept {days} days)", len(result.unbound)
    ).format(n=words.number(len(result.unbound)), days=RETENTION.days)
    done = [
        count(len(result.bound), "{n} asset bound", "{n} assets bound") if result.bound else "",
        count(len(result.restored), "{n} asset restored with their history", "{n} assets restored with their history")
        if result.restored
        else "",
        count(len(result.updated), "{n} asset updated", "{n} assets updated") if result.updated else "",
        unbound if result.unbound else "",
    ]
    changes = words.listing(done) or _("nothing changed")
    feedback.flash(
        "success", _("Saved: {changes}. The Assets page shows everything bound.").format(changes=changes), SAVED
    )
    restart(len(STEPS) - 1)  # the review of what is bound now
