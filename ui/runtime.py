"""The thin layer between the pages and ``core/``: cached resources and the per-session context.

``core/`` never imports Streamlit; the pages never build clients, engines or sandboxes themselves. Everything
shared between sessions (settings, the sandbox, the HTTP session, the database engine) is a ``st.cache_resource``;
everything that belongs to one browser session (the sandbox identity, the wizard draft) is in ``st.session_state``.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from typing import Any, NamedTuple

import requests
import streamlit as st

from core.config import Mode, Settings
from core.connection import facebook_connection
from core.graph import GraphClient
from core.shared import Actor, Clock, system_clock
from core.shared.i18n import LANGUAGES, N_, language_of
from core.startup import DEMO_MEMBER, Database, open_database
from core.stores import (
    NotAllowed,
    Permission,
    StoreInfo,
    allows,
    chosen_language,
    chosen_store,
    remember_language,
    remember_store,
    stores_for_member,
)
from core.transport import GraphTransport, open_transport

log = logging.getLogger(__name__)


class DemoIdentity(NamedTuple):
    label: str  # what the sidebar offers (English, shown with _())
    person: Actor  # who acts, as the Activity log names them


DEMO_IDENTITIES: dict[str, DemoIdentity] = {
    "demo-admin": DemoIdentity(N_("Dana Demo, the demo marketer (admin everywhere)"), Actor(DEMO_MEMBER, "Dana Demo")),
    "demo-analyst": DemoIdentity(
        N_("Alex Analyst (reporting only on a few accounts)"), Actor("analyst@example.com", "Alex Analyst")
    ),
    "demo-expired": DemoIdentity(
        N_("Dana Demo with an expired connection (the reconnect path)"), Actor(DEMO_MEMBER, "Dana Demo")
    ),
}
IDENTITY_KEY = "demo_identity"
DEMO_LOGINS_KEY = "demo_logins"  # identity → the token its Facebook Login stored in this session


def _secrets() -> object:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml: that is simply sandbox mode
        return {}


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    return Settings.load(_secrets())  # type: ignore[arg-type]


@st.cache_resource(show_spinner=False)
def transport() -> GraphTransport:
    """Where this process's Graph calls go (:mod:`core.transport`): Facebook, the in-process sandbox, or
    ``GRAPH_BASE_URL``."""
    return open_transport(settings())


def sandbox() -> Any:
    """The in-process sandbox Graph API, or None when Graph is elsewhere (live, or ``GRAPH_BASE_URL``)."""
    return transport().sandbox


def http_session() -> requests.Session:
    """One pooled HTTP session; in sandbox mode it carries the in-process transport."""
    return transport().session


@st.cache_resource(show_spinner=False, max_entries=256)
def _client_for(token_digest: str, _access_token: str) -> GraphClient:
    conf = settings()
    return GraphClient(
        _access_token,
        base_url=transport().base_url,
        version=conf.graph_version,
        app_secret=conf.app_secret,
        session=http_session(),
    )


def token_digest(access_token: str) -> str:
    """What a cache files a token's entries under: its SHA-256 digest, never the token itself."""
    return hashlib.sha256(access_token.encode()).hexdigest()


def graph_client(access_token: str) -> GraphClient:
    """One client per token, shared by reruns, so its request count and usage add up across calls.

    The cache key is a digest of the token, never the token itself.
    """
    return _client_for(token_digest(access_token), access_token)


@st.cache_resource(show_spinner=False)
def database() -> Database:
    """Engine, migrations applied, expired data purged, demo store seeded (sandbox mode): once per process."""
    return open_database(settings())


class NoStoreAccess(Exception):
    """The signed-in person belongs to no store."""


STORE_KEY = "store_id"  # the store this session shows (a person's choice, remembered in the database)


def member_email() -> str | None:
    """Whose stores this session may open: the sandbox identity's person, or the signed-in email."""
    if settings().mode is Mode.SANDBOX:
        return DEMO_IDENTITIES[demo_identity()].person.id
    return signed_in_email()


def my_stores() -> list[StoreInfo]:
    """The stores the person may open, with their role in each."""
    email = member_email()
    return stores_for_member(email, database().uow()) if email else []


def current_store() -> StoreInfo:
    """The store this session works for: the one chosen in the sidebar (remembered per person), else the one the
    person chose last time, else their first. Raises :class:`NoStoreAccess` when they belong to none."""
    stores = my_stores()
    if not stores:
        raise NoStoreAccess(member_email() or "")
    wanted = st.session_state.get(STORE_KEY)
    if wanted is None:
        wanted = chosen_store(member_email() or "", database().uow())
    return next((s for s in stores if s.id == wanted), stores[0])


def current_store_id() -> int:
    return current_store().id


def choose_store(store_id: int) -> None:
    """The person picked another store: show it, and open it next time too."""
    st.session_state[STORE_KEY] = store_id
    email = member_email()
    if email:
        remember_store(email, store_id, database().uow(), clock=clock)


LANGUAGE_KEY = "language"


def browser_language() -> str:
    """The browser's language (``st.context.locale``) as one of the app's languages."""
    try:
        return language_of(st.context.locale)
    except Exception:  # no browser behind this run (a bare script)
        return language_of(None)


def language() -> str:
    """The language this session shows: chosen in the sidebar, else the one the person chose last time (any
    store), else the browser's."""
    held = st.session_state.get(LANGUAGE_KEY)
    if held in LANGUAGES:
        return str(held)
    try:
        email = member_email()
        remembered = chosen_language(email, database().uow()) if email else None
    except Exception:  # the app is not set up yet (ui.access says how): the browser's language meanwhile
        log.debug("no remembered language: the database is not available", exc_info=True)
        remembered = None
    chosen = remembered if remembered in LANGUAGES else browser_language()
    st.session_state[LANGUAGE_KEY] = chosen
    return str(chosen)


def choose_language(chosen: str) -> None:
    """The person picked a language: show it, and next time too."""
    st.session_state[LANGUAGE_KEY] = chosen
    email = member_email()
    if email:
        remember_language(email, chosen, database().uow(), clock=clock)


def can(permission: Permission) -> tuple[bool, str]:
    """Whether the person's role in the current store allows ``permission``, and if not, why (in words). The core
    refuses anyway; pages use this to disable what the person may not do, saying why."""
    role = current_store().role
    if allows(role, permission):
        return True, ""
    return False, NotAllowed(role, permission).user_message


def signed_in_email() -> str | None:
    try:
        if st.user.is_logged_in:
            return str(st.user.email) if st.user.email else None
    except Exception:  # no [auth] configured: nobody can be signed in
        return None
    return None


def actor() -> Actor:
    """Who is acting: the sandbox identity's person, or the signed-in person (email, and name when known)."""
    if settings().mode is Mode.SANDBOX:
        return DEMO_IDENTITIES[demo_identity()].person
    email = signed_in_email() or "unknown"
    try:
        name = str(st.user.get("name") or "") if st.user.is_logged_in else ""
    except Exception:  # no [auth] configured
        name = ""
    return Actor(email, name or email)


def demo_identity() -> str:
    identity = st.session_state.get(IDENTITY_KEY, "demo-admin")
    return identity if identity in DEMO_IDENTITIES else "demo-admin"


def access_token() -> str | None:
    """The token this session acts with: the store's stored Facebook token in live mode. In the sandbox, the
    identity chosen in the sidebar (a demo token), or, once that identity ran Facebook Login in this session, the
    token that login stored for the store (with what was granted then, its own expiry) while it stays stored."""
    if settings().mode is Mode.SANDBOX:
        identity = demo_identity()
        logins: dict[str, str] = st.session_state.setdefault(DEMO_LOGINS_KEY, {})
        if identity in logins:
            if _stored_token() == logins[identity]:
                return logins[identity]
            del logins[identity]  # disconnected (or replaced) since: the identity's own token again
        return identity
    return _stored_token()


def _stored_token() -> str | None:
    db = database()
    connection = facebook_connection(current_store_id(), db.uow(), cipher=db.cipher)
    return connection.token if connection else None


def logged_in() -> None:
    """A Facebook Login just stored the store's token: in the sandbox, this session's identity acts with it."""
    if settings().mode is Mode.SANDBOX:
        token = _stored_token()
        if token:
            st.session_state.setdefault(DEMO_LOGINS_KEY, {})[demo_identity()] = token


def app_token() -> str | None:
    """``app_id|app_secret`` for ``debug_token`` in live mode; the sandbox lets a token inspect itself."""
    conf = settings()
    return f"{conf.app_id}|{conf.app_secret}" if conf.mode is Mode.LIVE else None


_clock_override: Clock | None = None


def clock() -> datetime:
    """Now (aware UTC), for the services' ``clock=``: the real clock, unless a test stands elsewhere in time."""
    return _clock_override() if _clock_override is not None else system_clock()


def set_clock(test_clock: Clock | None) -> None:
    """Tests only (AppTest runs pages in the test's process): make :func:`clock` answer from ``test_clock``;
    ``None`` goes back to the real clock."""
    global _clock_override
    _clock_override = test_clock
