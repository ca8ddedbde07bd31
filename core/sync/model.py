"""The rules of the background sync (docs/RULES.md, "Background sync and alerts"), in plain objects.

A store's sync has four parts, each with its own outcome, so one part's failure never hides another's result.
Rate budgets: an ad account (or the whole app) whose usage reaches :data:`DEFER_AT_PERCENT` is not called again
before the time Graph gives; a period is the schedule's tick, and a store is synced once per period.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from core.graph import Usage
from core.shared.i18n import N_, _

DEFER_AT_PERCENT = 90.0
# When usage is high but Graph gives no time to wait, wait this long before looking again.
DEFAULT_DEFER = timedelta(minutes=15)
LEASE_TTL = timedelta(minutes=10)
APP_SCOPE = "app"


class SyncPart(StrEnum):
    TOKEN = "token_health"
    AD_VOLUME = "ad_volume"
    ACCOUNTS = "account_health"
    CLAIMS = "pending_claims"
    ALERTS = "alerts"

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS = {
    SyncPart.TOKEN: N_("Facebook connection"),
    SyncPart.AD_VOLUME: N_("Ad volume and limits"),
    SyncPart.ACCOUNTS: N_("Ad account health"),
    SyncPart.CLAIMS: N_("Pending claims"),
    SyncPart.ALERTS: N_("Alerts"),
}
PARTS_IN_ORDER = (SyncPart.TOKEN, SyncPart.AD_VOLUME, SyncPart.ACCOUNTS, SyncPart.CLAIMS, SyncPart.ALERTS)


class PartStatus(StrEnum):
    OK = "ok"
    PARTIAL = "partial"  # done, but some ad accounts could not be read (their reasons are in ``problems``)
    FAILED = "failed"
    SKIPPED = "skipped"  # nothing to do (no connection, nothing bound)


class Outcome(StrEnum):
    RUNNING = "running"
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


class Trigger(StrEnum):
    SCHEDULE = "schedule"
    ON_DEMAND = "on_demand"  # a person's "Sync now", or ``python -m core.sync --once``


@dataclass(frozen=True)
class PartResult:
    status: PartStatus
    error: str = ""  # the marketer's words when the part failed
    problems: Mapping[str, str] = field(default_factory=dict)  # asset ID → why it was not read
    detail: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "error": self.error,
            "problems": dict(self.problems),
            "detail": dict(self.detail),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PartResult:
        return cls(
            PartStatus(data.get("status", "failed")),
            str(data.get("error") or ""),
            dict(data.get("problems") or {}),
            dict(data.get("detail") or {}),
        )


def outcome_of(parts: Mapping[str, PartResult]) -> Outcome:
    statuses = {p.status for p in parts.values()}
    if statuses and statuses <= {PartStatus.FAILED, PartStatus.SKIPPED} and PartStatus.FAILED in statuses:
        return Outcome.FAILED
    if statuses & {PartStatus.FAILED, PartStatus.PARTIAL}:
        return Outcome.PARTIAL
    return Outcome.OK


def defer_until(usage: Usage, now: datetime) -> datetime | None:
    """When calls may resume, if ``usage`` reached :data:`DEFER_AT_PERCENT` (None: go on now).

    The wait is the longest Graph gives (``estimated_time_to_regain_access``, or the ad account's
    ``reset_time_duration`` once it is this high), else :data:`DEFAULT_DEFER`."""
    if usage.max_percent < DEFER_AT_PERCENT:
        return None
    seconds = usage.regain_access_seconds
    if not seconds and usage.ad_account is not None:
        seconds = usage.ad_account.reset_time_duration
    return now + (timedelta(seconds=seconds) if seconds else DEFAULT_DEFER)


def account_usage(usage: Usage) -> Usage:
    """The part of a response's usage that is about one ad account (its business use case and ad-account
    headers), without the app-wide header."""
    return Usage(None, usage.ad_account, usage.business_use_cases)


def app_usage(usage: Usage) -> Usage:
    return Usage(usage.app, None, ())


def account_of(path: str) -> str | None:
    """The ad account a Graph path is about (``act_1/ads_volume?…`` → ``act_1``), if any."""
    head = path.lstrip("/").split("?", 1)[0].split("/", 1)[0]
    return head if head.startswith("act_") else None


def period_key(tick: datetime) -> str:
    return tick.strftime("%Y-%m-%dT%H:%M:%SZ")
