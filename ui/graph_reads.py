"""Graph reads the pages would otherwise repeat on every rerun: kept a few minutes per token, dropped after a write.

Every widget interaction reruns the whole page. ``read(fn, token, *args)`` returns ``fn(graph_client(token),
*args)``, asking Facebook at most once per :data:`TTL` for the same read, token and arguments; ``forget(token)``
drops every read of that token, so a page calls it after its own writes and its next run shows what Facebook
holds. A failed read is answered again from memory for :data:`FAILURE_TTL` (a lost connection does not come back
by asking again on every rerun: a new login or "check again" calls ``forget``), so an unchanged rerun never calls
Facebook, whatever the last answer was.

The cache key is the read's name, a digest of the token and the (non-secret) arguments, never the token itself.
What is kept holds no words (a failure's words are written when read, in the reader's language), so one read
serves every language and switching language asks Facebook nothing.
``forget`` moves the token's generation on, which is part of the key: the older entries are never served again
(they age out with the TTL), and other people's reads stay cached.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, TypeVar

import streamlit as st

from core.connection import Identity, identify
from core.graph import GraphError
from ui import runtime

T = TypeVar("T")
TTL = 300  # seconds
IDENTITY_TTL = 60  # seconds: a token revoked on Facebook is noticed within a minute
FAILURE_TTL = 60  # seconds a failed read is answered from memory
MAX_FAILURES = 512

_generation_numbers = itertools.count(1)
Key = tuple[Hashable, ...]


@st.cache_resource(show_spinner=False)
def _generations() -> dict[str, int]:
    """Token digest → the generation its cached reads belong to (process-wide, like the reads themselves)."""
    return {}


@st.cache_resource(show_spinner=False)
def _failures() -> dict[Key, tuple[float, GraphError]]:
    """Read key → when it failed and Graph's error (kept as the object: an error does not survive pickling)."""
    return {}


@st.cache_data(ttl=TTL, max_entries=512, show_spinner=False)
def _cached(name: str, token_digest: str, generation: int, args: tuple[Hashable, ...], _load: Callable[[], Any]) -> Any:
    return _load()


@st.cache_data(ttl=IDENTITY_TTL, max_entries=512, show_spinner=False)
def _cached_identity(
    token_digest: str, generation: int, _load: Callable[[], tuple[Identity, datetime]]
) -> tuple[Identity, datetime]:
    return _load()


def _remembering_failures(key: Key, load: Callable[[], T]) -> T:
    """``load()``, unless the same read failed less than :data:`FAILURE_TTL` ago: then that failure again."""
    failures = _failures()
    failed = failures.get(key)
    if failed is not None and time.monotonic() - failed[0] < FAILURE_TTL:
        raise failed[1].with_traceback(None)
    try:
        return load()
    except GraphError as error:
        now = time.monotonic()
        for old in [k for k, (at, _error) in list(failures.items()) if now - at >= FAILURE_TTL][:MAX_FAILURES]:
            failures.pop(old, None)
        if len(failures) < MAX_FAILURES:
            failures[key] = (now, error)
        raise


def _read(name: str, token: str, args: tuple[Hashable, ...], load: Callable[[], T]) -> tuple[T, datetime]:
    digest = runtime.token_digest(token)
    generation = _generations().get(digest, 0)
    return _remembering_failures(  # type: ignore[no-any-return]
        (name, digest, generation, args),
        lambda: _cached(name, digest, generation, args, lambda: (load(), runtime.clock())),
    )


def read(fn: Callable[..., T], token: str, *args: Hashable) -> T:
    """``fn(graph_client(token), *args)``, from the cache when the same read was made in the last few minutes.
    ``args`` are part of the cache key: never pass a token or a secret there."""
    return read_with_time(fn, token, *args)[0]


def read_with_time(fn: Callable[..., T], token: str, *args: Hashable) -> tuple[T, datetime]:
    """:func:`read`, and when Facebook was asked (a page says how old what it shows is)."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _read(name, token, args, lambda: fn(runtime.graph_client(token), *args))


def forget(token: str) -> None:
    """Drop every cached read of ``token``: the next :func:`read` asks Facebook again."""
    _generations()[runtime.token_digest(token)] = next(_generation_numbers)


def identity(token: str) -> Identity:
    """Who the token belongs to and what ``debug_token`` says about it (:func:`core.connection.identify`), kept a
    minute (the token and the app token stay out of the key). Home and Connect share this one read. A kept answer
    whose token or data access has ended since it was read is read again, once."""
    return identity_read(token)[0]


def identity_read(token: str) -> tuple[Identity, datetime]:
    """:func:`identity`, and when Facebook was asked (so a page can say how old the answer is)."""
    digest = runtime.token_digest(token)

    def load() -> tuple[Identity, datetime]:
        return identify(runtime.graph_client(token), token, runtime.app_token()), runtime.clock()

    def kept() -> tuple[Identity, datetime]:
        generation = _generations().get(digest, 0)
        return _remembering_failures(
            ("identity", digest, generation), lambda: _cached_identity(digest, generation, load)
        )

    found, read_at = kept()
    ends = (found.token.expires_at, found.token.data_access_expires_at)
    now = runtime.clock().timestamp()
    if found.token.is_valid and any(read_at.timestamp() < end <= now for end in ends if end > 0):
        forget(token)  # ended since it was read: ask Facebook again, once
        found, read_at = kept()
    return found, read_at
