"""The parts of a store's sync, each reading Facebook through the existing capabilities and saying how it went.

Each returns a :class:`PartResult` whose ``detail`` holds what the alerts judge (names, counts, dates; never a
token). A Graph or product error fails its own part only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from core.ad_accounts import business_ad_accounts
from core.ad_volume import VolumeReport, sync_ad_volume
from core.assets import AccountReading, LiveFacts, ad_account_health, read_live_facts, record_account_snapshots
from core.binding import AssetKind, AssetView, bound_asset_list
from core.config import REQUIRED_SCOPES
from core.connection import identify, token_health
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph import GraphClient, GraphError
from core.shared import SYSTEM, Clock, words
from core.shared.i18n import N_
from core.sync.model import PartResult, PartStatus

ADS_RUNNING = N_("ads running or in review")  # kept in English in the sync's detail, translated where shown


def token_part(client: GraphClient, token: str, app_token: str | None, now: datetime) -> PartResult:
    """Who the token is and what Facebook says of it: valid, when it and its data access end, scopes."""
    identity = identify(client, token, app_token)
    health = token_health(identity.token, REQUIRED_SCOPES, now)
    detail = {
        "user_name": identity.user_name,
        "valid": health.valid,
        "expires_at": health.expires_at.isoformat() if health.expires_at else None,
        "data_access_expires_at": health.data_access_expires_at.isoformat() if health.data_access_expires_at else None,
        "missing_scopes": list(health.missing_scopes),
        "problems": list(health.problems),
    }
    return PartResult(
        PartStatus.OK if health.valid else PartStatus.FAILED,
        "" if health.valid else words.sentences(health.problems),
        {},
        detail,
    )


def ad_volume_part(store_id: int, uow: SqlAlchemyUnitOfWork, client: GraphClient, clock: Clock) -> PartResult:
    report = sync_ad_volume(store_id, uow, actor=SYSTEM, clock=clock, client=client)
    problems = {a.account_id: a.error or "" for a in report.failed}
    detail = {
        "accounts": len(report.accounts),
        "recorded": report.recorded,
        "limits": limit_readings(report),
        "future_limits": [
            [
                p.page_id,
                p.name,
                p.running_or_in_review,
                p.limit,
                p.future_limit,
                p.future_limit_date.isoformat() if p.future_limit_date else None,
            ]
            for p in report.pages
            if p.future_limit is not None
        ],
    }
    return PartResult(PartStatus.PARTIAL if problems else PartStatus.OK, "", problems, detail)


def limit_readings(report: VolumeReport) -> list[list[Any]]:
    """[kind, id, name, what, count, limit] for every limit the report measured: each ad account's non-archived
    ads, ad sets and campaigns against its limits (regular or bulk), then each Page's ads running or in review."""
    rows: list[list[Any]] = [
        [str(AssetKind.AD_ACCOUNT), a.account_id, a.name, f"non-archived {o.words}", o.count, o.limit]
        for a in report.accounts
        for o in a.objects
        if o.count is not None
    ]
    rows += [
        [str(AssetKind.PAGE), p.page_id, p.name, ADS_RUNNING, p.running_or_in_review, p.limit] for p in report.pages
    ]
    return rows


def account_health_part(store_id: int, uow: SqlAlchemyUnitOfWork, client: GraphClient, clock: Clock) -> PartResult:
    """Status, disable reason and funding of every bound ad account, kept as account snapshots."""
    accounts = bound_asset_list(store_id, uow, [AssetKind.AD_ACCOUNT])
    if not accounts:
        return PartResult(PartStatus.SKIPPED, "", {}, {"accounts": []})
    facts = read_live_facts(client, [a.external_id for a in accounts], [])
    now = clock()
    readings = [_reading(a, facts, now) for a in accounts if a.external_id in facts.fields]
    record_account_snapshots(store_id, readings, uow, clock=lambda: now)
    rows = []
    for account in accounts:
        if account.external_id in facts.fields:
            health = ad_account_health(account, None, facts, now)
            rows.append([account.external_id, account.name, health.can_deliver, "; ".join(health.problems)])
    status = PartStatus.PARTIAL if facts.problems else PartStatus.OK
    return PartResult(status, "", dict(facts.problems), {"accounts": rows})


def _reading(account: AssetView, facts: LiveFacts, now: datetime) -> AccountReading:
    live = facts.fields[account.external_id]
    health = ad_account_health(account, None, facts, now)
    return AccountReading(
        account.external_id,
        account_status=_int(live.get("account_status")),
        disable_reason=_int(live.get("disable_reason")),
        can_deliver=health.can_deliver,
        details={"funding": health.funding},
    )


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def claims_part(
    store_id: int, uow: SqlAlchemyUnitOfWork, client: GraphClient, previous: Sequence[Sequence[str]] | None
) -> PartResult:
    """Pending claims of every bound Business Manager; a claim pending last time and owned now was accepted."""
    businesses = bound_asset_list(store_id, uow, [AssetKind.BUSINESS])
    pending: list[list[str]] = []
    owned: dict[tuple[str, str], str] = {}
    problems: dict[str, str] = {}
    for business in businesses:
        try:
            rows = business_ad_accounts(client, business.external_id, business.name)
        except GraphError as exc:
            problems[business.external_id] = exc.user_message
            continue
        for row in rows:
            if row.pending:
                pending.append([business.external_id, business.name, row.id, row.name])
            elif row.owned:
                owned[(business.external_id, row.id)] = row.name
    accepted = [
        [bm, bm_name, account, owned[(bm, account)]]
        for bm, bm_name, account, _ in previous or []
        if (bm, account) in owned and bm not in problems
    ]
    pending += [list(p) for p in previous or [] if p[0] in problems]  # unread this time: still pending as far as known
    if problems and len(problems) == len(businesses):
        return PartResult(PartStatus.FAILED, next(iter(problems.values())), problems, {})
    status = PartStatus.PARTIAL if problems else PartStatus.OK
    return PartResult(status, "", problems, {"pending": pending, "accepted": accepted})
