"""Creating an ad account once per request (store and content, within a day), across sessions, tabs and
processes; a lost answer is found on Facebook before anything is sent again (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import requests

from core import ad_accounts as aa
from core.activity import audit_log
from core.activity.model import OUTCOME_UNKNOWN
from core.ad_accounts import (
    CreationLimitReached,
    EntityRef,
    InvalidNewAdAccount,
    NewAdAccount,
    SubmissionNotFinished,
    creation,
)
from core.config import SANDBOX_BASE_URL
from core.db.models import AdAccountCreation
from core.graph import AmbiguousWriteError, GraphClient, GraphPermissionError, InvalidRequestError, TransientError
from core.sandbox import Faults, Sandbox
from core.sandbox.demo_ids import (
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_TROUBLED,
    DEMO_BUSINESS_ID_UNVERIFIED,
    DEMO_EXTENDED_CREDIT_MAIN,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_MAIN_ALIAS,
)
from core.sandbox.transport import SandboxAdapter
from tests.support.ad_accounts import Injected, StoreContext, client, faulty_session, store, wire

MAIN = DEMO_BUSINESS_ID_MAIN


__all__ = ["client", "store", "wire"]


@pytest.fixture
def sandbox(clock) -> Sandbox:
    return Sandbox("demo", clock=clock)  # Facebook's clock is the app's: created_time is comparable


def entries(store: StoreContext):
    return audit_log(store.store_id, store.uow, actions=[aa.CREATE])


def owned_by(sandbox: Sandbox, business_id: str) -> list[str]:
    return sorted(a.account_id for a in sandbox.world.ad_accounts.values() if a.owner_business == business_id)


def named(sandbox: Sandbox, name: str) -> list[str]:
    return [a.account_id for a in sandbox.world.ad_accounts.values() if a.name == name]


def form(name: str = "Spring sale", currency: str = "USD", timezone_id: int | None = 1, **refs) -> NewAdAccount:
    return NewAdAccount(name, currency, timezone_id, **refs)


def create(store: StoreContext, client: GraphClient, new: NewAdAccount | None = None, business: str = MAIN):
    return creation.create(store.store_id, business, new or form(), store.uow, **store.kw(client))


def statuses(store: StoreContext, business: str = MAIN) -> list[str]:
    with store.uow as uow:
        return [r.status for r in uow.creations.of_business(store.store_id, business)]


def test_create_makes_one_account_and_audits_it(client, store, sandbox):
    before = owned_by(sandbox, MAIN)
    result = create(store, client, form(end_advertiser=EntityRef("ID", DEMO_PAGE_MAIN)))
    assert not result.replayed
    assert owned_by(sandbox, MAIN) == sorted([*before, result.account_id.removeprefix("act_")])
    made = sandbox.world.ad_accounts[result.account_id.removeprefix("act_")]
    assert (made.name, made.currency, made.timezone_id, made.end_advertiser) == (
        "Spring sale",
        "USD",
        1,
        DEMO_PAGE_MAIN,
    )
    [ok] = entries(store)
    assert ok.result == "ok" and f"created {result.account_id}" in ok.detail and ok.target_id == MAIN
    with store.uow as uow:
        [row] = uow.creations.of_business(store.store_id, MAIN)
        key = creation.request_key(store.store_id, MAIN, creation.validate_new_ad_account(form(
            end_advertiser=EntityRef("ID", DEMO_PAGE_MAIN))))  # fmt: skip
        assert (row.idempotency_key, row.status, row.account_id) == (key, "created", result.account_id)


def test_the_key_is_the_store_and_the_content_not_the_session():
    params = creation.validate_new_ad_account(form())
    assert creation.request_key(1, MAIN, params) == creation.request_key(1, MAIN, dict(reversed(params.items())))
    assert creation.request_key(1, MAIN, params) != creation.request_key(2, MAIN, params)
    assert creation.request_key(1, MAIN, params) != creation.request_key(1, DEMO_BUSINESS_ID_AGENCY, params)
    other = creation.validate_new_ad_account(form(name="Spring sale 2"))
    assert creation.request_key(1, MAIN, params) != creation.request_key(1, MAIN, other)
    same = creation.validate_new_ad_account(form(name="  Spring sale "))  # read the same way: the same request
    assert creation.request_key(1, MAIN, params) == creation.request_key(1, MAIN, same)


def test_the_same_request_twice_creates_exactly_one_account(client, wire, store, sandbox):
    before = len(owned_by(sandbox, MAIN))
    first = create(store, client)
    second = create(store, client)  # a second tab, a reload, another session: the same request
    assert second == creation.CreateResult(first.account_id, replayed=True)
    assert len(owned_by(sandbox, MAIN)) == before + 1
    assert [w for w in wire[0].writes() if w[1].endswith("/adaccount")] == [("POST", f"/v21.0/{MAIN}/adaccount")]
    third = create(store, client, form(name="Summer sale"))  # another request is another account
    assert third.account_id != first.account_id and len(owned_by(sandbox, MAIN)) == before + 2


def test_the_same_request_after_the_window_is_a_new_account(client, store, sandbox, clock):
    first = create(store, client)
    clock.advance(hours=23, minutes=59)
    assert create(store, client).replayed
    clock.advance(minutes=2)  # a day after the first: the marketer asks for another one like it
    second = create(store, client)
    assert not second.replayed and second.account_id != first.account_id
    assert len(named(sandbox, "Spring sale")) == 2
    assert aa.creation_count(store.store_id, MAIN, store.uow).created_by_app == 2  # the old row still counts


def test_a_lost_answer_is_found_on_facebook_before_anything_is_sent_again(client, store, sandbox, clock):
    sandbox.faults = Faults(lose_answers=1)
    with pytest.raises(AmbiguousWriteError) as caught:
        create(store, client)
    assert "never arrived" in caught.value.user_message and "never get two" in caught.value.user_message
    assert OUTCOME_UNKNOWN in entries(store)[0].detail and statuses(store) == ["unknown"]
    [made] = named(sandbox, "Spring sale")  # Facebook did create it
    clock.advance(minutes=5)
    again = create(store, client)  # the marketer sends the same form again
    assert again == creation.CreateResult(f"act_{made}", replayed=True, recovered=True)
    assert named(sandbox, "Spring sale") == [made] and sandbox.write_count == 1  # looked, never re-sent
    assert statuses(store) == ["created"] and "found on Facebook" in entries(store)[0].detail
    assert create(store, client).replayed


def test_a_lost_answer_that_created_nothing_is_sent_after_looking(sandbox, store, clock):
    class LostBeforeFacebook(SandboxAdapter):  # the POST never reached Facebook; reads go through
        def send(self, request, *args, **kwargs):
            if request.method == "POST" and not getattr(self, "failed", False):
                self.failed = True
                raise requests.ReadTimeout("read timed out")
            return super().send(request, *args, **kwargs)

    session = requests.Session()
    session.mount(SANDBOX_BASE_URL + "/", LostBeforeFacebook(sandbox))
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=session, sleep=lambda s: None)
    with pytest.raises(AmbiguousWriteError):
        create(store, client)
    assert named(sandbox, "Spring sale") == [] and statuses(store) == ["unknown"]
    result = create(store, client)
    assert not result.replayed and named(sandbox, "Spring sale") == [result.account_id.removeprefix("act_")]


def test_an_attempt_still_waiting_for_facebook_is_not_sent_twice_then_is_looked_for(
    client, wire, store, sandbox, clock
):
    key = creation.request_key(store.store_id, MAIN, creation.validate_new_ad_account(form()))
    with store.uow as uow:  # another process sent this very request a moment ago and waits for Facebook's answer
        uow.creations.add(
            AdAccountCreation(store_id=store.store_id, business_id=MAIN, idempotency_key=key, name="Spring sale",
                              summary="", status="started", requested_by="b@example.com", requested_at=clock())
        )  # fmt: skip
        uow.commit()
    with pytest.raises(SubmissionNotFinished, match="being created right now: someone else in this store"):
        create(store, client)
    assert wire[0].writes() == []
    clock.advance(minutes=3)  # that process stopped before recording the answer: look on Facebook, then send
    result = create(store, client)
    assert not result.replayed and len(named(sandbox, "Spring sale")) == 1


def test_two_concurrent_sends_of_one_request_make_one_post(sandbox, store):
    """A second tab whose request starts while the first is still waiting for Facebook."""
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
    first = threading.Thread(target=lambda: create(store, client))
    first.start()
    assert inside.wait(5)
    with pytest.raises(SubmissionNotFinished):  # the second: the request's row is there, nothing is sent
        create(store, client)
    release.set()
    first.join(5)
    assert len(named(sandbox, "Spring sale")) == 1 and sandbox.write_count == 1
    assert create(store, client).replayed


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
        create(store, client, bad)
    assert wire[0].sent == [] and owned_by(sandbox, MAIN) == before
    [entry] = entries(store)
    assert entry.result == "refused" and problem in entry.detail


def test_media_agency_and_partner_take_a_page_alias_and_invoice_goes_with_the_credit_line(client, store, sandbox):
    alias = EntityRef("ID", DEMO_PAGE_MAIN_ALIAS)
    params = creation.validate_new_ad_account(form(media_agency=alias, partner=EntityRef("ID", "northwind.agency")))
    assert (params["media_agency"], params["partner"]) == ("demooutdoor", "northwind.agency")
    assert "invoice" not in params
    assert aa.credit_line(client, MAIN) == aa.CreditLine(DEMO_EXTENDED_CREDIT_MAIN, "Demo Outdoor Co. Ltd")
    assert aa.credit_line(client, DEMO_BUSINESS_ID_AGENCY) is None  # no invoice on offer there
    taipei = next(tz for tz, name in aa.TIMEZONES.items() if name == "Asia/Taipei")
    done = create(store, client, form(currency="TWD", timezone_id=taipei, media_agency=alias, invoice=True))
    account = sandbox.world.ad_accounts[done.account_id.removeprefix("act_")]
    assert (account.currency, account.timezone_id, account.media_agency) == ("TWD", taipei, DEMO_PAGE_MAIN)
    assert account.funding_source == DEMO_EXTENDED_CREDIT_MAIN  # attached to the extended credit line


def test_every_problem_is_listed_at_once():
    with pytest.raises(InvalidNewAdAccount) as caught:
        creation.validate_new_ad_account(form(name="", currency="", timezone_id=None))
    assert len(caught.value.problems) == 3


def test_sixth_creation_is_refused_before_calling(client, wire, store, sandbox):
    for i in range(5):
        create(store, client, form(name=f"Account {i}"))
    assert creation.creation_count(store.store_id, MAIN, store.uow) == creation.CreationCount(5, False)
    before, posts = owned_by(sandbox, MAIN), len(wire[0].writes())
    with pytest.raises(CreationLimitReached, match="by hand in Business Manager") as caught:
        create(store, client, form(name="Sixth"))
    assert (caught.value.created, caught.value.limit) == (5, 5)
    assert owned_by(sandbox, MAIN) == before and len(wire[0].writes()) == posts
    assert sandbox.world.businesses[MAIN].created_via_api == 5
    assert entries(store)[0].result == "refused"


def test_facebooks_3979_is_remembered_so_the_next_try_is_refused_before_calling(client, wire, store):
    with pytest.raises(InvalidRequestError) as caught:  # this BM created 5 elsewhere: only Facebook knows
        create(store, client, business=DEMO_BUSINESS_ID_UNVERIFIED)
    assert caught.value.code == 3979
    count = creation.creation_count(store.store_id, DEMO_BUSINESS_ID_UNVERIFIED, store.uow)
    assert count.reached and count.facebook_said_full
    posts = len(wire[0].writes())
    with pytest.raises(CreationLimitReached):
        create(store, client, form(name="Again"), business=DEMO_BUSINESS_ID_UNVERIFIED)
    assert len(wire[0].writes()) == posts


def test_bad_standing_business_gets_3980(client, store):
    with pytest.raises(GraphPermissionError) as caught:
        create(store, client, business=DEMO_BUSINESS_ID_TROUBLED)
    assert caught.value.code == 3980 and "disabled or in review" in caught.value.user_message
    assert creation.creation_count(store.store_id, DEMO_BUSINESS_ID_TROUBLED, store.uow).created_by_app == 0


def test_create_is_never_retried_by_the_client_and_3902_may_be_sent_again(sandbox, store):
    session, adapter = faulty_session(sandbox, Injected("POST", "/adaccount", 3902))
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=session, sleep=lambda s: None)
    with pytest.raises(TransientError) as caught:
        create(store, client)
    assert caught.value.code == 3902 and "didn't create" in caught.value.user_message
    assert len(adapter.writes()) == 1  # the default policy would have resent it: create never is
    assert entries(store)[0].result == "failed"
    result = create(store, client)  # Facebook said nothing was created: sent again, at once
    assert not result.replayed and len(adapter.writes()) == 2


def test_an_old_started_row_of_a_stopped_process_is_looked_for_first(client, store, sandbox, clock):
    key = creation.request_key(store.store_id, MAIN, creation.validate_new_ad_account(form()))
    made = create(store, client, form())  # Facebook created it; the process stopped before writing the answer
    with store.uow as uow:
        row = uow.creations.get(store.store_id, key)
        row.status, row.account_id, row.requested_at = "started", None, clock() - timedelta(minutes=1)
        uow.commit()
    clock.advance(minutes=5)
    writes = sandbox.write_count
    assert create(store, client) == creation.CreateResult(made.account_id, replayed=True, recovered=True)
    assert sandbox.write_count == writes
