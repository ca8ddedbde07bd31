"""Rate-limit bookkeeping: the usage headers Graph sends and the per-ad-account budget (docs/RULES.md, "Facebook's
rules").

Calls are scored per hour window (a read 1, a write 3) per app, per ad account and per business. Percentages
are against Meta's development-tier budget (300 per ad account per hour). When a call budget is enforced (see
:class:`core.sandbox.faults.Faults`), an ad account at 100 % is throttled with 80004 until the window resets.
"""

from __future__ import annotations

import json
import math
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from core.sandbox.errors import GraphError

DEV_TIER_BUDGET = 300
ACCESS_TIER = "development_access"
WINDOW_SECONDS = 3600
APP_CALLS_PER_HOUR = 2000


@dataclass
class UsageMeter:
    clock: Callable[[], datetime]
    budget: int = DEV_TIER_BUDGET
    enforced_budget: int | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _window: int = -1
    _app_calls: int = 0
    _accounts: Counter[str] = field(default_factory=Counter)
    _businesses: Counter[str] = field(default_factory=Counter)

    def _roll(self) -> int:
        now = self.clock().timestamp()
        window = int(now // WINDOW_SECONDS)
        if window != self._window:
            self._window, self._app_calls = window, 0
            self._accounts.clear()
            self._businesses.clear()
        return int((window + 1) * WINDOW_SECONDS - now)

    def check(self, account_id: str | None, business_id: str | None) -> None:
        """Refuse the call with 80004 when the ad account's enforced budget is used up."""
        if self.enforced_budget is None or account_id is None:
            return
        with self._lock:
            reset_in = self._roll()
            if self._accounts[account_id] >= self.enforced_budget:
                error = GraphError(
                    80004,
                    "(#80004) There have been too many calls to this ad-account. Wait a bit and try again. "
                    "For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting"
                    "#ads-management.",
                    subcode=2446079,
                )
                error.headers = self._headers_locked(account_id, business_id, reset_in)
                raise error

    def record(self, account_id: str | None, business_id: str | None, *, write: bool) -> None:
        score = 3 if write else 1
        with self._lock:
            self._roll()
            self._app_calls += 1
            if account_id:
                self._accounts[account_id] += score
            if business_id:
                self._businesses[business_id] += score

    def headers(self, account_id: str | None, business_id: str | None) -> dict[str, str]:
        with self._lock:
            return self._headers_locked(account_id, business_id, self._roll())

    def _pct(self, score: int) -> int:
        return min(100, math.floor(score * 100 / (self.enforced_budget or self.budget)))

    def _headers_locked(self, account_id: str | None, business_id: str | None, reset_in: int) -> dict[str, str]:
        app_pct = min(100, self._app_calls * 100 // APP_CALLS_PER_HOUR)
        headers = {
            "X-App-Usage": json.dumps({"call_count": app_pct, "total_cputime": app_pct // 2, "total_time": app_pct})
        }
        if account_id:
            pct = self._pct(self._accounts[account_id])
            headers["X-Ad-Account-Usage"] = json.dumps(
                {"acc_id_util_pct": pct, "reset_time_duration": reset_in, "ads_api_access_tier": ACCESS_TIER}
            )
        buc_key = business_id or account_id
        if buc_key:
            # ads_management use case: the ad account's own score when the call is about one
            pct = self._pct(self._accounts[account_id] if account_id else self._businesses[business_id or ""])
            throttled = pct >= 100 and self.enforced_budget is not None
            headers["X-Business-Use-Case-Usage"] = json.dumps(
                {
                    buc_key: [
                        {
                            "type": "ads_management",
                            "call_count": pct,
                            "total_cputime": pct // 2,
                            "total_time": pct,
                            "estimated_time_to_regain_access": math.ceil(reset_in / 60) if throttled else 0,
                            "ads_api_access_tier": ACCESS_TIER,
                        }
                    ]
                }
            )
        return headers
