"""The ``scale`` world for the background-sync benchmark (bench/bench_sync.py): Smart Ads' size, from a seed.

1,000 Business Managers (one per store) owning 100 ad accounts each (100,000 ad accounts) and one Page each. The
demo marketer (``DEMO_USER_ID``) is admin of everything, so ``demo-admin`` reads it all. No ads: the benchmark
measures the sync's calls, budgets and workers, not the ads volume rule. IDs follow :func:`ids`.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from core.sandbox.demo_assets import PAGE_ADMIN_TASKS
from core.sandbox.demo_ids import DEMO_ANALYST_USER_ID, DEMO_USER_ID
from core.sandbox.demo_world import ADMIN_TASKS
from core.sandbox.world import AdAccount, Business, Page, User, World, register_world

STORES = 1_000
ACCOUNTS_PER_STORE = 100


def ids(store: int) -> tuple[str, list[str], str]:
    """(Business Manager ID, its ad accounts' bare IDs, its Page ID) of store number ``store`` (0-based)."""
    return f"61{store:013d}", [f"62{store:06d}{k:07d}" for k in range(ACCOUNTS_PER_STORE)], f"63{store:013d}"


@register_world("scale")
def build_scale_world(now: datetime, seed: int = 0) -> World:
    rng = random.Random(seed)
    w = World(name="scale", marketer_id=DEMO_USER_ID, analyst_id=DEMO_ANALYST_USER_ID)
    w.users[DEMO_USER_ID] = User(DEMO_USER_ID, "Dana Demo", "dana@example.com")
    w.users[DEMO_ANALYST_USER_ID] = User(DEMO_ANALYST_USER_ID, "Alex Analyst", "alex@example.com")
    for store in range(STORES):
        bid, accounts, pid = ids(store)
        w.businesses[bid] = Business(bid, f"Scale Store {store:04d} BM", created_time=now - timedelta(days=400),
                                     people={DEMO_USER_ID: "ADMIN"})  # fmt: skip
        for number, account_id in enumerate(accounts):
            w.ad_accounts[account_id] = AdAccount(
                account_id,
                f"Store {store:04d} account {number:03d}",
                account_status=1 if rng.random() > 0.03 else 2,
                funding_source=f"7{account_id[-12:]}",
                owner_business=bid,
                user_tasks={DEMO_USER_ID: list(ADMIN_TASKS)},
            )
        w.pages[pid] = Page(pid, f"Scale Store {store:04d}", owner_business=bid, ad_limit=250,
                            user_tasks={DEMO_USER_ID: list(PAGE_ADMIN_TASKS)})  # fmt: skip
    return w
