"""The inventory for pages: loaded once per token and kept for a while, with an explicit refresh and a progress bar.

``inventory(token)`` returns the cached :class:`~core.inventory.Inventory` of that token, loading it (with an
``st.progress`` bar that goes away when done) when there is none or it is older than 15 minutes.
``refresh_inventory(token)`` forgets it, so the next call reads Facebook again. A failed load (an expired token
raises :class:`core.graph.AuthenticationError`; pages show ``user_message``) is raised again from memory for a
minute, so reruns do not call Facebook; a refresh asks again at once.

Why not ``st.cache_data``: it would replay the progress bar drawn during a load on every later rerun, and its
only per-entry refresh is keyed by the function's arguments. This is the same idea (one shared, process-wide
cache, bounded, with a time to live): a :class:`core.inventory.InventoryStore` held by ``st.cache_resource``.
The key is a SHA-256 digest of the token (with the Graph base URL), never the token itself; values are frozen
dataclasses, so sessions can share them.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core.inventory import Inventory, InventoryStore, load_inventory, token_key
from core.shared.i18n import N_, _
from ui.runtime import graph_client, settings

LOADING_TEXT = N_("Loading your Facebook assets…")  # shown as _(LOADING_TEXT)


@st.cache_resource(show_spinner=False)
def store() -> InventoryStore:
    return InventoryStore()


def cache_key(access_token: str) -> str:
    """What the inventory of ``access_token`` is filed under: a digest, never the token."""
    return token_key(settings().graph_base_url, access_token)


def inventory(access_token: str) -> Inventory:
    """The token's inventory, from the cache or loaded now with a progress bar."""
    bar: list[DeltaGenerator] = []

    def report(fraction: float, what: str) -> None:
        if not bar:
            bar.append(st.progress(0.0, text=_(LOADING_TEXT)))
        bar[0].progress(min(1.0, max(0.0, fraction)), text=f"{_(LOADING_TEXT)} {what}")

    try:
        return store().get_or_load(
            cache_key(access_token), lambda: load_inventory(graph_client(access_token), progress=report)
        )
    finally:
        if bar:
            bar[0].empty()


def refresh_inventory(access_token: str) -> None:
    """Forget the token's inventory: the next :func:`inventory` reads Facebook again."""
    store().forget(cache_key(access_token))
