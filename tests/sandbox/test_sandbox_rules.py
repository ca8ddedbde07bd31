"""The pure §5 rules of core.sandbox.rules, case by case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.sandbox import rules

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def running(**overrides: object) -> bool:
    args: dict[str, object] = {
        "account_status": 1,
        "configured_status": "ACTIVE",
        "effective_status": "ACTIVE",
        "start_time": NOW - 10 * DAY,
        "end_time": None,
        "now": NOW,
    }
    args.update(overrides)
    return rules.is_running_or_in_review(**args)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [1, 8, 9])
def test_delivering_account_statuses_count(status: int) -> None:
    assert running(account_status=status)


@pytest.mark.parametrize("status", [2, 3, 7, 100, 101, 201])
def test_other_account_statuses_never_count(status: int) -> None:
    assert not running(account_status=status)


@pytest.mark.parametrize(
    ("configured", "effective", "expected"),
    [
        ("ACTIVE", "ACTIVE", True),
        ("PAUSED", "ACTIVE", True),  # effective ACTIVE is enough
        ("ACTIVE", "PENDING_REVIEW", True),
        ("ACTIVE", "IN_PROCESS", True),  # "pending processing" as the SDK spells it
        ("ACTIVE", "PENDING_PROCESSING", True),
        ("PAUSED", "PENDING_REVIEW", False),  # in review but not configured active
        ("PAUSED", "PAUSED", False),
        ("ACTIVE", "DISAPPROVED", False),
        ("ACTIVE", "CAMPAIGN_PAUSED", False),
        ("ARCHIVED", "ARCHIVED", False),
        ("DELETED", "DELETED", False),
    ],
)
def test_status_combinations(configured: str, effective: str, expected: bool) -> None:
    assert running(configured_status=configured, effective_status=effective) is expected


def test_schedule_started_with_no_end_counts() -> None:
    assert running(start_time=NOW - 30 * DAY, end_time=None)


def test_schedule_from_now_for_three_months_counts() -> None:
    assert running(start_time=NOW, end_time=NOW + 90 * DAY)


def test_schedule_starting_in_the_future_does_not_count() -> None:
    assert not running(start_time=NOW + 2 * DAY)


def test_schedule_that_ended_does_not_count() -> None:
    assert not running(start_time=NOW - 30 * DAY, end_time=NOW - DAY)


def test_schedule_starting_later_today_does_not_count_yet() -> None:
    assert not running(start_time=NOW + timedelta(hours=3))


def test_schedule_ending_earlier_today_no_longer_counts() -> None:
    assert not running(start_time=NOW - 5 * DAY, end_time=NOW - timedelta(hours=1))


def test_day_parting_counts_the_whole_day() -> None:
    # the ad set's hours (say 18:00-23:00) do not matter: at noon it counts like any running ad set
    assert running(start_time=NOW - 5 * DAY, end_time=NOW + 20 * DAY, day_parting=True)
    assert running(day_parting=True) == running(day_parting=False)


def test_task_sets() -> None:
    for role in rules.ROLE_TASKS.values():
        assert rules.validate_tasks(role) == role
    assert rules.validate_tasks(["analyze"]) == {"ANALYZE"}
    for bad in ([], ["MANAGE"], ["ADVERTISE"], ["MANAGE", "ANALYZE"], ["ANALYZE", "FLY"]):
        with pytest.raises(rules.RuleViolation) as caught:
            rules.validate_tasks(bad)
        assert (caught.value.code, caught.value.subcode) == (100, 1752129)


def test_people_limits() -> None:
    rules.check_people_limits(people_on_account=24, accounts_of_person=24, already_assigned=False)
    rules.check_people_limits(people_on_account=25, accounts_of_person=25, already_assigned=True)
    for people, accounts in ((25, 0), (0, 25)):
        with pytest.raises(rules.RuleViolation) as caught:
            rules.check_people_limits(people_on_account=people, accounts_of_person=accounts, already_assigned=False)
        assert caught.value.code == 2620


GOOD = {
    "name": "New",
    "currency": "usd",
    "timezone_id": "1",
    "end_advertiser": "123",
    "media_agency": "NONE",
    "partner": "unfound",
}


def test_new_ad_account_validation() -> None:
    values = rules.validate_new_ad_account(GOOD, {"123"})
    assert values == {
        "name": "New",
        "currency": "USD",
        "timezone_id": 1,
        "end_advertiser": "123",
        "media_agency": "NONE",
        "partner": "UNFOUND",
    }


@pytest.mark.parametrize(
    "change",
    [
        {"name": ""},
        {"currency": "XYZ"},
        {"timezone_id": "999"},
        {"timezone_id": "abc"},
        {"end_advertiser": "999"},
        {"partner": "someone"},
        {"media_agency": ""},
    ],
)
def test_new_ad_account_refusals(change: dict[str, str]) -> None:
    with pytest.raises(rules.RuleViolation) as caught:
        rules.validate_new_ad_account({**GOOD, **change}, {"123"})
    assert caught.value.code == 100


def test_create_limits() -> None:
    rules.check_can_create_ad_account(created_via_api=4, account_statuses=[1, 8, 9, 101])
    with pytest.raises(rules.RuleViolation) as caught:
        rules.check_can_create_ad_account(created_via_api=5, account_statuses=[1])
    assert caught.value.code == 3979
    with pytest.raises(rules.RuleViolation) as caught:
        rules.check_can_create_ad_account(created_via_api=0, account_statuses=[1, 2])
    assert caught.value.code == 3980


def test_dsa_pair_and_end_advertiser() -> None:
    rules.check_dsa_pair({})
    rules.check_dsa_pair({"default_dsa_payor": "a", "default_dsa_beneficiary": "b"})
    with pytest.raises(rules.RuleViolation):
        rules.check_dsa_pair({"default_dsa_payor": "a"})
    rules.check_end_advertiser_change("NONE", "123")
    rules.check_end_advertiser_change("123", "123")
    with pytest.raises(rules.RuleViolation):
        rules.check_end_advertiser_change("123", "456")
