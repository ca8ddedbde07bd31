"""``python -m core.stores``: the operator's commands for stores, members, roles and plans (every change audited)."""

from __future__ import annotations

import pytest

from core.activity import audit_log
from core.binding import bind_google_ads
from core.stores import StoreRole, stores_for_member
from core.stores.__main__ import main
from tests.support.db import ANN, DatabaseHandle


def run(db: DatabaseHandle, *argv: str) -> int:
    return main(["--database-url", db.url, *argv])


def test_create_store_add_member_and_list(db: DatabaseHandle, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "create-store", "Outdoor shop", "--member", "Owner@Shop.example") == 0
    assert "Outdoor shop (plan basic), owners: Owner@Shop.example" in capsys.readouterr().out
    (store,) = stores_for_member("owner@shop.example", db.uow())
    assert store.role is StoreRole.OWNER
    assert run(db, "add-member", str(store.id), "helper@shop.example", "--role", "viewer") == 0
    assert f"helper@shop.example may now open store {store.id} as viewer" in capsys.readouterr().out
    assert run(db, "list", "HELPER@shop.example") == 0
    assert f"store {store.id}: Outdoor shop (plan basic), viewer" in capsys.readouterr().out
    assert run(db, "list", "nobody@example.com") == 0
    assert "belongs to no store" in capsys.readouterr().out


def test_set_role_remove_member_and_set_plan_are_audited_as_the_operator(
    db: DatabaseHandle, store_id: int, clock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "add-member", str(store_id), "b@example.com", "--role", "admin") == 0
    assert run(db, "set-role", str(store_id), "b@example.com", "viewer") == 0
    assert run(db, "members", str(store_id)) == 0
    assert "a@example.com: owner\nb@example.com: viewer" in capsys.readouterr().out
    assert run(db, "remove-member", str(store_id), "b@example.com") == 0
    assert run(db, "set-plan", str(store_id), "pro") == 0
    assert "now on the pro plan" in capsys.readouterr().out
    entries = {(e.action, e.result, e.actor) for e in audit_log(store_id, db.uow())}
    assert {(a, "ok", "operator") for a in ("add_member", "set_role", "remove_member", "set_plan")} <= entries


def test_refusals_say_why_and_change_nothing(
    db: DatabaseHandle, store_id: int, clock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "create-store", "X", "--plan", "platinum") == 1
    assert "There is no plan called 'platinum'" in capsys.readouterr().err
    assert run(db, "add-member", "999", "a@b.example") == 1
    assert "Store 999 does not exist." in capsys.readouterr().err
    assert run(db, "remove-member", str(store_id), "a@example.com") == 1  # the only owner
    assert "only owner" in capsys.readouterr().err
    for cid in ("111-111-1111", "222-222-2222"):
        bind_google_ads(store_id, cid, db.uow(), actor=ANN, clock=clock)
    assert run(db, "set-plan", str(store_id), "free") == 1
    err = capsys.readouterr().err
    assert "The free plan allows 1 ad account" in err and "this store has 2 bound" in err and "Disconnect 1" in err
    assert stores_for_member(ANN.id, db.uow())[0].plan == "basic"
