"""The frame every page shares: the sidebar (mode badge, sandbox identity, the store picker) and the line at the top
of each page saying which store it shows and what the person may do there."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from core.config import Mode
from core.shared import words
from core.shared.i18n import LANGUAGES, _
from core.stores import StoreInfo
from ui import runtime


def viewer() -> None:
    """This run's viewer for :mod:`core.shared.words` and :mod:`core.shared.i18n`: the person's language, moments
    in the browser's time zone (UTC when it says none)."""
    try:
        zone = st.context.timezone
    except Exception:  # no browser behind this run (a bare script)
        zone = None
    words.use_viewer(zone, runtime.language())


def language_picker() -> None:
    """The language, first in the sidebar: each named in itself, so anyone finds theirs (remembered per person)."""
    st.session_state.setdefault(runtime.LANGUAGE_KEY, runtime.language())
    st.selectbox(
        _("Language"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=runtime.LANGUAGE_KEY,
        on_change=_switch_language,
        label_visibility="visible",
    )


def _switch_language() -> None:
    runtime.choose_language(st.session_state[runtime.LANGUAGE_KEY])
    _keep_choices()


def _keep_choices() -> None:
    """Keep every choice made on the page across a change of language. Streamlit keeps a choice by its label,
    and the labels are about to change language: without this, a store, an identity or a filter chosen by its
    label would no longer match any option and fall back to its default. Each choice is written back as the value
    it stands for, which Streamlit labels anew in the next run. Buttons, checkboxes and tables of edits are left
    alone (their state has no label; writing it is not allowed)."""
    for key in list(st.session_state.keys()):
        if key == runtime.LANGUAGE_KEY:
            continue
        try:
            value = st.session_state[key]
        except Exception:  # a widget whose state cannot be read outside its run
            continue
        if value is None or isinstance(value, bool | dict) or not isinstance(value, str | int | float | list | tuple):
            continue
        try:
            st.session_state[key] = value
        except StreamlitAPIException:  # a widget whose value Session State may not set
            continue


SHOWN_PAGE_KEY = "layout_shown_page"
# On a phone the sidebar opens over the page: once a page was chosen in it, close it so the page shows.
CLOSE_SIDEBAR_ON_PHONE = """<script>
if (window.innerWidth < 768) {{
  const bar = document.querySelector('[data-testid="stSidebar"]');
  const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (bar && close && bar.getBoundingClientRect().right > 0) close.click();
}} /* {page} */
</script>"""


def close_sidebar_on_phone(page: str) -> None:
    """After navigating to another page (not on the first page, nor on a rerun of the same one)."""
    shown = st.session_state.get(SHOWN_PAGE_KEY)
    slot = st.empty()  # always there, so the page's elements keep their places from one run to the next
    if shown is not None and shown != page:
        slot.html(CLOSE_SIDEBAR_ON_PHONE.format(page=page), unsafe_allow_javascript=True)
    st.session_state[SHOWN_PAGE_KEY] = page


def sidebar() -> None:
    conf = runtime.settings()
    with st.sidebar:
        language_picker()
        if conf.mode is Mode.SANDBOX:
            st.badge(_("Sandbox"), icon=":material/science:", color="orange")
            st.caption(_("A demo world with made-up data. Nothing is sent to Facebook."))
            st.selectbox(
                _("Sandbox identity"),
                options=list(runtime.DEMO_IDENTITIES),
                format_func=lambda token: _(runtime.DEMO_IDENTITIES[token].label),
                key=runtime.IDENTITY_KEY,
                help=_("Act as another person of the demo world, to see the read-only and expired-token paths."),
            )
        else:
            st.badge(_("Live"), icon=":material/public:", color="green")
            st.caption(_("Connected to Facebook."))
        store_picker()


def _store_words(store: StoreInfo) -> str:
    return _("{store} · {role}").format(store=store.name, role=store.role.label)


def store_picker() -> None:
    """For a member of several stores: which one every page shows (remembered for the next visit)."""
    stores = runtime.my_stores()
    if len(stores) < 2:
        return
    current = runtime.current_store()
    st.session_state[runtime.STORE_KEY] = current.id  # a store of this person, even after switching identity
    names = {s.id: s for s in stores}
    st.selectbox(
        _("Store"),
        options=list(names),
        format_func=lambda store_id: _store_words(names[store_id]),
        key=runtime.STORE_KEY,
        on_change=lambda: runtime.choose_store(st.session_state[runtime.STORE_KEY]),
        help=_("You belong to several stores: every page shows the one chosen here."),
    )


def page_context() -> None:
    """Below each page's title: which store it shows, the person's role there, and the sandbox banner."""
    store = runtime.current_store()
    where = _("**{store}** · {plan} plan · you are **{role}**").format(
        store=store.name, plan=store.plan, role=store.role.label
    )
    st.caption(f":material/storefront: {where}")
    if runtime.settings().mode is Mode.SANDBOX:
        sandbox = _("**Sandbox**: a demo world with made-up data; nothing you do here reaches Facebook.")
        st.caption(f":material/science: {sandbox}")


def read_only_notice(why: str) -> None:
    """Said once on a page whose changes the person's role does not allow (the controls are disabled)."""
    if why:
        st.info(f":material/lock: {why}", icon=":material/visibility:")
