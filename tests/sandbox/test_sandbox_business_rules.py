"""Facebook's rules (docs/RULES.md) enforced by the sandbox, each refused with Facebook's code (in-process; the wire is
covered elsewhere)."""

from __future__ import annotations

import pytest

from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_CLIENT_2,
    DEMO_AD_ACCOUNT_DISABLED,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_FOREIGN,
    DEMO_AD_ACCOUNT_FULL_TEAM,
    DEMO_AD_ACCOUNT_PENDING_CLAIM,
    DEMO_AD_ACCOUNT_PERSONAL,
    DEMO_AD_ACCOUNT_PERSONAL_NEW,
    DEMO_AD_ACCOUNT_SECURE,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_SECURE,
    DEMO_BUSINESS_ID_TROUBLED,
    DEMO_BUSINESS_ID_UNVERIFIED,
    DEMO_PAGE_FUTURE_LIMIT,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_NEAR_LIMIT,
    DEMO_PERSON_BUSY,
    DEMO_PERSON_JUNIOR,
    DEMO_PIXEL_READY,
    DEMO_PRODUCT_SET_ID,
)
from core.sandbox.handlers_read import is_running
from tests.support.sandbox import Graph, error_of

ACT = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"
MAIN = DEMO_BUSINESS_ID_MAIN
NEW_ACCOUNT = {
    "name": "MyAdAccount",
    "currency": "USD",
    "timezone_id": "1",
    "end_advertiser": DEMO_PAGE_MAIN,
    "media_agency": "NONE",
    "partner": "NONE",
}


def refused(response: object, code: int, subcode: int | None = None) -> dict:
    error = error_of(response)  # type: ignore[arg-type]
    assert error["code"] == code, error
    if subcode is not None:
        assert error.get("error_subcode") == subcode, error
    return error


# ---- people on ad accounts -------------------------------------------------------------------------------------
def test_add_change_and_remove_a_person(sbx_inprocess: Graph) -> None:
    g, path = sbx_inprocess, f"{ACT}/assigned_users"
    assert g.post(path, user=DEMO_PERSON_JUNIOR, tasks="['MANAGE', 'ADVERTISE', 'ANALYZE']").json() == {"success": True}
    rows = {r["id"]: r for r in g.get(path, business=MAIN).json()["data"]}
    assert rows[DEMO_PERSON_JUNIOR]["tasks"] == ["MANAGE", "ADVERTISE", "ANALYZE"]
    assert g.post(path, user=DEMO_PERSON_JUNIOR, tasks="['ANALYZE']").json() == {"success": True}
    rows = {r["id"]: r for r in g.get(path, business=MAIN).json()["data"]}
    assert rows[DEMO_PERSON_JUNIOR]["tasks"] == ["ANALYZE"]
    assert g.delete(path, user=DEMO_PERSON_JUNIOR).json() == {"success": True}
    assert DEMO_PERSON_JUNIOR not in {r["id"] for r in g.get(path, business=MAIN).json()["data"]}


def test_assigned_users_read_needs_business(sbx_inprocess: Graph) -> None:
    error = refused(sbx_inprocess.get(f"{ACT}/assigned_users"), 100)
    assert "business" in error["message"]


def test_at_most_25_people_per_ad_account(sbx_inprocess: Graph) -> None:
    path = f"act_{DEMO_AD_ACCOUNT_FULL_TEAM}/assigned_users"
    assert len(sbx_inprocess.get(f"act_{DEMO_AD_ACCOUNT_FULL_TEAM}/users", limit=100).json()["data"]) == 25
    refused(sbx_inprocess.post(path, user=DEMO_PERSON_JUNIOR, tasks='["ANALYZE"]'), 2620)
    # changing someone already there is not an addition
    assert sbx_inprocess.post(path, user="100000000000101", tasks='["ADVERTISE","ANALYZE"]').status_code == 200


def test_at_most_25_ad_accounts_per_person(sbx_inprocess: Graph) -> None:
    refused(sbx_inprocess.post(f"{ACT}/assigned_users", user=DEMO_PERSON_BUSY, tasks='["ANALYZE"]'), 2620)


@pytest.mark.parametrize("tasks", ['["MANAGE"]', '["ADVERTISE"]', "[]", '["ANALYZE","SING"]', "['MANAGE', 'ANALYZE']"])
def test_invalid_task_sets(sbx_inprocess: Graph, tasks: str) -> None:
    error = refused(sbx_inprocess.post(f"{ACT}/assigned_users", user=DEMO_PERSON_JUNIOR, tasks=tasks), 100, 1752129)
    assert error["error_data"] == {"blame_field_specs": [["tasks"]]}  # an object, as Graph sends it
    assert error["error_user_title"] and error["error_user_msg"]


def test_changing_people_needs_manage(sbx_inprocess: Graph) -> None:
    response = sbx_inprocess.post(
        f"act_{DEMO_AD_ACCOUNT_FOREIGN}/assigned_users", user="100000000000007", tasks="['ANALYZE']"
    )
    assert response.status_code == 403
    refused(response, 200)


def test_analyst_writes_are_permission_errors(sbx_inprocess: Graph) -> None:
    g = sbx_inprocess
    g.token = "demo-analyst"
    for response in (
        g.post(ACT, name="x"),
        g.post(f"{ACT}/assigned_users", user=DEMO_PERSON_JUNIOR, tasks='["ANALYZE"]'),
        g.delete(f"{ACT}/assigned_users", user=DEMO_PERSON_JUNIOR),
        g.post(f"{MAIN}/adaccount", **NEW_ACCOUNT),
        g.post(f"{MAIN}/owned_ad_accounts", adaccount_id=f"act_{DEMO_AD_ACCOUNT_PERSONAL}"),
        g.delete(f"{MAIN}/ad_accounts", adaccount_id=f"act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}"),
    ):
        assert response.status_code == 403
        refused(response, 200)


# ---- creating ad accounts --------------------------------------------------------------------------------------
def test_create_ad_account_answer_shape(sbx_inprocess: Graph) -> None:
    body = sbx_inprocess.post(f"{MAIN}/adaccount", **NEW_ACCOUNT).json()
    number = body["account_id"]
    assert body == {
        "id": f"act_{number}",
        "account_id": number,
        "business_id": MAIN,
        "end_advertiser_id": DEMO_PAGE_MAIN,
        "media_agency_id": "NONE",
        "partner_id": "NONE",
    }
    created = sbx_inprocess.get(body["id"], fields="name,currency,timezone_name,business").json()
    assert created["name"] == "MyAdAccount" and created["timezone_name"] == "America/Los_Angeles"
    assert created["business"]["id"] == MAIN


@pytest.mark.parametrize(
    "change",
    [
        {"name": None},
        {"currency": None},
        {"timezone_id": None},
        {"end_advertiser": None},
        {"media_agency": None},
        {"partner": None},
        {"currency": "DOLLARS"},
        {"timezone_id": "4242"},
        {"end_advertiser": "Someone"},
        {"partner": "123"},
    ],
)
def test_create_ad_account_refuses_bad_input(sbx_inprocess: Graph, change: dict) -> None:
    refused(sbx_inprocess.post(f"{MAIN}/adaccount", **{**NEW_ACCOUNT, **change}), 100)


def test_at_most_five_ad_accounts_created_through_the_api(sbx_inprocess: Graph) -> None:
    for _ in range(5):
        assert sbx_inprocess.post(f"{MAIN}/adaccount", **NEW_ACCOUNT).status_code == 200
    refused(sbx_inprocess.post(f"{MAIN}/adaccount", **NEW_ACCOUNT), 3979)
    refused(sbx_inprocess.post(f"{DEMO_BUSINESS_ID_UNVERIFIED}/adaccount", **NEW_ACCOUNT), 3979)


def test_business_in_bad_standing_cannot_create(sbx_inprocess: Graph) -> None:
    refused(sbx_inprocess.post(f"{DEMO_BUSINESS_ID_TROUBLED}/adaccount", **NEW_ACCOUNT), 3980)


def test_two_factor_business_asks_for_2fa(sbx_inprocess: Graph) -> None:
    refused(sbx_inprocess.post(f"{DEMO_BUSINESS_ID_SECURE}/adaccount", **NEW_ACCOUNT), 415)
    refused(sbx_inprocess.post(f"act_{DEMO_AD_ACCOUNT_SECURE}", name="x"), 415)
    assert sbx_inprocess.get(f"act_{DEMO_AD_ACCOUNT_SECURE}", fields="name").status_code == 200


# ---- claiming and removing -------------------------------------------------------------------------------------
def test_claim_as_admin_is_confirmed(sbx_inprocess: Graph) -> None:
    g = sbx_inprocess
    assert g.post(f"{MAIN}/owned_ad_accounts", adaccount_id=f"act_{DEMO_AD_ACCOUNT_PERSONAL}").json() == {
        "access_status": "CONFIRMED"
    }
    owned = {a["id"] for a in g.get(f"{MAIN}/owned_ad_accounts", limit=100).json()["data"]}
    assert f"act_{DEMO_AD_ACCOUNT_PERSONAL}" in owned
    refused(g.post(f"{MAIN}/owned_ad_accounts", adaccount_id=f"act_{DEMO_AD_ACCOUNT_PERSONAL}"), 3944)


def test_claim_without_admin_is_pending_and_listed(sbx_inprocess: Graph) -> None:
    g = sbx_inprocess
    claim = g.post(f"{MAIN}/owned_ad_accounts", adaccount_id=f"act_{DEMO_AD_ACCOUNT_FOREIGN}")
    assert claim.json() == {"access_status": "PENDING"}
    pending = {a["id"] for a in g.get(f"{MAIN}/pending_owned_ad_accounts").json()["data"]}
    assert pending == {f"act_{DEMO_AD_ACCOUNT_FOREIGN}", f"act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}"}
    refused(g.post(f"{MAIN}/owned_ad_accounts", adaccount_id=f"act_{DEMO_AD_ACCOUNT_FOREIGN}"), 3936)


def test_claim_refusals(sbx_inprocess: Graph) -> None:
    g, path = sbx_inprocess, f"{MAIN}/owned_ad_accounts"
    refused(g.post(path, adaccount_id=f"act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}"), 3936)
    refused(g.post(path, adaccount_id=f"act_{DEMO_AD_ACCOUNT_ACTIVE}"), 3944)
    refused(g.post(path, adaccount_id=f"act_{DEMO_AD_ACCOUNT_PERSONAL_NEW}"), 3994)
    refused(g.post(path, adaccount_id="act_1"), 100)
    refused(g.post(path), 100)
    refused(g.post(f"{DEMO_BUSINESS_ID_SECURE}/owned_ad_accounts", adaccount_id=f"act_{DEMO_AD_ACCOUNT_PERSONAL}"), 415)


def test_remove_only_pending_or_agency(sbx_inprocess: Graph) -> None:
    g, path = sbx_inprocess, f"{MAIN}/ad_accounts"
    assert g.delete(path, adaccount_id=f"act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}").json() == {"success": True}
    assert g.get(f"{MAIN}/pending_owned_ad_accounts").json()["data"] == []
    assert g.delete(path, adaccount_id=f"act_{DEMO_AD_ACCOUNT_CLIENT_2}").json() == {"success": True}
    assert g.get(f"{MAIN}/client_ad_accounts").json()["data"] == []
    error = refused(g.delete(path, adaccount_id=f"act_{DEMO_AD_ACCOUNT_ACTIVE}"), 100)
    assert "owns" in error["message"]
    refused(g.delete(path, adaccount_id=f"act_{DEMO_AD_ACCOUNT_DISABLED}"), 100)


# ---- ad account settings ---------------------------------------------------------------------------------------
def test_dsa_payor_and_beneficiary_both_or_neither(sbx_inprocess: Graph) -> None:
    g = sbx_inprocess
    refused(g.post(ACT, default_dsa_payor="Demo Outdoor Co."), 100)
    refused(g.post(ACT, default_dsa_beneficiary="Demo Outdoor Co."), 100)
    assert g.post(ACT, default_dsa_payor="Payor", default_dsa_beneficiary="Bene").json() == {"success": True}
    body = g.get(ACT, fields="default_dsa_payor,default_dsa_beneficiary").json()
    assert body == {"default_dsa_payor": "Payor", "default_dsa_beneficiary": "Bene", "id": ACT}


def test_end_advertiser_cannot_change_once_a_real_id(sbx_inprocess: Graph) -> None:
    g = sbx_inprocess
    refused(g.post(f"act_{DEMO_AD_ACCOUNT_EUR}", end_advertiser=DEMO_PAGE_NEAR_LIMIT), 100)
    assert g.post(ACT, end_advertiser=DEMO_PAGE_MAIN).json() == {"success": True}
    refused(g.post(ACT, end_advertiser="UNFOUND"), 100)


def test_spend_cap_and_name(sbx_inprocess: Graph) -> None:
    g = sbx_inprocess
    assert g.post(ACT, spend_cap="1500", name="Renamed").json() == {"success": True}
    assert g.get(ACT, fields="spend_cap,name").json() == {"spend_cap": "150000", "name": "Renamed", "id": ACT}
    refused(g.post(ACT, spend_cap="lots"), 100)


def test_spend_cap_is_kept_in_the_currency_subunits_below_graphs_no_cap_value(sbx_inprocess: Graph) -> None:
    g, w = sbx_inprocess, sbx_inprocess.sandbox.world
    w.ad_accounts[DEMO_AD_ACCOUNT_EUR].currency = "JPY"  # offset 1: a yen is its own subunit
    assert g.post(f"act_{DEMO_AD_ACCOUNT_EUR}", spend_cap="1500").json() == {"success": True}
    assert g.get(f"act_{DEMO_AD_ACCOUNT_EUR}", fields="spend_cap").json()["spend_cap"] == "1500"
    assert g.post(ACT, spend_cap="9223372036854.77").json() == {"success": True}  # USD: one cent below
    assert g.get(ACT, fields="spend_cap").json()["spend_cap"] == "922337203685477"
    for too_much in ("9223372036854.78", "1e26", "-1", "NaN"):
        refused(g.post(ACT, spend_cap=too_much), 100)


# ---- ads volume ------------------------------------------------------------------------------------------------
def test_ads_volume_is_derived_from_the_ads(sbx_inprocess: Graph) -> None:
    g, w = sbx_inprocess, sbx_inprocess.sandbox.world
    now = g.sandbox.now()
    for account_id, account in w.ad_accounts.items():
        if account_id in w.ads_by_account:
            expected = sum(is_running(w, ad, now) for ad in w.ads_by_account[account_id])
            body = g.get(f"act_{account_id}/ads_volume").json()
            assert body["data"] == [{"ads_running_or_in_review_count": expected}], account.name
    assert g.get(ACT + "/ads_volume").json()["data"][0]["ads_running_or_in_review_count"] == 210 + 6 + 10
    disabled = g.get(f"act_{DEMO_AD_ACCOUNT_DISABLED}/ads_volume").json()
    assert disabled["data"][0]["ads_running_or_in_review_count"] == 0


def test_ads_volume_by_actor(sbx_inprocess: Graph) -> None:
    rows = sbx_inprocess.get(f"{ACT}/ads_volume", show_breakdown_by_actor="true").json()["data"]
    by_actor = {row["actor_id"]: row for row in rows}
    near = by_actor[DEMO_PAGE_NEAR_LIMIT]
    assert near["limit_on_ads_running_or_in_review"] == 250
    assert near["ads_running_or_in_review_count"] >= 0.8 * 250
    assert near["ad_limit_scope_business"]["id"] == MAIN
    future = by_actor[DEMO_PAGE_FUTURE_LIMIT]
    assert future["future_limit_on_ads_running_or_in_review"] == 250
    assert future["future_limit_activation_date"] > sbx_inprocess.sandbox.now().date().isoformat()
    assert future["current_account_ads_running_or_in_review_count"] == 10  # future start and ended sets excluded
    main = by_actor[DEMO_PAGE_MAIN]
    assert main["ads_running_or_in_review_count"] > main["current_account_ads_running_or_in_review_count"]


def test_ads_volume_follows_the_clock(sbx_inprocess: Graph, sbx_clock: object) -> None:
    before = sbx_inprocess.get(f"{ACT}/ads_volume").json()["data"][0]["ads_running_or_in_review_count"]
    sbx_clock.advance(days=6)  # type: ignore[attr-defined]
    after = sbx_inprocess.get(f"{ACT}/ads_volume").json()["data"][0]["ads_running_or_in_review_count"]
    assert after == before + 15 + 5  # "Summer sale" and "Late launch" have started


# ---- pixels and audiences --------------------------------------------------------------------------------------
def test_pixel_state_and_unsharing(sbx_inprocess: Graph) -> None:
    g = sbx_inprocess
    pixel = g.get(
        DEMO_PIXEL_READY, fields="name,last_fired_time,is_unavailable,sandbox_domain_verified,sandbox_configured_events"
    ).json()
    assert pixel["sandbox_domain_verified"] is True and "Purchase" in pixel["sandbox_configured_events"]
    refused(g.get(f"{DEMO_PIXEL_READY}/shared_accounts"), 100)
    shared = g.get(f"{DEMO_PIXEL_READY}/shared_accounts", business=MAIN).json()["data"]
    assert ACT in {a["id"] for a in shared}
    gone = g.delete(f"{DEMO_PIXEL_READY}/shared_accounts", account_id=DEMO_AD_ACCOUNT_ACTIVE, business=MAIN)
    assert gone.json() == {"success": True}
    assert ACT not in {a["id"] for a in g.get(f"{DEMO_PIXEL_READY}/shared_accounts", business=MAIN).json()["data"]}
    refused(g.delete(f"{DEMO_PIXEL_READY}/shared_accounts", account_id=DEMO_AD_ACCOUNT_ACTIVE, business=MAIN), 100)


def test_product_audience(sbx_inprocess: Graph) -> None:
    created = sbx_inprocess.post(f"{ACT}/product_audiences", name="Iphone", product_set_id=DEMO_PRODUCT_SET_ID)
    assert created.json()["id"].isdigit()
    refused(sbx_inprocess.post(f"{ACT}/product_audiences", name="x", product_set_id="1"), 100)
