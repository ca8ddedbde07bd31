"""A Save writes its assets in a few multi-row statements on SQLite as on PostgreSQL, never one INSERT per asset,
and the assets it bound carry their database IDs (parents before children)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from core.binding import AssetKind, bound_asset_list, save_selection
from core.db.uow import SqlAlchemyUnitOfWork
from core.stores import set_plan_limit
from tests.support.db import ANN, DatabaseHandle, FakeClock, make_selection


@pytest.fixture
def statements(db: DatabaseHandle) -> Iterator[list[str]]:
    """Every SQL statement sent to the database (an executemany counts once)."""
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        sent.append(statement.split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", record)
    yield sent
    event.remove(db.engine, "before_cursor_execute", record)


def test_a_save_of_113_assets_takes_a_few_statements(
    db: DatabaseHandle, uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, statements: list[str]
) -> None:
    set_plan_limit(uow, "basic", 200)
    statements.clear()
    save_selection(store_id, make_selection(3, 100, 10), uow, actor=ANN, clock=clock)

    inserts = [s for s in statements if s == "INSERT"]
    assert len(inserts) <= 5, statements  # one per level (account, BMs, ad accounts and Pages) and the audit rows
    assert len(statements) <= 12, statements
    bound = bound_asset_list(store_id, uow)
    assert len(bound) == 1 + 3 + 100 + 10
    by_id = {a.id: a for a in bound}
    accounts = [a for a in bound if a.kind == AssetKind.AD_ACCOUNT]
    assert all(by_id[a.parent_id].kind == AssetKind.BUSINESS for a in accounts if a.parent_id)
