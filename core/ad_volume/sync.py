"""Sync a store's ad volume from Graph: batched reads, per-account failures, snapshots into the store's history.

For each bound ad account six reads go into Graph batches (never one HTTP call per account): the account (``name``,
``account_status``), ``act_<id>/ads_volume``, ``act_<id>/ads_volume?show_breakdown_by_actor=true``, and the
non-archived counts of its ads, ad sets and campaigns as Graph's summary counts
(``act_<id>/ads?effective_status=[…]&summary=total_count&limit=0``, the same on ``adsets`` and ``campaigns``, each
edge with its own statuses). Batches hold at most 50 requests (8 accounts); progress is reported after each. An
account that cannot be read (throttled 80004, no access …) is reported on its own row while the others go on.
Whether an account is bulk is the binding's ``bulk`` attribute (no Graph field says it). Snapshots go through
:func:`.history.record_ad_volume`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from core.ad_volume.history import AdVolumeReading, record_ad_volume
from core.ad_volume.model import AccountVolume, PageInAccount, VolumeReport, object_counts
from core.binding import AssetKind, AssetView, bound_asset_list
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph import (
    MAX_BATCH_SIZE,
    AuthenticationError,
    BatchRequest,
    BatchResult,
    GraphClient,
    GraphError,
    RateLimitError,
)
from core.graph.facebook import NON_ARCHIVED_STATUSES, ObjectKind
from core.shared import Actor, Clock, system_clock, words
from core.shared.i18n import _, ngettext
from core.stores.access import check
from core.stores.model import Permission

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (accounts done, accounts in all, what is happening)
READS_PER_ACCOUNT = 3 + len(ObjectKind)
ACCOUNTS_PER_BATCH = MAX_BATCH_SIZE // READS_PER_ACCOUNT  # 8 accounts → 48 requests in one batch
BREAKDOWN_PAGE_SIZE = 100
BULK_ATTRIBUTE = "bulk"  # the binding's attribute the marketer sets (set_bulk)


def _no_progress(done: int, total: int, message: str) -> None:
    del done, total, message


def sync_ad_volume(
    store_id: int,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
    client: GraphClient,
    progress: Progress = _no_progress,
) -> VolumeReport:
    """Read every bound ad account's ad volume and object counts, record the snapshots, and return what was read.

    An account is bulk only when its binding says so (``set_bulk``), else regular. Raises
    :class:`AuthenticationError` only when the connection itself is gone (every account refused so). ``actor`` is
    who asked (a person's Refresh, or the background sync); snapshots are the app's own history, not an audited
    change.
    """
    check(store_id, actor, Permission.VIEW, uow)
    accounts = bound_asset_list(store_id, uow, [AssetKind.AD_ACCOUNT])
    total = len(accounts)
    requests_before = client.request_count
    progress(0, total, _reading(total))
    volumes: list[AccountVolume] = []
    page_rows: list[PageInAccount] = []
    auth_errors: list[AuthenticationError] = []
    for start in range(0, total, ACCOUNTS_PER_BATCH):
        chunk = accounts[start : start + ACCOUNTS_PER_BATCH]
        results = client.batch([r for account in chunk for r in _requests(account.external_id)])
        for i, account in enumerate(chunk):
            mine = results[i * READS_PER_ACCOUNT : (i + 1) * READS_PER_ACCOUNT]
            volume, rows, error = _read_account(client, account, mine)
            volumes.append(volume)
            page_rows.extend(rows)
            if isinstance(error, AuthenticationError):
                auth_errors.append(error)
        done = min(start + ACCOUNTS_PER_BATCH, total)
        progress(done, total, _read(done, total))
    if auth_errors and len(auth_errors) == total:
        raise auth_errors[0]

    taken_at = clock()
    readings = [  # an account's running ads have no limit of their own: they count against their Pages' limits
        AdVolumeReading(AssetKind.AD_ACCOUNT, v.account_id, v.running_or_in_review, None)
        for v in volumes
        if v.running_or_in_review is not None
    ]
    pages = tuple((p.external_id, p.name) for p in bound_asset_list(store_id, uow, [AssetKind.PAGE]))
    report = VolumeReport(taken_at, tuple(volumes), tuple(page_rows), bound_pages=pages)
    readings += [AdVolumeReading(AssetKind.PAGE, p.page_id, p.running_or_in_review, p.limit) for p in report.pages]
    recorded = record_ad_volume(store_id, readings, uow, clock=lambda: taken_at)
    log.info("ad volume of store %s: %d accounts, %d failed, %d snapshots", store_id, total, len(report.failed),
             recorded)  # fmt: skip
    return replace(report, recorded=recorded, graph_requests=client.request_count - requests_before)


def _requests(account_id: str) -> list[BatchRequest]:
    return [
        BatchRequest.get(account_id, fields=["name", "account_status"]),
        BatchRequest.get(f"{account_id}/ads_volume"),
        BatchRequest.get(f"{account_id}/ads_volume", {"show_breakdown_by_actor": True, "limit": BREAKDOWN_PAGE_SIZE}),
        *(count_request(account_id, kind) for kind in ObjectKind),
    ]


def count_request(account_id: str, kind: ObjectKind) -> BatchRequest:
    """``act_<id>/<ads|adsets|campaigns>?effective_status=[…]&summary=total_count&limit=0``: Graph's count of the
    account's non-archived, non-deleted objects of that kind, without listing one."""
    statuses = list(NON_ARCHIVED_STATUSES[kind])
    return BatchRequest.get(
        f"{account_id}/{kind}", {"effective_status": statuses, "summary": "total_count", "limit": 0}
    )


def _read_account(
    client: GraphClient, account: AssetView, results: Sequence[BatchResult]
) -> tuple[AccountVolume, list[PageInAccount], GraphError | None]:
    node, volume, breakdown, *counts = results
    error = next((r.error for r in results if r.error is not None), None)
    info: Mapping[str, Any] = node.body if node.ok and isinstance(node.body, dict) else {}
    name = str(info.get("name") or account.name)
    count = _count(volume.body) if volume.ok else None
    rows: list[PageInAccount] = []
    if breakdown.ok:
        try:
            items = list(client.iter_nested(breakdown.body if isinstance(breakdown.body, dict) else None))
        except GraphError as exc:  # a further page of the breakdown failed: keep what the first page said
            error, items = error or exc, list((breakdown.body or {}).get("data") or [])
        rows = [_page_row(item, account.external_id, name) for item in items if item.get("actor_id")]
    status = info.get("account_status")
    bulk = bool(account.attributes.get(BULK_ATTRIBUTE))
    totals = {kind: _total(result) for kind, result in zip(ObjectKind, counts, strict=True)}
    result = AccountVolume(
        account.external_id,
        name,
        count,
        object_counts(totals, bulk=bulk),
        bulk,
        int(status) if status is not None else None,
        _error_text(error) if error else None,
        error.retry_after_minutes if isinstance(error, RateLimitError) else None,
    )
    if error is not None:
        log.info("ad volume of %s not fully read: %s", account.external_id, type(error).__name__)
    return result, rows, error


def _total(result: BatchResult) -> int | None:
    summary = result.body.get("summary") if result.ok and isinstance(result.body, dict) else None
    total = summary.get("total_count") if isinstance(summary, dict) else None
    return int(total) if isinstance(total, int) else None


def _count(body: Any) -> int | None:
    data = (body or {}).get("data") if isinstance(body, dict) else None
    if not data:
        return 0 if isinstance(data, list) else None
    return int(data[0].get("ads_running_or_in_review_count") or 0)


def _page_row(item: Mapping[str, Any], account_id: str, account_name: str) -> PageInAccount:
    scope = item.get("ad_limit_scope_business")
    activation = item.get("future_limit_activation_date")
    return PageInAccount(
        page_id=str(item["actor_id"]),
        name=str(item.get("actor_name") or item["actor_id"]),
        account_id=account_id,
        account_name=account_name,
        in_account=int(item.get("current_account_ads_running_or_in_review_count") or 0),
        running_or_in_review=int(item.get("ads_running_or_in_review_count") or 0),
        limit=_int_or_none(item.get("limit_on_ads_running_or_in_review")),
        future_limit=_int_or_none(item.get("future_limit_on_ads_running_or_in_review")),
        future_limit_date=_date_or_none(activation),
        scope_business=scope.get("name") if isinstance(scope, dict) else None,
    )


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _date_or_none(value: Any) -> date | None:
    """Graph writes the activation date as ``YYYY-MM-DD`` (possibly with a time); anything else is ignored."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _reading(total: int) -> str:
    return ngettext("Reading {n} ad account from Facebook…", "Reading {n} ad accounts from Facebook…", total).format(
        n=words.number(total)
    )


def _read(done: int, total: int) -> str:
    return ngettext("Read {done} of {total} ad account", "Read {done} of {total} ad accounts", total).format(
        done=words.number(done), total=words.number(total)
    )


def _error_text(error: GraphError) -> str:
    """The row's message: "Throttled by Facebook, retry in N min." for a throttle, else Graph's plain message."""
    if isinstance(error, RateLimitError):
        if error.retry_after_minutes:
            return _("Throttled by Facebook, retry in {minutes} min. The other ad accounts were read.").format(
                minutes=error.retry_after_minutes
            )
        return _("Throttled by Facebook, retry later. The other ad accounts were read.")
    return error.user_message
