"""Session state of the Ad accounts page: the create form's submission key, the open confirmation, and the
outcome message shown after the page reruns with fresh data."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import astuple

import streamlit as st

from core.ad_account_rules import NewAdAccount
from core.graph import GraphError
from ui import layout

NONCE_KEY = "aa_create_nonce"
CREATE_WIDGET_PREFIX = "aa_new_"
CONFIRM_REMOVE_KEY = "aa_confirm_remove"
FLASH_KEY = "aa_flash"


def submission_key(form: NewAdAccount) -> str:
    """One key per form submission: the same values sent again from this form (double click, retry) share it;
    other values, or a new form, get a new one."""
    nonce = st.session_state.setdefault(NONCE_KEY, uuid.uuid4().hex)
    return hashlib.sha256(f"{nonce}|{astuple(form)!r}".encode()).hexdigest()[:32]


def new_create_form() -> None:
    """A blank form with a new nonce: identical values now make a second, distinct ad account."""
    st.session_state[NONCE_KEY] = uuid.uuid4().hex
    for key in [k for k in st.session_state if str(k).startswith(CREATE_WIDGET_PREFIX)]:
        del st.session_state[key]


def flash(kind: str, message: str | GraphError) -> None:
    """Keep an outcome for the next run (``success``, ``info``, ``warning``, ``error``, or a Graph error)."""
    st.session_state[FLASH_KEY] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop(FLASH_KEY, (None, None))
    if isinstance(message, GraphError):
        layout.show_graph_error(message)
    elif kind == "success":
        st.success(message, icon=":material/check_circle:")
    elif kind == "info":
        st.info(message, icon=":material/info:")
    elif kind == "warning":
        st.warning(message, icon=":material/warning:")
    elif kind == "error":
        st.error(message, icon=":material/block:")
