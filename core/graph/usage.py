"""Rate-limit usage headers: ``X-App-Usage``, ``X-Ad-Account-Usage``, ``X-Business-Use-Case-Usage``.

Each header carries JSON. Graph sends them on successes and on errors; a header that is missing or malformed
is simply absent from the parsed ``Usage``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

APP_USAGE = "X-App-Usage"
AD_ACCOUNT_USAGE = "X-Ad-Account-Usage"
BUSINESS_USE_CASE_USAGE = "X-Business-Use-Case-Usage"
USAGE_HEADERS = (APP_USAGE, AD_ACCOUNT_USAGE, BUSINESS_USE_CASE_USAGE)


@dataclass(frozen=True)
class AppUsage:
    """Percentages (0-100) of the app's hourly budget used."""

    call_count: float = 0
    total_cputime: float = 0
    total_time: float = 0


@dataclass(frozen=True)
class AdAccountUsage:
    acc_id_util_pct: float = 0
    reset_time_duration: float = 0  # seconds
    ads_api_access_tier: str | None = None
    estimated_time_to_regain_access: float = 0  # minutes, when Graph (or the sandbox) sends it here


@dataclass(frozen=True)
class BusinessUseCaseUsage:
    business_id: str
    type: str | None = None
    call_count: float = 0
    total_cputime: float = 0
    total_time: float = 0
    estimated_time_to_regain_access: float = 0  # minutes
    ads_api_access_tier: str | None = None


@dataclass(frozen=True)
class Usage:
    app: AppUsage | None = None
    ad_account: AdAccountUsage | None = None
    business_use_cases: tuple[BusinessUseCaseUsage, ...] = ()

    @property
    def regain_access_seconds(self) -> float:
        """How long Graph says to wait before calls are accepted again (0 when it says nothing)."""
        minutes = [b.estimated_time_to_regain_access for b in self.business_use_cases]
        seconds = [m * 60 for m in minutes]
        if self.ad_account:
            seconds.append(self.ad_account.estimated_time_to_regain_access * 60)
            if self.ad_account.acc_id_util_pct >= 100:  # reset_time_duration is sent even when not throttled
                seconds.append(self.ad_account.reset_time_duration)
        return max(seconds, default=0.0)

    @property
    def max_percent(self) -> float:
        """The highest usage percentage in any header: 100 means throttled."""
        values: list[float] = []
        if self.app:
            values += [self.app.call_count, self.app.total_cputime, self.app.total_time]
        if self.ad_account:
            values.append(self.ad_account.acc_id_util_pct)
        for b in self.business_use_cases:
            values += [b.call_count, b.total_cputime, b.total_time]
        return max(values, default=0.0)

    def __bool__(self) -> bool:
        return bool(self.app or self.ad_account or self.business_use_cases)


def _json(headers: Mapping[str, str], name: str) -> Any:
    raw = headers.get(name)
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return None


def _num(data: Mapping[str, Any], key: str) -> float:
    try:
        return float(data.get(key) or 0)
    except (TypeError, ValueError):
        return 0.0


def parse_usage(headers: Mapping[str, str]) -> Usage:
    """Parse the three usage headers (``headers`` must be case-insensitive, like ``requests``' headers)."""
    app = _json(headers, APP_USAGE)
    account = _json(headers, AD_ACCOUNT_USAGE)
    buc = _json(headers, BUSINESS_USE_CASE_USAGE)
    return Usage(
        app=AppUsage(*(_num(app, k) for k in ("call_count", "total_cputime", "total_time")))
        if isinstance(app, dict)
        else None,
        ad_account=AdAccountUsage(
            acc_id_util_pct=_num(account, "acc_id_util_pct"),
            reset_time_duration=_num(account, "reset_time_duration"),
            ads_api_access_tier=account.get("ads_api_access_tier"),
            estimated_time_to_regain_access=_num(account, "estimated_time_to_regain_access"),
        )
        if isinstance(account, dict)
        else None,
        business_use_cases=tuple(_business_use_cases(buc)) if isinstance(buc, dict) else (),
    )


def _business_use_cases(data: Mapping[str, Any]) -> list[BusinessUseCaseUsage]:
    parsed = []
    for business_id, entries in data.items():
        for entry in entries if isinstance(entries, list) else [entries]:
            if not isinstance(entry, dict):
                continue
            parsed.append(
                BusinessUseCaseUsage(
                    business_id=str(business_id),
                    type=entry.get("type"),
                    call_count=_num(entry, "call_count"),
                    total_cputime=_num(entry, "total_cputime"),
                    total_time=_num(entry, "total_time"),
                    estimated_time_to_regain_access=_num(entry, "estimated_time_to_regain_access"),
                    ads_api_access_tier=entry.get("ads_api_access_tier"),
                )
            )
    return parsed
