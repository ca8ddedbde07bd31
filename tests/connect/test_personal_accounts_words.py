"""Bug 10 (issue 17): the wizard says whose personal ad account each one is: the person's own, or someone else's
shared with them (the account's ``owner`` on the person's own edge), never "your own" for another person's."""

from __future__ import annotations

from core.config import SANDBOX_BASE_URL
from core.connect import ad_account_options
from core.graph import GraphClient
from core.inventory import load_inventory
from core.sandbox import Sandbox, sandbox_session
from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_FOREIGN,
    DEMO_AD_ACCOUNT_PENDING_CLAIM,
    DEMO_AD_ACCOUNT_PERSONAL,
    DEMO_AD_ACCOUNT_PERSONAL_NEW,
)
from tests.connect.test_page_connect import click, open_connect
from tests.support.apptest import app_env

__all__ = ["app_env"]

MINE = "your own ad account"
THEIRS = "someone else's personal ad account, shared with you"


def test_each_personal_account_says_whose_it_is():
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=sandbox_session(Sandbox("demo")))
    details = {o.id: o.detail for o in ad_account_options(load_inventory(client), [], set())}
    for account in (DEMO_AD_ACCOUNT_PERSONAL, DEMO_AD_ACCOUNT_PERSONAL_NEW):
        assert details[f"act_{account}"].startswith(MINE)
    for account in (DEMO_AD_ACCOUNT_FOREIGN, DEMO_AD_ACCOUNT_PENDING_CLAIM):  # Morgan's and Casey's
        assert details[f"act_{account}"].startswith(THEIRS)


def test_the_wizard_never_calls_another_persons_account_yours(app_env):
    at = open_connect()
    click(at, "connect_next")
    click(at, "connect_next")  # no Business Manager chosen: the person's own edge only
    captions = [c.value for c in at.caption]
    assert sum(c.startswith(MINE) for c in captions) == 2
    assert sum(c.startswith(THEIRS) for c in captions) == 2
