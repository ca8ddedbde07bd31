"""Facebook Login helpers against a fake transport."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from core.config import REQUIRED_SCOPES
from core.graph import (
    AuthenticationError,
    TokenInfo,
    appsecret_proof,
    debug_token,
    exchange_code,
    exchange_long_lived,
    login_dialog_url,
)
from tests.support.graph_fakes import APP_SECRET, FakeAdapter, Reply, make_client

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DAY = 86400


def test_login_dialog_url() -> None:
    url = login_dialog_url("https://www.facebook.com/", "v21.0", "1234", "https://app/cb", "st4te", REQUIRED_SCOPES)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.facebook.com", "/v21.0/dialog/oauth")
    assert parse_qs(parts.query) == {
        "client_id": ["1234"],
        "redirect_uri": ["https://app/cb"],
        "state": ["st4te"],
        "scope": [",".join(REQUIRED_SCOPES)],
        "response_type": ["code"],
    }


def test_exchange_code_and_long_lived() -> None:
    adapter = FakeAdapter(
        [
            Reply(body={"access_token": "short-token", "token_type": "bearer", "expires_in": 5183}),
            Reply(body={"access_token": "long-token", "token_type": "bearer", "expires_in": 5183944}),
        ]
    )
    client = make_client(adapter, token="")
    short = exchange_code(client, "1234", APP_SECRET, "https://app/cb", "the-code")
    assert (short.token, short.expires_in) == ("short-token", 5183)
    assert "short-token" not in repr(short)
    long = exchange_long_lived(client, "1234", APP_SECRET, short.token)
    assert long.token == "long-token"
    first, second = adapter.sent
    assert first.path == second.path == "/v21.0/oauth/access_token"
    assert first.param("code") == "the-code" and first.param("client_secret") == APP_SECRET
    assert first.param("redirect_uri") == "https://app/cb" and first.param("access_token") is None
    assert second.param("grant_type") == "fb_exchange_token" and second.param("fb_exchange_token") == "short-token"


def test_debug_token_as_the_app() -> None:
    data = {
        "app_id": "1234",
        "user_id": "42",
        "is_valid": True,
        "expires_at": int(NOW.timestamp()) + 3 * DAY,
        "data_access_expires_at": int(NOW.timestamp()) + 80 * DAY,
        "scopes": ["ads_read", "ads_management", "public_profile"],
    }
    adapter = FakeAdapter([Reply(body={"data": data})])
    info = debug_token(make_client(adapter), "user-token", app_token="1234|app-secret")
    sent = adapter.sent[0]
    assert sent.path == "/v21.0/debug_token" and sent.param("input_token") == "user-token"
    assert sent.param("access_token") == "1234|app-secret"
    assert sent.param("appsecret_proof") == appsecret_proof(APP_SECRET, "1234|app-secret")
    assert info.is_valid and info.user_id == "42" and info.app_id == "1234"
    assert info.missing_scopes(REQUIRED_SCOPES) == (
        "business_management",
        "pages_show_list",
        "pages_read_engagement",
    )
    assert info.expires_soon(NOW) and not info.expires_soon(NOW, days=2)


def test_debug_token_reports_an_invalidated_token() -> None:
    data = {
        "is_valid": False,
        "expires_at": 0,
        "scopes": [],
        "error": {"code": 190, "subcode": 460, "message": "password changed"},
    }
    info = debug_token(make_client(FakeAdapter([Reply(body={"data": data})])), "user-token")
    assert not info.is_valid
    assert isinstance(info.error, AuthenticationError)
    assert info.error.subcode == 460 and "password" in info.error.user_message


@pytest.mark.parametrize(
    ("expires_at", "data_access", "soon"),
    [
        (0, 0, False),  # never expires
        (0, 6 * DAY, True),  # token never expires but data access ends in 6 days
        (8 * DAY, 90 * DAY, False),
        (7 * DAY, 90 * DAY, True),
        (-DAY, 0, True),  # already expired
    ],
)
def test_expires_soon(expires_at: int, data_access: int, soon: bool) -> None:
    now = int(NOW.timestamp())
    info = TokenInfo(
        is_valid=True,
        expires_at=now + expires_at if expires_at else 0,
        data_access_expires_at=now + data_access if data_access else 0,
    )
    assert info.expires_soon(NOW) is soon
    assert info.expires_soon(NOW.timestamp()) is soon
