"""Driving Home with AppTest: the demo store on a test clock (the app's and the sandbox's), set up through the real
use cases, and what the cockpit shows read back item by item with the page each item links to."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from streamlit.runtime.caching import cache_utils
from streamlit.testing.v1 import AppTest

from core.binding import AdAccountChoice, BusinessChoice, FacebookAccountChoice, PageChoice, Selection, save_selection
from core.sandbox import DEMO_USER_ID, Sandbox
from core.sandbox.world import Ad
from core.startup import Database
from core.sync import SyncReport, sync_store
from tests.support.apptest import DANA, run_app, texts
from tests.support.clock import FakeClock
from ui import runtime

HEADLINE = re.compile(r"^:material/\w+: \*\*(Act now|Soon|Good to know): (.*)\*\*$")


@dataclass
class Shown:
    """One cockpit item as the marketer reads it."""

    severity: str
    what: str
    text: str = ""
    caption: str = ""
    link: str = ""  # the url path of the page it links to


def selection(businesses: Iterable[str], accounts: Iterable[str], pages: Iterable[str]) -> Selection:
    """Dana's Facebook account and the given demo IDs, named and owned as the demo world has them."""
    world = Sandbox("demo").world
    chosen = list(businesses)

    def owner(business_id: str | None) -> str | None:
        return business_id if business_id in chosen else chosen[0] if chosen else None

    return Selection(
        FacebookAccountChoice(DEMO_USER_ID, "Dana Demo"),
        [BusinessChoice(b, world.businesses[b].name) for b in chosen],
        [AdAccountChoice(f"act_{a}", world.ad_accounts[a].name, owner(world.ad_accounts[a].owner_business))
         for a in accounts],
        [PageChoice(p, world.pages[p].name, owner(world.pages[p].owner_business)) for p in pages],
    )  # fmt: skip


@dataclass
class Home:
    at: AppTest
    db: Database
    store_id: int
    clock: FakeClock
    reports: list[SyncReport] = field(default_factory=list)

    @property
    def sandbox(self) -> Sandbox:
        return runtime.sandbox()  # type: ignore[no-any-return]

    def bind(self, chosen: Selection) -> Home:
        save_selection(self.store_id, chosen, self.db.uow(), actor=DANA, clock=self.clock)
        return self

    def sync(self) -> SyncReport:
        """The background sync of the store, in this process, on the app's sandbox (what a worker runs)."""
        client = runtime.graph_client("demo-admin")
        report = sync_store(self.store_id, self.db.uow(), clock=self.clock, client=client, token="demo-admin")
        self.reports.append(report)
        return report

    def show(self) -> Home:
        self.at.switch_page("app_pages/home.py").run()
        assert not self.at.exception, self.at.exception
        return self

    @property
    def text(self) -> str:
        return texts(self.at)

    def items(self) -> list[Shown]:
        """The cockpit's items in the order shown, each with its words and the page it links to."""
        found: list[Shown] = []
        for node in self.at.main:
            kind = getattr(node, "type", "")
            value = str(getattr(node, "value", ""))
            if kind == "markdown" and (match := HEADLINE.match(value)):
                found.append(Shown(match[1], match[2]))
            elif found and kind == "markdown" and not found[-1].text:
                found[-1].text = value
            elif found and kind == "caption" and not found[-1].caption and not found[-1].link:
                found[-1].caption = value
            elif found and kind == "page_link" and not found[-1].link:
                found[-1].link = node.proto.page  # type: ignore[union-attr]
        return found

    def item(self, starts: str) -> Shown:
        return next(i for i in self.items() if i.what.startswith(starts))

    def add_paused_ads(self, account_id: str, count: int) -> None:
        """``count`` more non-archived (paused) ads in an ad set of the account: they count against the account's
        limit, not against any Page's."""
        world = self.sandbox.world
        with self.sandbox.lock:
            model = next(a for a in world.ads.values() if a.account_id == account_id)
            for i in range(count):
                ad_id = str(990_000_000_000_000 + i)
                world.ads[ad_id] = Ad(ad_id, account_id, model.adset_id, model.campaign_id, f"Paused {i}",
                                      model.actor_id, "PAUSED", "PAUSED")  # fmt: skip
            world.index_ads()


@pytest.fixture
def home(app_env: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[Home]:
    """The demo store (Dana owner, Alex viewer) with one Google Ads account bound and nothing from Facebook. The
    app, its sandbox and the lifetimes of Streamlit's caches (the one-minute identity read) stand on one test
    clock."""
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0))
    monkeypatch.setattr(cache_utils, "TTLCACHE_TIMER", clock.monotonic)  # read when a cache is made: before any
    try:
        at = run_app()
        runtime.set_clock(clock)
        runtime.sandbox().clock = clock  # type: ignore[union-attr]
        db = runtime.database()
        assert db.demo_store_id is not None
        yield Home(at, db, db.demo_store_id, clock)
    finally:
        runtime.set_clock(None)
