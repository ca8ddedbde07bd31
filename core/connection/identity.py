"""Who a token belongs to and what Facebook says about it: ``me`` and ``debug_token``, read together once.

The one place the app asks "whose connection is this, and is it still good"; Home, the Connect wizard's first
step and the background sync all use :func:`identify`.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.graph import GraphClient, TokenInfo, debug_token


@dataclass(frozen=True)
class Identity:
    user_id: str
    user_name: str
    token: TokenInfo


def identify(client: GraphClient, access_token: str, app_token: str | None = None) -> Identity:
    """``me`` (id, name) with ``client``'s token and ``debug_token`` of ``access_token``, asked as the app when
    ``app_token`` (``app_id|app_secret``) is given. Raises ``GraphError`` (an ``AuthenticationError`` when the
    connection is gone)."""
    me = client.get("me", fields=["id", "name"])
    info = debug_token(client, access_token, app_token)
    user_id = str(me.get("id") or info.user_id or "")
    return Identity(user_id, str(me.get("name") or user_id), info)
