"""The official facebook_business SDK, unmodified, against the sandbox's HTTP server.

The SDK builds URLs as ``FacebookSession.GRAPH + "/" + api_version + "/" + path``; the test points its session's
``GRAPH`` at the sandbox (and only here). The sandbox has an app secret, so every call also proves
``appsecret_proof`` the way the SDK sends it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from facebook_business.adobjects.adaccount import AdAccount
from facebook_business.adobjects.business import Business
from facebook_business.adobjects.user import User
from facebook_business.api import FacebookAdsApi, FacebookResponse
from facebook_business.exceptions import FacebookRequestError

from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_NO_FUNDING,
    DEMO_BUSINESS_ID_MAIN,
    Sandbox,
    serve_in_thread,
)

SECRET = "sdk-secret"


@pytest.fixture
def api() -> Iterator[FacebookAdsApi]:
    sandbox = Sandbox(app_secret=SECRET)
    base_url, stop = serve_in_thread(sandbox)
    previous = FacebookAdsApi.get_default_api()
    api = FacebookAdsApi.init(app_id=sandbox.app_id, app_secret=SECRET, access_token="demo-admin", api_version="v21.0")
    api._session.GRAPH = base_url  # the SDK's base URL, pointed at the sandbox for this test only
    try:
        yield api
    finally:
        FacebookAdsApi.set_default_api(previous)
        stop()


def test_user_businesses(api: FacebookAdsApi) -> None:
    businesses = list(User(fbid="me").get_businesses(fields=["id", "name", "verification_status"]))
    assert businesses[0]["id"] == DEMO_BUSINESS_ID_MAIN
    assert {b["verification_status"] for b in businesses} >= {"verified", "not_verified"}


def test_owned_ad_accounts_across_pages(api: FacebookAdsApi) -> None:
    cursor = Business(DEMO_BUSINESS_ID_MAIN).get_owned_ad_accounts(
        fields=[AdAccount.Field.id, AdAccount.Field.name, AdAccount.Field.account_status], params={"limit": 2}
    )
    accounts = list(cursor)
    assert len(accounts) == cursor.total() == 7  # four pages of two
    assert len({a["id"] for a in accounts}) == 7
    assert all(isinstance(a, AdAccount) and "account_status" in a for a in accounts)


def test_ad_account_read(api: FacebookAdsApi) -> None:
    account = AdAccount(f"act_{DEMO_AD_ACCOUNT_ACTIVE}").api_get(
        fields=[
            AdAccount.Field.name,
            AdAccount.Field.currency,
            AdAccount.Field.account_status,
            AdAccount.Field.funding_source_details,
            AdAccount.Field.business,
        ]
    )
    assert account["currency"] == "USD" and account["account_status"] == 1
    assert account["business"]["id"] == DEMO_BUSINESS_ID_MAIN


def test_batch(api: FacebookAdsApi) -> None:
    batch = api.new_batch()
    answers: dict[str, object] = {}

    def keep(name: str) -> Callable[[FacebookResponse], None]:
        return lambda response: answers.__setitem__(name, response)

    for name, account_id in (
        ("good", DEMO_AD_ACCOUNT_ACTIVE),
        ("other", DEMO_AD_ACCOUNT_NO_FUNDING),
        ("missing", "123"),
    ):
        AdAccount(f"act_{account_id}").api_get(fields=["name"], batch=batch, success=keep(name), failure=keep(name))
    assert batch.execute() is None  # nothing left to retry: an item's failure does not fail the batch
    good, missing = answers["good"], answers["missing"]
    assert isinstance(good, FacebookResponse) and good.json()["name"] == "Demo Outdoor – Main"
    assert isinstance(missing, FacebookResponse) and missing.is_failure()
    assert missing.error().api_error_code() == 100
    assert answers["other"].json()["id"] == f"act_{DEMO_AD_ACCOUNT_NO_FUNDING}"  # type: ignore[attr-defined]


def test_errors_surface_as_facebook_request_error(api: FacebookAdsApi) -> None:
    with pytest.raises(FacebookRequestError) as caught:
        AdAccount("act_123").api_get(fields=["name"])
    assert caught.value.api_error_code() == 100 and caught.value.api_error_subcode() == 33
    assert caught.value.http_status() == 400
    with pytest.raises(FacebookRequestError) as caught:
        AdAccount(f"act_{DEMO_AD_ACCOUNT_ACTIVE}").create_assigned_user(
            params={"user": "100000000000005", "tasks": ["MANAGE"]}
        )
    assert caught.value.api_error_code() == 100 and caught.value.api_error_subcode() == 1752129
    api._session.access_token = "demo-expired"
    api._session.requests.params.update(
        {"access_token": "demo-expired", "appsecret_proof": api._session._gen_appsecret_proof()}
    )
    with pytest.raises(FacebookRequestError) as caught:
        User(fbid="me").api_get(fields=["name"])
    assert caught.value.api_error_code() == 190 and caught.value.api_error_subcode() == 463


def test_create_an_ad_account_on_any_of_metas_time_zones(api: FacebookAdsApi) -> None:
    created = Business(DEMO_BUSINESS_ID_MAIN).create_ad_account(
        params={
            "name": "Taipei shop",
            "currency": "TWD",
            "timezone_id": 136,
            "end_advertiser": "NONE",
            "media_agency": "NONE",
            "partner": "NONE",
        }
    )
    account = AdAccount(created["id"]).api_get(fields=["timezone_id", "timezone_name"])
    assert (account["timezone_id"], account["timezone_name"]) == (136, "Asia/Taipei")
    with pytest.raises(FacebookRequestError) as caught:
        Business(DEMO_BUSINESS_ID_MAIN).create_ad_account(
            params={"name": "x", "currency": "EUR", "timezone_id": 476, "end_advertiser": "NONE"}
            | {"media_agency": "NONE", "partner": "NONE"}
        )
    assert caught.value.api_error_code() == 100
