"""Binding engine figures: a wizard Save, a big BM disconnect, a big purge; on SQLite and (when set) PostgreSQL.

PostgreSQL runs when ``BENCH_DATABASE_URL`` or ``TEST_DATABASE_URL`` is set, in a schema of its own that is dropped
afterwards. Each figure is the median of a few runs, beside a row-by-row baseline measured in the same run (one
statement per asset or row, which is what the bulk statements replace).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, delete, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

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

RUNS = 5
START = datetime(2026, 1, 1, tzinfo=UTC)


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
    return create_store(uow, name=f"bench {uuid.uuid4().hex[:8]}", plan="bench", clock=clock)


def _ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _print(db: str, name: str, ours: list[float], baseline: list[float] | None = None) -> None:
    print(f"binding.{db}.{name}: {statistics.median(ours):.1f} ms", flush=True)
    if baseline:
        print(f"binding.{db}.{name}.baseline_row_by_row: {statistics.median(baseline):.1f} ms", flush=True)


def bench_bind(db: str, engine: Engine) -> None:
    uow = SqlAlchemyUnitOfWork(engine)
    clock = Clock()
    selection = _selection(3, 100, 10)
    stores = [_store(uow, clock) for _ in range(2 * RUNS)]
    bench = Actor("bench")
    ours = [_ms(lambda s=s: save_selection(s, selection, uow, actor=bench, clock=clock)) for s in stores[:RUNS]]

    def row_by_row(store_id: int) -> None:
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

    baseline = [_ms(lambda s=s: row_by_row(s)) for s in stores[RUNS:]]
    _print(db, "save_3bm_100adaccounts_10pages", ours, baseline)


def bench_unbind(db: str, engine: Engine) -> None:
    uow = SqlAlchemyUnitOfWork(engine)
    clock = Clock()
    selection = _selection(1, 400, 0)

    def bm_of_new_store() -> tuple[int, int]:
        store_id = _store(uow, clock)
        save_selection(store_id, selection, uow, actor=Actor("bench"), clock=clock)
        [bm] = bound_asset_list(store_id, uow, [AssetKind.BUSINESS])
        return store_id, bm.id

    ours = []
    for _ in range(3):
        store_id, bm_id = bm_of_new_store()
        ours.append(_ms(lambda s=store_id, b=bm_id: unbind(s, b, uow, actor=Actor("bench"), clock=clock)))

    def row_by_row(store_id: int, bm_id: int) -> None:
        with Session(engine) as session, session.begin():
            children = session.scalars(select(Asset.id).where(Asset.parent_id == bm_id)).all()
            for asset_id in [bm_id, *children]:
                session.execute(update(Asset).where(Asset.id == asset_id).values(unbound_at=clock()))

    baseline = []
    for _ in range(3):
        store_id, bm_id = bm_of_new_store()
        baseline.append(_ms(lambda s=store_id, b=bm_id: row_by_row(s, b)))
    _print(db, "unbind_bm_with_400adaccounts", ours, baseline)


def _retained_snapshots(engine: Engine, uow: SqlAlchemyUnitOfWork, clock: Clock, rows: int) -> list[int]:
    """A store with 100 ad accounts holding ``rows`` ad-volume snapshots between them, all unbound at START."""
    store_id = _store(uow, clock)
    save_selection(store_id, _selection(1, 100, 0), uow, actor=Actor("bench"), clock=clock)
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
    unbind(store_id, bm.id, uow, actor=Actor("bench"), clock=clock)
    return accounts


def bench_purge(db: str, engine: Engine) -> None:
    uow = SqlAlchemyUnitOfWork(engine)
    ours = []
    for _ in range(3):
        clock = Clock()
        _retained_snapshots(engine, uow, clock, 100_000)
        clock.now = START + timedelta(days=30)
        ours.append(_ms(lambda c=clock: purge(uow, clock=c)))
    _print(db, "purge_100000_snapshots", ours)

    clock = Clock()  # baseline: one DELETE per snapshot row, on 10,000 rows, scaled to 100,000
    _retained_snapshots(engine, uow, clock, 10_000)
    with Session(engine) as session, session.begin():
        ids = session.scalars(select(AdVolumeSnapshot.id)).all()
        started = time.perf_counter()
        for row_id in ids:
            session.execute(delete(AdVolumeSnapshot).where(AdVolumeSnapshot.id == row_id))
        per_row = (time.perf_counter() - started) * 1000 / max(1, len(ids))
    print(f"binding.{db}.purge_100000_snapshots.baseline_row_by_row_from_10000: {per_row * 100_000:.1f} ms", flush=True)


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
            bench_bind(name, engine)
            bench_unbind(name, engine)
            bench_purge(name, engine)


if __name__ == "__main__":
    main()
