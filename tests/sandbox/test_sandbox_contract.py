"""Graph's wire contract (docs/RULES.md, "The sandbox"), checked with plain ``requests`` in-process and over loopback
HTTP."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_NO_FUNDING,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_PIXEL_READY,
    DEMO_USER_ID,
    Sandbox,
    sandbox_session,
)
from tests.support.sandbox import VERSION, Graph, error_of, proof

ACT = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"


def test_me_and_default_fields(sbx_graph: Graph) -> None:
    assert sbx_graph.get("me").json() == {"id": DEMO_USER_ID, "name": "Dana Demo"}
    account = sbx_graph.get(ACT).json()
    assert account == {"id": ACT, "account_id": DEMO_AD_ACCOUNT_ACTIVE}
    first = sbx_graph.get("me/adaccounts").json()["data"][0]
    assert set(first) == {"id", "account_id"}
    assert set(sbx_graph.get(f"{DEMO_BUSINESS_ID_MAIN}/owned_pages").json()["data"][0]) == {"id", "name"}
    assert set(sbx_graph.get(f"{ACT}/ads").json()["data"][0]) == {"id"}


def test_fields_always_carry_the_id(sbx_graph: Graph) -> None:
    assert sbx_graph.get(ACT, fields="name").json() == {"name": "Demo Outdoor – Main", "id": ACT}


def test_paging_across_many_pages(sbx_graph: Graph) -> None:
    response = sbx_graph.get(f"{ACT}/ads", limit=50, fields="id,effective_status")
    seen: list[str] = []
    pages = 0
    while True:
        assert response.status_code == 200
        body = response.json()
        seen += [ad["id"] for ad in body["data"]]
        pages += 1
        next_url = body["paging"].get("next")
        if not next_url:
            break
        parts = urlsplit(next_url)
        assert f"{parts.scheme}://{parts.netloc}" == sbx_graph.base_url  # same host and port
        assert parts.path.startswith(f"/{VERSION}/")
        query = parse_qs(parts.query)
        assert query["access_token"] == ["demo-admin"] and query["fields"] == ["id,effective_status"]
        response = sbx_graph.session.get(next_url, timeout=10)
    ads = sbx_graph.sandbox.world.ads_by_account[DEMO_AD_ACCOUNT_ACTIVE]
    expected = sum(1 for ad in ads if ad.effective_status not in ("ARCHIVED", "DELETED"))  # Graph's default listing
    assert len(seen) == len(set(seen)) == expected and pages == -(-expected // 50)
    assert "next" not in body["paging"]


def test_after_cursor_and_default_page_size(sbx_graph: Graph) -> None:
    first = sbx_graph.get(f"{ACT}/ads").json()
    assert len(first["data"]) == 25
    after = first["paging"]["cursors"]["after"]
    second = sbx_graph.get(f"{ACT}/ads", after=after).json()
    assert second["data"][0]["id"] != first["data"][-1]["id"]
    assert int(second["data"][0]["id"]) == int(first["data"][-1]["id"]) + 1
    back = sbx_graph.get(f"{ACT}/ads", before=second["paging"]["cursors"]["before"]).json()
    assert back["data"] == first["data"]


def test_summary_on_any_edge(sbx_graph: Graph) -> None:
    body = sbx_graph.get(f"{DEMO_BUSINESS_ID_MAIN}/owned_ad_accounts", summary="true", limit=1).json()
    assert body["summary"]["total_count"] > 1 and len(body["data"]) == 1
    assert sbx_graph.get("me/businesses", summary="true").json()["summary"]["total_count"] == 5


def test_nested_fields_with_limits(sbx_graph: Graph) -> None:
    body = sbx_graph.get(
        "me", fields="id,name,businesses.limit(2){id,name,owned_ad_accounts.limit(3){id,name,adspixels{id,name}}}"
    ).json()
    businesses = body["businesses"]
    assert len(businesses["data"]) == 2 and "next" in businesses["paging"]
    main = businesses["data"][0]
    assert main["id"] == DEMO_BUSINESS_ID_MAIN
    accounts = main["owned_ad_accounts"]
    assert len(accounts["data"]) == 3 and accounts["paging"]["next"].startswith(sbx_graph.base_url)
    assert accounts["data"][0]["adspixels"]["data"][0]["id"] == DEMO_PIXEL_READY
    nested_next = sbx_graph.session.get(accounts["paging"]["next"], timeout=10).json()
    assert len(nested_next["data"]) == 3 and "adspixels" in json.dumps(nested_next)
    business = sbx_graph.get(ACT, fields="business{id,name},funding_source_details").json()
    assert business["business"] == {"id": DEMO_BUSINESS_ID_MAIN, "name": "Demo Outdoor Co."}


def test_fields_syntax_and_unknown_field_errors(sbx_graph: Graph) -> None:
    error = error_of(sbx_graph.get(ACT, fields="name{"))
    assert error["code"] == 2500
    error = error_of(sbx_graph.get(ACT, fields="nope"))
    assert error["code"] == 100 and "nonexisting field (nope)" in error["message"]


def test_paths_trailing_slash_unversioned_and_other_versions(sbx_graph: Graph) -> None:
    token = {"access_token": "demo-admin"}
    for url in (
        f"{sbx_graph.base_url}/{VERSION}/{ACT}/",
        f"{sbx_graph.base_url}/{ACT}",
        f"{sbx_graph.base_url}/v25.0/{ACT}",
        f"{sbx_graph.base_url}/v27.0/{ACT}/",
    ):
        assert sbx_graph.session.get(url, params=token, timeout=10).json()["id"] == ACT, url


def test_token_in_headers(sbx_graph: Graph) -> None:
    sbx_graph.token = None
    for header in ("OAuth demo-admin", "Bearer demo-admin"):
        response = sbx_graph.session.get(sbx_graph.url("me"), headers={"Authorization": header}, timeout=10)
        assert response.json()["id"] == DEMO_USER_ID


def test_tokens(sbx_graph: Graph) -> None:
    expired = error_of(sbx_graph.get("me", access_token="demo-expired"))
    assert (expired["code"], expired["error_subcode"], expired["type"]) == (190, 463, "OAuthException")
    assert expired["message"].startswith("Error validating access token: Session has expired on")
    unknown = error_of(sbx_graph.get("me", access_token="who-knows"))
    assert unknown["code"] == 190 and "error_subcode" not in unknown
    assert unknown["message"] == "Invalid OAuth access token - Cannot parse access token"
    assert sbx_graph.get("me", access_token="demo-expired").status_code == 400
    sbx_graph.token = None
    assert error_of(sbx_graph.get("me"))["code"] == 2500
    assert error_of(sbx_graph.get(ACT))["code"] == 104


def test_analyst_reads_only_its_accounts(sbx_graph: Graph) -> None:
    sbx_graph.token = "demo-analyst"
    assert sbx_graph.get(ACT, fields="name").status_code == 200
    ids = {a["id"] for a in sbx_graph.get("me/adaccounts").json()["data"]}
    assert ids == {f"act_{i}" for i in ("300000000000001", "300000000000002", "300000000000003")}
    hidden = sbx_graph.get(f"act_{DEMO_AD_ACCOUNT_NO_FUNDING}")
    error = error_of(hidden)
    assert hidden.status_code == 400 and (error["code"], error["error_subcode"]) == (100, 33)
    write = sbx_graph.post(ACT, name="renamed")
    assert write.status_code == 403 and error_of(write)["code"] == 200


def test_error_shape_and_statuses(sbx_graph: Graph) -> None:
    response = sbx_graph.get("act_42")
    error = error_of(response)
    assert response.status_code == 400
    assert error["message"].startswith("Unsupported get request. Object with ID 'act_42' does not exist")
    assert error["type"] == "GraphMethodException" and error["is_transient"] is False
    assert error["fbtrace_id"] and "x-fb-trace-id" in response.headers
    unknown_edge = error_of(sbx_graph.get(f"{ACT}/nothing_here"))
    assert unknown_edge["code"] == 2500
    post = sbx_graph.post("act_42", name="x")
    assert post.status_code == 400 and error_of(post)["message"].startswith("Unsupported post request")


def test_usage_headers_on_success_and_errors(sbx_graph: Graph) -> None:
    ok = sbx_graph.get(ACT, fields="name")
    app = json.loads(ok.headers["X-App-Usage"])
    assert set(app) == {"call_count", "total_cputime", "total_time"}
    account = json.loads(ok.headers["X-Ad-Account-Usage"])
    assert set(account) == {"acc_id_util_pct", "reset_time_duration", "ads_api_access_tier"}
    buc = json.loads(ok.headers["X-Business-Use-Case-Usage"])
    entry = buc[DEMO_BUSINESS_ID_MAIN][0]
    assert entry["type"] == "ads_management" and "estimated_time_to_regain_access" in entry
    for _ in range(8):
        sbx_graph.post(ACT, name="Demo Outdoor – Main")  # writes score 3
    after = json.loads(sbx_graph.get(ACT).headers["X-Ad-Account-Usage"])
    assert after["acc_id_util_pct"] > account["acc_id_util_pct"]
    failed = sbx_graph.get(ACT, fields="nope")
    assert failed.status_code == 400 and "X-Ad-Account-Usage" in failed.headers and "X-App-Usage" in failed.headers
    assert "X-App-Usage" in sbx_graph.get("me", access_token="demo-expired").headers


def test_batch(sbx_graph: Graph) -> None:
    batch = [
        {"method": "GET", "relative_url": f"{ACT}?fields=name"},
        {"method": "GET", "relative_url": f"/{VERSION}/me/businesses?limit=1"},
        {"method": "GET", "relative_url": "act_42"},
        {"method": "POST", "relative_url": f"{ACT}", "body": "name=Renamed+in+batch"},
        {"method": "GET", "relative_url": "me?access_token=demo-expired", "name": "expired"},
    ]
    for path in ("", f"{VERSION}/"):
        response = sbx_graph.session.post(
            f"{sbx_graph.base_url}/{path}",
            data={"access_token": "demo-admin", "batch": json.dumps(batch)},
            timeout=10,
        )
        assert response.status_code == 200
        items = response.json()
        assert [i["code"] for i in items] == [200, 200, 400, 200, 400]
        bodies = [json.loads(i["body"]) for i in items]
        assert bodies[0]["id"] == ACT and bodies[1]["data"][0]["id"] == DEMO_BUSINESS_ID_MAIN
        assert bodies[2]["error"]["code"] == 100 and bodies[3] == {"success": True}
        assert bodies[4]["error"]["error_subcode"] == 463
        names = {h["name"] for h in items[0]["headers"]}
        assert {"X-App-Usage", "X-Ad-Account-Usage", "X-Business-Use-Case-Usage"} <= names
    assert sbx_graph.get(ACT, fields="name").json()["name"] == "Renamed in batch"
    bare = sbx_graph.session.post(
        sbx_graph.base_url + "/",
        data={"access_token": "demo-admin", "batch": json.dumps(batch[:1]), "include_headers": "false"},
        timeout=10,
    ).json()
    assert "headers" not in bare[0] and bare[0]["code"] == 200


def test_batch_max_50_and_items_count_as_calls(sbx_graph: Graph) -> None:
    item = {"method": "GET", "relative_url": ACT}
    too_many = sbx_graph.session.post(
        sbx_graph.base_url + f"/{VERSION}/",
        data={"access_token": "demo-admin", "batch": json.dumps([item] * 51)},
        timeout=10,
    )
    assert too_many.status_code == 400 and error_of(too_many)["code"] == 100
    before = sbx_graph.sandbox.usage._accounts[DEMO_AD_ACCOUNT_ACTIVE]
    ok = sbx_graph.session.post(
        sbx_graph.base_url + f"/{VERSION}/",
        data={"access_token": "demo-admin", "batch": json.dumps([item] * 50)},
        timeout=10,
    )
    assert ok.status_code == 200 and len(ok.json()) == 50
    assert sbx_graph.sandbox.usage._accounts[DEMO_AD_ACCOUNT_ACTIVE] == before + 50


def test_list_params_in_both_forms(sbx_graph: Graph) -> None:
    path = f"{ACT}/assigned_users"
    user = "100000000000005"
    for tasks in ('["ADVERTISE","ANALYZE"]', "['ADVERTISE', 'ANALYZE']"):
        assert sbx_graph.post(path, user=user, tasks=tasks).json() == {"success": True}
        rows = sbx_graph.get(path, business=DEMO_BUSINESS_ID_MAIN).json()["data"]
        assert next(r for r in rows if r["id"] == user)["tasks"] == ["ADVERTISE", "ANALYZE"]
        sbx_graph.post(path, user=user, tasks='["ANALYZE"]')


def test_delete_params_in_query_or_form_body(sbx_graph: Graph) -> None:
    path = f"{ACT}/assigned_users"
    for user in ("100000000000003", "100000000000004"):
        assert user in {r["id"] for r in sbx_graph.get(f"{ACT}/users").json()["data"]}
    in_query = sbx_graph.session.delete(
        sbx_graph.url(path), params={"access_token": "demo-admin", "user": "100000000000003"}, timeout=10
    )
    assert in_query.json() == {"success": True}
    in_body = sbx_graph.session.delete(
        sbx_graph.url(path), params={"access_token": "demo-admin"}, data={"user": "100000000000004"}, timeout=10
    )
    assert in_body.json() == {"success": True}
    multipart = sbx_graph.session.delete(
        sbx_graph.url(path), files={"user": (None, "100000000000007"), "access_token": (None, "demo-admin")}, timeout=10
    )
    assert multipart.json() == {"success": True}
    left = {r["id"] for r in sbx_graph.get(f"{ACT}/users").json()["data"]}
    assert not {"100000000000003", "100000000000004", "100000000000007"} & left


def test_post_token_in_query_string_and_multipart(sbx_graph: Graph) -> None:
    response = sbx_graph.session.post(
        sbx_graph.url(ACT), params={"access_token": "demo-admin"}, files={"name": (None, "Multipart")}, timeout=10
    )
    assert response.json() == {"success": True}
    assert sbx_graph.get(ACT, fields="name").json()["name"] == "Multipart"


def test_json_body(sbx_graph: Graph) -> None:
    response = sbx_graph.session.post(
        sbx_graph.url(ACT), params={"access_token": "demo-admin"}, json={"name": "From JSON"}, timeout=10
    )
    assert response.json() == {"success": True}


def test_booleans_as_true(sbx_graph: Graph) -> None:
    rows = sbx_graph.get(f"{ACT}/ads_volume", show_breakdown_by_actor="true").json()["data"]
    assert rows and all("actor_id" in row for row in rows)


@pytest.mark.parametrize("secret_case", ["missing", "wrong", "right"])
def test_appsecret_proof(secret_case: str) -> None:
    sandbox = Sandbox(app_secret="s3cret")
    session = sandbox_session(sandbox)
    params = {"access_token": "demo-admin"}
    if secret_case == "wrong":
        params["appsecret_proof"] = proof("demo-admin", "not-the-secret")
    if secret_case == "right":
        params["appsecret_proof"] = proof("demo-admin", "s3cret")
    response = session.get(f"http://sandbox.local/{VERSION}/me", params=params, timeout=10)
    if secret_case == "right":
        assert response.json()["id"] == DEMO_USER_ID
        return
    error = error_of(response)
    assert response.status_code == 400 and error["code"] == 100
    expected = (
        "Invalid appsecret_proof provided in the API argument"
        if secret_case == "wrong"
        else "API calls from the server require an appsecret_proof argument"
    )
    assert error["message"] == expected
    assert "X-App-Usage" in response.headers


def test_adapter_returns_a_real_response(sbx_inprocess: Graph) -> None:
    response = sbx_inprocess.get("me")
    assert isinstance(response, requests.Response)
    assert response.url.startswith("http://sandbox.local/v21.0/me")
    assert response.request.method == "GET" and response.encoding.lower() == "utf-8"
    assert response.headers["content-type"].startswith("application/json")


def test_other_urls_are_not_captured(sbx: Sandbox) -> None:
    session = sandbox_session(sbx)
    adapter = session.get_adapter("https://sbx_graph.facebook.com/v21.0/me")
    assert type(adapter).__name__ == "HTTPAdapter"


def test_a_sandbox_bug_still_answers_like_graph(sbx_inprocess: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.sandbox import nodes

    def broken(ctx: object, obj: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setitem(nodes.NODE_TYPES["User"].fields, "email", broken)  # type: ignore[index]
    response = sbx_inprocess.get("me", fields="email")
    assert response.status_code == 500 and error_of(response)["code"] == 1
    assert "X-App-Usage" in response.headers


def test_after_cursor_follows_the_item_like_graph(sbx_graph: Graph) -> None:
    path = "act_300000000000007/users"
    first = sbx_graph.get(path, limit=10).json()
    removed = first["data"][3]["id"]
    assert sbx_graph.delete("act_300000000000007/assigned_users", user=removed).json() == {"success": True}
    second = sbx_graph.get(path, limit=10, after=first["paging"]["cursors"]["after"]).json()
    everyone = [u["id"] for u in sbx_graph.get(path, limit=100).json()["data"]]
    assert second["data"][0]["id"] == everyone[everyone.index(first["data"][-1]["id"]) + 1]
    error = error_of(sbx_graph.get(path, after="not a cursor!"))
    assert error["code"] == 100


def test_concurrent_clients_over_http(sbx_http: Graph) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def work(worker: int) -> list[int]:
        session = requests.Session()
        statuses = []
        for i in range(10):
            if i % 2:
                url = sbx_http.url(f"{ACT}/assigned_users")
                tasks = '["ANALYZE"]' if worker % 2 else '["ADVERTISE","ANALYZE"]'
                data = {"access_token": "demo-admin", "user": "100000000000005", "tasks": tasks}
                statuses.append(session.post(url, data=data, timeout=10).status_code)
            else:
                params = {"access_token": "demo-admin", "show_breakdown_by_actor": "true"}
                statuses.append(session.get(sbx_http.url(f"{ACT}/ads_volume"), params=params, timeout=10).status_code)
        return statuses

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = [s for statuses in pool.map(work, range(8)) for s in statuses]
    assert results == [200] * 80
    assert sbx_http.sandbox.usage._accounts[DEMO_AD_ACCOUNT_ACTIVE] == 40 * 1 + 40 * 3
