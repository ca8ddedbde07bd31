"""Facebook Login helpers: the dialog URL, code and token exchanges, and ``debug_token``.

Small and pure: each takes a ``GraphClient`` (any token; the exchanges send the app's credentials instead) and
returns plain values. Tokens are kept out of ``repr``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from core.graph.client import GraphClient
from core.graph.errors import GraphError, error_from_response


@dataclass(frozen=True)
class AccessToken:
    token: str = field(repr=False)
    token_type: str | None = None
    expires_in: int | None = None  # seconds; None when Facebook gives no expiry


@dataclass(frozen=True)
class TokenInfo:
    """What ``debug_token`` says about a token. ``expires_at`` / ``data_access_expires_at`` are Unix seconds;
    0 means never."""

    is_valid: bool
    expires_at: int = 0
    data_access_expires_at: int = 0
    scopes: tuple[str, ...] = ()
    user_id: str | None = None
    app_id: str | None = None
    error: GraphError | None = None

    def missing_scopes(self, required: Iterable[str]) -> tuple[str, ...]:
        """Required scopes not granted, in the order asked."""
        granted = set(self.scopes)
        return tuple(s for s in required if s not in granted)

    def expires_soon(self, now: datetime | float, days: float = 7) -> bool:
        """True when the token or its data access ends within ``days`` of ``now`` (or has ended)."""
        moment = now.timestamp() if isinstance(now, datetime) else float(now)
        horizon = moment + days * 86400
        return any(0 < t <= horizon for t in (self.expires_at, self.data_access_expires_at))


def login_dialog_url(
    dialog_base: str, version: str, app_id: str, redirect_uri: str, state: str, scopes: Sequence[str]
) -> str:
    """Where to send the browser for Facebook Login; Facebook comes back to ``redirect_uri`` with ``code`` and
    ``state``."""
    query = urlencode(
        {
            "client_id": app_id,
            "redirect_uri": redirect_uri,
            "state": state,
            "scope": ",".join(scopes),
            "response_type": "code",
        }
    )
    return f"{dialog_base.rstrip('/')}/{version}/dialog/oauth?{query}"


def exchange_code(client: GraphClient, app_id: str, app_secret: str, redirect_uri: str, code: str) -> AccessToken:
    """Trade the ``code`` from the login redirect for a (short-lived) user token."""
    return _access_token(
        client.get(
            "oauth/access_token",
            {"client_id": app_id, "client_secret": app_secret, "redirect_uri": redirect_uri, "code": code},
        )
    )


def exchange_long_lived(client: GraphClient, app_id: str, app_secret: str, token: str) -> AccessToken:
    """Trade a short-lived user token for a long-lived one (about 60 days)."""
    return _access_token(
        client.get(
            "oauth/access_token",
            {
                "grant_type": "fb_exchange_token",
                "client_id": app_id,
                "client_secret": app_secret,
                "fb_exchange_token": token,
            },
        )
    )


def debug_token(client: GraphClient, input_token: str, app_token: str | None = None) -> TokenInfo:
    """Inspect ``input_token``, calling as ``app_token`` (``app_id|app_secret``) when given, else as the
    client."""
    caller = client.with_token(app_token) if app_token else client
    data: dict[str, Any] = caller.get("debug_token", {"input_token": input_token}).get("data") or {}
    error = data.get("error")
    return TokenInfo(
        is_valid=bool(data.get("is_valid")),
        expires_at=_int(data.get("expires_at")),
        data_access_expires_at=_int(data.get("data_access_expires_at")),
        scopes=tuple(data.get("scopes") or ()),
        user_id=str(data["user_id"]) if data.get("user_id") is not None else None,
        app_id=str(data["app_id"]) if data.get("app_id") is not None else None,
        error=_token_error(error, (input_token, app_token)) if isinstance(error, dict) else None,
    )


def _token_error(error: dict[str, Any], secrets: tuple[str | None, ...]) -> GraphError:
    """``debug_token`` names the subcode ``subcode`` (elsewhere Graph says ``error_subcode``)."""
    body = {"error": {"error_subcode": error.get("subcode"), **error}}
    return error_from_response(400, body, secrets=secrets)


def _access_token(body: dict[str, Any]) -> AccessToken:
    expires = body.get("expires_in")
    return AccessToken(
        token=str(body["access_token"]),
        token_type=body.get("token_type"),
        expires_in=_int(expires) if expires is not None else None,
    )


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0
