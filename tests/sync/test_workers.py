"""Real workers (two processes) on PostgreSQL with the sandbox over HTTP: every store synced exactly once per
period; a worker killed mid-task (SIGKILL) → its job retried by the other, nothing written twice; the worker
path writes the same rows as the in-process path."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from core.db.engine import create_engine_for
from core.db.models import AccountSnapshot, AdVolumeSnapshot, Asset
from core.db.sync_tables import SyncRun
from core.db.uow import SqlAlchemyUnitOfWork
from core.sandbox import Faults, Sandbox, serve_in_thread
from core.shared import system_clock
from core.sync import Outcome
from core.sync.queue import SYNC_STORE
from tests.support.sync import bound_store, environment
from tests.support.workers import wait_for, workers

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(240)]
NEVER = "0 0 1 1 *"  # the schedule's tick is far away: jobs are queued by the test


@pytest.fixture
def engine(pg_url: str) -> Iterator[Engine]:
    engine = create_engine_for(pg_url)
    yield engine
    engine.dispose()


def graph_server(latency_ms: int) -> tuple[str, object]:
    sandbox = Sandbox("demo", faults=Faults(latency_ms=latency_ms, sleep=time.sleep))
    return serve_in_thread(sandbox)


def runs(engine: Engine) -> list[SyncRun]:
    with SqlAlchemyUnitOfWork(engine) as uow:
        found = list(uow.session.scalars(select(SyncRun).order_by(SyncRun.id)))
        uow.session.expunge_all()
        return found


def snapshots_per_store(engine: Engine, table: type) -> Counter[int]:
    with engine.connect() as conn:
        return Counter(dict(conn.execute(select(table.store_id, func.count()).group_by(table.store_id)).all()))


def test_two_workers_sync_every_store_exactly_once_per_period(
    pg_url: str,
    engine: Engine,
    tmp_path: Path,
) -> None:
    stores = [bound_store(SqlAlchemyUnitOfWork(engine), system_clock, name=f"Shop {i}") for i in range(10)]
    base_url, stop = graph_server(latency_ms=20)
    try:
        with workers(pg_url, base_url, tmp_path, SYNC_SCHEDULE="* * * * * */10") as pool:
            pool.start(2)

            def two_periods_done() -> bool:
                done = Counter(r.period for r in runs(engine) if r.outcome != Outcome.RUNNING and r.store_id in stores)
                return sum(1 for n in done.values() if n == len(stores)) >= 2

            wait_for(two_periods_done, "two periods synced for every store", timeout=150, logs=pool.logs)
            pool.stop()
    finally:
        stop()  # type: ignore[operator]

    finished = [r for r in runs(engine) if r.store_id in stores and r.outcome != Outcome.RUNNING]
    per_period = Counter((r.store_id, r.period) for r in finished)
    assert set(per_period.values()) == {1}
    with engine.connect() as conn:
        jobs = conn.execute(
            text("SELECT args->>'store_id', args->>'period', count(*) FROM procrastinate_jobs "
                 "WHERE task_name = :task GROUP BY 1, 2"), {"task": SYNC_STORE}
        ).all()  # fmt: skip
    assert jobs and {n for _, _, n in jobs} == {1}, "each store was queued once per period"
    assert all(r.outcome == Outcome.OK for r in finished), [r.parts for r in finished if r.outcome != "ok"]
    runs_per_store = Counter(r.store_id for r in finished)
    per_account = snapshots_per_store(engine, AccountSnapshot)
    assert all(per_account[s] == 3 * runs_per_store[s] for s in stores), "one account snapshot per account per run"
    assert len({r.worker for r in finished}) == 2, "both workers took jobs"


def test_a_worker_killed_mid_task_is_retried_and_nothing_is_written_twice(
    pg_url: str,
    engine: Engine,
    tmp_path: Path,
) -> None:
    store = bound_store(SqlAlchemyUnitOfWork(engine), system_clock)
    base_url, stop = graph_server(latency_ms=1500)
    try:
        with workers(pg_url, base_url, tmp_path, SYNC_SCHEDULE=NEVER) as pool:
            pids = pool.start(2)
            pool.run("schedule")

            def ad_volume_saved() -> bool:
                return any(r.store_id == store and "ad_volume" in (r.parts or {}) for r in runs(engine))

            wait_for(ad_volume_saved, "the ad volume part to be saved", logs=pool.logs)
            first = next(r for r in runs(engine) if r.store_id == store)
            victim = int(first.worker.rsplit(":", 1)[1])
            assert victim in pids and "account_health" not in first.parts
            pool.kill(victim)

            wait_for(lambda: all(r.outcome != Outcome.RUNNING for r in runs(engine) if r.store_id == store),
                     "the retried job to finish",
                     timeout=120, logs=pool.logs)  # fmt: skip
    finally:
        stop()  # type: ignore[operator]

    [run] = [r for r in runs(engine) if r.store_id == store]
    assert run.outcome == Outcome.OK, run.parts
    assert int(run.worker.rsplit(":", 1)[1]) != victim, "another worker finished it"
    with engine.connect() as conn:
        job = conn.execute(text("SELECT attempts, status FROM procrastinate_jobs WHERE task_name = :t "
                                "AND (args->>'store_id')::int = :s"), {"t": SYNC_STORE, "s": store}).one()  # fmt: skip
        bound = conn.scalar(select(func.count()).select_from(Asset).where(
            Asset.store_id == store, Asset.kind.in_(["ad_account", "page"])))  # fmt: skip
    assert job.status == "succeeded"
    assert snapshots_per_store(engine, AdVolumeSnapshot)[store] <= bound, "each account and Page once"
    assert snapshots_per_store(engine, AccountSnapshot)[store] == 3


def test_the_worker_path_writes_the_same_rows_as_the_in_process_path(
    pg_url: str,
    engine: Engine,
    tmp_path: Path,
) -> None:
    in_process = bound_store(SqlAlchemyUnitOfWork(engine), system_clock, name="Shop in process")
    by_worker = bound_store(SqlAlchemyUnitOfWork(engine), system_clock, name="Shop by worker")
    base_url, stop = graph_server(latency_ms=0)
    try:
        environment(engine, system_clock, base_url=base_url).sync(in_process, period="2026-01-01T00:00:00Z")
        with workers(pg_url, base_url, tmp_path, SYNC_SCHEDULE=NEVER) as pool:
            pool.start(2)
            from core.sync.queue import build_app
            from core.sync.settings import SyncSettings, conninfo

            app = build_app(conninfo(pg_url), SyncSettings(), lambda: None)  # type: ignore[arg-type,return-value]
            with app.open():
                app.configure_task(SYNC_STORE).defer(store_id=by_worker, period="2026-01-01T00:00:00Z")
            wait_for(lambda: any(r.store_id == by_worker and r.outcome != Outcome.RUNNING for r in runs(engine)),
                     "the worker's sync", logs=pool.logs)  # fmt: skip
    finally:
        stop()  # type: ignore[operator]

    assert rows_of(engine, in_process) == rows_of(engine, by_worker)


def rows_of(engine: Engine, store_id: int) -> dict[str, object]:
    """What a sync wrote for a store, without IDs, times and who ran it."""
    with engine.connect() as conn:

        def by_asset(table: type, *columns: str) -> list[tuple[object, ...]]:
            cols = [getattr(table, c) for c in columns]
            stmt = select(Asset.kind, Asset.external_id, *cols).join(Asset, Asset.id == table.asset_id)
            return sorted(conn.execute(stmt.where(table.store_id == store_id)).all())

        run = conn.execute(select(SyncRun.period, SyncRun.trigger, SyncRun.outcome, SyncRun.parts)
                           .where(SyncRun.store_id == store_id)).one()  # fmt: skip
        query = text("SELECT condition_key, message FROM alert_episodes WHERE store_id = :s ORDER BY 1")
        episodes = conn.execute(query, {"s": store_id}).all()
        return {
            "volume": by_asset(AdVolumeSnapshot, "running_or_in_review", "volume_limit"),
            "accounts": by_asset(AccountSnapshot, "account_status", "disable_reason", "can_deliver", "details"),
            "run": tuple(run),
            "episodes": [tuple(e) for e in episodes],
        }
