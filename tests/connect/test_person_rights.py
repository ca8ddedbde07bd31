"""The person's own rights decide what the wizard offers (docs/RULES.md, "Binding"): an ad account needs their
ADVERTISE (or MANAGE) task, a Page their advertise task; the tasks they may grant are the ones they hold, with
MANAGE. Read from Graph: ``user_tasks`` on each ad account, ``tasks`` on ``me/accounts``."""

from __future__ import annotations

import pytest

from core.config import SANDBOX_BASE_URL
from core.connect import Draft, ad_account_options, page_options, prune
from core.graph import GraphClient
from core.inventory import Inventory, load_inventory
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_FOREIGN,
    DEMO_AD_ACCOUNT_PENDING_CLAIM,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_PAGE_MAIN,
    Sandbox,
    sandbox_session,
)
from tests.connect.test_page_connect import click, open_connect
from tests.support.apptest import app_env, texts

__all__ = ["app_env"]

ANALYZE_ONLY = (
    "You can only see this ad account's reports: advertising with it needs the General user or Admin role. Ask one "
    "of its admins to give you one of them."
)
NO_PAGE_TASK = (
    "You have no access to this Page: ads cannot run for it. Ask one of its admins to let you advertise for it."
)


def load(token: str) -> Inventory:
    client = GraphClient(token, base_url=SANDBOX_BASE_URL, session=sandbox_session(Sandbox()))
    return load_inventory(client)


@pytest.fixture(scope="module")
def analyst() -> Inventory:
    return load("demo-analyst")


@pytest.fixture(scope="module")
def marketer() -> Inventory:
    return load("demo-admin")


def test_an_analyze_only_ad_account_is_greyed_with_the_reason(analyst: Inventory) -> None:
    options = {o.id: o for o in ad_account_options(analyst, [DEMO_BUSINESS_ID_MAIN], set())}
    assert set(options) == {f"act_{a}" for a in (DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK, DEMO_AD_ACCOUNT_EUR)}
    assert all(o.blocked == ANALYZE_ONLY for o in options.values())


def test_the_analysts_grantable_tasks_are_none(analyst: Inventory) -> None:
    account = analyst.ad_account(DEMO_AD_ACCOUNT_ACTIVE)
    assert account is not None and account.user_tasks == ("ANALYZE",)
    assert set(account.permitted_tasks) == {"MANAGE", "ADVERTISE", "ANALYZE", "DRAFT", "AA_ANALYZE"}  # the edge's
    assert account.grantable_tasks == ()
    [option] = [o for o in ad_account_options(analyst, [DEMO_BUSINESS_ID_MAIN], set()) if o.id == account.id]
    assert option.detail.endswith("you can't give others access (that needs the Admin role)")


def test_a_page_without_the_advertise_task_is_greyed_with_the_reason(analyst: Inventory) -> None:
    options = {o.id: o for o in page_options(analyst, [DEMO_BUSINESS_ID_MAIN], set())}
    assert options[DEMO_PAGE_MAIN].blocked == NO_PAGE_TASK


def test_the_marketer_grants_what_she_holds_and_cannot_use_what_she_only_analyses(marketer: Inventory) -> None:
    active = marketer.ad_account(DEMO_AD_ACCOUNT_ACTIVE)
    assert active is not None and active.grantable_tasks == ("MANAGE", "ADVERTISE", "ANALYZE")
    foreign = marketer.ad_account(DEMO_AD_ACCOUNT_FOREIGN)  # General user on someone's personal account
    assert foreign is not None and foreign.advertise_refusal is None and foreign.grantable_tasks == ()
    options = {o.id: o for o in ad_account_options(marketer, [], set())}
    assert options[f"act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}"].blocked == ANALYZE_ONLY
    pages = {o.id: o for o in page_options(marketer, [DEMO_BUSINESS_ID_MAIN], set())}
    assert pages[DEMO_PAGE_MAIN].blocked is None
    assert marketer.pages()[0].tasks  # Dana's Page tasks, from me/accounts


def test_a_draft_holding_an_account_the_person_cannot_advertise_with_drops_it_and_says_why(
    analyst: Inventory,
) -> None:
    draft = Draft(businesses=[DEMO_BUSINESS_ID_MAIN], ad_accounts=[f"act_{DEMO_AD_ACCOUNT_ACTIVE}"])
    notes = prune(draft, analyst)
    assert draft.ad_accounts == [] and notes == [f"Ad account Demo Outdoor – Main was deselected: {ANALYZE_ONLY}"]


def test_the_wizard_greys_them_for_the_analyst(app_env) -> None:
    at = open_connect("demo-analyst")
    click(at, "connect_next")
    at.checkbox(key=f"connect_businesses_{DEMO_BUSINESS_ID_MAIN}").check().run()
    click(at, "connect_next")
    box = at.checkbox(key=f"connect_ad_accounts_act_{DEMO_AD_ACCOUNT_ACTIVE}")
    assert box.disabled is True and box.value is False
    page = texts(at)
    assert f"Cannot be chosen: {ANALYZE_ONLY}" in page
    assert "you can't give others access (that needs the Admin role)" in page and "MANAGE" not in page
    assert "MANAGE, ADVERTISE, ANALYZE, DRAFT, AA_ANALYZE" not in page
    click(at, "connect_next")
    click(at, "connect_next")
    assert at.checkbox(key=f"connect_pages_{DEMO_PAGE_MAIN}").disabled is True
    assert f"Cannot be chosen: {NO_PAGE_TASK}" in texts(at)
