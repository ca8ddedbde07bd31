"""Binding engine figures: a wizard Save, a big BM disconnect, a big purge; on SQLite and (when set) PostgreSQL.

PostgreSQL runs when ``BENCH_DATABASE_URL`` or ``TEST_DATABASE_URL`` is set, in a schema of its own that is dropped
afterwards. Each figure is the median of 5 runs with its min and max, alternating with a row-by-row baseline (one
statement per asset or row, what the bulk statements replace) on a store of its own, both measured in full: the
purge baseline deletes all 100,000 rows one by one. The statements a Save sends are counted too; both sides must
leave the database in the same state.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bench.harness import RUNS, alternate, figure, seconds, spread, timed
from core.binding import (
    AdAccountChoice,
    AssetKind,
    BusinessChoice,
    FacebookAccountChoice,
    PageChoice,
    Selection,
    bound_asset_list,
    purge,
    save_selection,
    unbind,
)
from core.db.engine import create_engine_for, upgrade_database
from core.db.models import AdVolumeSnapshot, Asset
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor
from core.stores import create_store, set_plan_limit

START = datetime(2026, 1, 1, tzinfo=UTC)
BENCH = Actor("bench@example.com", "Bench")
PURGED_ROWS = 100_000


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def _selection(businesses: int, ad_accounts: int, pages: int) -> Selection:
    bms = [BusinessChoice(f"bm_{i}", f"BM {i}") for i in range(businesses)]
    accounts = [
        AdAccountChoice(f"act_{1000 + i}", f"Ad account {i}", bms[i % businesses].id) for i in range(ad_accounts)
    ]
    page_list = [PageChoice(f"page_{i}", f"Page {i}", bms[i % businesses].id) for i in range(pages)]
    return Selection(FacebookAccountChoice("fb_1", "Bench"), bms, accounts, page_list)


def _store(uow: SqlAlchemyUnitOfWork, clock: Clock) -> int:
    return create_store(uow, name=f"bench {uuid.uuid4().hex[:8]}", plan="bench", members=[BENCH.id], clock=clock)


@contextmanager
def _counting(engine: Engine) -> Iterator[list[str]]:
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _bound(engine: Engine, store_id: int) -> list[tuple[str, str, str]]:
    with Session(engine) as session:
        rows = session.execute(
            select(Asset.kind, Asset.external_id, Asset.name).where(
                Asset.store_id == store_id, Asset.unbound_at.is_(None)
            )
        )
        return sorted((str(k), str(e), str(n)) for k, e, n in rows)


def bench_save(db: str, engine: Engine) -> None:
    uow = SqlAlchemyUnitOfWork(engine)
    clock = Clock()
    selection = _selection(3, 100, 10)

    def save_ours(store_id: int) -> None:
        save_selection(store_id, selection, uow, actor=BENCH, clock=clock)

    def save_row_by_row(store_id: int) -> None:
        with Session(engine) as session, session.begin():
            ids: dict[str, int] = {}
            for spec in selection.specs():
                parent = ids.get(spec.parent.external_id) if spec.parent else None
                ids[spec.key.external_id] = session.execute(
                    insert(Asset).returning(Asset.id),
                    {
                        "store_id": store_id,
                        "kind": str(spec.kind),
                        "external_id": spec.key.external_id,
                        "scope": "",
                        "name": spec.name,
                        "parent_id": parent,
                        "attributes": dict(spec.attributes),
                        "bound_at": clock(),
                    },
                ).scalar_one()

    def on_new_store(save: Callable[[int], None]) -> Callable[[], int]:
        def run() -> int:
            store_id = _store(uow, clock)
            save(store_id)
            return store_id

        return run

    mine, theirs = alternate(on_new_store(save_ours), on_new_store(save_row_by_row), RUNS)
    assert _bound(engine, mine[0][0]) == _bound(engine, theirs[0][0])
    name = f"binding.{db}.save_3bm_100adaccounts_10pages"
    spread(name, [s * 1000 for s in seconds(mine)], "ms", 1)
    spread(f"{name}.baseline_row_by_row", [s * 1000 for s in seconds(theirs)], "ms", 1)
    for label, save in (("", save_ours), (".baseline_row_by_row", save_row_by_row)):
        store_id = _store(uow, clock)
        with _counting(engine) as sent:
            save(store_id)
        figure(f"{name}.statements{label}", len(sent), "statements", 0)


def bench_unbind(db: str, engine: Engine) -> None:
    uow = SqlAlchemyUnitOfWork(engine)
    clock = Clock()
    selection = _selection(1, 400, 0)

    def bm_of_new_store() -> tuple[int, int]:
        store_id = _store(uow, clock)
        save_selection(store_id, selection, uow, actor=BENCH, clock=clock)
        [bm] = bound_asset_list(store_id, uow, [AssetKind.BUSINESS])
        return store_id, bm.id

    def row_by_row(store_id: int, bm_id: int) -> None:
        with Session(engine) as session, session.begin():
            children = session.scalars(select(Asset.id).where(Asset.parent_id == bm_id)).all()
            for asset_id in [bm_id, *children]:
                session.execute(update(Asset).where(Asset.id == asset_id).values(unbound_at=clock()))

    stores = [bm_of_new_store() for _ in range(2 * RUNS)]
    ours_stores, their_stores = iter(stores[:RUNS]), iter(stores[RUNS:])

    def ours() -> int:
        store_id, bm_id = next(ours_stores)
        unbind(store_id, bm_id, uow, actor=BENCH, clock=clock)
        return store_id

    def baseline() -> int:
        store_id, bm_id = next(their_stores)
        row_by_row(store_id, bm_id)
        return store_id

    mine, theirs = alternate(ours, baseline, RUNS)
    assert _bound(engine, mine[0][0]) == _bound(engine, theirs[0][0]) == [("facebook_account", "fb_1", "Bench")]
    name = f"binding.{db}.unbind_bm_with_400adaccounts"
    spread(name, [s * 1000 for s in seconds(mine)], "ms", 1)
    spread(f"{name}.baseline_row_by_row", [s * 1000 for s in seconds(theirs)], "ms", 1)


def _retained_snapshots(engine: Engine, uow: SqlAlchemyUnitOfWork, clock: Clock, rows: int) -> int:
    """A store with 100 ad accounts holding ``rows`` ad-volume snapshots between them, all unbound at START."""
    store_id = _store(uow, clock)
    save_selection(store_id, _selection(1, 100, 0), uow, actor=BENCH, clock=clock)
    accounts = [a.id for a in bound_asset_list(store_id, uow, [AssetKind.AD_ACCOUNT])]
    with engine.begin() as conn:
        batch = [
            {
                "store_id": store_id,
                "asset_id": accounts[i % len(accounts)],
                "taken_at": START,
                "running_or_in_review": i % 500,
                "volume_limit": 6000,
            }
            for i in range(rows)
        ]
        for start in range(0, rows, 10_000):
            conn.execute(insert(AdVolumeSnapshot), batch[start : start + 10_000])
    [bm] = bound_asset_list(store_id, uow, [AssetKind.BUSINESS])
    unbind(store_id, bm.id, uow, actor=BENCH, clock=clock)
    return store_id


def _snapshots(engine: Engine, store_id: int) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).where(AdVolumeSnapshot.store_id == store_id)) or 0)


def bench_purge(db: str, engine: Engine) -> None:
    """Each run seeds a store with 100,000 retained rows, then times the purge alone (the seeding is not timed)."""
    uow = SqlAlchemyUnitOfWork(engine)
    clock = Clock()
    later = Clock()
    later.now = START + timedelta(days=30)

    def ours() -> tuple[int, float]:
        store_id = _retained_snapshots(engine, uow, clock, PURGED_ROWS)
        report, elapsed = timed(lambda: purge(uow, clock=later, store_id=store_id))
        assert report.ad_volume_snapshots == PURGED_ROWS
        return store_id, elapsed

    def one_by_one(store_id: int) -> None:
        with Session(engine) as session, session.begin():
            ids = session.scalars(select(AdVolumeSnapshot.id).where(AdVolumeSnapshot.store_id == store_id)).all()
            for row_id in ids:
                session.execute(delete(AdVolumeSnapshot).where(AdVolumeSnapshot.id == row_id))
            session.execute(delete(Asset).where(Asset.store_id == store_id))

    def row_by_row() -> tuple[int, float]:
        store_id = _retained_snapshots(engine, uow, clock, PURGED_ROWS)
        return store_id, timed(lambda: one_by_one(store_id))[1]

    mine, theirs = alternate(ours, row_by_row, RUNS)
    assert all(_snapshots(engine, store_id) == 0 for (store_id, _), _ in [*mine, *theirs])
    name = f"binding.{db}.purge_{PURGED_ROWS}_snapshots"
    spread(name, [elapsed * 1000 for (_, elapsed), _ in mine], "ms", 1)
    spread(f"{name}.baseline_row_by_row", [elapsed * 1000 for (_, elapsed), _ in theirs], "ms", 1)


@contextmanager
def _sqlite() -> Iterator[Engine]:
    with tempfile.TemporaryDirectory(prefix="bench-binding-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade_database(url)
        engine = create_engine_for(url)
        try:
            yield engine
        finally:
            engine.dispose()


@contextmanager
def _postgres(base_url: str) -> Iterator[Engine]:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine_for(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = create_engine_for(url)
    try:
        upgrade_database(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    databases: list[tuple[str, Callable[[], AbstractContextManager[Engine]]]] = [("sqlite", _sqlite)]
    pg = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if pg:
        databases.append(("postgresql", lambda: _postgres(pg)))
    for name, open_db in databases:
        with open_db() as engine:
            set_plan_limit(SqlAlchemyUnitOfWork(engine), "bench", 1000)
            bench_save(name, engine)
            bench_unbind(name, engine)
            bench_purge(name, engine)


if __name__ == "__main__":
    main()
