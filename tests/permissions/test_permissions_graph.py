"""The permissions matrix against the sandbox Graph API: batched loading (round trips counted), paging, who may
edit what, applying changed cells with one outcome each, Graph's errors in words, and the audit log."""

from __future__ import annotations

import json
import math

import pytest

from core.activity import audit_log
from core.binding import AdAccountChoice, BusinessChoice, FacebookAccountChoice, Selection, save_selection
from core.config import SANDBOX_BASE_URL
from core.graph import MESSAGES, NO_RETRY, GraphClient, RateLimitError
from core.graph.messages import REASONS
from core.permissions import (
    ROLE_TASKS,
    BoundAccount,
    CellChange,
    ChangeKind,
    apply,
    bound_ad_accounts,
    check_changes,
    load_matrix,
    review,
)
from core.permissions.graph import apply_changes
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_AD_ACCOUNT_CLIENT_2,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_FULL_TEAM,
    DEMO_AD_ACCOUNT_PERSONAL,
    DEMO_AD_ACCOUNT_SECURE,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_SECURE,
    DEMO_PERSON_BUSY,
    DEMO_PERSON_CREATIVE,
    DEMO_PERSON_JUNIOR,
    DEMO_PERSON_MANAGER,
    DEMO_PERSON_REPORTER,
    DEMO_PERSON_SELLER,
    DEMO_USER_ID,
    Faults,
    Sandbox,
    sandbox_session,
)
from core.sandbox.world import User
from core.shared import Actor
from tests.support.db import ANN
from tests.support.graph_fakes import FakeAdapter, Reply, make_client

MAIN = DEMO_BUSINESS_ID_MAIN
ADMIN = ROLE_TASKS["Admin"]
GENERAL = ROLE_TASKS["General user"]
ANALYZE = ROLE_TASKS["Reporting only"]


def client_for(sandbox: Sandbox, token: str = "demo-admin") -> GraphClient:
    return GraphClient(token, base_url=SANDBOX_BASE_URL, session=sandbox_session(sandbox))


def act(account_id: str) -> str:
    return f"act_{account_id}"


def bound(*account_ids: str, business: str | None = MAIN) -> list[BoundAccount]:
    return [BoundAccount(act(a), a, business) for a in account_ids]


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox("demo")


def change(matrix, person_id: str, account_id: str, after: frozenset[str]) -> CellChange:
    return CellChange(
        matrix.person(person_id), matrix.account(act(account_id)), matrix.tasks(person_id, act(account_id)), after
    )


# --- loading ----------------------------------------------------------------------------------------------


def test_load_reads_people_tasks_and_business_people_in_one_batch(sandbox):
    client = client_for(sandbox)
    matrix = load_matrix(client, bound(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK, DEMO_AD_ACCOUNT_EUR))
    assert client.request_count == 1
    assert [a.name for a in matrix.accounts] == [
        "Demo Outdoor – Main",
        "Demo Outdoor – Catalog (bulk)",
        "Demo Outdoor – EU",
    ]
    assert all(a.editable and a.my_tasks == ADMIN for a in matrix.accounts)
    assert matrix.tasks(DEMO_PERSON_SELLER, act(DEMO_AD_ACCOUNT_ACTIVE)) == GENERAL
    assert matrix.tasks(DEMO_PERSON_MANAGER, act(DEMO_AD_ACCOUNT_ACTIVE)) == ADMIN
    assert matrix.tasks(DEMO_PERSON_JUNIOR, act(DEMO_AD_ACCOUNT_BULK)) == frozenset({"DRAFT"})
    assert matrix.label(DEMO_PERSON_JUNIOR, act(DEMO_AD_ACCOUNT_BULK)) == "Custom: draft ads"
    assert matrix.tasks(DEMO_PERSON_CREATIVE, act(DEMO_AD_ACCOUNT_EUR)) == GENERAL
    # the business's people are rows even where they have no access (the 24 team members of Demo Outdoor)
    ids = {p.id for p in matrix.people}
    assert len(ids) == len(sandbox.world.businesses[MAIN].people) == 32
    assert matrix.person(DEMO_PERSON_BUSY).business_role == "EMPLOYEE"
    assert not any(matrix.tasks(DEMO_PERSON_BUSY, a.id) for a in matrix.accounts)
    # what Facebook holds, cell for cell
    for account in matrix.accounts:
        held = sandbox.world.ad_accounts[account.id.removeprefix("act_")].user_tasks
        assert {p: t for (p, a), t in matrix.cells.items() if a == account.id} == {
            p: frozenset(t) for p, t in held.items()
        }


def test_load_reads_up_to_2500_accounts_in_one_round_trip_and_follows_paging():
    sandbox = Sandbox("large")
    owned = [a for a in sandbox.world.ad_accounts.values() if a.owner_business == "210000000000000"][:120]
    first = owned[0]
    crowd = [f"1200000000000{i:02d}" for i in range(60)]  # more people than one page of assigned_users holds
    for uid in crowd:
        sandbox.world.users[uid] = User(uid, f"Crowd {uid[-2:]}")
        sandbox.world.businesses["210000000000000"].people[uid] = "EMPLOYEE"
        first.user_tasks[uid] = ["ANALYZE"]
    client = client_for(sandbox)
    matrix = load_matrix(client, [BoundAccount(act(a.account_id), a.name, a.owner_business) for a in owned])
    # 120 accounts in one batch of three ?ids= reads, and one more page for the first account's 61 people
    assert client.request_count == 1 + 1
    assert all(matrix.tasks(uid, act(first.account_id)) == ANALYZE for uid in crowd)
    assert len(matrix.people) == len(sandbox.world.businesses["210000000000000"].people)


def test_an_agency_account_gets_the_people_of_the_business_it_was_bound_through(sandbox):
    # CLIENT_2 belongs to Partner Brands and is shared with Demo Outdoor: its own business is not MAIN
    client = client_for(sandbox)
    matrix = load_matrix(client, bound(DEMO_AD_ACCOUNT_CLIENT_2))
    assert client.request_count == 1
    assert len(matrix.people) == 32


def test_accounts_outside_a_business_and_unreadable_ones_are_read_only_with_the_reason(sandbox):
    client = client_for(sandbox, "demo-analyst")
    accounts = bound(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_FULL_TEAM) + bound(DEMO_AD_ACCOUNT_PERSONAL, business=None)
    matrix = load_matrix(client, accounts)
    active, full, personal = matrix.accounts
    assert not active.editable and active.my_tasks == ANALYZE
    assert active.reason == "You have Reporting only on this ad account; only its admins can change who has access."
    assert not full.editable and full.reason == MESSAGES[(100, 33)].message
    assert not full.readable and matrix.label(DEMO_PERSON_SELLER, full.id) == "Unknown"  # not "No access"
    # the ?ids= read of both Main accounts is refused for Wholesale's sake, so they are read again one by one
    assert client.request_count == 2
    assert not personal.editable
    assert matrix.tasks(DEMO_PERSON_SELLER, act(DEMO_AD_ACCOUNT_ACTIVE)) == GENERAL
    admin_view = load_matrix(client_for(sandbox), bound(DEMO_AD_ACCOUNT_PERSONAL, business=None))
    assert "isn't in a Business Manager" in admin_view.accounts[0].reason


def test_a_throttled_account_says_when_to_retry_while_the_others_load():
    sandbox = Sandbox("demo", faults=Faults(account_call_budget=1))
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=sandbox_session(sandbox), retry=NO_RETRY)
    client.get(act(DEMO_AD_ACCOUNT_ACTIVE))  # spends the account's budget for this hour
    matrix = load_matrix(client, bound(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK))
    throttled, fine = matrix.accounts
    assert not throttled.editable and isinstance(throttled.error, RateLimitError)
    assert throttled.reason.startswith(MESSAGES[(80004, None)].message)
    assert "Try again in about" in throttled.reason and "min." in throttled.reason
    assert fine.editable and matrix.tasks(DEMO_PERSON_JUNIOR, fine.id) == frozenset({"DRAFT"})


def test_bound_ad_accounts_come_from_the_store(db, store_id, clock):
    selection = Selection(
        FacebookAccountChoice(DEMO_USER_ID, "Dana Demo"),
        [BusinessChoice(MAIN, "Demo Outdoor Co.")],
        [
            AdAccountChoice(DEMO_AD_ACCOUNT_ACTIVE, "Main", MAIN),
            AdAccountChoice(DEMO_AD_ACCOUNT_PERSONAL, "Personal", None),
        ],
    )
    save_selection(store_id, selection, db.uow(), actor=ANN, clock=clock)
    assert bound_ad_accounts(store_id, db.uow()) == [
        BoundAccount(act(DEMO_AD_ACCOUNT_ACTIVE), "Main", MAIN, "Demo Outdoor Co."),
        BoundAccount(act(DEMO_AD_ACCOUNT_PERSONAL), "Personal", None),
    ]


# --- applying ---------------------------------------------------------------------------------------------


def test_apply_sends_only_changed_cells_batched_and_facebook_holds_them(sandbox):
    client = client_for(sandbox)
    matrix = load_matrix(client, bound(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK))
    changes = [
        change(matrix, DEMO_PERSON_SELLER, DEMO_AD_ACCOUNT_ACTIVE, ADMIN),
        change(matrix, DEMO_PERSON_REPORTER, DEMO_AD_ACCOUNT_ACTIVE, frozenset()),
        change(matrix, DEMO_PERSON_JUNIOR, DEMO_AD_ACCOUNT_ACTIVE, ANALYZE),
    ]
    assert [c.kind for c in changes] == [ChangeKind.CHANGES, ChangeKind.LOSES, ChangeKind.GAINS]
    before = client.request_count
    outcomes = apply_changes(client, changes)
    assert client.request_count - before == 1
    assert [o.ok for o in outcomes] == [True, True, True]
    held = sandbox.world.ad_accounts[DEMO_AD_ACCOUNT_ACTIVE].user_tasks
    assert held[DEMO_PERSON_SELLER] == ["MANAGE", "ADVERTISE", "ANALYZE"]
    assert DEMO_PERSON_REPORTER not in held
    assert held[DEMO_PERSON_JUNIOR] == ["ANALYZE"]
    assert apply_changes(client, []) == [] and client.request_count - before == 1


def test_apply_costs_ceil_k_over_50_round_trips():
    sandbox = Sandbox("large")
    accounts = [a for a in sandbox.world.ad_accounts.values() if a.owner_business == "210000000000000"][:150]
    client = client_for(sandbox)
    matrix = load_matrix(client, [BoundAccount(act(a.account_id), a.name, a.owner_business) for a in accounts])
    changes = [
        CellChange(matrix.person(p), matrix.account(a), t, ANALYZE if t != ANALYZE else GENERAL)
        for (p, a), t in matrix.cells.items()
        if p != DEMO_USER_ID
    ][:120]
    before = client.request_count
    outcomes = apply_changes(client, changes)
    assert client.request_count - before == math.ceil(120 / 50) == 3
    assert all(o.ok for o in outcomes), [o.message for o in outcomes if not o.ok][:3]


def test_one_failed_cell_does_not_hide_the_others_and_errors_are_in_words(sandbox):
    admin = client_for(sandbox)
    matrix = load_matrix(
        admin, bound(DEMO_AD_ACCOUNT_ACTIVE) + bound(DEMO_AD_ACCOUNT_SECURE, business=DEMO_BUSINESS_ID_SECURE)
    )
    # Pat Busy already holds 25 ad accounts at a business the marketer can't see. The review refuses that before
    # any call (see test_a_person_at_25_accounts_elsewhere...); sent anyway, Facebook's 2620 comes back in words.
    busy = change(matrix, DEMO_PERSON_BUSY, DEMO_AD_ACCOUNT_ACTIVE, ANALYZE)
    secure = change(matrix, DEMO_USER_ID, DEMO_AD_ACCOUNT_SECURE, GENERAL)  # two-factor business (415)
    fine = change(matrix, DEMO_PERSON_JUNIOR, DEMO_AD_ACCOUNT_ACTIVE, ANALYZE)
    outcomes = apply_changes(admin, [busy, secure, fine])
    assert [o.ok for o in outcomes] == [False, False, True]
    assert [o.error.code for o in outcomes[:2]] == [2620, 415]
    # Facebook's own reason, in words, not a list of what might have gone wrong
    assert outcomes[0].message == REASONS[2620][0][1].message
    assert outcomes[0].message.startswith("Facebook says this person already has access to 25 ad accounts")
    assert outcomes[1].message == MESSAGES[(415, None)].message
    assert sandbox.world.ad_accounts[DEMO_AD_ACCOUNT_ACTIVE].user_tasks[DEMO_PERSON_JUNIOR] == ["ANALYZE"]
    # someone without MANAGE (a token without ads_management) gets 200
    analyst = client_for(sandbox, "demo-analyst")
    [denied] = apply_changes(analyst, [change(matrix, DEMO_PERSON_CREATIVE, DEMO_AD_ACCOUNT_ACTIVE, ANALYZE)])
    assert not denied.ok and denied.error.code == 200
    assert denied.message == MESSAGES[(200, None)].message


def test_2702_from_facebook_is_shown_in_words():
    """The sandbox never answers 2702, so a fake Graph does: one batch, the second item refused."""
    error = {"error": {"message": "(#2702) Cannot add user", "type": "OAuthException", "code": 2702}}
    reply = Reply(body=[{"code": 200, "body": json.dumps({"success": True})},
                        {"code": 400, "body": json.dumps(error)}])  # fmt: skip
    adapter = FakeAdapter([reply])
    client = make_client(adapter)
    sandbox_matrix = load_matrix(client_for(Sandbox("demo")), bound(DEMO_AD_ACCOUNT_ACTIVE))
    changes = [
        change(sandbox_matrix, DEMO_PERSON_JUNIOR, DEMO_AD_ACCOUNT_ACTIVE, ANALYZE),
        change(sandbox_matrix, DEMO_PERSON_CREATIVE, DEMO_AD_ACCOUNT_ACTIVE, GENERAL),
    ]
    outcomes = apply_changes(client, changes)
    assert len(adapter.sent) == 1
    wire = adapter.sent[0].batch()
    assert [w["method"] for w in wire] == ["POST", "POST"]
    assert all(w["relative_url"] == f"act_{DEMO_AD_ACCOUNT_ACTIVE}/assigned_users" for w in wire)
    assert "tasks=%5B%22ADVERTISE%22%2C%22ANALYZE%22%5D" in wire[1]["body"]
    assert [o.ok for o in outcomes] == [True, False]
    assert outcomes[1].error.code == 2702
    assert outcomes[1].message == MESSAGES[(2702, None)].message


def test_removal_is_a_delete_with_user():
    adapter = FakeAdapter([Reply(body=[{"code": 200, "body": json.dumps({"success": True})}])])
    client = make_client(adapter)
    matrix = load_matrix(client_for(Sandbox("demo")), bound(DEMO_AD_ACCOUNT_ACTIVE))
    [outcome] = apply_changes(client, [change(matrix, DEMO_PERSON_REPORTER, DEMO_AD_ACCOUNT_ACTIVE, frozenset())])
    [item] = adapter.sent[0].batch()
    assert item["method"] == "DELETE"
    assert item["relative_url"] == f"act_{DEMO_AD_ACCOUNT_ACTIVE}/assigned_users?user={DEMO_PERSON_REPORTER}"
    assert outcome.ok


# --- audit ------------------------------------------------------------------------------------------------


def test_apply_and_review_record_every_outcome_and_refusal_themselves(sandbox, db, store_id, clock):
    admin, dana = client_for(sandbox), Actor("a@example.com", "Dana Demo")  # the store's member
    matrix = load_matrix(admin, bound(DEMO_AD_ACCOUNT_ACTIVE))
    changes = [
        change(matrix, DEMO_PERSON_JUNIOR, DEMO_AD_ACCOUNT_ACTIVE, ANALYZE),
        change(matrix, DEMO_PERSON_BUSY, DEMO_AD_ACCOUNT_ACTIVE, ANALYZE),
    ]
    outcomes = apply(store_id, changes, db.uow(), actor=dana, clock=clock, client=admin)
    assert [o.ok for o in outcomes] == [True, False]
    labels = {**matrix.labels(), (DEMO_PERSON_SELLER, act(DEMO_AD_ACCOUNT_ACTIVE)): "Custom: MANAGE"}
    refused = review(store_id, matrix, labels, db.uow(), actor=dana, clock=clock)
    assert refused.refusals and not any(r.ok for r in outcomes[1:])
    entries = {(e.action, e.result): e for e in audit_log(store_id, db.uow())}
    grant = entries[("permission_grant", "ok")]
    assert grant.detail == "Jordan Junior gains Reporting only on Demo Outdoor – Main"
    assert grant.target_id == act(DEMO_AD_ACCOUNT_ACTIVE)
    assert (grant.actor, grant.actor_name) == ("a@example.com", "Dana Demo")
    assert grant.at == clock() and grant.target_kind == "ad_account"
    failed = entries[("permission_grant", "failed")]
    assert "Pat Busy gains Reporting only" in failed.detail and "Facebook error code 2620" in failed.detail
    assert entries[("permission_change", "refused")].detail == refused.refusals[0].message


# --- the 25-ad-accounts-per-person cap, counted on Facebook ------------------------------------------------


def test_a_person_at_25_accounts_elsewhere_is_refused_by_the_review_before_any_write(sandbox, db, store_id, clock):
    admin, dana = client_for(sandbox), Actor("a@example.com", "Ann Example")
    matrix = load_matrix(admin, bound(DEMO_AD_ACCOUNT_ACTIVE))
    assert not any(matrix.tasks(DEMO_PERSON_BUSY, a.id) for a in matrix.accounts)  # none of them in this store
    sent: list = []
    batch, post, delete = admin.batch, admin.post, admin.delete
    admin.batch = lambda requests, **kw: (sent.extend(requests), batch(requests, **kw))[1]  # type: ignore[method-assign]
    admin.post = lambda *a, **kw: (sent.append(("POST", a)), post(*a, **kw))[1]  # type: ignore[method-assign]
    admin.delete = lambda *a, **kw: (sent.append(("DELETE", a)), delete(*a, **kw))[1]  # type: ignore[method-assign]
    labels = {
        **matrix.labels(),
        (DEMO_PERSON_BUSY, act(DEMO_AD_ACCOUNT_ACTIVE)): "Reporting only",
        (DEMO_PERSON_JUNIOR, act(DEMO_AD_ACCOUNT_ACTIVE)): "Reporting only",
    }
    result = review(store_id, matrix, labels, db.uow(), actor=dana, clock=clock, client=admin)
    [refusal] = result.refusals
    assert refusal.person_id == DEMO_PERSON_BUSY
    assert refusal.message == (
        "Pat Busy already has tasks on 25 ad accounts (25 of them outside this store) and would be on 26; Facebook "
        "allows at most 25 per person. Remove them from another ad account first, or leave out Demo Outdoor – Main."
    )
    writes = [r for r in sent if isinstance(r, tuple) or r.method != "GET"]
    assert writes == []  # only the counts were read: nothing was sent to change anyone
    assert sorted((r.path, dict(r.params or {})) for r in sent) == [
        (f"{person}/assigned_ad_accounts", {"summary": "total_count", "limit": 0})
        for person in (DEMO_PERSON_JUNIOR, DEMO_PERSON_BUSY)
    ]
    assert DEMO_PERSON_BUSY not in sandbox.world.ad_accounts[DEMO_AD_ACCOUNT_ACTIVE].user_tasks
    [entry] = [e for e in audit_log(store_id, db.uow()) if e.result == "refused"]
    assert entry.detail == refusal.message


def test_the_cap_counts_facebooks_number_and_what_the_changes_take_away():
    matrix = load_matrix(client_for(Sandbox("demo")), bound(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_EUR))
    gain = change(matrix, DEMO_PERSON_JUNIOR, DEMO_AD_ACCOUNT_ACTIVE, ANALYZE)
    assert check_changes(matrix, [gain], {DEMO_PERSON_JUNIOR: 24}) == []
    [refusal] = check_changes(matrix, [gain], {DEMO_PERSON_JUNIOR: 25})
    assert "would be on 26" in refusal.message
    assert check_changes(matrix, [gain]) == []  # no count read: only the matrix, and Facebook's 2620 after
    swap = change(matrix, DEMO_PERSON_CREATIVE, DEMO_AD_ACCOUNT_EUR, frozenset())  # Casey leaves EU…
    joins = change(matrix, DEMO_PERSON_CREATIVE, DEMO_AD_ACCOUNT_ACTIVE, ANALYZE)  # …and joins Main
    assert check_changes(matrix, [swap, joins], {DEMO_PERSON_CREATIVE: 25}) == []
