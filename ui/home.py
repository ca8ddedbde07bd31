"""Drawing Home: the cockpit (every item that needs doing, each with the page that fixes it, and what could not be
read), the plan's usage, and the store's Facebook connection.

What needs doing and its words come from :mod:`core.cockpit`; this module reads the connection (the one-minute
identity read of :mod:`ui.graph_reads`) and draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from core.binding import PlanUsage
from core.cockpit import Cockpit, Connection, Item, Place, Severity, StoreFacts, Unread
from core.config import REQUIRED_SCOPES
from core.connection import Identity, token_health
from core.graph import AuthenticationError, GraphError
from core.shared import words
from core.shared.i18n import _
from core.stores import Permission
from ui import feedback, graph_reads, login, runtime
from ui.pages import PAGES, PageEntry

_URL_PATHS = {
    Place.CONNECT: "connect",
    Place.ASSETS: "assets",
    Place.AD_VOLUME: "ad-volume",
    Place.AD_ACCOUNTS: "ad-accounts",
    Place.PERMISSIONS: "permissions",
    Place.SETTINGS: "settings",
}
_ICONS = {Severity.NOW: ":material/error:", Severity.SOON: ":material/warning:", Severity.NOTE: ":material/info:"}


def page_for(place: Place) -> PageEntry:
    """The page (of :data:`ui.pages.PAGES`) where what ``place`` names is fixed."""
    return next(p for p in PAGES if p.url_path == _URL_PATHS[place])


@dataclass(frozen=True)
class ConnectionRead:
    connection: Connection  # what the cockpit judges
    who: Identity | None  # whose connection it is, when Facebook said
    error: GraphError | None  # why Facebook could not say


def read_connection(token: str | None) -> ConnectionRead:
    """What Facebook says of the store's token, asked at most once a minute (a revoked token shows within it)."""
    if token is None:
        return ConnectionRead(Connection(connected=False), None, None)
    try:
        who, read_at = graph_reads.identity_read(token)
    except AuthenticationError as exc:
        return ConnectionRead(Connection(lost=exc.user_message, read_at=runtime.clock()), None, exc)
    except GraphError as exc:
        return ConnectionRead(Connection(unread=exc.user_message), None, exc)
    health = token_health(who.token, REQUIRED_SCOPES, runtime.clock())
    return ConnectionRead(Connection(health=health, read_at=read_at), who, None)


def _plain(text: str) -> str:
    """Names may hold ``$``, which Streamlit's markdown would start maths with."""
    return text.replace("$", "\\$")


def cockpit(board: Cockpit, facts: StoreFacts, connection: Connection, now: datetime) -> None:
    st.subheader(_("What needs doing"))
    if board.items and not runtime.can(Permission.BIND)[0]:
        st.caption(
            _(
                ":material/visibility: You see everything that needs doing; the pages linked below are read-only "
                "for your role, so ask an admin or the owner to make the change."
            )
        )
    for item in board.items:
        _item(item)
    for source in board.unread:
        _unread(source)
    if board.all_clear:
        st.success(_("Nothing needs your attention."), icon=":material/check_circle:")
    elif not board.items:
        st.info(_("Nothing needs your attention in what could be read, but not everything could be read (above)."))
    st.caption(_as_of(facts, connection, now))


def _item(item: Item) -> None:
    page = page_for(item.place)
    with st.container(border=True):
        headline = _("**{severity}: {what}**").format(severity=item.severity.label, what=_plain(item.what))
        st.markdown(f"{_ICONS[item.severity]} {headline}")
        st.markdown(_plain(words.sentences([item.why, item.todo])))
        details = [_("ID {id}").format(id=item.asset_id) if item.asset_id else "", item.seen]
        if any(details):
            st.caption(" · ".join(d for d in details if d))
        st.page_link(page.file, label=_open(page), icon=page.icon)


def _open(page: PageEntry) -> str:
    return _("Open {page}").format(page=_(page.title))


def _unread(source: Unread) -> None:
    st.warning(
        _("**Not read: {what}.** {why} {todo}").format(what=source.what, why=_plain(source.why), todo=source.todo),
        icon=":material/sync_problem:",
    )
    if source.place is not None:
        page = page_for(source.place)
        st.page_link(page.file, label=_open(page), icon=page.icon)


def _as_of(facts: StoreFacts, connection: Connection, now: datetime) -> str:
    """When what the cockpit judged was read: the last sync, and the connection's check."""
    synced = words.ago(facts.parts[0].at, now) if facts.parts else None
    checked = words.ago(connection.read_at, now) if connection.read_at is not None else None
    at = words.when(now)
    if synced and checked:
        return _(
            "As of {at}: the last sync read this store {synced} and the Facebook connection was checked {checked}."
        ).format(at=at, synced=synced, checked=checked)
    if synced:
        return _("As of {at}: the last sync read this store {synced}.").format(at=at, synced=synced)
    if checked:
        return _("As of {at}: the Facebook connection was checked {checked}.").format(at=at, checked=checked)
    return _("As of {at}.").format(at=at)


def plan_usage(usage: PlanUsage) -> None:
    st.subheader(_("Plan usage"))
    lines = usage.lines()
    for column, line in zip(st.columns(len(lines)), lines, strict=True):
        with column:
            st.metric(line.label, f"{line.used} / {line.limit}")
            st.progress(min(line.used / line.limit, 1.0) if line.limit else 1.0)
            if line.reached:
                st.caption(_(":material/warning: Limit reached: disconnect something before adding more."))
    st.caption(
        _("Ad accounts count Facebook ({facebook}) and Google Ads ({google}) accounts together.").format(
            facebook=usage.facebook_ad_accounts, google=usage.google_ads_accounts
        )
    )


def connection(token: str | None, read: ConnectionRead, now: datetime) -> None:
    st.subheader(_("Facebook connection"))
    if token is None:
        st.warning(_("No Facebook account is connected to this store yet."), icon=":material/link_off:")
        return
    if read.error is not None:
        feedback.show_error(read.error)
    health = read.connection.health
    if read.who is not None and health is not None:
        st.markdown(
            _("Connected as **{name}** (Facebook ID `{id}`).").format(
                name=_plain(read.who.user_name), id=read.who.user_id
            )
        )
        left, middle, right = st.columns(3)
        no_end = _("No end date")
        left.metric(_("Connection"), health.status_label)
        middle.metric(_("Connection valid until"), words.day(health.expires_at, missing=no_end))
        right.metric(_("Access to ad data until"), words.day(health.data_access_expires_at, missing=no_end))
        login.granted_words(read.who.token.scopes)
        checked = words.ago(read.connection.read_at, now) if read.connection.read_at else _("just now")
        st.caption(_("Checked with Facebook {checked}.").format(checked=checked))
    if st.button(
        _("Check the connection again"),
        icon=":material/refresh:",
        help=_("Home keeps Facebook's answer for a minute; this asks Facebook now."),
    ):
        graph_reads.forget(token)
        st.rerun()
