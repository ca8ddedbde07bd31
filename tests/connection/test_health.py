"""Token health in words: invalid, missing scopes, ending within 7 days, never expiring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.config import REQUIRED_SCOPES
from core.connection import token_health
from core.graph import TokenInfo

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def info(**kw) -> TokenInfo:
    base = {"is_valid": True, "scopes": REQUIRED_SCOPES}
    return TokenInfo(**(base | kw))


def ts(delta: timedelta) -> int:
    return int((NOW + delta).timestamp())


def test_healthy_token_never_expiring_has_no_problems():
    health = token_health(info(expires_at=0, data_access_expires_at=ts(timedelta(days=90))), REQUIRED_SCOPES, NOW)
    assert health.problems == []
    assert health.expires_label == "Never expires"
    assert health.status_label == "Valid"


def test_data_access_ending_within_7_days_warns_even_if_token_never_expires():
    health = token_health(info(expires_at=0, data_access_expires_at=ts(timedelta(days=6))), REQUIRED_SCOPES, NOW)
    assert any("Access to your ad data ends on" in p for p in health.problems)


def test_token_ending_in_8_days_does_not_warn_yet():
    health = token_health(info(expires_at=ts(timedelta(days=8))), REQUIRED_SCOPES, NOW)
    assert health.problems == []


def test_missing_scopes_are_named():
    health = token_health(info(scopes=("ads_read",)), REQUIRED_SCOPES, NOW)
    assert health.missing_scopes == tuple(s for s in REQUIRED_SCOPES if s != "ads_read")
    assert "manage your ads and ad accounts" in health.problems[0] and "ads_management" not in health.problems[0]


def test_invalid_token_is_reported():
    health = token_health(info(is_valid=False), REQUIRED_SCOPES, NOW)
    assert health.status_label == "Invalid"
    assert "no longer valid" in health.problems[0]
