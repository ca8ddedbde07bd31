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
from core.shared.i18n import N_, _

# The rows' keys, in English; a header a person reads is each one translated where shown (``_(column)``): the
# page's table (:func:`headers`) and the CSV's header row.
CURRENT_COLUMNS = (
    N_("Kind"),
    N_("Name"),
    N_("ID"),
    N_("Ad account"),
    N_("Running or in review"),
    N_("Ads (non-archived)"),
    N_("Ad sets (non-archived)"),
    N_("Campaigns (non-archived)"),
    N_("Limit"),
    N_("Limit used (%)"),
    N_("Status"),
    N_("Future limit"),
    N_("Future limit from"),
    N_("What to do"),
)
HISTORY_COLUMNS = (
    N_("Taken at"),
    N_("Kind"),
    N_("Name"),
    N_("ID"),
    N_("Running or in review"),
    N_("Limit"),
    N_("Limit used (%)"),
    N_("Status"),
)


def headers(columns: Sequence[str]) -> dict[str, str]:
    """Each column's header in the viewer's language (for ``DataFrame.rename``)."""
    return {column: _(column) for column in columns}


def current_table(report: VolumeReport) -> list[dict[str, Any]]:
    """The current readings as rows: ad accounts (their limit, % and status are those of their fullest object
    count), then Pages (each Page once, with the accounts it runs in)."""
    rows: list[dict[str, Any]] = []
    for a in report.accounts:
        counts = {o.kind: o.count for o in a.objects}
        rows.append(
            {
                "Kind": _("Ad account (bulk)") if a.bulk else _("Ad account"),
                "Name": a.name,
                "ID": a.account_id,
                "Ad account": a.account_id,
                "Running or in review": a.running_or_in_review,
                "Ads (non-archived)": counts.get(ObjectKind.ADS),
                "Ad sets (non-archived)": counts.get(ObjectKind.ADSETS),
                "Campaigns (non-archived)": counts.get(ObjectKind.CAMPAIGNS),
                "Limit": a.reading()[1],
                "Limit used (%)": a.percent,
                "Status": _("Not read") if a.error else f"{a.status.symbol} {a.status.label}",
                "Future limit": None,
                "Future limit from": None,
                "What to do": a.advice,
            }
        )
    for p in report.pages:
        rows.append(
            {
                "Kind": _("Page"),
                "Name": p.name,
                "ID": p.page_id,
                "Ad account": p.breakdown_words,
                "Running or in review": p.running_or_in_review,
                "Limit": p.limit,
                "Limit used (%)": p.percent,
                "Status": f"{p.status.symbol} {p.status.label}",
                "Future limit": p.future_limit,
                "Future limit from": words.day(p.future_limit_date) if p.future_limit_date else None,
                "What to do": p.advice,
            }
        )
    for page_id, name in report.quiet_pages:
        rows.append(
            {
                "Kind": _("Page"),
                "Name": name,
                "ID": page_id,
                "Ad account": _("none: no ad running or in review in this store's ad accounts"),
                "Status": _("Not reported"),
                "What to do": _("Facebook reports a Page's count and limit with its ads only: nothing to do."),
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
                "Kind": _("Ad account") if point.kind == AssetKind.AD_ACCOUNT else _("Page"),
                "Name": point.name,
                "ID": point.external_id,
                "Running or in review": point.running_or_in_review,
                "Limit": point.limit,
                "Limit used (%)": percent(point.running_or_in_review, point.limit),
                "Status": f"{status.symbol} {status.label}",
            }
        )
    return rows


def to_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """RFC 4180 CSV with a header row (the columns in the viewer's language); empty cells for missing values."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n", extrasaction="ignore")
    writer.writerow(headers(columns))
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
    return buffer.getvalue()
