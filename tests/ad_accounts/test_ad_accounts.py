"""Ad account admin use cases against the in-process sandbox, with the store's store log (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from core import ad_accounts as aa
from core.activity import audit_log
from core.ad_accounts import (
    DsaPairIncomplete,
    InvalidAdAccountId,
    InvalidSpendCap,
    NewAdAccount,
    RemovalNotAllowed,
    format_money,
)
from core.ad_accounts.model import spend_cap_amount
from core.graph import (
    GraphError,
    GraphPermissionError,
)
from core.sandbox import Sandbox
from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_CLIENT_2,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_FOREIGN,
    DEMO_AD_ACCOUNT_PENDING_CLAIM,
    DEMO_AD_ACCOUNT_PERSONAL,
    DEMO_AD_ACCOUNT_PERSONAL_NEW,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_SECURE,
)
from tests.support.ad_accounts import StoreContext, client, store, wire

MAIN = DEMO_BUSINESS_ID_MAIN


__all__ = ["client", "store", "wire"]


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox("demo")


def entries(store: StoreContext, action: str):
    return audit_log(store.store_id, store.uow, actions=[action])


def owned_by(sandbox: Sandbox, business_id: str) -> list[str]:
    return sorted(a.account_id for a in sandbox.world.ad_accounts.values() if a.owner_business == business_id)


def form(name: str = "Spring sale", currency: str = "USD", timezone_id: int | None = 1, **refs) -> NewAdAccount:
    return NewAdAccount(name, currency, timezone_id, **refs)


# --- reads --------------------------------------------------------------------------------------------------


def test_lists_owned_agency_and_pending_with_access_type_tasks_and_removal_reason(client):
    accounts = {a.id: a for a in aa.business_ad_accounts(client, MAIN, "Demo Outdoor Co.")}
    owned = accounts[f"act_{DEMO_AD_ACCOUNT_ACTIVE}"]
    assert (owned.access_type, owned.access_status) == ("OWNER", "CONFIRMED")
    assert "MANAGE" in owned.permitted_tasks
    assert owned.grantable_tasks == ("MANAGE", "ADVERTISE", "ANALYZE")  # what Dana holds, not all five
    assert not owned.removable and "owns this ad account. Facebook never lets" in owned.removal_refusal
    agency = accounts[f"act_{DEMO_AD_ACCOUNT_CLIENT_2}"]
    assert (agency.access_type, agency.removable) == ("AGENCY", True)
    pending = accounts[f"act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}"]
    assert (pending.access_status, pending.removable) == ("PENDING", True)
    assert pending.user_tasks == ("ANALYZE",) and pending.grantable_tasks == ()  # no MANAGE: nothing to give


# --- claim --------------------------------------------------------------------------------------------------


def test_claim_admin_account_is_confirmed_and_audited(client, store, sandbox):
    result = aa.claim(store.store_id, MAIN, f"act_{DEMO_AD_ACCOUNT_PERSONAL}", store.uow, **store.kw(client))
    assert (
        result.access_status == "CONFIRMED" and result.confirmed and "approved the claim at once" in result.explanation
    )
    assert sandbox.world.ad_accounts[DEMO_AD_ACCOUNT_PERSONAL].owner_business == MAIN
    [entry] = entries(store, aa.CLAIM)
    assert (entry.result, entry.target_id, entry.actor) == ("ok", f"act_{DEMO_AD_ACCOUNT_PERSONAL}", "a@example.com")


def test_claim_someone_elses_account_is_pending_and_listed(client, store):
    result = aa.claim(
        store.store_id, MAIN, DEMO_AD_ACCOUNT_FOREIGN, store.uow, **store.kw(client)
    )  # the bare number is accepted
    assert result.access_status == "PENDING" and "admins" in result.explanation
    pending = [a.id for a in aa.business_ad_accounts(client, MAIN) if a.access_status == "PENDING"]
    assert f"act_{DEMO_AD_ACCOUNT_FOREIGN}" in pending


@pytest.mark.parametrize("raw", ["", "act_", "act_12ab", "123-456", "act 123", "act_1; DROP"])
def test_claim_malformed_id_is_refused_before_any_call(client, wire, store, raw):
    with pytest.raises(InvalidAdAccountId, match="act_"):
        aa.claim(store.store_id, MAIN, raw, store.uow, **store.kw(client))
    assert wire[0].sent == []
    [entry] = entries(store, aa.CLAIM)
    assert entry.result == "refused"


@pytest.mark.parametrize(
    ("business", "account", "code"),
    [
        (MAIN, DEMO_AD_ACCOUNT_PENDING_CLAIM, 3936),
        (MAIN, DEMO_AD_ACCOUNT_ACTIVE, 3944),
        (MAIN, DEMO_AD_ACCOUNT_PERSONAL_NEW, 3994),
        (DEMO_BUSINESS_ID_SECURE, DEMO_AD_ACCOUNT_PERSONAL, 415),
    ],
)
def test_claim_refused_by_facebook_is_audited_with_its_code(client, store, business, account, code):
    with pytest.raises(GraphError) as caught:
        aa.claim(store.store_id, business, f"act_{account}", store.uow, **store.kw(client))
    assert caught.value.code == code
    [entry] = entries(store, aa.CLAIM)
    assert entry.result == "refused" and f"(code {code})" in entry.detail


def test_analyst_claim_gets_a_permission_error(client, store):
    with pytest.raises(GraphPermissionError) as caught:
        aa.claim(
            store.store_id,
            MAIN,
            f"act_{DEMO_AD_ACCOUNT_PERSONAL}",
            store.uow,
            **store.kw(client.with_token("demo-analyst")),
        )
    assert caught.value.code == 200 and "admin" in caught.value.user_message


# --- remove -------------------------------------------------------------------------------------------------


def test_remove_pending_claim_and_agency_access(client, store, sandbox):
    assert "withdrawn" in aa.remove(
        store.store_id, MAIN, f"act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}", store.uow, **store.kw(client)
    )
    assert DEMO_AD_ACCOUNT_PENDING_CLAIM not in sandbox.world.pending_claims[MAIN]
    assert "agency access" in aa.remove(
        store.store_id, MAIN, f"act_{DEMO_AD_ACCOUNT_CLIENT_2}", store.uow, **store.kw(client)
    )
    assert MAIN not in sandbox.world.ad_accounts[DEMO_AD_ACCOUNT_CLIENT_2].agencies
    assert [e.result for e in entries(store, aa.REMOVE)] == ["ok", "ok"]


def test_removing_a_confirmed_owned_account_is_refused_without_a_delete(client, wire, store, sandbox):
    with pytest.raises(RemovalNotAllowed, match="owns this ad account"):
        aa.remove(
            store.store_id,
            MAIN,
            f"act_{DEMO_AD_ACCOUNT_ACTIVE}",
            store.uow,
            **store.kw(client),
            business_name="Demo Outdoor Co.",
        )
    assert wire[0].writes() == []
    assert sandbox.world.ad_accounts[DEMO_AD_ACCOUNT_ACTIVE].owner_business == MAIN
    [entry] = entries(store, aa.REMOVE)
    assert entry.result == "refused"


# --- DSA and spend cap --------------------------------------------------------------------------------------


def test_dsa_both_set_then_both_cleared(client, store):
    aa.set_dsa_defaults(
        store.store_id,
        f"act_{DEMO_AD_ACCOUNT_ACTIVE}",
        "Demo Outdoor Co.",
        "Trail Gear Ltd",
        store.uow,
        **store.kw(client),
    )
    settings = aa.account_settings(client, f"act_{DEMO_AD_ACCOUNT_ACTIVE}")
    assert (settings.dsa_payor, settings.dsa_beneficiary) == ("Demo Outdoor Co.", "Trail Gear Ltd")
    aa.set_dsa_defaults(store.store_id, f"act_{DEMO_AD_ACCOUNT_ACTIVE}", "", "", store.uow, **store.kw(client))
    settings = aa.account_settings(client, f"act_{DEMO_AD_ACCOUNT_ACTIVE}")
    assert (settings.dsa_payor, settings.dsa_beneficiary) == ("", "")
    assert [e.result for e in entries(store, aa.SET_DSA)] == ["ok", "ok"]


@pytest.mark.parametrize(("payor", "beneficiary", "missing"), [("Demo Co", "", "beneficiary"), ("", "Demo", "payor")])
def test_dsa_one_alone_is_refused_before_calling(client, wire, store, payor, beneficiary, missing):
    with pytest.raises(DsaPairIncomplete, match=f"DSA {missing}"):
        aa.set_dsa_defaults(
            store.store_id, f"act_{DEMO_AD_ACCOUNT_EUR}", payor, beneficiary, store.uow, **store.kw(client)
        )
    assert wire[0].sent == []
    assert entries(store, aa.SET_DSA)[0].result == "refused"


def test_spend_cap_in_the_account_currency(client, store):
    account = f"act_{DEMO_AD_ACCOUNT_EUR}"
    assert aa.account_settings(client, account).currency == "EUR"
    aa.set_spend_cap(store.store_id, account, "1500.50", "EUR", store.uow, **store.kw(client))
    settings = aa.account_settings(client, account)
    assert settings.spend_cap_minor == 150050 and settings.spend_cap_label == "€1,500.50"
    aa.set_spend_cap(store.store_id, account, "0", "EUR", store.uow, **store.kw(client))
    assert aa.account_settings(client, account).spend_cap_label == "no spend cap"
    assert [e.detail for e in entries(store, aa.SET_SPEND_CAP)] == ["spend cap removed", "spend cap €1,500.50"]


@pytest.mark.parametrize(("raw", "problem"), [("-5", "negative"), ("lots", "not an amount"), ("1.234", "decimal")])
def test_spend_cap_refused_before_calling(client, wire, store, raw, problem):
    with pytest.raises(InvalidSpendCap, match=problem):
        aa.set_spend_cap(store.store_id, f"act_{DEMO_AD_ACCOUNT_EUR}", raw, "EUR", store.uow, **store.kw(client))
    assert wire[0].sent == []


def test_spend_cap_in_a_currency_without_cents():
    assert format_money(150000, "EUR") == "€1,500.00"
    assert format_money(1500, "JPY") == "¥1,500"
    with pytest.raises(InvalidSpendCap, match="JPY amounts have no decimals"):
        spend_cap_amount("10.5", "JPY")


def test_analyst_writes_get_permission_errors_in_words(client, store):
    analyst = client.with_token("demo-analyst")
    with pytest.raises(GraphPermissionError) as caught:
        aa.set_spend_cap(store.store_id, f"act_{DEMO_AD_ACCOUNT_ACTIVE}", "100", "USD", store.uow, **store.kw(analyst))
    assert "Ask an admin" in caught.value.user_message
    assert entries(store, aa.SET_SPEND_CAP)[0].result == "refused"
