"""Permissions matrix figures on the sandbox's ``large`` world (2,000 ad accounts, 5 BMs, 60 people).

Round trips to load the whole matrix (target: at most 40, i.e. ceil(2,000 / 50)) and to apply K changed cells
(target: ceil(K / 50)), each beside the one-call-per-account or per-cell baseline measured in the same run, with
the wall time of both. Figures are printed, not asserted.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TypeVar

from core.config import SANDBOX_BASE_URL
from core.graph import GraphClient
from core.permissions import ROLE_TASKS, BoundAccount, CellChange, ChangeKind, load_matrix
from core.permissions.graph import apply_changes
from core.permissions.model import ordered
from core.sandbox import DEMO_USER_ID, Sandbox, sandbox_session

T = TypeVar("T")
CHANGED_CELLS = 200


def _measure(client: GraphClient, work: Callable[[], T]) -> tuple[T, int, float]:
    """What ``work`` returns, the round trips it made, and its wall time in ms."""
    before, started = client.request_count, time.perf_counter()
    result = work()
    return result, client.request_count - before, (time.perf_counter() - started) * 1000


def _unbatched_load(client: GraphClient, accounts: list[BoundAccount]) -> None:
    """The baseline: one paged read per account's people and per business's people."""
    for account in accounts:
        list(client.iter_edge(f"{account.id}/assigned_users", {"business": account.business_id}, limit=50))
    for business in sorted({a.business_id for a in accounts if a.business_id}):
        list(client.iter_edge(f"{business}/business_users", limit=500))


def _unbatched_apply(client: GraphClient, changes: list[CellChange]) -> None:
    for change in changes:
        path = f"{change.account.id}/assigned_users"
        if change.kind is ChangeKind.LOSES:
            client.delete(path, {"user": change.person.id})
        else:
            client.post(path, {"user": change.person.id, "tasks": ordered(change.after)})


def main() -> None:
    try:
        sandbox = Sandbox("large")
    except ValueError:
        print("permissions: skipped, the sandbox has no 'large' world yet")
        return
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=sandbox_session(sandbox))
    accounts = [
        BoundAccount(a["id"], a["name"], business["id"])
        for business in client.iter_edge("me/businesses", fields=["id"], limit=100)
        for a in client.iter_edge(f"{business['id']}/owned_ad_accounts", fields=["id", "name"], limit=500)
    ]
    matrix, trips, ms = _measure(client, lambda: load_matrix(client, accounts))
    print(f"permissions_load_accounts: {len(accounts)} ad accounts")
    print(f"permissions_load_round_trips: {trips} requests")
    print(f"permissions_load_round_trips_target: {math.ceil(len(accounts) / 50)} requests")
    _, base_trips, base_ms = _measure(client, lambda: _unbatched_load(client, accounts))
    print(f"permissions_load_round_trips_baseline_unbatched: {base_trips} requests")
    print(f"permissions_load_time: {ms:.0f} ms")
    print(f"permissions_load_time_baseline_unbatched: {base_ms:.0f} ms")

    general, analyze = ROLE_TASKS["General user"], ROLE_TASKS["Reporting only"]
    # Role changes of people already on the accounts: no one gains an account, so the 25-person caps hold.
    flips = [
        CellChange(matrix.person(p), matrix.account(a), t, analyze if t != analyze else general)
        for (p, a), t in sorted(matrix.cells.items())
        if p != DEMO_USER_ID and "MANAGE" not in t
    ][:CHANGED_CELLS]
    outcomes, apply_trips, apply_ms = _measure(client, lambda: apply_changes(client, flips))
    failed = sum(1 for o in outcomes if not o.ok)
    print(f"permissions_apply_cells: {len(flips)} cells ({failed} failed)")
    print(f"permissions_apply_round_trips: {apply_trips} requests")
    print(f"permissions_apply_round_trips_target: {math.ceil(len(flips) / 50)} requests")
    back = [CellChange(c.person, c.account, c.after, c.before) for c in flips]
    _, base_apply_trips, base_apply_ms = _measure(client, lambda: _unbatched_apply(client, back))
    print(f"permissions_apply_round_trips_baseline_unbatched: {base_apply_trips} requests")
    print(f"permissions_apply_time: {apply_ms:.0f} ms")
    print(f"permissions_apply_time_baseline_unbatched: {base_apply_ms:.0f} ms")


if __name__ == "__main__":
    main()
