"""Home in sandbox mode: the demo marketer, token health, plan usage, the reconnect path, and bug 5 of issue 17 (Home
said "Nothing needs your attention" with a Page at 84 % of its limit, another Page's limit about to drop and every
plan limit full; and with nothing bound it did not point to Connect)."""

from __future__ import annotations

from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_AGENCY_OWNED,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_UNVERIFIED,
    DEMO_PAGE_FUTURE_LIMIT,
    DEMO_PAGE_NEAR_LIMIT,
)
from tests.home.page import Home, home, selection
from tests.support.apptest import app_env, run_app, texts

__all__ = ["app_env", "home"]

BUSINESSES = (DEMO_BUSINESS_ID_MAIN, DEMO_BUSINESS_ID_AGENCY, DEMO_BUSINESS_ID_UNVERIFIED)
ACCOUNTS = (DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK, DEMO_AD_ACCOUNT_EUR, DEMO_AD_ACCOUNT_AGENCY_OWNED)
TEN_PAGES = tuple(f"4000000000000{n:02d}" for n in (1, 2, 3, 5, 6, 7, 8, 9, 10, 11))  # all but the unpublished one


def test_home_shows_demo_marketer_token_health_and_sandbox_badge(app_env):
    at = run_app()
    assert not at.exception
    page = texts(at)
    assert "Connected as **Dana Demo**" in page
    assert "Sandbox" in page
    assert "Connection: Valid" in page
    assert "Connection valid until" in page and "Access to ad data until" in page
    # the demo store is on basic (5) with one Google Ads account bound
    assert "Ad accounts: 1 / 5" in page


def test_bug_5_with_nothing_bound_home_points_to_connect(home: Home) -> None:
    home.show()
    [first] = home.items()
    assert (first.severity, first.what, first.link) == ("Act now", "Connect your Facebook assets to start", "connect")
    assert "Open Connect and choose the Business Managers, ad accounts, pixels and Pages" in first.text
    assert "Nothing needs your attention." not in home.text


def test_bug_5_a_page_at_84_percent_a_limit_dropping_and_every_plan_limit_full_are_all_listed(home: Home) -> None:
    assert DEMO_PAGE_NEAR_LIMIT in TEN_PAGES and DEMO_PAGE_FUTURE_LIMIT in TEN_PAGES
    home.bind(selection(BUSINESSES, ACCOUNTS, TEN_PAGES))
    home.sync()
    listed = {(i.what, i.link) for i in home.show().items()}
    assert {
        ("Page Trail Gear Deals is at 84% of its limit", "ad-volume"),
        ("Page Camp Kitchen's limit drops to 250 in 30 days", "ad-volume"),
        ("Ad accounts: 5 of 5, the limit is reached", "assets"),
        ("Business Managers: 3 of 3, the limit is reached", "assets"),
        ("Pages: 10 of 10, the limit is reached", "assets"),
    } <= listed
    assert "Nothing needs your attention." not in home.text
    near = home.item("Page Trail Gear Deals")
    assert near.text.startswith("210 of 250 ads running or in review. At 250, new ads for this Page stop publishing.")
    assert near.caption.startswith(f"ID {DEMO_PAGE_NEAR_LIMIT} · Read just now (")


def test_home_with_expired_token_shows_reconnect_not_traceback(app_env):
    at = run_app("demo-expired")
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Facebook connection lost" in errors
    assert "Connect your Facebook account again" in errors
    assert "Traceback" not in texts(at)
    assert "Reconnect Facebook" in texts(at)


def test_home_names_missing_scopes_for_a_token_without_them(app_env):
    at = run_app("demo-analyst")
    assert not at.exception
    page = texts(at)
    assert "manage your ads and ad accounts" in page and "Reconnect and allow them" in page
