"""Roles inside a store, enforced by the core's use cases (docs/RULES.md, "Roles in a store"): each role × each write,
allowed or refused with its message, and nothing changed when refused; foreign stores; the last owner; plans."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from cryptography.fernet import Fernet

from core import ad_accounts as aa
from core.activity import audit_log
from core.binding import (
    AdAccountChoice,
    BusinessChoice,
    FacebookAccountChoice,
    Selection,
    bind_google_ads,
    bound_asset_list,
    rebind,
    save_selection,
    unbind,
)
from core.config import SANDBOX_BASE_URL
from core.connection import connect_facebook
from core.db.crypto import TokenCipher
from core.graph import GraphClient
from core.permissions import BoundAccount, apply, load_matrix, review
from core.sandbox import DEMO_AD_ACCOUNT_ACTIVE, DEMO_BUSINESS_ID_MAIN, DEMO_PERSON_JUNIOR, DEMO_USER_ID, Sandbox
from core.shared import OPERATOR, Actor
from core.stores import (
    MembershipRefused,
    NotAllowed,
    NotAMember,
    PlanTooSmall,
    StoreAccessRefused,
    StoreRole,
    add_member,
    create_store,
    members,
    remove_member,
    set_plan,
    set_role,
)
from tests.support.ad_accounts import faulty_session

ACT = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"
PEOPLE = {
    StoreRole.OWNER: Actor("owner@shop.example", "Olive Owner"),
    StoreRole.ADMIN: Actor("admin@shop.example", "Adam Admin"),
    StoreRole.VIEWER: Actor("viewer@shop.example", "Vera Viewer"),
}
STRANGER = Actor("stranger@else.example", "Sam Stranger")
SELECTION = Selection(
    FacebookAccountChoice(DEMO_USER_ID, "Dana Demo"),
    [BusinessChoice(DEMO_BUSINESS_ID_MAIN, "Demo Outdoor Co.")],
    [AdAccountChoice(ACT, "Demo Outdoor – Main", DEMO_BUSINESS_ID_MAIN)],
)


class World:
    """A store with one member per role, the demo Business Manager bound, and the sandbox counting writes."""

    def __init__(self, uow: Any, clock: Any) -> None:
        self.uow, self.clock = uow, clock
        self.store_id = create_store(uow, name="Shop", plan="basic", members=[PEOPLE[StoreRole.OWNER].id], clock=clock)
        for role in (StoreRole.ADMIN, StoreRole.VIEWER):
            add_member(self.store_id, PEOPLE[role].id, role, uow, actor=OPERATOR, clock=clock)
        save_selection(self.store_id, SELECTION, uow, actor=OPERATOR, clock=clock)
        bind_google_ads(self.store_id, "111-222-3333", uow, actor=OPERATOR, clock=clock)
        self.sandbox = Sandbox("demo")
        session, self.wire = faulty_session(self.sandbox)
        self.client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=session, sleep=lambda s: None)
        matrix = load_matrix(self.client, [BoundAccount(ACT, "Main", DEMO_BUSINESS_ID_MAIN)])
        labels = {**matrix.labels(), (DEMO_PERSON_JUNIOR, ACT): "Reporting only"}
        self.matrix, self.labels = matrix, labels
        self.changes = review(self.store_id, matrix, labels, uow, actor=OPERATOR, clock=clock).changes

    def state(self) -> tuple[Any, ...]:
        """Everything a refused write must leave as it was: bindings, members, plan, Facebook's writes."""
        assets = sorted((a.kind, a.external_id) for a in bound_asset_list(self.store_id, self.uow))
        people = members(self.store_id, self.uow)
        with self.uow as u:
            plan = u.stores.get(self.store_id).plan
            connection = u.stores.connection(self.store_id)
        return assets, people, plan, connection is not None, len(self.wire.writes())

    def asset(self, external_id: str) -> int:
        """The asset's ID, bound or in retention."""
        with self.uow as u:
            return next(a.id for a in u.assets.list(self.store_id, bound=None) if a.external_id == external_id)


def _use_cases(w: World) -> dict[str, Callable[[Actor], Any]]:
    kw = {"clock": w.clock}
    graph = {"clock": w.clock, "client": w.client}
    cipher = TokenCipher(Fernet.generate_key())
    return {
        "save_selection": lambda a: save_selection(w.store_id, Selection(), w.uow, actor=a, **kw),
        "bind_google_ads": lambda a: bind_google_ads(w.store_id, "999-888-7777", w.uow, actor=a, **kw),
        "unbind": lambda a: unbind(w.store_id, w.asset("111-222-3333"), w.uow, actor=a, **kw),
        "rebind": lambda a: rebind(w.store_id, w.asset("111-222-3333"), w.uow, actor=a, **kw),
        "connect_facebook": lambda a: connect_facebook(
            w.store_id,
            w.uow,
            cipher=cipher,
            facebook_user_id="1",
            facebook_user_name="X",
            token="EAAB-x",
            token_expires_at=None,
            data_access_expires_at=None,
            scopes=[],
            actor=a,
            **kw,
        ),
        "claim": lambda a: aa.claim(w.store_id, DEMO_BUSINESS_ID_MAIN, "act_1", w.uow, actor=a, **graph),
        "create": lambda a: aa.create(
            w.store_id, DEMO_BUSINESS_ID_MAIN, aa.NewAdAccount("New", "USD", 1), w.uow, actor=a, **graph
        ),
        "remove": lambda a: aa.remove(w.store_id, DEMO_BUSINESS_ID_MAIN, ACT, w.uow, actor=a, **graph),
        "set_dsa_defaults": lambda a: aa.set_dsa_defaults(w.store_id, ACT, "P", "B", w.uow, actor=a, **graph),
        "set_spend_cap": lambda a: aa.set_spend_cap(w.store_id, ACT, "100", "USD", w.uow, actor=a, **graph),
        "review": lambda a: review(w.store_id, w.matrix, w.labels, w.uow, actor=a, **kw),
        "apply": lambda a: apply(w.store_id, w.changes, w.uow, actor=a, **graph),
        "add_member": lambda a: add_member(w.store_id, "new@shop.example", StoreRole.VIEWER, w.uow, actor=a, **kw),
        "set_role": lambda a: set_role(w.store_id, PEOPLE[StoreRole.VIEWER].id, StoreRole.ADMIN, w.uow, actor=a, **kw),
        "remove_member": lambda a: remove_member(w.store_id, PEOPLE[StoreRole.VIEWER].id, w.uow, actor=a, **kw),
    }


# The lowest role allowed each write: owner (members), admin (bind, permissions, ad accounts); viewers none.
NEEDS = {
    **dict.fromkeys(
        [
            "save_selection",
            "bind_google_ads",
            "unbind",
            "rebind",
            "connect_facebook",
            "claim",
            "create",
            "remove",
            "set_dsa_defaults",
            "set_spend_cap",
            "review",
            "apply",
        ],
        StoreRole.ADMIN,
    ),
    **dict.fromkeys(["add_member", "set_role", "remove_member"], StoreRole.OWNER),
}
RANK = {StoreRole.VIEWER: 0, StoreRole.ADMIN: 1, StoreRole.OWNER: 2}


@pytest.mark.parametrize("use_case", sorted(NEEDS))
@pytest.mark.parametrize("role", [*StoreRole, None], ids=lambda r: r or "stranger")
def test_each_role_and_each_write(uow, clock, use_case: str, role: StoreRole | None) -> None:
    w = World(uow, clock)
    if use_case == "rebind":
        unbind(w.store_id, w.asset("111-222-3333"), uow, actor=OPERATOR, clock=clock)
    actor = PEOPLE[role] if role else STRANGER
    before = w.state()
    call = _use_cases(w)[use_case]
    if role is not None and RANK[role] >= RANK[NEEDS[use_case]]:
        try:
            call(actor)
        except StoreAccessRefused:
            pytest.fail(f"{role} may {use_case}")
        except Exception:  # allowed by the store: what Facebook or the rules then say is another test's business
            pass
        return
    with pytest.raises(NotAllowed if role else NotAMember) as refused:
        call(actor)
    words = refused.value.user_message
    if role:
        assert f"As a {role.label.lower()} of this store you can't" in words
        assert f"needs the {NEEDS[use_case].label.lower()} role" in words
    else:
        assert "is not a member of this store" in words
    assert w.state() == before  # nothing changed here, nothing sent to Facebook


def test_refreshing_ad_volume_is_open_to_every_member_and_refused_to_a_stranger(uow, clock) -> None:
    from core.ad_volume import sync_ad_volume

    w = World(uow, clock)
    for person in PEOPLE.values():
        assert len(sync_ad_volume(w.store_id, uow, actor=person, clock=clock, client=w.client).accounts) == 1
    with pytest.raises(NotAMember):
        sync_ad_volume(w.store_id, uow, actor=STRANGER, clock=clock, client=w.client)


def test_a_member_of_one_store_cannot_reach_another_by_its_id(uow, clock) -> None:
    mine = create_store(uow, name="Mine", plan="basic", members=["me@shop.example"], clock=clock)
    theirs = create_store(uow, name="Theirs", plan="basic", members=["them@shop.example"], clock=clock)
    me = Actor("me@shop.example", "Me")
    bind_google_ads(mine, "111-111-1111", uow, actor=me, clock=clock)
    with pytest.raises(NotAMember):
        bind_google_ads(theirs, "111-111-1111", uow, actor=me, clock=clock)
    with pytest.raises(NotAMember):
        add_member(theirs, "me@shop.example", StoreRole.OWNER, uow, actor=me, clock=clock)
    assert bound_asset_list(theirs, uow) == [] and [m.email for m in members(theirs, uow)] == ["them@shop.example"]
    assert [e.result for e in audit_log(theirs, uow)] == ["refused", "refused"]  # the attempts are on record


def test_the_last_owner_cannot_be_removed_or_demoted(uow, clock) -> None:
    owner = Actor("owner@shop.example", "Olive Owner")
    store = create_store(uow, name="Shop", plan="basic", members=[owner.id], clock=clock)
    for attempt in (
        lambda: set_role(store, owner.id, StoreRole.ADMIN, uow, actor=owner, clock=clock),
        lambda: remove_member(store, owner.id, uow, actor=owner, clock=clock),
        lambda: remove_member(store, owner.id, uow, actor=OPERATOR, clock=clock),
    ):
        with pytest.raises(MembershipRefused, match="only owner"):
            attempt()
    add_member(store, "second@shop.example", StoreRole.OWNER, uow, actor=owner, clock=clock)
    set_role(store, owner.id, StoreRole.VIEWER, uow, actor=owner, clock=clock)  # another owner remains: fine
    assert {(m.email, m.role) for m in members(store, uow)} == {
        ("owner@shop.example", StoreRole.VIEWER),
        ("second@shop.example", StoreRole.OWNER),
    }


def test_members_are_emails_and_changes_say_what_they_did(uow, clock) -> None:
    owner = Actor("owner@shop.example", "Olive Owner")
    store = create_store(uow, name="Shop", plan="basic", members=[owner.id], clock=clock)
    with pytest.raises(MembershipRefused, match="is not an email address"):
        add_member(store, "not an email", StoreRole.ADMIN, uow, actor=owner, clock=clock)
    assert add_member(store, " New@Shop.Example ", StoreRole.ADMIN, uow, actor=owner, clock=clock)
    assert not add_member(store, "new@shop.example", StoreRole.VIEWER, uow, actor=owner, clock=clock)  # already in
    set_role(store, "new@shop.example", StoreRole.VIEWER, uow, actor=owner, clock=clock)
    details = {e.action: e.detail for e in audit_log(store, uow) if e.result == "ok"}
    assert details == {"add_member": "as Admin", "set_role": "from Admin to Viewer"}


def test_a_plan_downgrade_below_what_is_bound_says_what_to_disconnect(uow, clock) -> None:
    w = World(uow, clock)  # 1 Facebook ad account + 1 Google Ads account bound, on basic (5)
    with pytest.raises(PlanTooSmall) as refused:
        set_plan(w.store_id, "free", uow, actor=OPERATOR, clock=clock)
    words = refused.value.user_message
    assert "The free plan allows 1 ad account" in words and "this store has 2 bound" in words
    assert "Demo Outdoor – Main (act_300000000000001)" in words and "Disconnect 1 of them first" in words
    with pytest.raises(StoreAccessRefused, match="Smart Ads support"):  # owners don't change plans: billing does
        set_plan(w.store_id, "pro", uow, actor=PEOPLE[StoreRole.OWNER], clock=clock)
    set_plan(w.store_id, "pro", uow, actor=OPERATOR, clock=clock)
    unbind(w.store_id, w.asset("111-222-3333"), uow, actor=OPERATOR, clock=clock)
    set_plan(w.store_id, "free", uow, actor=OPERATOR, clock=clock)  # 1 bound now: fits
    assert [e.detail for e in audit_log(w.store_id, uow, actions=["set_plan"]) if e.result == "ok"] == [
        "from pro to free (1 ad accounts)",
        "from basic to pro (20 ad accounts)",
    ]
