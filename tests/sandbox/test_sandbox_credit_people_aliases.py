"""Contract: a business's extended credit line (``<business>/extendedcredits``) and ``invoice=true``, Page aliases
for media_agency/partner, and a person's count of ad accounts (``<user>/assigned_ad_accounts`` summary), in-process
and over HTTP."""

from __future__ import annotations

from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_EXTENDED_CREDIT_MAIN,
    DEMO_PAGE_AGENCY,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_MAIN_ALIAS,
    DEMO_PERSON_BUSY,
    DEMO_PERSON_SELLER,
)
from tests.support.sandbox import Graph, error_of

FIELDS = "id,legal_entity_name,credit_type,is_access_revoked,owner_business,max_balance"
NEW = {"name": "Asia shop", "currency": "TWD", "timezone_id": "136", "end_advertiser": "NONE", "partner": "NONE"}


def test_a_business_lists_its_extended_credit_lines(sbx_graph: Graph) -> None:
    main = sbx_graph.get(f"{DEMO_BUSINESS_ID_MAIN}/extendedcredits", fields=FIELDS).json()["data"]
    assert main == [
        {
            "id": DEMO_EXTENDED_CREDIT_MAIN,
            "legal_entity_name": "Demo Outdoor Co. Ltd",
            "credit_type": "NORMAL",
            "is_access_revoked": False,
            "owner_business": {"id": DEMO_BUSINESS_ID_MAIN, "name": "Demo Outdoor Co."},
            "max_balance": {"amount": "50000.00", "currency": "USD"},
        }
    ]
    assert sbx_graph.get(f"{DEMO_BUSINESS_ID_AGENCY}/extendedcredits").json() == {"data": []}
    assert sbx_graph.get(DEMO_EXTENDED_CREDIT_MAIN, fields="legal_entity_name").json()["legal_entity_name"]


def test_invoice_attaches_a_new_account_to_the_credit_line_or_is_refused(sbx_graph: Graph) -> None:
    made = sbx_graph.post(f"{DEMO_BUSINESS_ID_MAIN}/adaccount", **NEW, media_agency="NONE", invoice="true").json()
    account = sbx_graph.sandbox.world.ad_accounts[made["account_id"]]
    assert account.funding_source == DEMO_EXTENDED_CREDIT_MAIN and account.currency == "TWD"
    refused = sbx_graph.post(f"{DEMO_BUSINESS_ID_AGENCY}/adaccount", **NEW, media_agency="NONE", invoice="true")
    error = error_of(refused)
    assert error["code"] == 100 and error["error_data"] == {"blame_field_specs": [["invoice"]]}


def test_media_agency_and_partner_take_a_page_alias_the_end_advertiser_does_not(sbx_graph: Graph) -> None:
    made = sbx_graph.post(
        f"{DEMO_BUSINESS_ID_MAIN}/adaccount",
        **{**NEW, "partner": "Northwind.Agency"},
        media_agency=DEMO_PAGE_MAIN_ALIAS,
    ).json()
    assert (made["media_agency_id"], made["partner_id"]) == (DEMO_PAGE_MAIN, DEMO_PAGE_AGENCY)
    assert sbx_graph.get(DEMO_PAGE_MAIN, fields="username").json()["username"] == DEMO_PAGE_MAIN_ALIAS
    refused = sbx_graph.post(
        f"{DEMO_BUSINESS_ID_MAIN}/adaccount", **{**NEW, "end_advertiser": DEMO_PAGE_MAIN_ALIAS}, media_agency="NONE"
    )
    assert error_of(refused)["error_data"] == {"blame_field_specs": [["end_advertiser"]]}


def test_a_persons_ad_account_count_covers_accounts_the_caller_cannot_see(sbx_graph: Graph) -> None:
    busy = sbx_graph.get(f"{DEMO_PERSON_BUSY}/assigned_ad_accounts", summary="total_count", limit=0).json()
    assert busy == {"data": [], "summary": {"total_count": 25}}  # all at Partner Brands, which Dana is not in
    listed = sbx_graph.get(f"{DEMO_PERSON_BUSY}/assigned_ad_accounts").json()
    assert listed["data"] == []  # the caller still reads none of them
    seller = sbx_graph.get(f"{DEMO_PERSON_SELLER}/assigned_ad_accounts", summary="true").json()
    assert seller["summary"]["total_count"] == len(seller["data"]) >= 1
    assert f"act_{DEMO_AD_ACCOUNT_ACTIVE}" in {a["id"] for a in seller["data"]}
