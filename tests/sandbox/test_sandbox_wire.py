"""Graph's wire details checked with real curl and the official SDK: ``?ids=`` lookups, the ``method`` override,
versions, and the ``WWW-Authenticate`` challenge on authentication errors."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from facebook_business.adobjects.adaccount import AdAccount
from facebook_business.adobjects.user import User
from facebook_business.api import FacebookAdsApi
from facebook_business.exceptions import FacebookRequestError

from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_AD_ACCOUNT_NO_FUNDING,
    DEMO_PERSON_JUNIOR,
    DEMO_USER_ID,
    Sandbox,
    serve_in_thread,
)
from tests.support.sandbox import FIXED_NOW, FakeClock, curl

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
ACT = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"
BULK = f"act_{DEMO_AD_ACCOUNT_BULK}"


@pytest.fixture
def served() -> Iterator[tuple[Sandbox, str]]:
    sandbox = Sandbox(clock=FakeClock(FIXED_NOW))
    base_url, stop = serve_in_thread(sandbox)
    yield sandbox, base_url
    stop()


def sdk_api(base_url: str, version: str = "v21.0", token: str = "demo-admin") -> FacebookAdsApi:
    api = FacebookAdsApi.init(access_token=token, api_version=version)
    api._session.GRAPH = base_url  # the SDK's base URL, pointed at the sandbox for this test only
    return api


@pytest.fixture
def restore_default_api() -> Iterator[None]:
    previous = FacebookAdsApi.get_default_api()
    yield
    FacebookAdsApi.set_default_api(previous)


# ---- ?ids= ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("prefix", ["", "/v21.0"])
def test_ids_lookup_keys_each_object_by_the_id_as_given(served, prefix: str) -> None:
    _, base_url = served
    answer = curl(
        "-G", "-d", "access_token=demo-admin", "-d", f"ids=me,{ACT},{BULK}", "-d", "fields=name", f"{base_url}{prefix}/"
    )
    assert answer.status == 200
    assert answer.json() == {
        "me": {"name": "Dana Demo", "id": DEMO_USER_ID},
        ACT: {"name": "Demo Outdoor – Main", "id": ACT},
        BULK: {"name": "Demo Outdoor – Catalog (bulk)", "id": BULK},
    }


def test_one_unreadable_id_fails_the_whole_lookup(served) -> None:
    _, base_url = served
    answer = curl(
        "-G",
        "-d",
        "access_token=demo-analyst",
        "-d",
        f"ids={ACT},act_{DEMO_AD_ACCOUNT_NO_FUNDING},act_42",
        f"{base_url}/v21.0/",
    )
    error = answer.json()["error"]
    assert answer.status == 404 and error["code"] == 803
    assert (
        error["message"]
        == f"(#803) Some of the aliases you requested do not exist: act_{DEMO_AD_ACCOUNT_NO_FUNDING},act_42"
    )
    many = ",".join(f"act_{300000000000001 + n}" for n in range(51))
    too_many = curl("-G", "-d", "access_token=demo-admin", "-d", f"ids={many}", f"{base_url}/v21.0/")
    assert too_many.status == 400 and too_many.json()["error"]["code"] == 100


def test_sdk_get_by_ids(served, restore_default_api) -> None:
    _, base_url = served
    sdk_api(base_url)
    accounts = AdAccount.get_by_ids(ids=[ACT, BULK], fields=[AdAccount.Field.name, AdAccount.Field.currency])
    assert {a["id"]: a["currency"] for a in accounts} == {ACT: "USD", BULK: "USD"}
    assert all(isinstance(a, AdAccount) for a in accounts)
    with pytest.raises(FacebookRequestError) as caught:
        AdAccount.get_by_ids(ids=[ACT, "act_42"], fields=["name"])
    assert caught.value.api_error_code() == 803 and caught.value.http_status() == 404


# ---- the method parameter -------------------------------------------------------------------------------------
def test_method_parameter_overrides_the_http_method(served) -> None:
    sandbox, base_url = served
    read = curl(
        "-X",
        "POST",
        "-d",
        "access_token=demo-admin",
        "-d",
        "method=get",
        "-d",
        "fields=name",
        f"{base_url}/v21.0/{ACT}",
    )
    assert read.json() == {"name": "Demo Outdoor – Main", "id": ACT}
    write = curl(
        "-G",
        "-d",
        "access_token=demo-admin",
        "-d",
        "method=post",
        "--data-urlencode",
        "name=Renamed by GET",
        f"{base_url}/v21.0/{ACT}",
    )
    assert write.json() == {"success": True}
    assert sandbox.world.ad_accounts[DEMO_AD_ACCOUNT_ACTIVE].name == "Renamed by GET"
    path = f"{base_url}/v21.0/{ACT}/assigned_users"
    add = curl("-d", "access_token=demo-admin", "-d", f"user={DEMO_PERSON_JUNIOR}", "-d", "tasks=['ANALYZE']", path)
    assert add.json() == {"success": True}
    remove = curl(
        "-X", "POST", "-d", "access_token=demo-admin", "-d", "method=delete", "-d", f"user={DEMO_PERSON_JUNIOR}", path
    )
    assert remove.json() == {"success": True}
    assert DEMO_PERSON_JUNIOR not in sandbox.world.ad_accounts[DEMO_AD_ACCOUNT_ACTIVE].user_tasks


# ---- versions -------------------------------------------------------------------------------------------------
def test_no_version_is_the_default_and_available_versions_answer_as_themselves(served) -> None:
    _, base_url = served
    bare = curl("-G", "-d", "access_token=demo-admin", f"{base_url}/me")
    assert bare.status == 200 and bare.headers["facebook-api-version"] == "v21.0"
    newer = curl("-G", "-d", "access_token=demo-admin", f"{base_url}/v25.0/me")
    assert newer.status == 200 and newer.headers["facebook-api-version"] == "v25.0"


@pytest.mark.parametrize("version", ["v99.0", "v2.80", "v21.5"])
def test_a_version_meta_never_released_is_an_unknown_path(served, version: str) -> None:
    _, base_url = served
    answer = curl("-G", "-d", "access_token=demo-admin", f"{base_url}/{version}/me/adaccounts")
    error = answer.json()["error"]
    assert answer.status == 400 and (error["code"], error["type"]) == (2500, "OAuthException")
    assert error["message"] == "Unknown path components: /me/adaccounts"


def test_a_retired_version_is_served_by_the_oldest_available_one_except_for_ads(served) -> None:
    _, base_url = served
    me = curl("-G", "-d", "access_token=demo-admin", f"{base_url}/v1.0/me")
    assert me.status == 200 and me.json()["id"] == DEMO_USER_ID and me.headers["facebook-api-version"] == "v21.0"
    ads = curl("-G", "-d", "access_token=demo-admin", f"{base_url}/v20.0/{ACT}/ads")
    error = ads.json()["error"]
    assert ads.status == 400 and (error["code"], error["type"]) == (2635, "OAuthException")
    assert error["message"] == (
        "(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: v27.0."
    )


def test_sdk_on_a_retired_version_gets_2635(served, restore_default_api) -> None:
    _, base_url = served
    sdk_api(base_url, version="v19.0")
    with pytest.raises(FacebookRequestError) as caught:
        AdAccount(ACT).api_get(fields=["name"])
    assert caught.value.api_error_code() == 2635
    assert User(fbid="me").api_get(fields=["name"])["name"] == "Dana Demo"


# ---- WWW-Authenticate -----------------------------------------------------------------------------------------
def test_www_authenticate_on_authentication_errors_missing_token_included(served) -> None:
    _, base_url = served
    missing = curl(f"{base_url}/v21.0/me")
    assert missing.status == 400 and missing.json()["error"]["code"] == 2500
    assert missing.headers["www-authenticate"] == (
        'OAuth "Facebook Platform" "invalid_request" '
        '"An active access token must be used to query information about the current user."'
    )
    no_token_node = curl(f"{base_url}/v21.0/{ACT}")
    assert no_token_node.headers["www-authenticate"].startswith(
        'OAuth "Facebook Platform" "invalid_request" "An access'
    )
    bad = curl("-G", "-d", "access_token=who-knows", f"{base_url}/v21.0/me")
    assert bad.headers["www-authenticate"] == (
        'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"'
    )
    expired = curl("-G", "-d", "access_token=demo-expired", f"{base_url}/v21.0/me")
    assert expired.headers["www-authenticate"].startswith('OAuth "Facebook Platform" "invalid_token" "Error validating')
    denied = curl(
        "-G", "-d", "access_token=demo-analyst", "-d", "name=x", "-d", "method=post", f"{base_url}/v21.0/{ACT}"
    )
    assert denied.status == 403 and '"invalid_request"' in denied.headers["www-authenticate"]
    fine = curl("-G", "-d", "access_token=demo-admin", f"{base_url}/v21.0/me")
    assert "www-authenticate" not in fine.headers


def test_sdk_sees_the_challenge_on_an_expired_token(served, restore_default_api) -> None:
    _, base_url = served
    sdk_api(base_url, token="demo-expired")
    with pytest.raises(FacebookRequestError) as caught:
        User(fbid="me").api_get(fields=["name"])
    assert caught.value.api_error_code() == 190
    assert caught.value.http_headers()["WWW-Authenticate"].startswith('OAuth "Facebook Platform" "invalid_token"')
