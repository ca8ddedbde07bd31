"""Real Graph fields the product reads instead of the sandbox's invented ones, read through the official SDK
(and real curl for the exact answer shape): owned domains, pixel activity, tasks, and effective-status counts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from facebook_business.adobjects.adaccount import AdAccount
from facebook_business.adobjects.adspixel import AdsPixel
from facebook_business.adobjects.owneddomain import OwnedDomain
from facebook_business.adobjects.user import User
from facebook_business.api import FacebookAdsApi, FacebookRequest

from core.graph.facebook import NON_ARCHIVED_EFFECTIVE_STATUSES, NON_ARCHIVED_STATUSES, ObjectKind
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_PAGE_MAIN,
    DEMO_PIXEL_AGENCY,
    DEMO_PIXEL_NO_EVENTS,
    DEMO_PIXEL_READY,
    DEMO_PIXEL_UNAVAILABLE,
    DEMO_PIXEL_UNVERIFIED,
    DEMO_STORE_DOMAIN,
    Sandbox,
    serve_in_thread,
)
from tests.support.sandbox import FIXED_NOW, FakeClock, curl

ACT = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"
WINDOW = timedelta(days=7)


@pytest.fixture
def served() -> Iterator[str]:
    base_url, stop = serve_in_thread(Sandbox(clock=FakeClock(FIXED_NOW)))
    previous = FacebookAdsApi.get_default_api()
    api = FacebookAdsApi.init(access_token="demo-admin", api_version="v21.0")
    api._session.GRAPH = base_url  # the SDK's base URL, pointed at the sandbox for this test only
    yield base_url
    FacebookAdsApi.set_default_api(previous)
    stop()


def owned_domains(business_id: str) -> list[OwnedDomain]:
    request = FacebookRequest(
        node_id=business_id, method="GET", endpoint="/owned_domains", api_type="EDGE", target_class=OwnedDomain
    )
    return list(request.add_fields(["domain_name", "status"]).execute())


def test_business_owned_domains(served) -> None:
    main = {d["domain_name"]: d["status"] for d in owned_domains(DEMO_BUSINESS_ID_MAIN)}
    assert main == {DEMO_STORE_DOMAIN: "verified", "outlet-demo.example": "not_verified"}
    agency = {d["domain_name"]: d["status"] for d in owned_domains(DEMO_BUSINESS_ID_AGENCY)}
    assert agency[DEMO_STORE_DOMAIN] == "not_verified"
    domain = owned_domains(DEMO_BUSINESS_ID_MAIN)[0]
    assert isinstance(domain, OwnedDomain) and domain["id"].isdigit()


def pixel(pixel_id: str) -> AdsPixel:
    fields = ["name", "last_fired_time", "event_stats", "is_unavailable", "owner_business"]
    return AdsPixel(pixel_id).api_get(fields=fields)


def test_pixel_activity_fields(served) -> None:
    ready = pixel(DEMO_PIXEL_READY)
    fired = datetime.strptime(ready["last_fired_time"], "%Y-%m-%dT%H:%M:%S%z")
    assert FIXED_NOW - fired == timedelta(hours=1) and ready["is_unavailable"] is False
    stats = json.loads(ready["event_stats"])  # a string in the reference and in the SDK's field types
    assert stats[0]["aggregation"] == "event_total_counts"
    assert {row["value"]: row["count"] for row in stats[0]["data"]}["Purchase"] == 42
    never = pixel(DEMO_PIXEL_NO_EVENTS)
    assert "last_fired_time" not in never and json.loads(never["event_stats"]) == []
    assert pixel(DEMO_PIXEL_UNAVAILABLE)["is_unavailable"] is True
    rows = list(AdsPixel(DEMO_PIXEL_READY).get_stats(params={"aggregation": "event_total_counts"}))
    assert rows[0]["data"] == stats[0]["data"]


def test_every_domain_settings_case_from_real_fields(served) -> None:
    def allowed(pixel_id: str) -> tuple[bool, bool]:
        found = pixel(pixel_id)
        verified = {d["domain_name"]: d["status"] for d in owned_domains(found["owner_business"]["id"])}
        fired = found.get("last_fired_time")
        recent = bool(fired) and FIXED_NOW - datetime.strptime(fired, "%Y-%m-%dT%H:%M:%S%z") < WINDOW
        return verified.get(DEMO_STORE_DOMAIN) == "verified", recent and json.loads(found["event_stats"]) != []

    assert allowed(DEMO_PIXEL_READY) == (True, True)  # (a)
    assert allowed(DEMO_PIXEL_NO_EVENTS) == (True, False)  # (b) never fired
    assert allowed(DEMO_PIXEL_UNVERIFIED) == (True, False)  # (b) last fired 10 days ago
    assert allowed(DEMO_PIXEL_AGENCY) == (False, True)  # (c) its BM owns the domain, not verified
    assert allowed(DEMO_PIXEL_UNAVAILABLE) == (False, False)  # (d) verified by another BM; also stale


def test_tasks_on_ad_accounts_and_pages(served) -> None:
    assert AdAccount(ACT).api_get(fields=["user_tasks"])["user_tasks"] == ["MANAGE", "ADVERTISE", "ANALYZE"]
    pages = {p["id"]: p for p in User(fbid="me").get_accounts(fields=["name", "tasks"])}
    assert {"ADVERTISE", "MANAGE"} <= set(pages[DEMO_PAGE_MAIN]["tasks"])


def count(edge: str, params: dict) -> int:
    cursor = getattr(AdAccount(ACT), edge)(params={"limit": 0, "summary": "total_count", **params})
    assert list(cursor) == []
    return cursor.total()


def test_counts_by_effective_status_through_the_sdk(served) -> None:
    live = list(NON_ARCHIVED_EFFECTIVE_STATUSES)
    for edge, kind, expected in (
        ("get_ads", ObjectKind.ADS, 269),
        ("get_ad_sets", ObjectKind.ADSETS, 5),
        ("get_campaigns", ObjectKind.CAMPAIGNS, 5),
    ):
        statuses = list(NON_ARCHIVED_STATUSES[kind])  # each edge with its own enum
        as_filter = [{"field": "effective_status", "operator": "IN", "value": statuses}]
        assert count(edge, {"effective_status": statuses}) == expected, edge
        assert count(edge, {"filtering": as_filter}) == expected, edge
        assert count(edge, {}) == expected, edge  # Graph leaves out ARCHIVED and DELETED unless asked
    assert count("get_ads", {"effective_status": ["ARCHIVED", "DELETED"]}) == 14
    assert (
        count("get_ads", {"filtering": [{"field": "ad.effective_status", "operator": "NOT_IN", "value": live}]}) == 14
    )


def test_a_status_the_edge_does_not_have_is_refused_as_graph_refuses_it(served) -> None:
    answer = curl(
        "-G",
        "-d",
        "access_token=demo-admin",
        "--data-urlencode",
        'effective_status=["ACTIVE","DISAPPROVED"]',
        f"{served}/v21.0/{ACT}/adsets",
    )
    error = answer.json()["error"]
    assert answer.status == 400 and error["code"] == 100
    assert error["message"].startswith("(#100) Param effective_status[1] must be one of {ACTIVE, PAUSED, DELETED")


def test_summary_answer_shape_with_limit_zero(served) -> None:
    base_url = served
    for summary in ("total_count", "true"):
        answer = curl(
            "-G",
            "-d",
            "access_token=demo-admin",
            "-d",
            "limit=0",
            "-d",
            f"summary={summary}",
            "--data-urlencode",
            'effective_status=["ACTIVE","PAUSED","PENDING_REVIEW","IN_PROCESS","DISAPPROVED","CAMPAIGN_PAUSED"]',
            f"{base_url}/v21.0/{ACT}/ads",
        )
        assert answer.status == 200 and answer.json() == {"data": [], "summary": {"total_count": 269}}
    volume = curl("-G", "-d", "access_token=demo-admin", f"{base_url}/v21.0/{ACT}/ads_volume").json()
    assert volume["data"][0]["ads_running_or_in_review_count"] == 226


def test_deprecated_sandbox_fields_still_answer(served) -> None:
    found = AdsPixel(DEMO_PIXEL_UNVERIFIED).api_get(fields=["sandbox_domain_verified", "sandbox_configured_events"])
    assert found["sandbox_domain_verified"] is False and found["sandbox_configured_events"] == ["PageView"]
    account = AdAccount(ACT).api_get(fields=["sandbox_is_bulk", "sandbox_ads_limit"])
    assert (account["sandbox_is_bulk"], account["sandbox_ads_limit"]) == (False, 6000)
