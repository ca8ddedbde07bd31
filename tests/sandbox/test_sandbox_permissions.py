"""Revoking: ``DELETE /me/permissions/{permission}`` (one scope) and ``DELETE /me/permissions`` (the whole app), with
the official SDK and real curl; afterwards ``me/permissions`` and ``debug_token`` say so."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from facebook_business.adobjects.user import User
from facebook_business.api import FacebookAdsApi

from core.sandbox import DEMO_USER_ID, Sandbox, serve_in_thread
from core.sandbox.sandbox import ALL_SCOPES, LONG_LIVED
from tests.support.sandbox import FIXED_NOW, FakeClock, curl

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


@pytest.fixture
def served() -> Iterator[tuple[Sandbox, str, str]]:
    sandbox = Sandbox(clock=FakeClock(FIXED_NOW))
    token, _ = sandbox.mint_token(DEMO_USER_ID, ALL_SCOPES, LONG_LIVED)
    base_url, stop = serve_in_thread(sandbox)
    yield sandbox, base_url, token
    stop()


def debug(base_url: str, sandbox: Sandbox, token: str) -> dict:
    app_token = f"{sandbox.app_id}|any-secret"
    return curl(
        "-G", "-d", f"input_token={token}", "-d", f"access_token={app_token}", f"{base_url}/debug_token"
    ).json()["data"]


def test_sdk_revokes_one_permission(served) -> None:
    sandbox, base_url, token = served
    previous = FacebookAdsApi.get_default_api()
    api = FacebookAdsApi.init(access_token=token, api_version="v21.0")
    api._session.GRAPH = base_url  # the SDK's base URL, pointed at the sandbox for this test only
    try:
        User(fbid="me").delete_permissions(params={"permission": "ads_management"})  # the SDK drops "success"
        rows = {p["permission"]: p["status"] for p in User(fbid="me").get_permissions()}
    finally:
        FacebookAdsApi.set_default_api(previous)
    assert rows["ads_management"] == "declined" and rows["ads_read"] == "granted"
    data = debug(base_url, sandbox, token)
    assert data["is_valid"] is True and "ads_management" not in data["scopes"]


def test_curl_revokes_one_permission_by_path_and_reads_one(served) -> None:
    sandbox, base_url, token = served
    gone = curl("-X", "DELETE", "-d", f"access_token={token}", f"{base_url}/v21.0/me/permissions/pages_show_list")
    assert gone.status == 200 and gone.json() == {"success": True}
    one = curl("-G", "-d", f"access_token={token}", f"{base_url}/v21.0/me/permissions/pages_show_list")
    assert one.json()["data"] == [{"permission": "pages_show_list", "status": "declined"}]
    assert curl("-G", "-d", f"access_token={token}", f"{base_url}/v21.0/me/accounts").json() == {"data": []}
    assert "pages_show_list" not in debug(base_url, sandbox, token)["scopes"]


def test_revoking_the_app_invalidates_the_token(served) -> None:
    sandbox, base_url, token = served
    revoked = curl("-X", "DELETE", "-d", f"access_token={token}", f"{base_url}/v21.0/me/permissions")
    assert revoked.json() == {"success": True}
    after = curl("-G", "-d", f"access_token={token}", f"{base_url}/v21.0/me")
    error = after.json()["error"]
    assert after.status == 400 and (error["code"], error["error_subcode"]) == (190, 458)
    assert (
        error["message"] == f"Error validating access token: The user has not authorized application {sandbox.app_id}."
    )
    assert after.headers["www-authenticate"].startswith('OAuth "Facebook Platform" "invalid_token"')
    data = debug(base_url, sandbox, token)
    assert data["is_valid"] is False and data["error"]["subcode"] == 458


def test_only_the_person_or_the_app_may_revoke(served) -> None:
    sandbox, base_url, token = served
    other = curl("-X", "DELETE", "-d", "access_token=demo-analyst", f"{base_url}/v21.0/{DEMO_USER_ID}/permissions")
    assert other.status == 403 and other.json()["error"]["code"] == 200
    app = curl("-X", "DELETE", "-d", f"access_token={sandbox.app_id}|s", f"{base_url}/v21.0/{DEMO_USER_ID}/permissions")
    assert app.json() == {"success": True}
    assert curl("-G", "-d", f"access_token={token}", f"{base_url}/v21.0/me").status == 400
