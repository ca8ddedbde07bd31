"""The Ad volume page's tables and their CSV: the current readings (accounts with their counts and limits, then
Pages) and the history, in the marketer's words."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from core.ad_volume.history import AdVolumePoint
from core.ad_volume.model import VolumeReport, percent, status_of
from core.binding.model import AssetKind
from core.graph.facebook import ObjectKind
from core.shared import words

CURRENT_COLUMNS = (
    "Kind",
    "Name",
    "ID",
    "Ad account",
    "Running or in review",
    "Ads (non-archived)",
    "Ad sets (non-archived)",
    "Campaigns (non-archived)",
    "Limit",
    "% of limit",
    "Status",
    "Future limit",
    "Future limit from",
    "What to do",
)
HISTORY_COLUMNS = ("Taken at", "Kind", "Name", "ID", "Running or in review", "Limit", "% of limit", "Status")


def current_table(report: VolumeReport) -> list[dict[str, Any]]:
    """The current readings as rows: ad accounts (their limit, % and status are those of their fullest object
    count), then Pages (each Page once, with the accounts it runs in)."""
    rows: list[dict[str, Any]] = []
    for a in report.accounts:
        counts = {o.kind: o.count for o in a.objects}
        rows.append(
            {
                "Kind": "Ad account" + (" (bulk)" if a.bulk else ""),
                "Name": a.name,
                "ID": a.account_id,
                "Ad account": a.account_id,
                "Running or in review": a.running_or_in_review,
                "Ads (non-archived)": counts.get(ObjectKind.ADS),
                "Ad sets (non-archived)": counts.get(ObjectKind.ADSETS),
                "Campaigns (non-archived)": counts.get(ObjectKind.CAMPAIGNS),
                "Limit": a.reading()[1],
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
                "Ad account": p.breakdown_words,
                "Running or in review": p.running_or_in_review,
                "Limit": p.limit,
                "% of limit": p.percent,
                "Status": f"{p.status.symbol} {p.status.label}",
                "Future limit": p.future_limit,
                "Future limit from": words.day(p.future_limit_date) if p.future_limit_date else None,
                "What to do": p.advice,
            }
        )
    for page_id, name in report.quiet_pages:
        rows.append(
            {
                "Kind": "Page",
                "Name": name,
                "ID": page_id,
                "Ad account": "none: no ad running or in review in this store's ad accounts",
                "Status": "Not reported",
                "What to do": "Facebook reports a Page's count and limit with its ads only: nothing to do.",
            }
        )
    return rows


def history_table(points: Sequence[AdVolumePoint]) -> list[dict[str, Any]]:
    rows = []
    for point in points:
        status = status_of(point.running_or_in_review, point.limit)
        rows.append(
            {
                "Taken at": words.when(point.taken_at),
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
