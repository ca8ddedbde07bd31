"""Every page and every Connect wizard step on the sandbox's ``large`` world (in-process, as the app runs in sandbox
mode: ``SMART_ADS_SANDBOX_WORLD=large``), with a store holding 3 Business Managers, 100 ad accounts and 10 Pages.

- ``pages.rerun_graph_calls.max``: the most Graph requests any page or wizard step sends on an unchanged rerun,
  for each sandbox identity (the marketer, the read-only analyst, an expired connection), counted at the
  transport (goal 0; tests/app/test_rerun_graph_calls.py holds the same on the demo world).
- ``pages.first_render_large.max_x_bare``: the slowest first render (a new session opening the page, nothing read
  from Facebook yet) as a multiple of a bare AppTest page (a title alone); each page's median of 5 rounds, the
  pages' order rotating and the bare page measured in every round.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.harness import RUNS, figure, median, sandbox_app, spread, timed
from core.binding import AdAccountChoice, BusinessChoice, FacebookAccountChoice, PageChoice, Selection, save_selection
from core.shared import Actor
from core.startup import DEMO_MEMBER
from core.stores import set_plan_limit

ROOT = Path(__file__).resolve().parent.parent
ENTRY = str(ROOT / "dashboard.py")
BARE = "import streamlit as st\nst.title('A bare page')\n"
CONNECT = "app_pages/connect.py"
IDENTITIES = ("demo-admin", "demo-analyst", "demo-expired")
WIZARD_STEPS = range(1, 6)  # step 1 is the Connect page itself


def bind_a_big_store() -> None:
    """The demo store holds the first 3 Business Managers, 100 of their ad accounts and 10 of their Pages."""
    from ui import runtime

    db = runtime.database()
    world = runtime.sandbox().world
    set_plan_limit(db.uow(), "basic", 101)  # the demo store also holds a Google Ads account
    businesses = list(world.businesses)[:3]
    accounts = [a for a in world.ad_accounts.values() if a.owner_business in businesses][:100]
    pages = [p for p in world.pages.values() if p.owner_business in businesses and p.is_published][:10]
    selection = Selection(
        FacebookAccountChoice("100000000000001", "Dana Demo"),
        [BusinessChoice(b, world.businesses[b].name) for b in businesses],
        [AdAccountChoice(a.account_id, a.name, a.owner_business) for a in accounts],
        [PageChoice(p.id, p.name, p.owner_business) for p in pages],
    )
    save_selection(db.demo_store_id, selection, db.uow(), actor=Actor(DEMO_MEMBER, "Dana Demo"))


def forget_facebooks_answers() -> None:
    """As for a new visitor: nothing Facebook answered is kept (reads, failures, inventories)."""
    from ui import graph_reads
    from ui import inventory as ui_inventory

    st.cache_data.clear()
    graph_reads._failures().clear()
    ui_inventory.store().clear()


def session(identity: str = "demo-admin") -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.session_state["demo_identity"] = identity
    return at.run()


def open_view(at: AppTest, view: str) -> AppTest:
    """Bring ``at`` to a page, or to a wizard step (``connect:N``, the step's index)."""
    if view.startswith("connect:"):
        at.switch_page(CONNECT).run()
        at.session_state["connect_draft"].step = int(view.split(":")[1])
        return at
    return at.switch_page(view)


def views() -> list[str]:
    from ui.pages import PAGES

    return [p.file for p in PAGES] + [f"connect:{step}" for step in WIZARD_STEPS]


def rerun_calls(requests: list[Any]) -> dict[tuple[str, str], int]:
    out = {}
    for identity in IDENTITIES:
        for view in views():
            at = open_view(session(identity), view).run()
            assert not at.exception, (identity, view, at.exception)
            before = len(requests)
            at.run()
            out[(identity, view)] = len(requests) - before
    return out


def first_render(view: str) -> float:
    at = open_view(session(), view)
    forget_facebooks_answers()
    _, elapsed = timed(at.run)
    assert not at.exception, (view, at.exception)
    return elapsed


def main() -> None:
    with sandbox_app(SMART_ADS_SANDBOX_WORLD="large"):
        from ui import runtime

        bind_a_big_store()
        requests: list[Any] = []
        runtime.http_session().hooks["response"].append(lambda response, *a, **k: requests.append(response.url))
        calls = rerun_calls(requests)
        first_render(views()[0])  # warm up
        bare: list[float] = []
        renders: dict[str, list[float]] = {view: [] for view in views()}
        steps: list[tuple[str, Callable[[], float]]] = [
            ("bare", lambda: timed(lambda: AppTest.from_string(BARE).run())[1])
        ]
        steps += [(view, lambda v=view: first_render(v)) for view in views()]
        for run in range(RUNS):
            for name, step in steps[run % len(steps) :] + steps[: run % len(steps)]:
                (bare if name == "bare" else renders[name]).append(step())
    figure("pages.rerun_graph_calls.max", max(calls.values()), "requests", 0)
    figure("pages.rerun_graph_calls.views_checked", len(calls), "page-identity pairs", 0)
    spread("pages.bare_page", bare)
    ratios = {named(view): median(times) / median(bare) for view, times in renders.items()}
    for name, ratio in ratios.items():
        figure(f"pages.first_render_large.{name}.x_bare", ratio, "x", 2)
    worst = max(renders, key=lambda view: ratios[named(view)])
    spread(f"pages.first_render_large.{named(worst)}", renders[worst])
    figure("pages.first_render_large.max_x_bare", ratios[named(worst)], "x", 2)


def named(view: str) -> str:
    """``assets`` for a page, ``connect_step_3`` for a wizard step (its number as the wizard shows it)."""
    if view.startswith("connect:"):
        return f"connect_step_{int(view.split(':')[1]) + 1}"
    return view.removeprefix("app_pages/").removesuffix(".py")


if __name__ == "__main__":
    main()
