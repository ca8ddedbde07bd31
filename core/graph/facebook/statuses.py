"""Ad account and ad statuses, and Facebook's rule for "running or in review" (Marketing API, "Ads volume")."""

from __future__ import annotations

from datetime import datetime

from core.graph.facebook.limits import ObjectKind

ACTIVE_ACCOUNT_STATUS = 1
# Account statuses under which ads can be "running or in review": active, pending settlement, grace period.
DELIVERING_ACCOUNT_STATUSES = frozenset({1, 8, 9})
# Statuses that put a Business Manager "in bad standing or in review" (blocks creating ad accounts, 3980).
BAD_STANDING_ACCOUNT_STATUSES = frozenset({2, 3, 7})
# effective_status values meaning "pending review" (9) and "pending processing" (17). The SDK spells the
# latter IN_PROCESS; PENDING_PROCESSING is accepted too.
PENDING_EFFECTIVE_STATUSES = frozenset({"PENDING_REVIEW", "IN_PROCESS", "PENDING_PROCESSING"})
# Each edge's ``effective_status`` enum (Marketing API reference: Ad, Ad Set and Campaign "effective_status"; the
# official SDK's Ad.EffectiveStatus, AdSet.EffectiveStatus, Campaign.EffectiveStatus). Graph refuses (100) a value
# the edge does not have, so each edge is filtered with its own.
EFFECTIVE_STATUSES: dict[ObjectKind, tuple[str, ...]] = {
    ObjectKind.ADS: (
        "ACTIVE",
        "PAUSED",
        "DELETED",
        "PENDING_REVIEW",
        "DISAPPROVED",
        "PREAPPROVED",
        "PENDING_BILLING_INFO",
        "CAMPAIGN_PAUSED",
        "ARCHIVED",
        "ADSET_PAUSED",
        "IN_PROCESS",
        "WITH_ISSUES",
    ),
    ObjectKind.ADSETS: ("ACTIVE", "PAUSED", "DELETED", "CAMPAIGN_PAUSED", "ARCHIVED", "IN_PROCESS", "WITH_ISSUES"),
    ObjectKind.CAMPAIGNS: ("ACTIVE", "PAUSED", "DELETED", "ARCHIVED", "IN_PROCESS", "WITH_ISSUES"),
}
ARCHIVED_OR_DELETED = frozenset({"ARCHIVED", "DELETED"})
# What Facebook's object limits count ("non-archived, non-deleted"), per edge: the ``effective_status`` filter of
# the ads / adsets / campaigns edges.
NON_ARCHIVED_STATUSES: dict[ObjectKind, tuple[str, ...]] = {
    kind: tuple(s for s in statuses if s not in ARCHIVED_OR_DELETED) for kind, statuses in EFFECTIVE_STATUSES.items()
}
# Every non-archived, non-deleted status of any edge (the ads edge has them all).
NON_ARCHIVED_EFFECTIVE_STATUSES: tuple[str, ...] = NON_ARCHIVED_STATUSES[ObjectKind.ADS]


def is_running_or_in_review(
    *,
    account_status: int,
    configured_status: str,
    effective_status: str,
    start_time: datetime | None,
    end_time: datetime | None,
    now: datetime,
    day_parting: bool = False,
) -> bool:
    """Whether an ad counts against the "running or in review" limits (docs/RULES.md, "Ads running or in review").

    The ad set's schedule must include now: started (``start_time <= now``) and not ended (no ``end_time``, or
    ``now < end_time``). Day-parting does not matter: a day-parted ad set counts the whole day, so ``day_parting``
    never changes the answer; it is a parameter to say so explicitly.
    """
    del day_parting  # the whole day counts
    if account_status not in DELIVERING_ACCOUNT_STATUSES:
        return False
    active = effective_status == "ACTIVE" or (
        configured_status == "ACTIVE" and effective_status in PENDING_EFFECTIVE_STATUSES
    )
    if not active:
        return False
    if start_time is not None and start_time > now:
        return False
    return end_time is None or now < end_time
