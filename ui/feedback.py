"""How pages tell the marketer what happened: one helper for errors and one for outcomes shown after a rerun.

``show_error(exc)`` shows either root the app knows: a :class:`core.graph.GraphError` (what Facebook answered)
or a :class:`core.shared.DomainError` (what the product's rules refused), always by its ``user_message``; a lost
connection also says so. ``flash(kind, message, where)`` keeps an outcome for the next run, next to what was
clicked; ``show_flash(where)`` draws it once.

``boundary(page)`` (around every page, in ``dashboard.py``) turns anything else into one plain message with a
reference number: the traceback goes to the server log under that number, never to the page, and the attempted
action (``attempt(action)``, else showing the page) is recorded as failed in the Activity log unless the use case
that met the failure already did.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import streamlit as st

from core.activity import SHOW_PAGE, report_failure
from core.graph import AuthenticationError, GraphError
from core.shared import DomainError, incident_reference, was_recorded
from core.shared.i18n import _
from ui import runtime

log = logging.getLogger(__name__)

FLASH_KEY = "ui_flash"  # {where: [(kind, message)]}
ATTEMPT_KEY = "ui_attempt"  # the action this run attempts, for the Activity log if it fails unexpectedly
Kind = Literal["success", "info", "warning", "error"]
ICONS: dict[str, str] = {
    "success": ":material/check_circle:",
    "info": ":material/info:",
    "warning": ":material/warning:",
    "error": ":material/error:",
}


def show_error(exc: GraphError | DomainError) -> None:
    """The failure in the marketer's words; a lost Facebook connection also says how to get it back."""
    log.info("shown to the marketer: %s", type(exc).__name__)
    if isinstance(exc, AuthenticationError):
        st.error(
            _("**Facebook connection lost.** {message}").format(message=exc.user_message), icon=":material/link_off:"
        )
    elif isinstance(exc, GraphError):
        st.error(exc.user_message, icon=":material/error:")
    else:
        st.error(exc.user_message, icon=":material/block:")


def flash(kind: Kind, message: str | GraphError | DomainError, where: str = "top") -> None:
    """Keep an outcome (a message, or an error to show by its ``user_message``) for the next run."""
    st.session_state.setdefault(FLASH_KEY, {}).setdefault(where, []).append((kind, message))


def show_flash(where: str = "top", *, toast: bool = False) -> None:
    """Draw the outcomes kept for ``where``, once. ``toast``: also pop successes up, for a page scrolled far away."""
    for kind, message in st.session_state.get(FLASH_KEY, {}).pop(where, []):
        if isinstance(message, GraphError | DomainError):
            show_error(message)
            continue
        getattr(st, kind)(message, icon=ICONS[kind])
        if toast and kind == "success":
            st.toast(message, icon=ICONS[kind])


def attempt(action: str) -> None:
    """This run is about to do ``action`` (an audit action name): if it fails unexpectedly, that is what the
    Activity log records as failed."""
    st.session_state[ATTEMPT_KEY] = action


@contextmanager
def boundary(page: str) -> Iterator[None]:
    """Run a page; an unexpected exception becomes one plain message with its reference number. ``page`` names the
    page in English, for the server log and the Activity log."""
    st.session_state.pop(ATTEMPT_KEY, None)
    try:
        yield
    except Exception as exc:
        reference = incident_reference(exc)
        log.error("unexpected error on the %s page (reference %s)", page, reference, exc_info=exc)
        st.error(
            _(
                "**Something went wrong on our side**, so this didn't finish. Try again in a moment; if it happens "
                "again, tell Smart Ads support the reference **{reference}**."
            ).format(reference=reference),
            icon=":material/error:",
        )
        if not was_recorded(exc):
            _report(st.session_state.pop(ATTEMPT_KEY, None) or SHOW_PAGE, page, reference)


def _report(action: str, page: str, reference: str) -> None:
    try:
        store_id, actor = runtime.current_store_id(), runtime.actor()
        report_failure(store_id, action, f"{page} page", reference, runtime.database().uow(), actor=actor,
                       clock=runtime.clock)  # fmt: skip
    except Exception:  # the page is failing already: the log has it, the marketer has the reference
        log.exception("could not record failure %s in the Activity log", reference)
