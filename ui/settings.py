"""Drawing the Store settings page: the members and their roles, the store's website domain, and the plan with its
limits.

Member changes are the use cases of :mod:`core.stores` (owners only; the core refuses anyone else). Outcomes
are kept for the next run with :mod:`ui.feedback`.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.binding import plan_usage
from core.shared import DomainError
from core.stores import (
    Member,
    Permission,
    StoreRole,
    add_member,
    members,
    remove_member,
    set_role,
    set_website_domain,
    store_website_domain,
)
from ui import feedback, runtime

WHERE = "members"
CONFIRM_KEY = "settings_confirm_remove"
ROLES = list(StoreRole)
DOMAIN_KEY = "store_settings_website_domain"
DOMAIN_FLASH = "store_settings_domain"


def _run(use_case: Callable[..., object], *inputs: object, done: str) -> bool:
    try:
        use_case(
            runtime.current_store_id(), *inputs, runtime.database().uow(), actor=runtime.actor(), clock=runtime.clock
        )
    except DomainError as exc:
        feedback.flash("error", exc, WHERE)
        return False
    feedback.flash("success", done, WHERE)
    return True


def _change_role(email: str, key: str) -> None:
    role = StoreRole(st.session_state[key])
    if not _run(set_role, email, role, done=f"{email} is now {role.label}."):
        del st.session_state[key]  # refused: the selector shows the role the member still has


def _role_words(role: StoreRole) -> str:
    return f"{role.label}: {role.description}"


def members_section() -> None:
    st.subheader("Members")
    allowed, why = runtime.can(Permission.MANAGE_STORE)
    st.caption("People who may open this store, and what each may do." + ("" if allowed else f" {why}"))
    feedback.show_flash(WHERE)
    people = members(runtime.current_store_id(), runtime.database().uow())
    me = runtime.member_email()
    for person in people:
        _member_row(person, you=person.email == me, allowed=allowed)
    if allowed:
        _add_form()


def _member_row(person: Member, *, you: bool, allowed: bool) -> None:
    text, role_column, button = st.columns([3, 2, 1], vertical_alignment="center")
    text.markdown(f"**{person.email}**" + (" (you)" if you else ""))
    key = f"settings_role_{person.email}"
    role_column.selectbox(
        f"Role of {person.email}",
        ROLES,
        index=ROLES.index(person.role),
        format_func=lambda r: r.label,
        key=key,
        disabled=not allowed,
        label_visibility="collapsed",
        on_change=_change_role,
        args=(person.email, key),
    )
    if st.session_state.get(CONFIRM_KEY) == person.email:
        with st.container(border=True):
            st.warning(
                f"Remove **{person.email}** from this store? They can no longer open it; nothing else changes.",
                icon=":material/person_remove:",
            )
            yes, no = st.columns(2)
            yes.button(
                "Yes, remove",
                key=f"settings_remove_yes_{person.email}",
                type="primary",
                on_click=lambda: (
                    st.session_state.pop(CONFIRM_KEY, None),
                    _run(remove_member, person.email, done=f"{person.email} was removed from the store."),
                ),
            )
            no.button(
                "Cancel",
                key=f"settings_remove_no_{person.email}",
                on_click=lambda: st.session_state.pop(CONFIRM_KEY, None),
            )
    button.button(
        "Remove…",
        icon=":material/person_remove:",
        key=f"settings_remove_{person.email}",
        disabled=not allowed,
        on_click=lambda: st.session_state.__setitem__(CONFIRM_KEY, person.email),
    )


def _add_form() -> None:
    with st.form("settings_add_member", clear_on_submit=True):
        st.markdown("**Add a member**")
        left, right = st.columns([3, 2])
        email = left.text_input("Email", placeholder="name@shop.example", key="settings_new_email")
        role = right.selectbox(
            "Role", ROLES, index=ROLES.index(StoreRole.VIEWER), format_func=_role_words, key="settings_new_role"
        )
        if st.form_submit_button("Add member", key="settings_add"):
            try:
                added = add_member(
                    runtime.current_store_id(),
                    email,
                    role,
                    runtime.database().uow(),
                    actor=runtime.actor(),
                    clock=runtime.clock,
                )
            except DomainError as exc:
                feedback.flash("error", exc, WHERE)
            else:
                words = f"{email.strip().lower()} may now open this store as {StoreRole(role).label}."
                feedback.flash(
                    "success" if added else "info", words if added else f"{email} is a member already.", WHERE
                )
            st.rerun()


def plan_section() -> None:
    st.subheader("Plan")
    usage = plan_usage(runtime.current_store_id(), runtime.database().uow())
    st.markdown(f"This store is on the **{usage.plan}** plan.")
    for column, line in zip(st.columns(len(usage.lines())), usage.lines(), strict=True):
        column.metric(line.label, f"{line.used} / {line.limit}")
    st.caption(
        f"Ad accounts count Facebook ({usage.facebook_ad_accounts}) and Google Ads ({usage.google_ads_accounts}) "
        "accounts together. Plans change through Smart Ads support (billing lives there): a smaller plan is only "
        "possible once the store has no more ad accounts bound than it allows."
    )


def _save_domain() -> None:
    raw = str(st.session_state.get(DOMAIN_KEY) or "")
    try:
        host = set_website_domain(
            runtime.current_store_id(), raw, runtime.database().uow(), actor=runtime.actor(), clock=runtime.clock
        )
    except DomainError as exc:
        feedback.flash("error", exc, DOMAIN_FLASH)
    else:
        st.session_state[DOMAIN_KEY] = host
        feedback.flash("success", f"The store's website domain is now {host}.", DOMAIN_FLASH)


def website_domain_section() -> None:
    """The store's website domain: shown, and changed through a small form (one submit is one change)."""
    st.subheader("Website domain")
    allowed, why = runtime.can(Permission.MANAGE_STORE)
    current = store_website_domain(runtime.current_store_id(), runtime.database().uow())
    st.caption(
        "The domain of the store's website, e.g. shop.example.com. Domain Settings can be turned on for a pixel "
        "only when this domain is verified in the pixel's Business Manager (Business settings → Brand safety → "
        "Domains) and the pixel received events in the last 7 days." + ("" if allowed else f" {why}")
    )
    feedback.show_flash(DOMAIN_FLASH)
    st.markdown(f"Current website domain: **{current}**" if current else "No website domain is set yet.")
    if DOMAIN_KEY not in st.session_state:
        st.session_state[DOMAIN_KEY] = current or ""
    with st.form("store_settings_domain_form"):
        st.text_input("Website domain", key=DOMAIN_KEY, placeholder="shop.example.com", disabled=not allowed)
        st.form_submit_button(
            "Save website domain", key="store_settings_domain_save", on_click=_save_domain, disabled=not allowed
        )
