"""The inventory for pages: loaded once per token and kept for a while, with an explicit refresh and a progress bar.

``inventory(token)`` returns the cached :class:`~core.inventory.Inventory` of that token, loading it (with an
``st.progress`` bar that goes away when done) when there is none or it is older than :data:`MAX_AGE`.
``refresh_inventory(token)`` forgets it, so the next call reads Facebook again. Errors are not cached: an
expired token raises :class:`core.graph.AuthenticationError` every time (pages show ``user_message``).

Why not ``st.cache_data``: it would replay the progress bar drawn during a load on every later rerun, and its
only per-entry refresh is keyed by the function's arguments. This is the same idea (one shared, process-wide
cache, bounded, with a time to live) in a ``st.cache_resource`` store. The key is a SHA-256 digest of the token
(with the Graph base URL), never the token itself; values are frozen dataclasses, so sessions can share them.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core.inventory import Inventory, load_inventory
from ui.runtime import graph_client, settings

MAX_AGE = 15 * 60  # seconds an inventory is shown before it is read again
MAX_ENTRIES = 64
LOADING_TEXT = "Loading your Facebook assets…"


@dataclass
class InventoryStore:
    """Inventories by key (token digest + base URL), least recently used dropped first; thread-safe. Two reruns
    asking for the same key at once load it once."""

    max_age: float = MAX_AGE
    max_entries: int = MAX_ENTRIES
    clock: Callable[[], float] = time.monotonic
    _entries: OrderedDict[str, tuple[float, Inventory]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _loading: dict[str, threading.Lock] = field(default_factory=dict)

    def keys(self) -> list[str]:
        with self._lock:
            return list(self._entries)

    def get(self, key: str) -> Inventory | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or self.clock() - entry[0] >= self.max_age:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def get_or_load(self, key: str, load: Callable[[], Inventory]) -> Inventory:
        cached = self.get(key)
        if cached is not None:
            return cached
        with self._lock:
            gate = self._loading.setdefault(key, threading.Lock())
        with gate:
            cached = self.get(key)  # another rerun may have loaded it meanwhile
            if cached is not None:
                return cached
            inventory = load()
            with self._lock:
                self._entries[key] = (self.clock(), inventory)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
            return inventory

    def forget(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)


@st.cache_resource(show_spinner=False)
def store() -> InventoryStore:
    return InventoryStore()


def cache_key(access_token: str) -> str:
    """What the inventory of ``access_token`` is filed under: a digest, never the token."""
    return hashlib.sha256(f"{settings().graph_base_url}\n{access_token}".encode()).hexdigest()


def inventory(access_token: str) -> Inventory:
    """The token's inventory, from the cache or loaded now with a progress bar."""
    bar: list[DeltaGenerator] = []

    def report(fraction: float, what: str) -> None:
        if not bar:
            bar.append(st.progress(0.0, text=LOADING_TEXT))
        bar[0].progress(min(1.0, max(0.0, fraction)), text=f"{LOADING_TEXT} {what}")

    try:
        return store().get_or_load(
            cache_key(access_token), lambda: load_inventory(graph_client(access_token), progress=report)
        )
    finally:
        if bar:
            bar[0].empty()


def cached_inventory(access_token: str) -> Inventory | None:
    """The token's inventory if one is cached and fresh, without loading."""
    return store().get(cache_key(access_token))


def refresh_inventory(access_token: str) -> None:
    """Forget the token's inventory: the next :func:`inventory` reads Facebook again."""
    store().forget(cache_key(access_token))
