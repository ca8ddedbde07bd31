"""``python -m core.stores``: the operator's way to let an email sign in to a store (live mode)."""

from __future__ import annotations

import pytest

from core.stores import stores_for_member
from core.stores.__main__ import main
from tests.support.db import DatabaseHandle


def test_create_store_add_member_and_list(db: DatabaseHandle, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", db.url, "create-store", "Outdoor shop", "--member", "Owner@Shop.example"]) == 0
    created = capsys.readouterr().out
    assert "Outdoor shop (plan basic), members: Owner@Shop.example" in created
    (store,) = stores_for_member("owner@shop.example", db.uow())
    assert main(["--database-url", db.url, "add-member", str(store.id), "helper@shop.example"]) == 0
    assert f"helper@shop.example may now sign in to store {store.id}" in capsys.readouterr().out
    assert main(["--database-url", db.url, "list", "HELPER@shop.example"]) == 0
    assert f"store {store.id}: Outdoor shop (plan basic)" in capsys.readouterr().out
    assert main(["--database-url", db.url, "list", "nobody@example.com"]) == 0
    assert "belongs to no store" in capsys.readouterr().out


def test_unknown_plan_and_store_are_errors(db: DatabaseHandle, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", db.url, "create-store", "X", "--plan", "platinum"]) == 1
    assert "There is no plan called 'platinum'" in capsys.readouterr().err
    assert main(["--database-url", db.url, "add-member", "999", "a@b.example"]) == 1
    assert "Store 999 does not exist." in capsys.readouterr().err
