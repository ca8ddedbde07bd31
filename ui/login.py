"""Step 1 of the Connect wizard: the Facebook account, Facebook Login, and the return from Facebook.

Live mode: a link button opens Facebook's dialog; Facebook sends the browser back to ``FB_REDIRECT_URI`` (this
page) with ``code`` and ``state``, in a new browser session, and :func:`handle_return` finishes the login from
``st.query_params`` and clears them at once. Sandbox mode: the sandbox's consent page is drawn here (its host is
in-process, not reachable from a browser) and its answer goes through the same :func:`core.login.finish_login`.
The sandbox identity stays the token source in sandbox mode (``runtime.access_token``).

No token is ever drawn, logged or left in the URL: the page only sees :class:`core.login.LoginResult`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import streamlit as st

from core.config import Mode
from core.connection import (
    LoginApp,
    LoginError,
    LoginResult,
    LoginStates,
    finish_login,
    is_login_return,
    scope_words,
    start_login,
    token_health,
)
from core.graph import GraphClient, GraphError, TokenInfo
from core.shared import words
from core.shared.i18n import _
from core.stores import Permission
from ui import feedback, graph_reads, runtime

log = logging.getLogger(__name__)

# The sandbox app accepts any secret (it has none); the redirect is never followed in sandbox mode.
SANDBOX_APP_SECRET = "sandbox-app-secret"
SANDBOX_REDIRECT_URI = "http://localhost:8501/connect"
LOGIN = "login"  # where the login's outcome is shown
DIALOG_KEY = "connect_login_dialog"
CONSENT_KEY = "connect_demo_consent"


def login_app() -> LoginApp:
    """The Facebook app this deployment logs in with: the configured one, or the sandbox's."""
    conf = runtime.settings()
    if conf.mode is Mode.LIVE:
        return LoginApp(
            conf.app_id or "", conf.app_secret or "", conf.redirect_uri or "", conf.dialog_base_url, conf.graph_version
        )
    return LoginApp(
        runtime.transport().sandbox_app_id,
        SANDBOX_APP_SECRET,
        SANDBOX_REDIRECT_URI,
        conf.dialog_base_url,
        conf.graph_version,
    )


def login_states() -> LoginStates:
    return LoginStates(runtime.database().sessions, clock=runtime.clock)


def _app_client() -> GraphClient:
    """The Graph client the app itself calls with (the exchanges carry the app's credentials, not a token)."""
    return runtime.graph_client("")


def _finish(params: dict[str, str]) -> None:
    """Run the login's return and remember the outcome (never the token) for the page to show."""
    db = runtime.database()
    try:
        result = finish_login(
            runtime.current_store_id(),
            params,
            db.uow(),
            actor=runtime.actor(),
            clock=runtime.clock,
            client=_app_client(),
            states=login_states(),
            app=login_app(),
            cipher=db.cipher,
        )
    except LoginError as exc:
        feedback.flash("error", exc, LOGIN)
    except GraphError as exc:
        log.info("facebook login failed at Graph: %s", type(exc).__name__)
        feedback.flash("error", _("Facebook refused the login. {reason}").format(reason=exc.user_message), LOGIN)
    else:
        feedback.flash("success", _connected_words(result), LOGIN)
        token = runtime.access_token()
        if token:  # what the token may do changed (scopes granted again): no page may show the old answer
            graph_reads.forget(token)
        runtime.logged_in()
    st.session_state.pop(DIALOG_KEY, None)


def handle_return() -> None:
    """When Facebook sent the browser back here, finish the login and clear ``code`` and ``state`` from the URL
    before anything else is drawn."""
    if not is_login_return(st.query_params):
        return
    params = {k: st.query_params[k] for k in st.query_params}
    st.query_params.clear()
    _finish(params)


def _connected_words(result: LoginResult) -> str:
    if result.expires_at:
        said = _("Connected Facebook as **{name}**. The connection is valid until {day}.")
    else:
        said = _("Connected Facebook as **{name}**. The connection is valid with no end date.")
    return said.format(name=result.user_name, day=words.day(result.expires_at) if result.expires_at else "")


def _dialog_url(ask_again: bool) -> str:
    """One dialog URL per session and purpose, renewed before its state expires (so reruns issue no new ones)."""
    held = st.session_state.get(DIALOG_KEY)
    states = login_states()
    now = time.monotonic()
    if held and held["ask_again"] == ask_again and now - held["at"] < states.ttl.total_seconds() / 2:
        return str(held["url"])
    url = start_login(runtime.current_store_id(), states, login_app(), actor=runtime.actor(), ask_again=ask_again)
    st.session_state[DIALOG_KEY] = {"url": url, "at": now, "ask_again": ask_again}
    return url


def _connect_control(label: str, *, ask_again: bool = False, key: str) -> None:
    """Live: a link to Facebook's dialog. Sandbox: opens the sandbox's consent choices below."""
    allowed, why = runtime.can(Permission.BIND)
    if not allowed:  # no login is even started for a role that may not connect Facebook
        st.button(label, icon=":material/login:", key=key, disabled=True, help=why)
        st.caption(f":material/lock: {why}")
        return
    if runtime.settings().mode is Mode.LIVE:
        st.link_button(label, _dialog_url(ask_again), icon=":material/login:", type="primary")
        st.caption(_("Facebook opens, asks what Smart Ads may do, and brings you back here."))
        return
    if st.button(label, icon=":material/login:", key=key):
        st.session_state[CONSENT_KEY] = _dialog_url(ask_again)


def _demo_consent_panel() -> None:
    """The sandbox's Facebook consent page, drawn here; Allow / Cancel answer it like a browser would."""
    url = st.session_state.get(CONSENT_KEY)
    if not url:
        return
    app = login_app()
    with st.container(border=True):
        st.markdown(_("**Facebook Login (sandbox)** · Smart Ads Connect is requesting access."))
        person = runtime.DEMO_IDENTITIES[runtime.demo_identity()].person.name
        st.caption(
            _("You are signed in to Facebook as {person}. Untick anything you do not want to allow.").format(
                person=person
            )
        )
        granted = [
            s for s in app.scopes if st.checkbox(scope_words(s).capitalize(), value=True, key=f"connect_consent_{s}")
        ]
        allow, cancel = st.columns(2)
        answer: bool | None = None
        if allow.button(_("Allow"), type="primary", key="connect_consent_allow", width="stretch"):
            answer = True
        if cancel.button(_("Cancel"), key="connect_consent_cancel", width="stretch"):
            answer = False
    if answer is None:
        return
    st.session_state.pop(CONSENT_KEY, None)
    said = runtime.transport().answer_login_dialog(
        url, allow=answer, granted=granted, signed_in=runtime.demo_identity()
    )
    if said.redirect is None:
        refused = _("The sandbox's Facebook Login did not answer as expected (HTTP {status}).")
        feedback.flash("error", LoginError(refused.format(status=said.status)), LOGIN)
    else:
        _finish(said.redirect)
    st.rerun()


@dataclass(frozen=True)
class AccountStatus:
    """What step 1 found: who the token belongs to, whether it works, what is missing."""

    user_id: str | None
    user_name: str | None
    usable: bool
    info: TokenInfo | None = None


def _check(token: str) -> AccountStatus:
    try:
        who = graph_reads.identity(token)  # the same cached read as Home: no Graph call on a rerun
    except GraphError as exc:  # an AuthenticationError is shown as "connection lost"
        feedback.show_error(exc)
        return AccountStatus(None, None, False)
    info = who.token
    if not info.is_valid:  # e.g. invalidated by a password change while calls still pass for a moment
        reason = info.error.user_message if info.error else _("Facebook no longer accepts this connection.")
        st.error(_("**Facebook connection lost.** {reason}").format(reason=reason), icon=":material/link_off:")
    return AccountStatus(who.user_id, who.user_name, info.is_valid, info)


def _date(unix_seconds: int) -> str:
    return words.day(datetime.fromtimestamp(unix_seconds, UTC)) if unix_seconds > 0 else _("No end date")


def granted_words(scopes: Sequence[str]) -> None:
    """What the connection lets Smart Ads do, in words; Facebook's permission names in a details area."""
    if not scopes:
        st.caption(_("Facebook granted Smart Ads nothing yet."))
        return
    st.caption(_("Smart Ads may {permissions}.").format(permissions=words.listing([scope_words(s) for s in scopes])))
    with st.expander(_("Facebook's names for these permissions")):
        st.caption(", ".join(f"`{s}`" for s in scopes))


def account_step() -> AccountStatus:
    """Draw step 1 and say whether the wizard can go on (a Facebook account whose token works)."""
    feedback.show_flash(LOGIN)
    conf = runtime.settings()
    live = conf.mode is Mode.LIVE
    token = runtime.access_token()
    if token is None:
        st.warning(_("No Facebook account is connected to this store yet."), icon=":material/link_off:")
        _connect_control(_("Connect with Facebook"), key="connect_login")
        _demo_consent_panel()
        return AccountStatus(None, None, False)
    status = _check(token)
    if not status.usable:
        st.warning(
            _("Smart Ads cannot act for this Facebook account until it is connected again."),
            icon=":material/link_off:",
        )
        if not live:
            st.caption(_("In the sandbox, choose another identity in the sidebar, or run the login emulation below."))
        _connect_control(_("Reconnect Facebook"), key="connect_reconnect")
        _demo_consent_panel()
        return status
    info = status.info
    assert info is not None
    st.markdown(
        _("Facebook account: **{name}** (Facebook ID `{id}`).").format(name=status.user_name, id=status.user_id)
    )
    left, right = st.columns(2)
    left.metric(_("Connection valid until"), _date(info.expires_at))
    right.metric(_("Access to ad data until"), _date(info.data_access_expires_at))
    granted_words(info.scopes)
    for problem in token_health(info, (), runtime.clock()).problems:  # ends within 7 days, or has ended
        st.warning(problem, icon=":material/schedule:")
    missing = info.missing_scopes(login_app().scopes)
    if missing:
        allow = words.listing([scope_words(s) for s in missing])
        st.warning(
            _(
                "Facebook did not let Smart Ads {permissions}. Smart Ads needs this to manage your ads and Pages: ask "
                "Facebook again and allow it."
            ).format(permissions=allow),
            icon=":material/warning:",
        )
        _connect_control(_("Ask Facebook again"), ask_again=True, key="connect_rerequest")
    elif live:
        _connect_control(_("Connect another Facebook account"), key="connect_switch")
    else:
        st.caption(
            _(
                "Sandbox: the identity chosen in the sidebar is the person signed in to Facebook. Log in again to "
                "grant Smart Ads more or less; it runs the same steps as with the real Facebook."
            )
        )
        _connect_control(_("Log in with Facebook again"), key="connect_login")
    _demo_consent_panel()
    return status
