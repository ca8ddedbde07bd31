"""Batch requests as Graph documents them: names, depends_on, JSONPath references, omitted answers, per-item
headers, failed dependencies; latency paid once per HTTP request. Real curl and the official SDK."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest
from facebook_business.adobjects.adaccount import AdAccount
from facebook_business.api import FacebookAdsApi, FacebookResponse

from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_ANALYST_USER_ID,
    DEMO_USER_ID,
    Faults,
    Sandbox,
    serve_in_thread,
)
from tests.support.sandbox import FIXED_NOW, FakeClock, curl

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
ACT = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"


@pytest.fixture
def served() -> Iterator[tuple[Sandbox, str, list[float]]]:
    slept: list[float] = []
    sandbox = Sandbox(clock=FakeClock(FIXED_NOW), faults=Faults(latency_ms=50, sleep=slept.append))
    base_url, stop = serve_in_thread(sandbox)
    yield sandbox, base_url, slept
    stop()


def post_batch(base_url: str, items: list[dict], *extra: str) -> list:
    batch = json.dumps(items)
    answer = curl("-F", "access_token=demo-admin", "--form-string", f"batch={batch}", *extra, f"{base_url}/v21.0/")
    assert answer.status == 200, answer.text
    return answer.json()


def body(item: dict) -> dict:
    return json.loads(item["body"])


def test_jsonpath_list_reference_is_joined_with_commas_and_the_referenced_answer_is_null(served) -> None:
    _, base_url, _ = served
    items = post_batch(
        base_url,
        [
            {"method": "GET", "name": "accounts", "relative_url": "me/adaccounts?limit=3"},
            {"method": "GET", "relative_url": "?ids={result=accounts:$.data.*.id}&fields=name"},
        ],
    )
    assert items[0] is None  # omit_response_on_success defaults to true for a referenced request
    looked_up = body(items[1])
    assert items[1]["code"] == 200 and len(looked_up) == 3 and all(k.startswith("act_") for k in looked_up)


def test_index_and_id_paths_in_url_and_body_and_omit_false(served) -> None:
    sandbox, base_url, _ = served
    items = post_batch(
        base_url,
        [
            {
                "method": "GET",
                "name": "first",
                "relative_url": "me/adaccounts?limit=1",
                "omit_response_on_success": False,
            },
            {"method": "GET", "name": "me", "relative_url": "me?fields=name"},
            {"method": "POST", "relative_url": "{result=first:$.data.0.id}", "body": "name={result=me:$.name} shop"},
            {"method": "GET", "relative_url": "{result=first:$.data[0].id}?fields=name", "depends_on": "me"},
        ],
    )
    assert items[0]["code"] == 200 and body(items[0])["data"][0]["id"] == ACT  # omit_response_on_success: false
    assert items[1] is None
    assert body(items[2]) == {"success": True}
    assert body(items[3]) == {"name": "Dana Demo shop", "id": ACT}
    assert sandbox.world.ad_accounts[DEMO_AD_ACCOUNT_ACTIVE].name == "Dana Demo shop"


def test_items_whose_dependency_failed_are_not_run_and_answer_null(served) -> None:
    _, base_url, _ = served
    items = post_batch(
        base_url,
        [
            {"method": "GET", "name": "missing", "relative_url": "act_42"},
            {"method": "POST", "relative_url": "{result=missing:$.id}", "body": "name=never"},
            {"method": "GET", "name": "after", "relative_url": "me", "depends_on": "missing"},
            {"method": "GET", "relative_url": "me", "depends_on": ["after"]},
            {"method": "GET", "relative_url": "me?fields=id"},
        ],
    )
    assert items[0]["code"] == 400 and body(items[0])["error"]["error_subcode"] == 33  # failures are never omitted
    assert items[1:4] == [None, None, None]
    assert body(items[4]) == {"id": DEMO_USER_ID}


def test_item_headers_in_graphs_and_the_sdks_form_and_answers_in_request_order(served) -> None:
    _, base_url, _ = served
    independent = [{"method": "GET", "relative_url": f"act_{300000000000000 + n}?fields=id"} for n in (1, 2, 3)]
    items = post_batch(
        base_url,
        [
            {"method": "GET", "relative_url": "me", "headers": ["Authorization: OAuth demo-analyst"]},
            {
                "method": "GET",
                "relative_url": "me",
                "headers": [{"name": "Authorization", "value": "Bearer demo-analyst"}],
            },
            *independent,
        ],
        "-F",
        "include_headers=false",
    )
    assert body(items[0])["id"] == body(items[1])["id"] == DEMO_ANALYST_USER_ID
    assert [body(i)["id"] for i in items[2:]] == ["act_300000000000001", "act_300000000000002", "act_300000000000003"]
    assert all("headers" not in i for i in items)


def test_a_batch_of_fifty_pays_the_latency_once(served) -> None:
    _, base_url, slept = served
    items = post_batch(base_url, [{"method": "GET", "relative_url": f"{ACT}?fields=name"}] * 50)
    assert len(items) == 50 and {i["code"] for i in items} == {200}
    assert slept == [0.05]  # one HTTP request, one latency: not fifty
    curl("-G", "-d", "access_token=demo-admin", f"{base_url}/v21.0/me")
    assert slept == [0.05, 0.05]


def test_unknown_names_and_refused_jsonpath_fail_their_item_only(served) -> None:
    _, base_url, _ = served
    items = post_batch(
        base_url,
        [
            {"method": "GET", "relative_url": "me", "depends_on": "nobody"},
            {"method": "GET", "name": "me", "relative_url": "me"},
            {"method": "GET", "relative_url": "{result=me:$..[?(@.id)]}"},
        ],
    )
    assert items[0]["code"] == 400 and "nobody" in body(items[0])["error"]["message"]
    assert items[1] is None and items[2]["code"] == 400


@pytest.fixture
def sdk(served) -> Iterator[tuple[FacebookAdsApi, list[float]]]:
    _, base_url, slept = served
    previous = FacebookAdsApi.get_default_api()
    api = FacebookAdsApi.init(access_token="demo-admin", api_version="v21.0")
    api._session.GRAPH = base_url  # the SDK's base URL, pointed at the sandbox for this test only
    yield api, slept
    FacebookAdsApi.set_default_api(previous)


def test_sdk_new_batch_of_fifty_is_one_request(sdk) -> None:
    api, slept = sdk
    batch = api.new_batch()
    answers: list[FacebookResponse] = []
    for _ in range(50):
        AdAccount(ACT).api_get(fields=["name"], batch=batch, success=answers.append, failure=answers.append)
    assert batch.execute() is None
    assert len(answers) == 50 and all(a.json()["name"] == "Demo Outdoor – Main" for a in answers)
    assert slept == [0.05]
