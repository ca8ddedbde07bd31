"""Who may open the dashboard (docs/RULES.md, "Stores and plans"). Sandbox mode: everyone, as the demo store. Live mode:
a person signed in with Streamlit's ``st.login`` (OIDC, the ``[auth]`` section of the secrets) whose email belongs to a
store (``core.binding.stores_for_member``). Anyone else sees one page that says why, and nothing else: not even the
navigation, so no other page's URL can be opened either.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from core.config import Mode
from core.db.crypto import SecretKeyError
from core.shared.i18n import _
from ui import runtime

log = logging.getLogger(__name__)


def auth_configured() -> bool:
    """True when the secrets hold an ``[auth]`` section, so ``st.login`` can sign people in."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _sign_in_page() -> None:
    st.title(_("Sign in to Smart Ads Connect"))
    st.markdown(_("Sign in with your work account to manage your store's Facebook advertising assets."))
    st.button(_("Sign in"), type="primary", icon=":material/login:", on_click=st.login, key="access_sign_in")


def _not_configured_page() -> None:
    st.title(_("Sign-in is not set up"))
    st.error(
        _(
            "This dashboard runs in live mode, which needs sign-in, but no `[auth]` section is configured in the "
            "secrets. Add one (see `.streamlit/secrets.toml.example` and the README), then restart the app."
        ),
        icon=":material/lock:",
    )


def _no_access_page() -> None:
    st.title(_("No access"))
    email = runtime.signed_in_email() or _("this account")
    st.error(
        _(
            "You are signed in as **{email}**, but this address is not a member of any store, so there is nothing "
            "to show. Ask your store's owner to add this address, or sign out and sign in with another one."
        ).format(email=email),
        icon=":material/block:",
    )
    st.button(_("Sign out"), icon=":material/logout:", on_click=st.logout, key="access_sign_out")


def _blocking_page() -> Callable[[], None] | None:
    if runtime.settings().mode is Mode.SANDBOX:
        return None
    if runtime.signed_in_email() is None:
        return _sign_in_page if auth_configured() else _not_configured_page
    try:
        runtime.current_store_id()
    except runtime.NoStoreAccess:
        log.info("signed-in person without a store refused")
        return _no_access_page
    except SecretKeyError as exc:  # the message says how to fix it and never holds the key
        log.error("live mode cannot open its database: %s", exc)
        problem = str(exc)
        return lambda: _setup_problem_page(problem)
    return None


def _setup_problem_page(problem: str) -> None:
    st.title(_("Smart Ads Connect is not set up yet"))
    st.error(problem, icon=":material/settings:")


def guard() -> None:
    """Call before ``st.navigation``: when this session may not see the app, show why and stop the run."""
    page = _blocking_page()
    if page is None:
        return
    st.query_params.clear()  # e.g. a Facebook Login return reaching a signed-out session: nothing stays in the URL
    st.navigation([st.Page(page, title="Smart Ads Connect", url_path="access", default=True)], position="hidden").run()
    st.stop()


def require() -> None:
    """For a page itself: the same check, without touching the navigation. Defence in depth: a page that
    handles logins does not rely on the entry file's :func:`guard` alone."""
    page = _blocking_page()
    if page is not None:
        page()
        st.stop()
