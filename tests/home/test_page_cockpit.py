"""Home's cockpit with AppTest, one test per item, each set up through the real use cases on the app's sandbox:
bind (``save_selection``), the background sync (``sync_store``), claim, unbind, a permission apply Facebook
refuses, the token's end, a revoke on Facebook. Every item links to the page that fixes it; cached reads say how
old they are; "nothing needs your attention" only when everything was read."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.ad_accounts import claim
from core.binding import AssetKind, bound_asset_list, preview_unbind, unbind
from core.permissions import ROLE_TASKS, CellChange, apply, load_matrix
from core.permissions.queries import bound_ad_accounts
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_AGENCY_OWNED,
    DEMO_AD_ACCOUNT_DISABLED,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_FOREIGN,
    DEMO_AD_ACCOUNT_NO_FUNDING,
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_TROUBLED,
    DEMO_PAGE_AGENCY,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_NEAR_LIMIT,
    DEMO_PERSON_BUSY,
    DEMO_PERSON_JUNIOR,
    DEMO_USER_ID,
)
from core.sandbox.sandbox import ALL_SCOPES
from tests.home.page import Home, home, selection
from tests.support.apptest import DANA, app_env
from ui import runtime

__all__ = ["app_env", "home"]

MAIN_ONLY = selection([DEMO_BUSINESS_ID_MAIN], [DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_EUR], [DEMO_PAGE_NEAR_LIMIT])


def test_a_page_or_an_ad_account_at_80_percent_of_a_limit_with_the_age_of_the_reading(home: Home) -> None:
    home.bind(MAIN_ONLY)
    home.add_paused_ads(DEMO_AD_ACCOUNT_EUR, 4_900)  # non-archived ads of the EU account: above 4,800 of 6,000
    home.sync()
    home.clock.advance(minutes=4)
    home.show()
    page = home.item("Page Trail Gear Deals is at 84% of its limit")
    account = home.item("Ad account Demo Outdoor – EU is at ")
    assert {(page.severity, page.link), (account.severity, account.link)} == {("Soon", "ad-volume")}
    assert "non-archived ads. At 6,000, Facebook refuses new ads in it." in account.text
    assert page.caption.startswith(f"ID {DEMO_PAGE_NEAR_LIMIT} · Read 4 minutes ago (")
    assert "the last sync read this store 4 minutes ago" in home.text


def test_nothing_read_yet_is_said_instead_of_nothing_needs_your_attention(home: Home) -> None:
    home.bind(selection([DEMO_BUSINESS_ID_AGENCY], [DEMO_AD_ACCOUNT_AGENCY_OWNED], [DEMO_PAGE_AGENCY])).show()
    assert home.items() == []
    assert (
        "**Not read: Ad volume and limits, ad account health and pending claims.** The background sync has not read "
        "it yet. Press Sync now on the Store settings page" in home.text
    )
    assert "Nothing needs your attention." not in home.text
    assert "settings" in [link.proto.page for link in home.at.get("page_link")]
    home.sync()
    home.show()
    assert "Nothing needs your attention." in home.text and "Not read" not in home.text


def test_a_page_limit_dropping_soon(home: Home) -> None:
    home.bind(selection([DEMO_BUSINESS_ID_MAIN], [DEMO_AD_ACCOUNT_ACTIVE], ["400000000000003"]))
    home.sync()
    drop = home.show().item("Page Camp Kitchen's limit drops to 250")
    assert drop.link == "ad-volume" and "from 1,000 to 250" in drop.text and "today it has 10" in drop.text


def test_plan_limits_full(home: Home) -> None:
    accounts = [DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_EUR, "300000000000002", "300000000000005"]
    home.bind(selection([DEMO_BUSINESS_ID_MAIN], accounts, [DEMO_PAGE_MAIN])).show()
    full = home.item("Ad accounts: 5 of 5")
    assert (full.severity, full.link) == ("Good to know", "assets")
    assert "The basic plan allows 5 ad accounts, Facebook and Google Ads together" in full.text


def test_accounts_that_cannot_deliver(home: Home) -> None:
    businesses = [DEMO_BUSINESS_ID_MAIN, DEMO_BUSINESS_ID_TROUBLED]
    home.bind(selection(businesses, [DEMO_AD_ACCOUNT_NO_FUNDING, DEMO_AD_ACCOUNT_DISABLED], []))
    home.sync()
    home.show()
    disabled = home.item("Ad account Legacy Traders – Old cannot deliver ads")
    no_card = home.item("Ad account Demo Outdoor – UK (no card) cannot deliver ads")
    assert (disabled.severity, disabled.link) == ("Act now", "assets") and no_card.link == "assets"
    assert "account is disabled" in disabled.text and "no payment method" in no_card.text


def test_pending_claims(home: Home) -> None:
    home.bind(MAIN_ONLY)
    client = runtime.graph_client("demo-admin")
    result = claim(home.store_id, DEMO_BUSINESS_ID_MAIN, f"act_{DEMO_AD_ACCOUNT_FOREIGN}", home.db.uow(),
                   actor=DANA, clock=home.clock, client=client)  # fmt: skip
    assert result.access_status == "PENDING"
    home.sync()
    home.show()
    waiting = home.item("Demo Outdoor Co.'s claim of ad account Morgan Manager (personal) is waiting")
    assert (waiting.severity, waiting.link) == ("Good to know", "ad-accounts")
    assert waiting.caption.startswith(f"ID act_{DEMO_AD_ACCOUNT_FOREIGN} · Read just now")


def test_history_purged_within_3_days(home: Home) -> None:
    home.bind(MAIN_ONLY)
    page = next(a for a in bound_asset_list(home.store_id, home.db.uow(), [AssetKind.PAGE]))
    plan = preview_unbind(home.store_id, page.id, home.db.uow())
    unbind(home.store_id, page.id, home.db.uow(), actor=DANA, clock=home.clock, expected=[a.id for a in plan.assets])
    home.clock.advance(days=26)
    assert not [i for i in home.show().items() if i.what.startswith("The history of")]
    home.clock.advance(days=1, hours=1)
    purge = home.show().item("The history of Page Trail Gear Deals is deleted for good in 3 days")
    assert (purge.severity, purge.link) == ("Soon", "assets") and "Connect it again on the Assets page" in purge.text


def test_permission_changes_that_failed_until_a_later_change_is_applied(home: Home) -> None:
    home.bind(MAIN_ONLY)
    client = runtime.graph_client("demo-admin")
    matrix = load_matrix(client, bound_ad_accounts(home.store_id, home.db.uow()))
    account = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"

    def grant(person: str) -> bool:
        change = CellChange(matrix.person(person), matrix.account(account), matrix.tasks(person, account),
                            ROLE_TASKS["Reporting only"])  # fmt: skip
        [outcome] = apply(home.store_id, [change], home.db.uow(), actor=DANA, clock=home.clock, client=client)
        return outcome.ok

    assert not grant(DEMO_PERSON_BUSY)  # Facebook refuses: already on 25 ad accounts (2620)
    home.clock.advance(hours=2)
    failed = home.show().item("1 permission change on ad account Demo Outdoor – Main failed")
    assert (failed.severity, failed.link) == ("Soon", "permissions")
    assert "Pat Busy gains Reporting only" in failed.text and "Facebook error code 2620" in failed.text
    assert failed.caption.startswith(f"ID {account} · Tried 2 hours ago (") and failed.caption.endswith("by Dana Demo.")
    assert grant(DEMO_PERSON_JUNIOR)  # a later change on the same account that Facebook applied
    assert not [i for i in home.show().items() if "permission change" in i.what]


def test_the_token_ending_within_7_days(home: Home) -> None:
    home.bind(MAIN_ONLY)
    home.clock.advance(days=42)  # the demo token ends 50 days after the sandbox started
    assert not [i for i in home.show().items() if i.link == "connect"]
    home.clock.advance(days=2)
    ending = home.show().item("The Facebook connection ends in 6 days")
    assert (ending.severity, ending.link) == ("Soon", "connect")
    assert "Reconnect Facebook on the Connect page to renew it." in ending.text


def test_data_access_ending_while_the_token_never_does(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    token, _ = home.sandbox.mint_token(DEMO_USER_ID, ALL_SCOPES, lifetime=None, data_access=timedelta(days=3))
    monkeypatch.setattr(runtime, "access_token", lambda: token)
    home.bind(MAIN_ONLY)
    ending = home.show().item("Access to your ad data ends in 3 days")
    assert ending.link == "connect" and "Connection valid until: No end date" in home.text


def test_a_token_revoked_on_facebook_is_noticed_within_a_minute(home: Home) -> None:
    """The identity read is kept a minute of the test clock (Streamlit's cache TTL runs on it here)."""
    home.bind(MAIN_ONLY)
    assert "Connection: Valid" in home.show().text
    runtime.graph_client("demo-admin").delete("me/permissions")  # the person removes the app on Facebook
    home.clock.advance(seconds=59)
    assert "Connection: Valid" in home.show().text  # Facebook's answer of a minute ago
    assert not [i for i in home.items() if i.link == "connect"]
    home.clock.advance(seconds=2)
    lost = home.show().item("Facebook no longer accepts this store's connection")
    assert (lost.severity, lost.link) == ("Act now", "connect") and "Reconnect Facebook" in lost.text


def test_a_viewer_sees_every_item_and_is_told_the_linked_pages_are_read_only(home: Home) -> None:
    home.bind(MAIN_ONLY)
    home.sync()
    home.at.session_state["demo_identity"] = "demo-analyst"  # Alex Analyst, a viewer of the demo store
    home.show()
    assert home.item("Page Trail Gear Deals is at 84% of its limit").link == "ad-volume"
    assert home.item("Demo Outdoor Co.'s claim of ad account").link == "ad-accounts"
    assert "the pages linked below are read-only for your role" in home.text
