"""Graph reads the pages would otherwise repeat on every rerun: kept a few minutes per token, dropped after a write.

Every widget interaction reruns the whole page. ``read(fn, token, *args)`` returns ``fn(graph_client(token),
*args)``, asking Facebook at most once per :data:`TTL` for the same read, token and arguments; ``forget(token)``
drops every read of that token, so a page calls it after its own writes and its next run shows what Facebook
holds. Errors are not kept: a failing read raises again on the next run.

The cache key is the read's name, a digest of the token and the (non-secret) arguments, never the token itself.
``forget`` moves the token's generation on, which is part of the key: the older entries are never served again
(they age out with the TTL), and other people's reads stay cached.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, TypeVar

import streamlit as st

from core.connection import Identity, identify
from ui import runtime

T = TypeVar("T")
TTL = 300  # seconds
IDENTITY_TTL = 60  # seconds: a token revoked on Facebook is noticed within a minute

_generation_numbers = itertools.count(1)


@st.cache_resource(show_spinner=False)
def _generations() -> dict[str, int]:
    """Token digest → the generation its cached reads belong to (process-wide, like the reads themselves)."""
    return {}


@st.cache_data(ttl=TTL, max_entries=512, show_spinner=False)
def _cached(name: str, token_digest: str, generation: int, args: tuple[Hashable, ...], _load: Callable[[], Any]) -> Any:
    return _load()


@st.cache_data(ttl=IDENTITY_TTL, max_entries=512, show_spinner=False)
def _cached_identity(
    token_digest: str, generation: int, _load: Callable[[], tuple[Identity, datetime]]
) -> tuple[Identity, datetime]:
    return _load()


def _read(name: str, token: str, args: tuple[Hashable, ...], load: Callable[[], T]) -> T:
    digest = runtime.token_digest(token)
    return _cached(name, digest, _generations().get(digest, 0), args, load)  # type: ignore[no-any-return]


def read(fn: Callable[..., T], token: str, *args: Hashable) -> T:
    """``fn(graph_client(token), *args)``, from the cache when the same read was made in the last few minutes.
    ``args`` are part of the cache key: never pass a token or a secret there."""
    return _read(f"{fn.__module__}.{fn.__qualname__}", token, args, lambda: fn(runtime.graph_client(token), *args))


def forget(token: str) -> None:
    """Drop every cached read of ``token``: the next :func:`read` asks Facebook again."""
    _generations()[runtime.token_digest(token)] = next(_generation_numbers)


def identity(token: str) -> Identity:
    """Who the token belongs to and what ``debug_token`` says about it (:func:`core.connection.identify`), kept a
    minute (the token and the app token stay out of the key). Home and Connect share this one read. A kept answer
    whose token has expired since is read again at once."""
    return identity_read(token)[0]


def identity_read(token: str) -> tuple[Identity, datetime]:
    """:func:`identity`, and when Facebook was asked (so a page can say how old the answer is)."""
    digest = runtime.token_digest(token)

    def load() -> tuple[Identity, datetime]:
        return identify(runtime.graph_client(token), token, runtime.app_token()), runtime.clock()

    found, read_at = _cached_identity(digest, _generations().get(digest, 0), load)
    if found.token.is_valid and found.token.expires_soon(runtime.clock(), days=0):
        forget(token)
        found, read_at = _cached_identity(digest, _generations().get(digest, 0), load)
    return found, read_at
