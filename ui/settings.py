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
from core.shared.i18n import _
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
    if not _run(set_role, email, role, done=_("{email} is now {role}.").format(email=email, role=role.label)):
        del st.session_state[key]  # refused: the selector shows the role the member still has


def _role_words(role: StoreRole) -> str:
    return _("{role}: {description}").format(role=role.label, description=role.description)


def members_section() -> None:
    st.subheader(_("Members"))
    allowed, why = runtime.can(Permission.MANAGE_STORE)
    st.caption(_("People who may open this store, and what each may do.") + ("" if allowed else f" {why}"))
    feedback.show_flash(WHERE)
    people = members(runtime.current_store_id(), runtime.database().uow())
    me = runtime.member_email()
    for person in people:
        _member_row(person, you=person.email == me, allowed=allowed)
    if allowed:
        _add_form()


def _member_row(person: Member, *, you: bool, allowed: bool) -> None:
    text, role_column, button = st.columns([3, 2, 1], vertical_alignment="center")
    text.markdown(_("**{email}** (you)").format(email=person.email) if you else f"**{person.email}**")
    key = f"settings_role_{person.email}"
    role_column.selectbox(
        _("Role of {email}").format(email=person.email),
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
                _("Remove **{email}** from this store? They can no longer open it; nothing else changes.").format(
                    email=person.email
                ),
                icon=":material/person_remove:",
            )
            yes, no = st.columns(2)
            yes.button(
                _("Yes, remove"),
                key=f"settings_remove_yes_{person.email}",
                type="primary",
                on_click=lambda: (
                    st.session_state.pop(CONFIRM_KEY, None),
                    _run(
                        remove_member,
                        person.email,
                        done=_("{email} was removed from the store.").format(email=person.email),
                    ),
                ),
            )
            no.button(
                _("Cancel"),
                key=f"settings_remove_no_{person.email}",
                on_click=lambda: st.session_state.pop(CONFIRM_KEY, None),
            )
    button.button(
        _("Remove…"),
        icon=":material/person_remove:",
        key=f"settings_remove_{person.email}",
        disabled=not allowed,
        on_click=lambda: st.session_state.__setitem__(CONFIRM_KEY, person.email),
    )


def _add_form() -> None:
    with st.form("settings_add_member", clear_on_submit=True):
        st.markdown(_("**Add a member**"))
        left, right = st.columns([3, 2])
        email = left.text_input(_("Email"), placeholder="name@shop.example", key="settings_new_email")
        role = right.selectbox(
            _("Role"), ROLES, index=ROLES.index(StoreRole.VIEWER), format_func=_role_words, key="settings_new_role"
        )
        if st.form_submit_button(_("Add member"), key="settings_add"):
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
                if added:
                    message = _("{email} may now open this store as {role}.").format(
                        email=email.strip().lower(), role=StoreRole(role).label
                    )
                else:
                    message = _("{email} is a member already.").format(email=email)
                feedback.flash("success" if added else "info", message, WHERE)
            st.rerun()


def plan_section() -> None:
    st.subheader(_("Plan"))
    usage = plan_usage(runtime.current_store_id(), runtime.database().uow())
    st.markdown(_("This store is on the **{plan}** plan.").format(plan=usage.plan))
    for column, line in zip(st.columns(len(usage.lines())), usage.lines(), strict=True):
        column.metric(line.label, f"{line.used} / {line.limit}")
    st.caption(
        _(
            "Ad accounts count Facebook ({facebook}) and Google Ads ({google}) accounts together. Plans change "
            "through Smart Ads support (billing lives there): a smaller plan is only possible once the store has no "
            "more ad accounts bound than it allows."
        ).format(facebook=usage.facebook_ad_accounts, google=usage.google_ads_accounts)
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
        feedback.flash("success", _("The store's website domain is now {host}.").format(host=host), DOMAIN_FLASH)


def website_domain_section() -> None:
    """The store's website domain: shown, and changed through a small form (one submit is one change)."""
    st.subheader(_("Website domain"))
    allowed, why = runtime.can(Permission.MANAGE_STORE)
    current = store_website_domain(runtime.current_store_id(), runtime.database().uow())
    st.caption(
        _(
            "The domain of the store's website, e.g. shop.example.com. Domain Settings can be turned on for a pixel "
            "only when this domain is verified in the pixel's Business Manager (Business settings → Brand safety → "
            "Domains) and the pixel received events in the last 7 days."
        )
        + ("" if allowed else f" {why}")
    )
    feedback.show_flash(DOMAIN_FLASH)
    st.markdown(
        _("Current website domain: **{domain}**").format(domain=current)
        if current
        else _("No website domain is set yet.")
    )
    if DOMAIN_KEY not in st.session_state:
        st.session_state[DOMAIN_KEY] = current or ""
    with st.form("store_settings_domain_form"):
        st.text_input(_("Website domain"), key=DOMAIN_KEY, placeholder="shop.example.com", disabled=not allowed)
        st.form_submit_button(
            _("Save website domain"), key="store_settings_domain_save", on_click=_save_domain, disabled=not allowed
        )
