"""Two saves for the same store at once never break a limit (docs/RULES.md, "Binding"), on SQLite and PostgreSQL.

Real threads start together at a barrier, and every commit is held back a little, so without the store lock
both transactions would read the same counts before either commits. With the lock, the second waits.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from core.binding import (
    AssetKind,
    BindingError,
    BusinessChoice,
    Selection,
    SelectionRefused,
    bind_google_ads,
    bound_asset_list,
    plan_usage,
    save_selection,
)
from core.db.repositories import StoreRepository
from core.db.uow import SqlAlchemyUnitOfWork
from core.stores import create_store
from tests.support.db import ANN, DatabaseHandle, FakeClock, make_selection

HOLD_S = 0.25  # how long each commit is held back, so the transactions overlap


class SlowCommitUnitOfWork(SqlAlchemyUnitOfWork):
    def commit(self) -> None:
        time.sleep(HOLD_S)
        super().commit()


def run_together(db: DatabaseHandle, jobs: list[Callable[[SqlAlchemyUnitOfWork], Any]]) -> list[Any]:
    """Run each job in its own thread with its own unit of work, released at once; results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def worker(i: int) -> None:
        uow = SlowCommitUnitOfWork(db.engine)
        barrier.wait()
        try:
            results[i] = jobs[i](uow)
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_wizard_saves_never_leave_more_than_three_business_managers(
    db: DatabaseHandle, uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock
) -> None:
    first = make_selection(businesses=3, ad_accounts=2, pages=2)
    other_bms = [BusinessChoice(f"other_{b.id}", b.name) for b in first.businesses]
    second = Selection(first.facebook_account, other_bms)
    results = run_together(
        db, [lambda u, s=s: save_selection(store_id, s, u, actor=ANN, clock=clock) for s in (first, second)]
    )
    assert not [r for r in results if isinstance(r, Exception)]
    usage = plan_usage(store_id, uow)
    assert usage.businesses == 3  # one save's BMs, never both
    bms = {a.external_id for a in bound_asset_list(store_id, uow, [AssetKind.BUSINESS])}
    assert bms in ({b.id for b in first.businesses}, {b.id for b in second.businesses})


def test_a_save_and_a_google_bind_at_once_never_exceed_the_plan(
    db: DatabaseHandle, uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock
) -> None:
    selection = make_selection(businesses=1, ad_accounts=5, pages=1)  # basic plan: 5, alone it fits
    results = run_together(
        db,
        [
            lambda u: save_selection(store_id, selection, u, actor=ANN, clock=clock),
            lambda u: bind_google_ads(store_id, "123-456-7890", u, actor=ANN, clock=clock),
        ],
    )
    refused = [r for r in results if isinstance(r, SelectionRefused)]
    assert len(refused) == 1, results
    said = refused[0].violations[0].message  # the wizard's words ("selected") or the Google bind's ("would be bound")
    assert said.startswith(("Ad accounts (Facebook + Google): 6 selected", "Ad accounts (Facebook + Google): 6 would"))
    used = plan_usage(store_id, uow).ad_accounts.used
    assert used == (5 if isinstance(results[1], SelectionRefused) else 1)  # the winner's, never both (6)


def test_many_google_binds_at_once_fill_the_plan_exactly(
    db: DatabaseHandle, uow: SqlAlchemyUnitOfWork, clock: FakeClock
) -> None:
    store_id = create_store(uow, name="Small", plan="free", members=[ANN.id], clock=clock)  # 1 ad account
    ids = [f"100-000-000{i}" for i in range(4)]
    results = run_together(
        db, [lambda u, cid=cid: bind_google_ads(store_id, cid, u, actor=ANN, clock=clock) for cid in ids]
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, BindingError) for r in results if isinstance(r, Exception))
    assert plan_usage(store_id, uow).ad_accounts.used == 1


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_without_the_store_lock_the_same_race_breaks_the_limit(
    db: DatabaseHandle, uow: SqlAlchemyUnitOfWork, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: proves the tests above would catch a missing lock (PostgreSQL: SQLite aborts instead)."""
    monkeypatch.setattr(StoreRepository, "lock", StoreRepository.get)
    store_id = create_store(uow, name="Small", plan="free", members=[ANN.id], clock=clock)
    run_together(
        db,
        [
            lambda u, cid=cid: bind_google_ads(store_id, cid, u, actor=ANN, clock=clock)
            for cid in ("100-000-0001", "100-000-0002")
        ],
    )
    assert plan_usage(store_id, uow).ad_accounts.used == 2
