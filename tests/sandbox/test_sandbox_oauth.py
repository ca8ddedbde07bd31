"""Facebook Login emulation: consent dialog, code exchange, long-lived tokens, debug_token (headless)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from core.config import REQUIRED_SCOPES, SANDBOX_BASE_URL
from core.sandbox import DEMO_ANALYST_USER_ID, DEMO_USER_ID, Sandbox, sandbox_session
from core.sandbox.errors import GraphError
from tests.support.sandbox import FakeClock, error_of, proof

SECRET = "app-secret"
REDIRECT = "https://store.example/callback"


@pytest.fixture
def login(sbx_clock: FakeClock) -> tuple[Sandbox, requests.Session]:
    sandbox = Sandbox(app_secret=SECRET, clock=sbx_clock, redirect_uris=(REDIRECT,))
    return sandbox, sandbox_session(sandbox)


def consent(session: requests.Session, app_id: str, *, allow: bool = True, untick: tuple[str, ...] = ()) -> dict:
    dialog = session.get(
        f"{SANDBOX_BASE_URL}/v21.0/dialog/oauth",
        params={
            "client_id": app_id,
            "redirect_uri": REDIRECT,
            "state": "st-123",
            "scope": ",".join(REQUIRED_SCOPES),
            "response_type": "code",
        },
        timeout=10,
    )
    assert dialog.status_code == 200 and "text/html" in dialog.headers["content-type"]
    for scope in REQUIRED_SCOPES:
        assert f'value="{scope}" checked' in dialog.text
    assert 'action="/dialog/oauth/confirm"' in dialog.text
    form = {
        "client_id": app_id,
        "redirect_uri": REDIRECT,
        "state": "st-123",
        "requested_scope": ",".join(REQUIRED_SCOPES),
        "action": "allow" if allow else "cancel",
        "scope": [s for s in REQUIRED_SCOPES if s not in untick],
    }
    answer = session.post(f"{SANDBOX_BASE_URL}/dialog/oauth/confirm", data=form, allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    return {k: v[0] for k, v in parse_qs(location.query).items()}


def exchange(session: requests.Session, app_id: str, code: str, **overrides: str) -> requests.Response:
    params = {"client_id": app_id, "redirect_uri": REDIRECT, "client_secret": SECRET, "code": code, **overrides}
    return session.get(f"{SANDBOX_BASE_URL}/v21.0/oauth/access_token", params=params, timeout=10)


def test_approve_exchange_and_use(login: tuple[Sandbox, requests.Session]) -> None:
    sandbox, session = login
    redirect = consent(session, sandbox.app_id)
    assert redirect["state"] == "st-123" and redirect["code"]
    token = exchange(session, sandbox.app_id, redirect["code"]).json()
    assert token["token_type"] == "bearer" and 0 < token["expires_in"] <= 2 * 3600
    me = session.get(
        f"{SANDBOX_BASE_URL}/v21.0/me",
        params={"access_token": token["access_token"], "appsecret_proof": proof(token["access_token"], SECRET)},
        timeout=10,
    )
    assert me.json()["id"] == DEMO_USER_ID


def test_code_is_single_use_and_bound_to_redirect_uri(login: tuple[Sandbox, requests.Session]) -> None:
    sandbox, session = login
    code = consent(session, sandbox.app_id)["code"]
    mismatch = error_of(exchange(session, sandbox.app_id, code, redirect_uri="https://evil.example/cb"))
    assert mismatch["code"] == 100 and "redirect_uri" in mismatch["message"]
    assert exchange(session, sandbox.app_id, code).status_code == 200
    reused = error_of(exchange(session, sandbox.app_id, code))
    assert (reused["code"], reused["error_subcode"]) == (100, 36009)
    assert error_of(exchange(session, sandbox.app_id, "garbage"))["code"] == 100


def test_wrong_secret_and_app(login: tuple[Sandbox, requests.Session]) -> None:
    sandbox, session = login
    code = consent(session, sandbox.app_id)["code"]
    wrong = exchange(session, sandbox.app_id, code, client_secret="nope")
    assert wrong.status_code == 400 and error_of(wrong)["code"] == 1
    assert error_of(exchange(session, "999", code))["code"] == 101


def test_code_expires(login: tuple[Sandbox, requests.Session], sbx_clock: FakeClock) -> None:
    sandbox, session = login
    code = consent(session, sandbox.app_id)["code"]
    sbx_clock.advance(minutes=11)
    assert error_of(exchange(session, sandbox.app_id, code))["error_subcode"] == 36007


def test_cancel(login: tuple[Sandbox, requests.Session]) -> None:
    sandbox, session = login
    redirect = consent(session, sandbox.app_id, allow=False)
    assert redirect == {
        "error": "access_denied",
        "error_code": "200",
        "error_description": "Permissions error",
        "error_reason": "user_denied",
        "state": "st-123",
    }


def test_unticked_scopes_are_declined(login: tuple[Sandbox, requests.Session]) -> None:
    sandbox, session = login
    code = consent(session, sandbox.app_id, untick=("ads_management",))["code"]
    token = exchange(session, sandbox.app_id, code).json()["access_token"]
    debug = session.get(
        f"{SANDBOX_BASE_URL}/v21.0/debug_token",
        params={"input_token": token, "access_token": f"{sandbox.app_id}|{SECRET}"},
        timeout=10,
    ).json()["data"]
    assert "ads_management" not in debug["scopes"] and "ads_read" in debug["scopes"]


def test_long_lived_exchange(login: tuple[Sandbox, requests.Session], sbx_clock: FakeClock) -> None:
    sandbox, session = login
    short = exchange(session, sandbox.app_id, consent(session, sandbox.app_id)["code"]).json()["access_token"]
    long = session.get(
        f"{SANDBOX_BASE_URL}/oauth/access_token",
        params={
            "grant_type": "fb_exchange_token",
            "client_id": sandbox.app_id,
            "client_secret": SECRET,
            "fb_exchange_token": short,
        },
        timeout=10,
    ).json()
    assert long["expires_in"] >= 59 * 24 * 3600 and long["access_token"] != short
    sbx_clock.advance(hours=3)  # the short-lived token is gone, the long-lived one still works
    app_token = f"{sandbox.app_id}|{SECRET}"
    debug = session.get(
        f"{SANDBOX_BASE_URL}/debug_token",
        params={"input_token": short, "access_token": app_token},
        timeout=10,
    ).json()["data"]
    assert debug["is_valid"] is False and debug["error"]["code"] == 190
    debug = session.get(
        f"{SANDBOX_BASE_URL}/debug_token",
        params={"input_token": long["access_token"], "access_token": app_token},
        timeout=10,
    ).json()["data"]
    assert debug["is_valid"] is True


def test_debug_token_of_demo_tokens(sbx: Sandbox) -> None:
    session = sandbox_session(sbx)
    now = sbx.now()

    def debug(token: str) -> dict:
        response = session.get(
            f"{SANDBOX_BASE_URL}/v21.0/debug_token",
            params={"input_token": token, "access_token": "demo-admin"},
            timeout=10,
        )
        return response.json()["data"]

    admin = debug("demo-admin")
    assert admin["is_valid"] is True and admin["type"] == "USER" and admin["user_id"] == DEMO_USER_ID
    assert set(admin["scopes"]) == set(REQUIRED_SCOPES)
    assert {g["scope"] for g in admin["granular_scopes"]} == set(REQUIRED_SCOPES)
    assert admin["expires_at"] > now.timestamp() + 7 * 24 * 3600
    assert abs(admin["data_access_expires_at"] - (now + timedelta(days=89)).timestamp()) < 5
    for key in ("app_id", "application", "issued_at"):
        assert admin[key]
    analyst = debug("demo-analyst")
    assert set(analyst["scopes"]) == {"ads_read", "business_management", "pages_show_list"}
    expired = debug("demo-expired")
    assert expired["is_valid"] is False
    assert (expired["error"]["code"], expired["error"]["subcode"]) == (190, 463)
    assert expired["expires_at"] < now.timestamp()
    unknown = debug("nonsense")
    assert unknown["is_valid"] is False and unknown["error"]["code"] == 190


def test_permissions_edge(sbx: Sandbox) -> None:
    session = sandbox_session(sbx)
    rows = session.get(
        f"{SANDBOX_BASE_URL}/v21.0/me/permissions", params={"access_token": "demo-analyst"}, timeout=10
    ).json()["data"]
    assert {"permission": "ads_management", "status": "declined"} in rows
    assert {"permission": "ads_read", "status": "granted"} in rows


def test_scopes_limit_what_a_minted_token_reads(login: tuple[Sandbox, requests.Session]) -> None:
    sandbox, session = login
    code = consent(session, sandbox.app_id, untick=("ads_management", "ads_read", "pages_show_list"))["code"]
    token = exchange(session, sandbox.app_id, code).json()["access_token"]
    params = {"access_token": token, "appsecret_proof": proof(token, SECRET)}
    adaccounts = session.get(f"{SANDBOX_BASE_URL}/v21.0/me/adaccounts", params=params, timeout=10)
    assert adaccounts.status_code == 403 and error_of(adaccounts)["code"] == 200
    assert session.get(f"{SANDBOX_BASE_URL}/v21.0/me/accounts", params=params, timeout=10).json() == {"data": []}
    assert session.get(f"{SANDBOX_BASE_URL}/v21.0/me/businesses", params=params, timeout=10).status_code == 200


def test_invalidated_and_never_expiring_tokens(sbx: Sandbox) -> None:
    session = sandbox_session(sbx)
    token, _ = sbx.mint_token(DEMO_USER_ID, tuple(REQUIRED_SCOPES), None, data_access=timedelta(days=3))

    def debug() -> dict:
        params = {"input_token": token, "access_token": "demo-admin"}
        return session.get(f"{SANDBOX_BASE_URL}/v21.0/debug_token", params=params, timeout=10).json()["data"]

    data = debug()
    assert data["is_valid"] is True and data["expires_at"] == 0  # never expires ...
    assert data["data_access_expires_at"] - sbx.now().timestamp() == 3 * 24 * 3600  # ... but data access ends
    sbx.invalidate_token(token, "password_changed")
    me = session.get(f"{SANDBOX_BASE_URL}/v21.0/me", params={"access_token": token}, timeout=10)
    assert (error_of(me)["code"], error_of(me)["error_subcode"]) == (190, 460)
    assert debug()["is_valid"] is False and debug()["error"]["subcode"] == 460


def test_a_new_login_after_the_app_was_removed_revives_the_demo_identity(login: tuple[Sandbox, requests.Session]):
    sandbox, session = login
    sandbox.revoke_app(sandbox.world.marketer_id)
    with pytest.raises(GraphError):
        sandbox.authenticate("demo-admin")
    code = consent(session, sandbox.app_id)["code"]
    assert exchange(session, sandbox.app_id, code).status_code == 200
    assert sandbox.authenticate("demo-admin").user_id == sandbox.world.marketer_id  # the demo can go on


def test_the_login_is_the_signed_in_persons(login: tuple[Sandbox, requests.Session]) -> None:
    """Facebook knows who allowed the app from its session cookie; the sandbox's is a demo token (expired or not)."""
    sandbox, session = login
    session.cookies.set("sandbox_session", "demo-analyst")
    dialog = session.get(
        f"{SANDBOX_BASE_URL}/v21.0/dialog/oauth",
        params={"client_id": sandbox.app_id, "redirect_uri": REDIRECT, "state": "s", "scope": "ads_read"},
        timeout=10,
    )
    assert "You are signed in as Alex Analyst." in dialog.text
    token = exchange(session, sandbox.app_id, consent(session, sandbox.app_id)["code"]).json()["access_token"]
    assert sandbox.authenticate(token).user_id == DEMO_ANALYST_USER_ID
    session.cookies.clear()
    token = exchange(session, sandbox.app_id, consent(session, sandbox.app_id)["code"]).json()["access_token"]
    assert sandbox.authenticate(token).user_id == DEMO_USER_ID  # nobody signed in: the demo marketer
