"""A store's sync in-process: every part's result in the database, history accrues, one run per period, resume
after an interrupted attempt without writing anything twice, a busy store refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

import core.sync.services as services
from core.alerts import alert_episodes
from core.db.models import AccountSnapshot, AdVolumeSnapshot
from core.db.sync_repositories import SyncRepository
from core.db.sync_tables import SyncRun
from core.sandbox import Sandbox
from core.sandbox.demo_ids import DEMO_AD_ACCOUNT_PENDING_CLAIM, DEMO_BUSINESS_ID_MAIN
from core.sync import Outcome, PartStatus, StoreBusy, SyncPart, last_sync
from core.sync.services import new_holder
from tests.support.clock import FakeClock
from tests.support.db import DatabaseHandle
from tests.support.sync import bound_store, environment


@pytest.fixture
def sandbox(clock: FakeClock) -> Sandbox:
    return Sandbox("demo", clock=clock)


def count(db: DatabaseHandle, table: type) -> int:
    with db.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def test_a_sync_records_every_part_and_the_pages_read_it(
    db: DatabaseHandle, clock: FakeClock, sandbox: Sandbox
) -> None:
    store = bound_store(db.uow(), clock)
    env = environment(db.engine, clock, sandbox=sandbox)

    report = env.sync(store)

    assert report.outcome is Outcome.OK, report.parts
    assert [p for p in report.parts] == [str(p) for p in SyncPart]
    assert count(db, AdVolumeSnapshot) > 3 and count(db, AccountSnapshot) == 3
    latest = last_sync(store, db.uow())
    assert latest is not None and latest.outcome is Outcome.OK and latest.finished_at == clock()
    assert [p.status for p in latest.parts] == [PartStatus.OK] * 5
    assert latest.errors == []
    token = report.parts[str(SyncPart.TOKEN)].detail
    assert token["valid"] is True and token["user_name"] == "Dana Demo"


def test_the_history_accrues_once_per_period(db: DatabaseHandle, clock: FakeClock, sandbox: Sandbox) -> None:
    store = bound_store(db.uow(), clock)
    env = environment(db.engine, clock, sandbox=sandbox)

    first = env.sync(store, period="2026-01-01T12:00:00Z")
    snapshots = count(db, AdVolumeSnapshot)
    again = env.sync(store, period="2026-01-01T12:00:00Z")
    clock.advance(hours=1)
    env.sync(store, period="2026-01-01T13:00:00Z")

    assert first.outcome is Outcome.OK and again.already_done
    assert count(db, AdVolumeSnapshot) == 2 * snapshots
    assert count(db, SyncRun) == 2


def test_a_retried_attempt_goes_on_where_it_stopped(
    db: DatabaseHandle, clock: FakeClock, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = bound_store(db.uow(), clock)
    env = environment(db.engine, clock, sandbox=sandbox)
    holder = new_holder()
    real = services._save_part
    calls = {"n": 0}

    def save_then_die(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the ad volume part has written its snapshots, then the process dies
            raise SystemExit("worker killed")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "_save_part", save_then_die)
    with pytest.raises(SystemExit):
        env.sync(store, period="P1", holder=holder)
    snapshots = count(db, AdVolumeSnapshot)
    assert snapshots > 0
    monkeypatch.setattr(services, "_save_part", real)

    report = env.sync(store, period="P1", holder=holder)

    assert report.outcome is Outcome.OK
    assert count(db, AdVolumeSnapshot) == snapshots, "the ad volume was not read twice"
    assert report.parts[str(SyncPart.AD_VOLUME)].detail == {"resumed": True}
    assert count(db, AccountSnapshot) == 3 and count(db, SyncRun) == 1


def test_a_store_is_synced_by_one_holder_at_a_time(db: DatabaseHandle, clock: FakeClock, sandbox: Sandbox) -> None:
    store = bound_store(db.uow(), clock)
    env = environment(db.engine, clock, sandbox=sandbox)
    with db.uow() as uow:
        assert SyncRepository(uow.session).take_lease(store, "job:1", clock(), clock() + timedelta(minutes=10))
        uow.commit()
    with pytest.raises(StoreBusy):
        env.sync(store)
    clock.advance(minutes=11)  # a holder that stopped renewing its lease loses it
    assert env.sync(store).outcome is Outcome.OK


def test_a_claim_pending_last_time_and_owned_now_is_an_accepted_claim(
    db: DatabaseHandle, clock: FakeClock, sandbox: Sandbox
) -> None:
    store = bound_store(db.uow(), clock)
    env = environment(db.engine, clock, sandbox=sandbox)
    first = env.sync(store)
    pending = first.parts[str(SyncPart.CLAIMS)].detail["pending"]
    assert [row[2] for row in pending] == [f"act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}"]

    account = sandbox.world.ad_accounts[DEMO_AD_ACCOUNT_PENDING_CLAIM]  # its admins accept the claim
    sandbox.world.pending_claims[DEMO_BUSINESS_ID_MAIN].discard(DEMO_AD_ACCOUNT_PENDING_CLAIM)
    account.owner_business, account.owner_user = DEMO_BUSINESS_ID_MAIN, None
    sandbox.world.touch()
    clock.advance(hours=1)
    second = env.sync(store)

    assert second.parts[str(SyncPart.CLAIMS)].detail["accepted"][0][2] == f"act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}"
    told = [e for e in alert_episodes(store, db.uow()) if "was accepted" in e.message]
    assert len(told) == 1 and told[0].open
    clock.advance(hours=1)
    env.sync(store)  # the news is told once: the next sync closes it
    assert [e.open for e in alert_episodes(store, db.uow()) if "was accepted" in e.message] == [False]
