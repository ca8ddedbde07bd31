"""Faults on demand: call budget (80004), transient failures, latency, token expiry; reproducible from a seed."""

from __future__ import annotations

import json

import pytest
import requests

from core.config import SANDBOX_BASE_URL
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_BUSINESS_ID_MAIN,
    Faults,
    Sandbox,
    sandbox_session,
)
from tests.support.sandbox import FIXED_NOW, FakeClock, Graph, error_of

ACT = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"


def graph_with(faults: Faults, clock: FakeClock | None = None) -> Graph:
    sandbox = Sandbox(faults=faults, clock=clock or FakeClock(FIXED_NOW))
    return Graph(sandbox_session(sandbox), SANDBOX_BASE_URL, sandbox)


def test_call_budget_throttles_one_ad_account_with_80004(sbx_clock: FakeClock) -> None:
    g = graph_with(Faults(account_call_budget=10), sbx_clock)
    for _ in range(3):
        assert g.post(ACT, name="x").status_code == 200  # writes score 3: 9 of 10 used
    assert g.get(ACT).status_code == 200  # 10 of 10
    throttled = g.get(ACT)
    error = error_of(throttled)
    assert throttled.status_code == 400 and (error["code"], error["error_subcode"]) == (80004, 2446079)
    usage = json.loads(throttled.headers["X-Ad-Account-Usage"])
    assert usage["acc_id_util_pct"] == 100
    buc = json.loads(throttled.headers["X-Business-Use-Case-Usage"])[DEMO_BUSINESS_ID_MAIN][0]
    assert buc["estimated_time_to_regain_access"] == 60  # minutes to the end of the hour window
    assert g.get(f"act_{DEMO_AD_ACCOUNT_EUR}").status_code == 200  # the others go on
    batch = g.session.post(
        g.url(""), data={"access_token": "demo-admin", "batch": json.dumps([{"method": "GET", "relative_url": ACT}])}
    ).json()
    assert batch[0]["code"] == 400 and json.loads(batch[0]["body"])["error"]["code"] == 80004
    sbx_clock.advance(hours=1)
    assert g.get(ACT).status_code == 200


def test_a_multi_id_read_costs_each_ad_account_a_read_and_fails_whole_when_one_is_throttled(
    sbx_clock: FakeClock,
) -> None:
    g = graph_with(Faults(account_call_budget=2), sbx_clock)
    ids = f"{ACT},act_{DEMO_AD_ACCOUNT_EUR}"
    assert g.get("", ids=ids, fields="name").status_code == 200  # each account: 1 of 2
    assert g.get(ACT).status_code == 200  # the main account: 2 of 2
    throttled = g.get("", ids=ids, fields="name")
    assert throttled.status_code == 400 and error_of(throttled)["code"] == 80004
    assert g.get(f"act_{DEMO_AD_ACCOUNT_EUR}").status_code == 200  # the other account still has its second read


def test_transient_failures_are_reproducible_from_the_seed() -> None:
    def statuses(seed: int) -> list[int]:
        g = graph_with(Faults(seed=seed, transient_rate=0.3))
        return [g.get("me").status_code for _ in range(40)]

    first = statuses(7)
    assert first == statuses(7) and first != statuses(8)
    assert 0 < first.count(500) < 40 and set(first) == {200, 500}
    g = graph_with(Faults(seed=7, transient_rate=1.0))
    response = g.get("me")
    error = error_of(response)
    assert response.status_code == 500 and error["code"] in (1, 2) and error["is_transient"] is True
    assert "X-App-Usage" in response.headers


def test_latency_is_paid_once_per_http_request_through_the_injected_sleep() -> None:
    slept: list[float] = []
    g = graph_with(Faults(latency_ms=250, sleep=slept.append))
    g.get("me")
    g.session.post(
        g.url(""),
        data={"access_token": "demo-admin", "batch": json.dumps([{"method": "GET", "relative_url": "me"}] * 3)},
    )
    assert slept == [0.25] * 2  # once per HTTP request: the call, then the batch of three


def test_token_expires_after_n_calls() -> None:
    g = graph_with(Faults(token_expiry_after_calls=3))
    assert [g.get("me").status_code for _ in range(3)] == [200, 200, 200]
    error = error_of(g.get("me"))
    assert (error["code"], error["error_subcode"]) == (190, 463)
    assert g.get("me", access_token="demo-analyst").status_code == 200


def test_faults_from_environment() -> None:
    assert Faults.from_env({}) is None
    faults = Faults.from_env(
        {"SANDBOX_SEED": "5", "SANDBOX_TRANSIENT_RATE": "0.1", "SANDBOX_ACCOUNT_CALL_BUDGET": "300"}
    )
    assert faults is not None
    assert (faults.seed, faults.transient_rate, faults.account_call_budget) == (5, 0.1, 300)
    assert Faults.from_env({"SANDBOX_LATENCY_MS": "10"}, latency_ms=20).latency_ms == 20  # type: ignore[union-attr]


def test_a_lost_answer_is_applied_but_never_arrives_in_process_and_over_http(sbx_graph: Graph) -> None:
    """``lose_answers``: the write happens on Facebook's side, the client's connection closes without a response."""
    sbx_graph.sandbox.faults = Faults(lose_answers=1)
    before = set(sbx_graph.sandbox.world.ad_accounts)
    form = {"name": "Lost in transit", "currency": "USD", "timezone_id": "1"}
    form |= {"end_advertiser": "NONE", "media_agency": "NONE", "partner": "NONE"}
    with pytest.raises(requests.ConnectionError):
        sbx_graph.post(f"{DEMO_BUSINESS_ID_MAIN}/adaccount", **form)
    [made] = set(sbx_graph.sandbox.world.ad_accounts) - before  # applied all the same
    listed = sbx_graph.get(f"{DEMO_BUSINESS_ID_MAIN}/owned_ad_accounts", fields="name,created_time", limit=100).json()
    [row] = [a for a in listed["data"] if a["name"] == "Lost in transit"]
    assert row["id"] == f"act_{made}" and row["created_time"].startswith("2026-11-25T12:00:00")
    assert sbx_graph.post(ACT, name="Answered").json() == {"success": True}  # only the next N writes lose it
    assert sbx_graph.sandbox.write_count == 2 and sbx_graph.sandbox.writes[0].endswith("/adaccount")


def test_the_write_count_counts_every_write_received_refused_and_batched_ones_too(sbx_inprocess: Graph) -> None:
    g = sbx_inprocess
    g.get(ACT)
    assert g.sandbox.write_count == 0
    error_of(g.post(ACT, spend_cap="lots"))
    g.session.post(
        g.url(""),
        data={
            "access_token": "demo-admin",
            "batch": json.dumps([{"method": "POST", "relative_url": ACT, "body": "name=B"}]),
        },
    )
    assert g.sandbox.writes == [f"POST {ACT}", f"POST {ACT}"]


def test_lost_answers_from_the_environment() -> None:
    faults = Faults.from_env({"SANDBOX_LOSE_ANSWERS": "2"})
    assert faults is not None and faults.lose_answers == 2
