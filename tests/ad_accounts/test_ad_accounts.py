"""Ad account admin use cases against the in-process sandbox, with the store's store log (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
import requests

from core import ad_accounts as aa
from core.activity import audit_log
from core.activity.model import OUTCOME_UNKNOWN
from core.ad_accounts import (
    CreationLimitReached,
    DsaPairIncomplete,
    EntityRef,
    InvalidAdAccountId,
    InvalidNewAdAccount,
    InvalidSpendCap,
    NewAdAccount,
    RemovalNotAllowed,
    SubmissionNotFinished,
    creation,
    format_money,
)
from core.ad_accounts.model import spend_cap_amount
from core.config import SANDBOX_BASE_URL
from core.db.models import AdAccountCreation
from core.graph import (
    AmbiguousWriteError,
    GraphClient,
    GraphError,
    GraphPermissionError,
    InvalidRequestError,
    TransientError,
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
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_SECURE,
    DEMO_BUSINESS_ID_TROUBLED,
    DEMO_BUSINESS_ID_UNVERIFIED,
    DEMO_EXTENDED_CREDIT_MAIN,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_MAIN_ALIAS,
)
from core.sandbox.transport import SandboxAdapter
from tests.support.ad_accounts import Injected, StoreContext, faulty_session

MAIN = DEMO_BUSINESS_ID_MAIN


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox("demo")


@pytest.fixture
def wire(sandbox):
    session, adapter = faulty_session(sandbox)
    return adapter, session


@pytest.fixture
def client(wire) -> GraphClient:
    return GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=wire[1], sleep=lambda s: None)


@pytest.fixture
def store(uow, store_id, clock) -> StoreContext:
    return StoreContext(store_id, uow, clock)


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
    assert not owned.removable and "owns this ad account (CONFIRMED)" in owned.removal_refusal
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


# --- create -------------------------------------------------------------------------------------------------


def test_create_makes_one_account_and_audits_sent_then_ok(client, store, sandbox):
    before = owned_by(sandbox, MAIN)
    result = creation.create(
        store.store_id,
        MAIN,
        form(end_advertiser=EntityRef("ID", DEMO_PAGE_MAIN)),
        store.uow,
        **store.kw(client),
        key="k" * 32,
    )
    assert not result.replayed
    assert owned_by(sandbox, MAIN) == sorted([*before, result.account_id.removeprefix("act_")])
    made = sandbox.world.ad_accounts[result.account_id.removeprefix("act_")]
    assert (made.name, made.currency, made.timezone_id, made.end_advertiser) == (
        "Spring sale",
        "USD",
        1,
        DEMO_PAGE_MAIN,
    )
    [ok] = entries(store, aa.CREATE)
    assert ok.result == "ok" and f"created {result.account_id}" in ok.detail and ok.target_id == MAIN
    with store.uow as uow:
        [row] = uow.creations.of_business(store.store_id, MAIN)
        assert (row.idempotency_key, row.status, row.account_id) == ("k" * 32, "created", result.account_id)


def test_same_submission_twice_creates_exactly_one_account(client, wire, store, sandbox):
    before = len(owned_by(sandbox, MAIN))
    first = creation.create(store.store_id, MAIN, form(), store.uow, **store.kw(client), key="double-click-0001")
    second = creation.create(store.store_id, MAIN, form(), store.uow, **store.kw(client), key="double-click-0001")
    assert second == creation.CreateResult(first.account_id, replayed=True)
    assert len(owned_by(sandbox, MAIN)) == before + 1
    assert [w for w in wire[0].writes() if w[1].endswith("/adaccount")] == [("POST", f"/v21.0/{MAIN}/adaccount")]
    third = creation.create(
        store.store_id, MAIN, form(), store.uow, **store.kw(client), key="another-form-0002"
    )  # a new submission is a new account
    assert third.account_id != first.account_id and len(owned_by(sandbox, MAIN)) == before + 2


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        (form(name="  "), "Name: enter a name"),
        (form(currency=""), "Currency: choose"),
        (form(currency="XYZ"), "“XYZ” is not a currency"),
        (form(timezone_id=None), "Time zone: choose"),
        (form(timezone_id=999), "999 is not a time zone"),
        (form(end_advertiser=EntityRef("ID", "")), "End advertiser: enter a Business ID"),
        (form(end_advertiser=EntityRef("ID", "demooutdoor")), "End advertiser: “demooutdoor” is not a Business ID"),
        (form(partner=EntityRef("ID", "my-page")), "Partner: “my-page” is not a Page alias, Page ID or App ID"),
    ],
)
def test_create_with_a_missing_or_wrong_field_is_refused_before_calling(client, wire, store, sandbox, bad, problem):
    before = owned_by(sandbox, MAIN)
    with pytest.raises(InvalidNewAdAccount, match=problem):
        creation.create(store.store_id, MAIN, bad, store.uow, **store.kw(client), key="form-0000001")
    assert wire[0].sent == [] and owned_by(sandbox, MAIN) == before
    [entry] = entries(store, aa.CREATE)
    assert entry.result == "refused" and problem in entry.detail


def test_media_agency_and_partner_take_a_page_alias_and_invoice_goes_with_the_credit_line(client, store, sandbox):
    alias = EntityRef("ID", DEMO_PAGE_MAIN_ALIAS)
    params = creation.validate_new_ad_account(form(media_agency=alias, partner=EntityRef("ID", "northwind.agency")))
    assert (params["media_agency"], params["partner"]) == (
        "demooutdoor",
        "northwind.agency",
    ) and "invoice" not in params
    line = aa.credit_line(client, MAIN)
    assert line == aa.CreditLine(DEMO_EXTENDED_CREDIT_MAIN, "Demo Outdoor Co. Ltd")
    assert aa.credit_line(client, DEMO_BUSINESS_ID_AGENCY) is None  # no invoice on offer there
    taipei = next(tz for tz, name in aa.TIMEZONES.items() if name == "Asia/Taipei")
    done = creation.create(
        store.store_id, MAIN, form(currency="TWD", timezone_id=taipei, media_agency=alias, invoice=True), store.uow,
        **store.kw(client), key="with-credit-0001",
    )  # fmt: skip
    account = sandbox.world.ad_accounts[done.account_id.removeprefix("act_")]
    assert (account.currency, account.timezone_id, account.media_agency) == ("TWD", taipei, DEMO_PAGE_MAIN)
    assert account.funding_source == DEMO_EXTENDED_CREDIT_MAIN  # attached to the extended credit line


def test_every_problem_is_listed_at_once():
    with pytest.raises(InvalidNewAdAccount) as caught:
        creation.validate_new_ad_account(form(name="", currency="", timezone_id=None))
    assert len(caught.value.problems) == 3


def test_sixth_creation_is_refused_before_calling(client, wire, store, sandbox):
    for i in range(5):
        creation.create(
            store.store_id, MAIN, form(name=f"Account {i}"), store.uow, **store.kw(client), key=f"submission-{i:04d}"
        )
    assert creation.creation_count(store.store_id, MAIN, store.uow) == creation.CreationCount(5, False)
    before, posts = owned_by(sandbox, MAIN), len(wire[0].writes())
    with pytest.raises(CreationLimitReached, match="by hand in Business Manager") as caught:
        creation.create(store.store_id, MAIN, form(name="Sixth"), store.uow, **store.kw(client), key="submission-0006")
    assert (caught.value.created, caught.value.limit) == (5, 5)
    assert owned_by(sandbox, MAIN) == before and len(wire[0].writes()) == posts
    assert sandbox.world.businesses[MAIN].created_via_api == 5
    assert entries(store, aa.CREATE)[0].result == "refused"


def test_facebooks_3979_is_remembered_so_the_next_try_is_refused_before_calling(client, wire, store):
    with pytest.raises(InvalidRequestError) as caught:  # this BM created 5 elsewhere: only Facebook knows
        creation.create(
            store.store_id, DEMO_BUSINESS_ID_UNVERIFIED, form(), store.uow, **store.kw(client), key="submission-a001"
        )
    assert caught.value.code == 3979
    count = creation.creation_count(store.store_id, DEMO_BUSINESS_ID_UNVERIFIED, store.uow)
    assert count.reached and count.facebook_said_full
    posts = len(wire[0].writes())
    with pytest.raises(CreationLimitReached):
        creation.create(
            store.store_id,
            DEMO_BUSINESS_ID_UNVERIFIED,
            form(name="Again"),
            store.uow,
            **store.kw(client),
            key="submission-a002",
        )
    assert len(wire[0].writes()) == posts


def test_bad_standing_business_gets_3980(client, store):
    with pytest.raises(GraphPermissionError) as caught:
        creation.create(
            store.store_id, DEMO_BUSINESS_ID_TROUBLED, form(), store.uow, **store.kw(client), key="submission-t001"
        )
    assert caught.value.code == 3980 and "disabled or in review" in caught.value.user_message
    assert creation.creation_count(store.store_id, DEMO_BUSINESS_ID_TROUBLED, store.uow).created_by_app == 0


def test_create_is_never_retried_by_the_client_and_3902_may_be_sent_again(sandbox, store):
    session, adapter = faulty_session(sandbox, Injected("POST", "/adaccount", 3902))
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=session, sleep=lambda s: None)
    with pytest.raises(TransientError) as caught:
        creation.create(store.store_id, MAIN, form(), store.uow, **store.kw(client), key="submission-r001")
    assert caught.value.code == 3902 and "didn't create" in caught.value.user_message
    assert len(adapter.writes()) == 1  # the default policy would have resent it: create never is
    assert entries(store, aa.CREATE)[0].result == "failed"
    result = creation.create(
        store.store_id, MAIN, form(), store.uow, **store.kw(client), key="submission-r001"
    )  # Facebook said nothing was created
    assert not result.replayed and len(adapter.writes()) == 2


def test_an_unknown_outcome_blocks_the_same_submission(sandbox, store):
    class Timeout(requests.adapters.BaseAdapter):
        def send(self, request, *args, **kwargs):
            raise requests.ReadTimeout("read timed out")

    session = requests.Session()
    session.mount(SANDBOX_BASE_URL + "/", Timeout())
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=session, sleep=lambda s: None)
    with pytest.raises(AmbiguousWriteError):
        creation.create(store.store_id, MAIN, form(), store.uow, **store.kw(client), key="submission-u001")
    assert OUTCOME_UNKNOWN in entries(store, aa.CREATE)[0].detail
    with store.uow as uow:
        assert [r.status for r in uow.creations.of_business(store.store_id, MAIN)] == ["unknown"]
    with pytest.raises(SubmissionNotFinished, match="isn't sent again"):
        creation.create(store.store_id, MAIN, form(), store.uow, **store.kw(client), key="submission-u001")


def test_a_submission_still_in_flight_is_not_sent_twice(client, wire, store):
    with store.uow as uow:  # another tab sent this very creation a moment ago and waits for Facebook's answer
        uow.creations.add(
            AdAccountCreation(store_id=store.store_id, business_id=MAIN, idempotency_key="submission-f001", name="x",
                              summary="", status="started", requested_by="other tab", requested_at=store.clock())
        )  # fmt: skip
        uow.commit()
    with pytest.raises(SubmissionNotFinished):
        creation.create(store.store_id, MAIN, form(), store.uow, **store.kw(client), key="submission-f001")
    assert wire[0].writes() == []


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


def test_two_concurrent_sends_of_one_submission_make_one_post(sandbox, store):
    """A double click whose second run starts while the first is still waiting for Facebook."""
    inside, release = threading.Event(), threading.Event()

    class Slow(SandboxAdapter):
        def send(self, request, *args, **kwargs):
            if request.method == "POST":
                inside.set()
                release.wait(5)
            return super().send(request, *args, **kwargs)

    session = requests.Session()
    session.mount(SANDBOX_BASE_URL + "/", Slow(sandbox))
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=session, sleep=lambda s: None)
    before = len(owned_by(sandbox, MAIN))
    outcomes: list[object] = []
    first = threading.Thread(
        target=lambda: outcomes.append(
            creation.create(store.store_id, MAIN, form(), store.uow, **store.kw(client), key="submission-c001")
        )
    )
    first.start()
    assert inside.wait(5)
    with pytest.raises(SubmissionNotFinished):  # the second run: the key is taken, nothing is sent
        creation.create(store.store_id, MAIN, form(), store.uow, **store.kw(client), key="submission-c001")
    release.set()
    first.join(5)
    assert len(owned_by(sandbox, MAIN)) == before + 1
    assert creation.create(store.store_id, MAIN, form(), store.uow, **store.kw(client), key="submission-c001").replayed
