"""Rate budgets (docs/RULES.md, "Background sync and alerts"): a Graph client that keeps under Meta's budgets.

Every answer's usage headers are read (each batch item carries its own); an ad account whose usage reaches 90 %
is not called again before the time Graph gives, and at 90 % of the app's budget no call goes out at all. The
memory of it is in the database (``sync_throttles``), so every worker on every machine knows. A deferred call
is answered at once, without reaching Graph, with a :class:`RateLimitError` that says when to try again: the
store's other ad accounts, and every other store, go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from requests.structures import CaseInsensitiveDict

from core.db.sync_repositories import SyncRepository
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph import BatchRequest, BatchResult, GraphClient, GraphError, RateLimitError, Usage, parse_usage
from core.shared import Clock, system_clock
from core.shared.i18n import N_
from core.sync.model import APP_SCOPE, account_of, account_usage, app_usage, defer_until

log = logging.getLogger(__name__)


class RateBudget:
    """The shared throttle memory: which scopes (ad accounts, the app) wait until when."""

    def __init__(self, uow_factory: Callable[[], SqlAlchemyUnitOfWork], clock: Clock = system_clock) -> None:
        self._uow_factory = uow_factory
        self.clock = clock
        self.throttles_met = 0  # times this client found a scope at 90 % or more and deferred it
        self.calls_deferred = 0  # calls answered locally instead of being sent

    def waiting(self, scopes: Iterable[str]) -> dict[str, datetime]:
        with self._uow_factory() as uow:
            return SyncRepository(uow.session).throttles([*scopes, APP_SCOPE], self.clock())

    def observe(self, usages: Iterable[tuple[str, Usage]]) -> None:
        """Remember every scope whose usage reached the threshold (one transaction for a whole batch)."""
        now = self.clock()
        decided = [
            (scope, until, usage.max_percent)
            for scope, usage in usages
            if (until := defer_until(usage, now)) is not None
        ]
        if not decided:
            return
        self.throttles_met += len(decided)
        with self._uow_factory() as uow:
            repo = SyncRepository(uow.session)
            for scope, until, percent in decided:
                repo.throttle(scope, until, percent, now)
            uow.commit()
        for scope, until, percent in decided:
            log.info("rate budget: %s at %.0f %%, no call before %s", scope, percent, f"{until:%H:%M:%S}")


def deferred_error(scope: str, until: datetime, now: datetime) -> RateLimitError:
    seconds = max(1.0, (until - now).total_seconds())
    return RateLimitError(
        f"deferred: {scope} is near its hourly call budget",
        retry_after=seconds,
        # translated where read (GraphError.user_message)
        user_message=N_(
            "Facebook's hourly call budget for Smart Ads' calls to Facebook is nearly used, so Smart Ads waits "
            "before reading it again."
        )
        if scope == APP_SCOPE
        else N_(
            "Facebook's hourly call budget for this ad account is nearly used, so Smart Ads waits before reading "
            "it again."
        ),
    )


class BudgetedClient(GraphClient):
    """A :class:`GraphClient` that defers calls of ad accounts (or of the app) near their budget."""

    def __init__(self, access_token: str, *, budget: RateBudget, **kwargs: Any) -> None:
        super().__init__(access_token, **kwargs)
        self.budget = budget

    def batch(self, requests: Sequence[BatchRequest]) -> list[BatchResult]:
        accounts = [account_of(r.path) for r in requests]
        waiting = self.budget.waiting(a for a in accounts if a)
        now = self.budget.clock()
        out: list[BatchResult | None] = [None] * len(requests)
        to_send: list[int] = []
        for i, (request, account) in enumerate(zip(requests, accounts, strict=True)):
            scope = APP_SCOPE if APP_SCOPE in waiting else account
            if scope is not None and scope in waiting:
                out[i] = BatchResult(request, None, {}, None, deferred_error(scope, waiting[scope], now))
            else:
                to_send.append(i)
        self.budget.calls_deferred += len(requests) - len(to_send)
        if to_send:
            sent = super().batch([requests[i] for i in to_send])
            for i, result in zip(to_send, sent, strict=True):
                out[i] = result
            self.budget.observe(
                (account, account_usage(usage))
                for result, account in ((r, accounts[i]) for i, r in zip(to_send, sent, strict=True))
                if account is not None and (usage := _usage_of(result))
            )
        return [r for r in out if r is not None]

    def _request(
        self, method: str, url: str, params: dict[str, str], *, idempotent: bool | None = None
    ) -> tuple[int, CaseInsensitiveDict, Any]:
        account = account_of(urlsplit(url).path.split("/", 2)[-1]) if "/act_" in url else None
        waiting = self.budget.waiting([account] if account else [])
        scope = APP_SCOPE if APP_SCOPE in waiting else account
        if scope is not None and scope in waiting:
            self.budget.calls_deferred += 1
            raise deferred_error(scope, waiting[scope], self.budget.clock())
        try:
            status, headers, body = super()._request(method, url, params, idempotent=idempotent)
        except GraphError as error:
            self._observe(account, error.usage)
            raise
        self._observe(account, parse_usage(headers))
        return status, headers, body

    def _observe(self, account: str | None, usage: Usage) -> None:
        seen = [(APP_SCOPE, app_usage(usage))]
        if account is not None:
            seen.append((account, account_usage(usage)))
        self.budget.observe(seen)


def _usage_of(result: BatchResult) -> Usage:
    if result.error is not None and result.error.usage:
        return result.error.usage
    return parse_usage(CaseInsensitiveDict(result.headers))
