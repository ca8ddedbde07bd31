"""Inventories kept per token: a bounded, thread-safe store with a time to live and an explicit refresh.

A load that failed (a lost connection, Facebook out of reach) is answered with the same error for
``failure_ttl`` seconds, so a page's reruns do not ask Facebook again and again; ``forget`` asks again at once.

Keys are :func:`token_key` digests, never tokens. Values are frozen :class:`~core.inventory.Inventory` objects,
so everyone asking with the same token may share one. The UI keeps one store per process (``ui.inventory``).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from core.graph import GraphError
from core.inventory.model import Inventory

MAX_AGE = 15 * 60  # seconds an inventory is served before it is read again
MAX_ENTRIES = 64
FAILURE_TTL = 60  # seconds a failed load is answered from memory


def token_key(base_url: str, access_token: str) -> str:
    """What the inventory of ``access_token`` at ``base_url`` is filed under: a SHA-256 digest."""
    return hashlib.sha256(f"{base_url}\n{access_token}".encode()).hexdigest()


@dataclass
class InventoryStore:
    """Inventories by key (token digest + base URL), least recently used dropped first; thread-safe. Two reruns
    asking for the same key at once load it once."""

    max_age: float = MAX_AGE
    max_entries: int = MAX_ENTRIES
    failure_ttl: float = FAILURE_TTL
    clock: Callable[[], float] = time.monotonic
    _entries: OrderedDict[str, tuple[float, Inventory]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _loading: dict[str, threading.Lock] = field(default_factory=dict)
    _failures: dict[str, tuple[float, GraphError]] = field(default_factory=dict)

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
            with self._lock:
                failed = self._failures.get(key)
            if failed is not None and self.clock() - failed[0] < self.failure_ttl:
                raise failed[1].with_traceback(None)
            try:
                inventory = load()
            except GraphError as error:
                with self._lock:
                    self._failures[key] = (self.clock(), error)
                    while len(self._failures) > self.max_entries:
                        self._failures.pop(next(iter(self._failures)))
                raise
            with self._lock:
                self._entries[key] = (self.clock(), inventory)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
            return inventory

    def clear(self) -> None:
        """Forget every inventory and failure (as for a new process)."""
        with self._lock:
            self._entries.clear()
            self._failures.clear()

    def forget(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)
            self._failures.pop(key, None)
