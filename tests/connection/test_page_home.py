"""Home in sandbox mode: the demo marketer, token health, plan usage, and the reconnect path."""

from __future__ import annotations

from tests.support.apptest import app_env, run_app, texts

__all__ = ["app_env"]


def test_home_shows_demo_marketer_token_health_and_sandbox_badge(app_env):
    at = run_app()
    assert not at.exception
    page = texts(at)
    assert "Connected as **Dana Demo**" in page
    assert "Sandbox" in page
    assert "Token: Valid" in page
    assert "Token valid until" in page and "Data access until" in page
    # the demo store is on basic (5) with one Google Ads account bound
    assert "Ad accounts: 1 / 5" in page
    assert "Nothing needs your attention." in page


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
