"""Background sync at Smart Ads' scale (docs/RULES.md, "Background sync and alerts"): real procrastinate workers
(1, 2 and 4 processes) on PostgreSQL syncing stores of 100 ad accounts each from the sandbox's ``scale`` world over
loopback HTTP, with latency per request and Meta's development-tier budget per ad account (300 calls an hour).

The database holds all 1,000 stores × 100 ad accounts (seeded directly); each run syncs a sample of STORES_PER_RUN
fresh stores (fresh budgets), of which a tenth of the accounts have already used 89 % of their hour, so the
workers meet throttles. Figures: accounts per second (median of RUNS runs with min and max) per worker count, the
4-worker throughput as a multiple of one, Graph calls per account, throttles met, work done twice (a store synced
twice in a period, or an account's snapshot written twice: goal 0) and calls the sandbox refused as over budget
(goal 0). Needs PostgreSQL: BENCH_DATABASE_URL (or TEST_DATABASE_URL).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.engine import make_url

import core.sandbox.usage as sandbox_usage
from core.db.engine import create_engine_for, upgrade_database
from core.db.models import AdVolumeSnapshot, Asset, Store, StoreMember
from core.db.sync_tables import SyncRun, SyncThrottle
from core.sandbox import DEMO_USER_ID, Faults, Sandbox, serve_in_thread
from core.sandbox.scale_world import ACCOUNTS_PER_STORE, STORES, ids
from core.sync.queue import SYNC_STORE, build_app, ensure_schema
from core.sync.settings import SyncSettings, conninfo

ROOT = Path(__file__).resolve().parent.parent
LATENCY_MS = 200
BUDGET = 300
PRELOADED = 268  # 89 % of the hour used by someone else before the run
STORES_PER_RUN = 8
WORKERS = (1, 2, 4)
RUNS = 3


def line(name: str, value: float, unit: str, digits: int = 2) -> None:
    print(f"{name}: {value:.{digits}f} {unit}", flush=True)


def seed(engine: Engine) -> None:
    """1,000 stores, each bound to its Business Manager, its 100 ad accounts and its Page (as Save would)."""
    now = datetime.now(UTC)
    stores, members, assets = [], [], []
    next_id = 1
    for store in range(STORES):
        sid = store + 1
        bid, accounts, pid = ids(store)
        stores.append({"id": sid, "name": f"Scale store {store:04d}", "plan": "enterprise", "created_at": now})
        members.append({"store_id": sid, "email": f"owner{store}@scale.example", "created_at": now})
        fb, bm = next_id, next_id + 1
        base = {"store_id": sid, "scope": "", "attributes": {}, "bound_at": now}
        assets.append({**base, "id": fb, "kind": "facebook_account", "external_id": DEMO_USER_ID, "name": "Dana Demo",
                       "parent_id": None})  # fmt: skip
        assets.append(
            {**base, "id": bm, "kind": "business", "external_id": bid, "name": f"BM {store}", "parent_id": fb}
        )
        assets += [{**base, "id": bm + 1 + k, "kind": "ad_account", "external_id": f"act_{a}", "name": f"Account {k}",
                    "parent_id": bm} for k, a in enumerate(accounts)]  # fmt: skip
        page = {"id": bm + 1 + len(accounts), "kind": "page", "external_id": pid, "name": f"Page {store}"}
        assets.append({**base, **page, "parent_id": bm})
        next_id = bm + 2 + len(accounts)
    with engine.begin() as conn:
        conn.execute(insert(Store), stores)
        conn.execute(insert(StoreMember), members)
        for start in range(0, len(assets), 10_000):
            conn.execute(insert(Asset), assets[start : start + 10_000])
        for table in ("stores", "assets"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))


def start_workers(count: int, env: dict[str, str], engine: Engine) -> list[subprocess.Popen[bytes]]:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM procrastinate_workers"))
    procs = [subprocess.Popen([sys.executable, "-m", "core.sync", "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(count)]  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            if conn.scalar(text("SELECT count(*) FROM procrastinate_workers")) >= count:
                return procs
        time.sleep(0.2)
    raise RuntimeError("the workers did not start")


def stop_workers(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait(timeout=30)


def one_run(workers: int, stores: list[int], sandbox: Sandbox, env: dict[str, str], engine: Engine, app: object,
            refused: list[int]) -> dict[str, float]:  # fmt: skip
    period = f"bench-{uuid.uuid4().hex[:8]}"
    for store in stores:  # a tenth of each store's accounts: 89 % of their hour already used elsewhere
        for account in ids(store - 1)[1][::10]:
            for _ in range(PRELOADED):
                sandbox.usage.record(account, None, write=False)
    procs = start_workers(workers, env, engine)
    calls_before, refused_before = sandbox.usage._app_calls, len(refused)
    started = time.perf_counter()
    with app.open():  # type: ignore[attr-defined]
        for store in stores:
            app.configure_task(SYNC_STORE, queueing_lock=f"{SYNC_STORE}:{store}").defer(store_id=store, period=period)  # type: ignore[attr-defined]
    while True:
        with engine.connect() as conn:
            done = conn.scalar(select(func.count()).select_from(SyncRun).where(
                SyncRun.period == period, SyncRun.outcome != "running"))  # fmt: skip
        if done >= len(stores):
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    stop_workers(procs)
    with engine.connect() as conn:
        twice_runs = conn.scalar(text("SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) n FROM sync_runs "
                                      "WHERE period = :p GROUP BY store_id) t"), {"p": period})  # fmt: skip
        twice_snaps = conn.scalar(
            select(func.count()).select_from(
                select(AdVolumeSnapshot.asset_id).where(AdVolumeSnapshot.store_id.in_(stores))
                .group_by(AdVolumeSnapshot.asset_id).having(func.count() > 1).subquery()
            )
        )  # fmt: skip
        throttles = conn.scalar(select(func.count()).select_from(SyncThrottle).where(
            SyncThrottle.scope.in_([f"act_{a}" for s in stores for a in ids(s - 1)[1]])))  # fmt: skip
    accounts = len(stores) * ACCOUNTS_PER_STORE
    return {
        "accounts_per_s": accounts / elapsed,
        "calls_per_account": (sandbox.usage._app_calls - calls_before) / accounts,
        "duplicated": float(twice_runs + twice_snaps),
        "over_budget": float(len(refused) - refused_before),
        "throttles": float(throttles),
    }


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url:
        print("sync.skipped: 1 run (set BENCH_DATABASE_URL to a PostgreSQL URL)", flush=True)
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine_for(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    db_url = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    sandbox_usage.APP_CALLS_PER_HOUR = 10**9  # Meta's app-level platform limit does not apply to ads management
    sandbox = Sandbox("scale", faults=Faults(latency_ms=LATENCY_MS, account_call_budget=BUDGET, sleep=time.sleep))
    refused: list[int] = []
    check = sandbox.usage.check

    def counting_check(account_id: str | None, business_id: str | None) -> None:
        try:
            check(account_id, business_id)
        except Exception:
            refused.append(1)
            raise

    sandbox.usage.check = counting_check  # type: ignore[method-assign]
    base_url, stop = serve_in_thread(sandbox)
    engine = create_engine_for(db_url)
    try:
        upgrade_database(db_url)
        ensure_schema(conninfo(db_url))
        seed(engine)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FB_", "SYNC_", "SMTP_", "SANDBOX_"))}
        env |= {"DATABASE_URL": db_url, "GRAPH_BASE_URL": base_url, "SYNC_SCHEDULE": "0 0 1 1 *",
                "SMART_ADS_DATA_DIR": str(ROOT / "data"), "PYTHONDONTWRITEBYTECODE": "1"}  # fmt: skip
        app = build_app(conninfo(db_url), SyncSettings(), lambda: None)  # type: ignore[arg-type,return-value]
        results: dict[int, list[dict[str, float]]] = {n: [] for n in WORKERS}
        next_store = 1
        for _ in range(RUNS):
            for n in WORKERS:
                stores = list(range(next_store, next_store + STORES_PER_RUN))
                next_store += STORES_PER_RUN
                results[n].append(one_run(n, stores, sandbox, env, engine, app, refused))
    finally:
        stop()
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    speed = {n: statistics.median(r["accounts_per_s"] for r in results[n]) for n in WORKERS}
    every = [r for n in WORKERS for r in results[n]]
    line("sync.x_throughput_4_vs_1", speed[4] / speed[1], "x")
    for n in WORKERS:
        values = [r["accounts_per_s"] for r in results[n]]
        line(f"sync.accounts_per_second_{n}_workers", speed[n], "accounts/s", 1)
        line(f"sync.accounts_per_second_{n}_workers.min", min(values), "accounts/s", 1)
        line(f"sync.accounts_per_second_{n}_workers.max", max(values), "accounts/s", 1)
    line("sync.calls_per_account", statistics.median(r["calls_per_account"] for r in every), "calls")
    line("sync.throttles_met", sum(r["throttles"] for r in every), "throttles", 0)
    line("sync.duplicated_tasks", sum(r["duplicated"] for r in every), "tasks", 0)
    line("sync.calls_over_budget", sum(r["over_budget"] for r in every), "calls", 0)
    hours = STORES * ACCOUNTS_PER_STORE / speed[4] / 3600
    line("sync.full_scale_hours_4_workers", hours, "h (1,000 stores × 100 accounts, extrapolated)")
    print(f"# sampled {STORES_PER_RUN} stores × {ACCOUNTS_PER_STORE} accounts per run, {RUNS} runs per worker "
          f"count, {LATENCY_MS} ms per request; {STORES} stores seeded", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
