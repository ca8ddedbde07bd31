"""Ad volume (docs/RULES.md, "Ads running or in review"): ads running or in review per bound ad account and per
Page, against Facebook's limits.

Facebook counts the ads itself (``act_<id>/ads_volume``, per Page with ``show_breakdown_by_actor=true``); this
module reads those numbers for a store's bound ad accounts with batched Graph calls (see
:mod:`.sync`), judges them against the limits (account: regular 6,000 / bulk 50,000; Page: the
limit Graph reports, with any future limit) and says what to do. No Streamlit here.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from core.ad_volume.history import AdVolumePoint
from core.binding.model import AssetKind
from core.graph.facebook import DELIVERING_ACCOUNT_STATUSES, ObjectKind, account_limit

ACCOUNT_LIMIT_REGULAR = account_limit(ObjectKind.ADS, bulk=False)
ACCOUNT_LIMIT_BULK = account_limit(ObjectKind.ADS, bulk=True)
NEAR_SHARE = 0.8  # flag at 80 % of a limit


class Status(StrEnum):
    OK = "ok"
    NEAR = "near"
    AT = "at"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _STATUS_TEXT[self][0]

    @property
    def symbol(self) -> str:
        """A plain-text mark, so a chart or a CSV never shows the status by colour alone."""
        return _STATUS_TEXT[self][1]

    @property
    def icon(self) -> str:
        """Streamlit's material icon for the status."""
        return _STATUS_TEXT[self][2]


_STATUS_TEXT = {
    Status.OK: ("OK", "✓", ":material/check_circle:"),
    Status.NEAR: ("Near limit", "⚠", ":material/warning:"),
    Status.AT: ("At limit", "⛔", ":material/block:"),
    Status.UNKNOWN: ("No limit known", "?", ":material/help:"),
}


def status_of(count: int | None, limit: int | None) -> Status:
    """At 100 % of the limit (or over) → AT; from 80 % → NEAR; below → OK."""
    if count is None or not limit:
        return Status.UNKNOWN
    if count >= limit:
        return Status.AT
    return Status.NEAR if count >= NEAR_SHARE * limit else Status.OK


def percent(count: int | None, limit: int | None) -> int | None:
    """Whole percent of the limit, rounded down (so 99.6 % never reads as 100 %)."""
    if count is None or not limit:
        return None
    return math.floor(100 * count / limit)


# --- readings -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountVolume:
    """One bound ad account's ads running or in review, or why it could not be read."""

    account_id: str  # act_…
    name: str
    running_or_in_review: int | None
    limit: int = ACCOUNT_LIMIT_REGULAR
    account_status: int | None = None
    error: str | None = None  # the marketer's message when this account could not be read
    retry_after_minutes: int | None = None  # throttled: when to try again

    @property
    def bulk(self) -> bool:
        return self.limit == ACCOUNT_LIMIT_BULK

    @property
    def status(self) -> Status:
        return status_of(self.running_or_in_review, self.limit)

    @property
    def percent(self) -> int | None:
        return percent(self.running_or_in_review, self.limit)

    @property
    def advice(self) -> str:
        """What the marketer should do about this account, or "" when nothing."""
        if self.error:
            return self.error
        if self.account_status is not None and self.account_status not in DELIVERING_ACCOUNT_STATUSES:
            return (
                f"This ad account cannot run ads now (account status {self.account_status}), so none of its ads "
                "count. Fix the account in Facebook's Ads Manager before planning new ads."
            )
        kind = "bulk" if self.bulk else "regular"
        count, limit = self.running_or_in_review or 0, self.limit
        bigger = "" if self.bulk else f", or ask Facebook to make it a bulk account ({ACCOUNT_LIMIT_BULK:,} ads)"
        if self.status is Status.AT:
            return (
                f"{self.name} has reached the {limit:,}-ad limit of a {kind} ad account ({count:,} of {limit:,}): "
                f"new ads in it are refused. Archive or delete ads you no longer need{bigger}."
            )
        if self.status is Status.NEAR:
            return (
                f"{self.name} is at {self.percent} % of the {limit:,}-ad limit of a {kind} ad account "
                f"({count:,} of {limit:,}). Archive or delete ads you no longer need{bigger}."
            )
        return ""


@dataclass(frozen=True)
class PageInAccount:
    """One Page's ads in one ad account, as ``show_breakdown_by_actor`` reports it."""

    page_id: str
    name: str
    account_id: str
    account_name: str
    in_account: int  # current_account_ads_running_or_in_review_count
    running_or_in_review: int  # ads_running_or_in_review_count: the Page's total across every ad account
    limit: int | None  # limit_on_ads_running_or_in_review
    future_limit: int | None = None  # future_limit_on_ads_running_or_in_review
    future_limit_date: date | None = None  # future_limit_activation_date
    scope_business: str | None = None  # ad_limit_scope_business: whose limit this is


@dataclass(frozen=True)
class PageVolume:
    """A Page across the store's ad accounts: its total against its limit, and each account's share."""

    page_id: str
    name: str
    running_or_in_review: int
    limit: int | None
    future_limit: int | None = None
    future_limit_date: date | None = None
    scope_business: str | None = None
    by_account: tuple[tuple[str, str, int], ...] = ()  # (account id, account name, ads of this Page in it)

    @property
    def status(self) -> Status:
        return status_of(self.running_or_in_review, self.limit)

    @property
    def percent(self) -> int | None:
        return percent(self.running_or_in_review, self.limit)

    @property
    def future_status(self) -> Status | None:
        """How today's ads would fare against the future limit (None: no future limit)."""
        return status_of(self.running_or_in_review, self.future_limit) if self.future_limit else None

    @property
    def advice(self) -> str:
        count, limit = self.running_or_in_review, self.limit or 0
        parts: list[str] = []
        if self.status is Status.AT:
            parts.append(
                f"{self.name} is at its limit: {count:,} of {limit:,} ads running or in review. New ads for this "
                "Page will not publish, and its running ads can only be paused or archived. Pause or archive "
                f"ads you no longer need, in any ad account that uses this Page, until it is below {limit:,}."
            )
        elif self.status is Status.NEAR:
            parts.append(
                f"{self.name} is at {self.percent} % of its limit ({count:,} of {limit:,} ads running or in "
                f"review). At {limit:,}, new ads for this Page stop publishing. Pause or archive ads you no "
                "longer need, or merge similar ads, before launching more."
            )
        if self.future_limit and self.future_limit_date:
            change = "lowers" if limit and self.future_limit < limit else "changes"
            when = self.future_limit_date.strftime("%d %b %Y")
            parts.append(f"Facebook {change} this Page's limit to {self.future_limit:,} on {when} (now {limit:,}).")
            if self.future_status in (Status.NEAR, Status.AT):
                parts.append(
                    f"With {count:,} ads today it would be {self.future_status.label.lower()}: bring it below "
                    f"{int(NEAR_SHARE * self.future_limit):,} before then."
                )
        return " ".join(parts)


def pages_across_accounts(rows: Iterable[PageInAccount]) -> list[PageVolume]:
    """One :class:`PageVolume` per Page, its accounts' shares in the order read; fullest Page first."""
    grouped: dict[str, list[PageInAccount]] = {}
    for row in rows:
        grouped.setdefault(row.page_id, []).append(row)
    out = []
    for page_id, items in grouped.items():
        first = items[0]
        out.append(
            PageVolume(
                page_id,
                first.name,
                max(i.running_or_in_review for i in items),
                first.limit,
                first.future_limit,
                first.future_limit_date,
                first.scope_business,
                tuple((i.account_id, i.account_name, i.in_account) for i in items),
            )
        )
    return sorted(out, key=lambda p: (-(p.running_or_in_review / p.limit if p.limit else 0), p.name))


@dataclass(frozen=True)
class VolumeReport:
    """The result of one sync: every bound ad account (read or not) and every Page seen in them."""

    taken_at: datetime
    accounts: tuple[AccountVolume, ...]
    page_rows: tuple[PageInAccount, ...] = ()
    recorded: int = 0  # snapshots written to the store's history
    graph_requests: int = 0  # HTTP round trips the sync made (each batch counts one)
    pages: tuple[PageVolume, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pages", tuple(pages_across_accounts(self.page_rows)))

    @property
    def failed(self) -> list[AccountVolume]:
        return [a for a in self.accounts if a.error]

    @property
    def flagged_pages(self) -> list[PageVolume]:
        """Pages at 80 % or more of their limit today, or of their future limit."""
        return [
            p for p in self.pages if p.status in (Status.NEAR, Status.AT) or p.future_status in (Status.NEAR, Status.AT)
        ]


# --- tables and CSV -------------------------------------------------------------------------------------------

CURRENT_COLUMNS = (
    "Kind",
    "Name",
    "ID",
    "Ad account",
    "Running or in review",
    "Limit",
    "% of limit",
    "Status",
    "Future limit",
    "Future limit from",
    "What to do",
)
HISTORY_COLUMNS = ("Taken at (UTC)", "Kind", "Name", "ID", "Running or in review", "Limit", "% of limit", "Status")


def current_table(report: VolumeReport) -> list[dict[str, Any]]:
    """The current readings as rows: ad accounts, then Pages (each Page once, with the accounts it runs in)."""
    rows: list[dict[str, Any]] = []
    for a in report.accounts:
        rows.append(
            {
                "Kind": "Ad account" + (" (bulk)" if a.bulk else ""),
                "Name": a.name,
                "ID": a.account_id,
                "Ad account": a.account_id,
                "Running or in review": a.running_or_in_review,
                "Limit": a.limit,
                "% of limit": a.percent,
                "Status": "Not read" if a.error else f"{a.status.symbol} {a.status.label}",
                "Future limit": None,
                "Future limit from": None,
                "What to do": a.advice,
            }
        )
    for p in report.pages:
        rows.append(
            {
                "Kind": "Page",
                "Name": p.name,
                "ID": p.page_id,
                "Ad account": ", ".join(f"{acc} ({n:,})" for acc, _, n in p.by_account),
                "Running or in review": p.running_or_in_review,
                "Limit": p.limit,
                "% of limit": p.percent,
                "Status": f"{p.status.symbol} {p.status.label}",
                "Future limit": p.future_limit,
                "Future limit from": p.future_limit_date.isoformat() if p.future_limit_date else None,
                "What to do": p.advice,
            }
        )
    return rows


def history_table(points: Sequence[AdVolumePoint]) -> list[dict[str, Any]]:
    rows = []
    for point in points:
        status = status_of(point.running_or_in_review, point.limit)
        rows.append(
            {
                "Taken at (UTC)": point.taken_at.strftime("%Y-%m-%d %H:%M:%S"),
                "Kind": "Ad account" if point.kind == AssetKind.AD_ACCOUNT else "Page",
                "Name": point.name,
                "ID": point.external_id,
                "Running or in review": point.running_or_in_review,
                "Limit": point.limit,
                "% of limit": percent(point.running_or_in_review, point.limit),
                "Status": f"{status.symbol} {status.label}",
            }
        )
    return rows


def to_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """RFC 4180 CSV with a header row; empty cells for missing values."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
    return buffer.getvalue()
