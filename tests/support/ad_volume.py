"""Helpers shared by the ad-volume tests: a store's selection built from the demo world's IDs."""

from __future__ import annotations

from collections.abc import Iterable

from core.binding import AdAccountChoice, BusinessChoice, FacebookAccountChoice, PageChoice, Selection
from core.sandbox import Sandbox
from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_PAGE_FUTURE_LIMIT,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_NEAR_LIMIT,
    DEMO_USER_ID,
)

DEMO_ACCOUNTS = (DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK, DEMO_AD_ACCOUNT_EUR)
DEMO_PAGES = (DEMO_PAGE_MAIN, DEMO_PAGE_NEAR_LIMIT, DEMO_PAGE_FUTURE_LIMIT)


def demo_selection(accounts: Iterable[str] = DEMO_ACCOUNTS, pages: Iterable[str] = DEMO_PAGES) -> Selection:
    """Dana's Facebook account, the MAIN Business Manager, the given demo ad accounts and Pages, named as the
    demo world names them (as the Connect wizard would save them)."""
    world = Sandbox("demo").world
    return Selection(
        FacebookAccountChoice(DEMO_USER_ID, "Dana Demo"),
        [BusinessChoice(DEMO_BUSINESS_ID_MAIN, world.businesses[DEMO_BUSINESS_ID_MAIN].name)],
        [AdAccountChoice(f"act_{a}", world.ad_accounts[a].name, DEMO_BUSINESS_ID_MAIN) for a in accounts],
        [PageChoice(p, world.pages[p].name, DEMO_BUSINESS_ID_MAIN) for p in pages],
    )
