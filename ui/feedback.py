"""How pages tell the marketer what happened: one helper for errors and one for outcomes shown after a rerun.

``show_error(exc)`` shows either root the app knows: a :class:`core.graph.GraphError` (what Facebook answered)
or a :class:`core.shared.DomainError` (what the product's rules refused), always by its ``user_message``; a lost
connection also says so. ``flash(kind, message, where)`` keeps an outcome for the next run, next to what was
clicked; ``show_flash(where)`` draws it once.
"""

from __future__ import annotations

import logging
from typing import Literal

import streamlit as st

from core.graph import AuthenticationError, GraphError
from core.shared import DomainError

log = logging.getLogger(__name__)

FLASH_KEY = "ui_flash"  # {where: [(kind, message)]}
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
        st.error(f"**Facebook connection lost.** {exc.user_message}", icon=":material/link_off:")
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
