"""Permissions figures on the sandbox's ``large`` world over real HTTP with 50 ms latency per request.

- The page (AppTest, the app pointed at the sandbox server with ``GRAPH_BASE_URL``): the first render of the
  Permissions page for a store with 100 and with 400 bound ad accounts × every person of their Business Manager,
  and an unchanged rerun, against a bare AppTest page (a title alone). Each round runs the bare page and both
  stores in turn, the order rotating.
- The matrix's reads and writes: loading 100 ad accounts and applying 100 changed cells, beside the baseline of one
  request per account or cell (the same reads and writes unbatched), alternating; both must leave the same tasks.

Figures are medians of 5 runs with min and max; nothing is asserted but the results' equality.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.harness import RUNS, alternate, figure, median, sandbox_app, sandbox_server, seconds, spread, timed
from core.binding import AdAccountChoice, BusinessChoice, FacebookAccountChoice, Selection, save_selection
from core.config import DEFAULT_GRAPH_VERSION
from core.graph import GraphClient
from core.graph.facebook import MAX_PAGE_SIZE
from core.permissions import ROLE_TASKS, BoundAccount, CellChange, ChangeKind, Matrix, load_matrix
from core.permissions.graph import BUSINESS_PEOPLE_PAGE, PEOPLE_FIELDS, apply_changes
from core.permissions.roles import ordered
from core.shared import Actor
from core.startup import DEMO_MEMBER
from core.stores import create_store, set_plan_limit

ROOT = Path(__file__).resolve().parent.parent
ENTRY = str(ROOT / "dashboard.py")
PAGE = "app_pages/permissions.py"
BARE = "import streamlit as st\nst.title('A bare page')\n"
LATENCY_MS = 50
SIZES = (100, 400)
BUSINESS = "210000000000000"  # the large world's first Business Manager: 400 ad accounts
CHANGED_CELLS = 100
DANA = Actor(DEMO_MEMBER, "Dana Demo")


def stores(client: GraphClient) -> dict[int, int]:
    """A store per size, holding the first ``size`` ad accounts of the Business Manager; size → store ID."""
    from ui import runtime

    accounts = list(client.iter_edge(f"{BUSINESS}/owned_ad_accounts", fields=["id", "name"], limit=MAX_PAGE_SIZE))
    business = client.get(BUSINESS, fields=["name"])
    uow = runtime.database().uow()
    set_plan_limit(uow, "bench", 1000)
    out = {}
    for size in SIZES:
        store_id = create_store(uow, name=f"Bench {size}", plan="bench", members=[DEMO_MEMBER])
        selection = Selection(
            FacebookAccountChoice("100000000000001", "Dana Demo"),
            [BusinessChoice(BUSINESS, str(business["name"]))],
            [AdAccountChoice(str(a["id"]), str(a["name"]), BUSINESS) for a in accounts[:size]],
        )
        save_selection(store_id, selection, uow, actor=DANA)
        out[size] = store_id
    return out


def bare_page() -> float:
    return timed(lambda: AppTest.from_string(BARE).run())[1]


def page_renders(store_id: int) -> tuple[float, float, int]:
    """A new session opens the Permissions page (Home first, not timed): its first render, an unchanged rerun,
    and the ad accounts it shows."""
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.session_state["store_id"] = store_id
    at.run()
    at.switch_page(PAGE)
    _, first = timed(at.run)
    _, rerun = timed(at.run)
    assert not at.exception, at.exception
    _, matrix = at.session_state["permissions_matrix"]
    return first, rerun, len(matrix.accounts)


def bench_page(base_url: str) -> None:
    with sandbox_app(GRAPH_BASE_URL=base_url):
        client = GraphClient("demo-admin", base_url=base_url, version=DEFAULT_GRAPH_VERSION)
        by_size = stores(client)
        page_renders(by_size[SIZES[0]])  # warm up: imports, the app's resources
        bare_page()
        runs: dict[str, list[float]] = {
            "bare": [],
            **{f"first.{n}": [] for n in SIZES},
            **{f"rerun.{n}": [] for n in SIZES},
        }
        steps: list[tuple[str, Callable[[], None]]] = [("bare", lambda: runs["bare"].append(bare_page()))]
        for size in SIZES:

            def one(size: int = size) -> None:
                first, rerun, shown = page_renders(by_size[size])
                assert shown == size, (shown, size)
                runs[f"first.{size}"].append(first)
                runs[f"rerun.{size}"].append(rerun)

            steps.append((str(size), one))
        for run in range(RUNS):
            for _, step in steps[run % len(steps) :] + steps[: run % len(steps)]:
                step()
    spread("permissions.page_render.bare", runs["bare"])
    for size in SIZES:
        spread(f"permissions.page_render.{size}", runs[f"first.{size}"])
        spread(f"permissions.page_rerun.{size}", runs[f"rerun.{size}"])
    bare = median(runs["bare"])
    figure("permissions.page_render.100.x_bare", median(runs["first.100"]) / bare, "x", 2)
    figure("permissions.page_render.400.x_100", median(runs["first.400"]) / median(runs["first.100"]), "x", 2)
    figure("permissions.page_rerun.100.x_bare", median(runs["rerun.100"]) / bare, "x", 2)
    figure("permissions.page_rerun.400.x_bare", median(runs["rerun.400"]) / bare, "x", 2)


# ---- the matrix's reads and writes -------------------------------------------------------------------------
def unbatched_load(client: GraphClient, accounts: list[BoundAccount]) -> dict[tuple[str, str], frozenset[str]]:
    """The baseline: one paged read per account's people and per business's people."""
    cells = {}
    for account in accounts:
        for row in client.iter_edge(
            f"{account.id}/assigned_users", {"business": account.business_id}, fields=PEOPLE_FIELDS, limit=50
        ):
            if row.get("tasks"):
                cells[(str(row["id"]), account.id)] = frozenset(row["tasks"])
    for business in sorted({a.business_id for a in accounts if a.business_id}):
        list(client.iter_edge(f"{business}/business_users", limit=BUSINESS_PEOPLE_PAGE))
    return cells


def unbatched_apply(client: GraphClient, changes: list[CellChange]) -> None:
    for change in changes:
        path = f"{change.account.id}/assigned_users"
        if change.kind is ChangeKind.LOSES:
            client.delete(path, {"user": change.person.id})
        else:
            client.post(path, {"user": change.person.id, "tasks": ordered(change.after)})


def flips(matrix: Matrix) -> list[CellChange]:
    """Role changes of people already on the accounts (no one gains an account, so the caps hold)."""
    general, analyze = ROLE_TASKS["General user"], ROLE_TASKS["Reporting only"]
    chosen = [(p, a, t) for (p, a), t in sorted(matrix.cells.items()) if t in (general, analyze)][:CHANGED_CELLS]
    return [
        CellChange(matrix.person(p), matrix.account(a), t, analyze if t == general else general) for p, a, t in chosen
    ]


def bench_reads_and_writes(base_url: str) -> None:
    client = GraphClient("demo-admin", base_url=base_url, version=DEFAULT_GRAPH_VERSION)
    rows = list(client.iter_edge(f"{BUSINESS}/owned_ad_accounts", fields=["id", "name"], limit=MAX_PAGE_SIZE))
    accounts = [BoundAccount(str(a["id"]), str(a["name"]), BUSINESS) for a in rows[: SIZES[0]]]

    def counted(work: Callable[[], object]) -> Callable[[], tuple[object, int]]:
        def run() -> tuple[object, int]:
            before = client.request_count
            result = work()
            return result, client.request_count - before

        return run

    mine, theirs = alternate(
        counted(lambda: load_matrix(client, accounts)), counted(lambda: unbatched_load(client, accounts))
    )
    assert all(dict(m.cells) == t for ((m, _), _), ((t, _), _) in zip(mine, theirs, strict=True)), "same cells"
    spread("permissions.load_100_accounts_50ms", seconds(mine))
    spread("permissions.load_100_accounts_50ms.baseline_unbatched", seconds(theirs))
    figure("permissions.load_100_accounts.round_trips", mine[0][0][1], "requests", 0)
    figure("permissions.load_100_accounts.round_trips.baseline_unbatched", theirs[0][0][1], "requests", 0)

    matrix = load_matrix(client, accounts)
    forth = flips(matrix)
    back = [CellChange(c.person, c.account, c.after, c.before) for c in forth]
    state = {"next": forth}

    def apply_next(send: Callable[[GraphClient, list[CellChange]], object]) -> Callable[[], None]:
        def run() -> None:
            send(client, state["next"])
            state["next"] = back if state["next"] is forth else forth

        return run

    mine_apply, theirs_apply = alternate(counted(apply_next(apply_changes)), counted(apply_next(unbatched_apply)))
    after = load_matrix(client, accounts)
    assert dict(after.cells) == dict(matrix.cells), "an even number of flips leaves Facebook as it was"
    spread(f"permissions.apply_{CHANGED_CELLS}_cells_50ms", seconds(mine_apply))
    spread(f"permissions.apply_{CHANGED_CELLS}_cells_50ms.baseline_unbatched", seconds(theirs_apply))
    figure(f"permissions.apply_{CHANGED_CELLS}_cells.round_trips", mine_apply[0][0][1], "requests", 0)
    figure(
        f"permissions.apply_{CHANGED_CELLS}_cells.round_trips.baseline_unbatched", theirs_apply[0][0][1], "requests", 0
    )


def main() -> None:
    with sandbox_server("large", LATENCY_MS) as base_url:
        bench_page(base_url)
        bench_reads_and_writes(base_url)


if __name__ == "__main__":
    main()
