"""Rate budgets: an ad account at 90 % of its hourly budget is deferred (not called) until the time Graph gives,
while the store's other accounts and every other store go on; the app as a whole at 90 % stops every call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.db.models import AccountSnapshot, Asset
from core.db.sync_tables import SyncThrottle
from core.graph import Usage
from core.graph.facebook.rate_limits import hourly_budget
from core.graph.usage import AdAccountUsage, AppUsage, BusinessUseCaseUsage
from core.sandbox import Faults, Sandbox
from core.sandbox.demo_ids import DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK, DEMO_AD_ACCOUNT_EUR
from core.sync import Outcome, PartStatus, SyncPart
from core.sync.model import DEFAULT_DEFER, account_of, defer_until
from tests.support.clock import FakeClock
from tests.support.db import DatabaseHandle
from tests.support.sync import bound_store, environment

BUDGET = 20
ACTIVE = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"


@pytest.fixture
def sandbox(clock: FakeClock) -> Sandbox:
    return Sandbox("demo", clock=clock, faults=Faults(account_call_budget=BUDGET))


def refused_calls(sandbox: Sandbox) -> list[str]:
    refused: list[str] = []
    check = sandbox.usage.check

    def counting(account_id: str | None, business_id: str | None) -> None:
        try:
            check(account_id, business_id)
        except Exception:
            refused.append(account_id or "")
            raise

    sandbox.usage.check = counting  # type: ignore[method-assign]
    return refused


def accounts_with_snapshots(db: DatabaseHandle, store: int) -> set[str]:
    with db.engine.connect() as conn:
        stmt = select(Asset.external_id).join(AccountSnapshot, AccountSnapshot.asset_id == Asset.id)
        return set(conn.scalars(stmt.where(AccountSnapshot.store_id == store)))


def test_a_throttled_account_waits_while_the_others_go_on(
    db: DatabaseHandle, clock: FakeClock, sandbox: Sandbox
) -> None:
    shop = bound_store(db.uow(), clock, name="Shop", accounts=(DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK))
    other = bound_store(db.uow(), clock, name="Other shop", accounts=(DEMO_AD_ACCOUNT_EUR,))
    refused = refused_calls(sandbox)
    for _ in range(12):  # someone else used 60 % of this account's hour already
        sandbox.usage.record(DEMO_AD_ACCOUNT_ACTIVE, None, write=False)
    env = environment(db.engine, clock, sandbox=sandbox)

    report = env.sync(shop)
    other_report = env.sync(other)

    # the ad volume reads (6 per account) took it to 90 %: it was not called again, the other account was read
    assert sandbox.usage._accounts[DEMO_AD_ACCOUNT_ACTIVE] == 18 and refused == []
    health = report.parts[str(SyncPart.ACCOUNTS)]
    assert health.status is PartStatus.PARTIAL and list(health.problems) == [ACTIVE]
    assert "waits before reading it again" in health.problems[ACTIVE]
    assert accounts_with_snapshots(db, shop) == {f"act_{DEMO_AD_ACCOUNT_BULK}"}
    assert other_report.outcome is Outcome.OK, "another store is never held up"
    with db.uow() as uow:
        [throttle] = uow.session.scalars(select(SyncThrottle)).all()
        assert throttle.scope == ACTIVE and throttle.until == datetime(2026, 1, 1, 13, 0, tzinfo=UTC)

    clock.advance(hours=1)  # Facebook's hour has turned: the account is read again
    again = env.sync(shop)
    assert again.outcome is Outcome.OK and refused == []
    assert accounts_with_snapshots(db, shop) == {ACTIVE, f"act_{DEMO_AD_ACCOUNT_BULK}"}


def test_the_whole_app_at_90_percent_sends_nothing(db: DatabaseHandle, clock: FakeClock, sandbox: Sandbox) -> None:
    shop = bound_store(db.uow(), clock)
    for _ in range(1800):  # the sandbox's app budget is 2,000 calls an hour
        sandbox.usage.record(None, None, write=False)
    env = environment(db.engine, clock, sandbox=sandbox)
    calls_before = sandbox.usage._app_calls

    report = env.sync(shop)

    assert sandbox.usage._app_calls == calls_before + 1, "only the call that brought the news went out"
    assert report.outcome is Outcome.FAILED
    assert env.budget.calls_deferred > 0 and env.budget.throttles_met == 1


@pytest.mark.parametrize(
    ("usage", "wait"),
    [
        (Usage(ad_account=AdAccountUsage(acc_id_util_pct=89, reset_time_duration=600)), None),
        (Usage(ad_account=AdAccountUsage(acc_id_util_pct=90, reset_time_duration=600)), timedelta(seconds=600)),
        (Usage(business_use_cases=(BusinessUseCaseUsage("1", call_count=95, estimated_time_to_regain_access=7),)),
         timedelta(minutes=7)),
        (Usage(app=AppUsage(call_count=92)), DEFAULT_DEFER),
    ],
)  # fmt: skip
def test_when_calls_resume(usage: Usage, wait: timedelta | None, clock: FakeClock) -> None:
    assert defer_until(usage, clock()) == (clock() + wait if wait else None)


def test_budget_facts_and_paths() -> None:
    assert hourly_budget("development_access") == 300
    assert hourly_budget("standard_access", active_ads=10) == 100_400
    assert account_of("act_12/ads_volume?show_breakdown_by_actor=true") == "act_12"
    assert account_of("1234/owned_ad_accounts") is None
