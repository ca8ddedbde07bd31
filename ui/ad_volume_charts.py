"""Plotly figures for the Ad volume page: bars against limit lines, Pages across ad accounts, history over time.

Every figure shows the status in words and marks (✓ OK, ⚠ Near limit, ⛔ At limit) besides its colour, and
carries the numbers (count, limit) in ``customdata`` so tests and hover text read the real values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import plotly.graph_objects as go

from core.ad_volume import NEAR_SHARE, OBJECT_WORDS, AccountVolume, AdVolumePoint, PageVolume, Status, status_of
from core.graph.facebook import ObjectKind
from core.shared import words
from core.shared.i18n import _

STATUS_COLOURS: dict[Status, str] = {
    Status.OK: "#2e7d32",
    Status.NEAR: "#ef6c00",
    Status.AT: "#c62828",
    Status.UNKNOWN: "#757575",
}
# A snapshot's marker shape in the history follows its status too (colour is never the only sign).
STATUS_MARKERS: dict[Status, str] = {
    Status.OK: "circle",
    Status.NEAR: "triangle-up",
    Status.AT: "square",
    Status.UNKNOWN: "circle-open",
}
# Each ad account's share of a Page's bar gets its own pattern, so the bar's colour stays the Page's status.
ACCOUNT_PATTERNS = ("", "/", ".", "x", "-", "|", "+", "\\")
NEAR_PERCENT = round(NEAR_SHARE * 100)


# Each object kind's bars get their own pattern, so a bar's colour stays its status.
KIND_PATTERNS: dict[ObjectKind, str] = {ObjectKind.ADS: "", ObjectKind.ADSETS: "/", ObjectKind.CAMPAIGNS: "."}


def status_text(status: Status) -> str:
    return f"{status.symbol} {status.label}"


def _limit_lines(fig: go.Figure) -> None:
    fig.add_hline(
        y=NEAR_PERCENT,
        line={"dash": "dash", "color": STATUS_COLOURS[Status.NEAR]},
        annotation_text=_("{percent}: near limit").format(percent=words.percent(NEAR_PERCENT)),
        annotation_position="top right",
    )
    fig.add_hline(
        y=100,
        line={"color": STATUS_COLOURS[Status.AT], "width": 2},
        annotation_text=_("100 %: limit"),
        annotation_position="top right",
    )


def account_label(account: AccountVolume) -> str:
    if account.bulk:
        return _("{name} ({id}) · bulk").format(name=account.name, id=account.account_id)
    return f"{account.name} ({account.account_id})"


def accounts_figure(accounts: Sequence[AccountVolume]) -> go.Figure:
    """Per ad account read, its non-archived ads, ad sets and campaigns, each as a share of the account's own limit
    for that kind (regular 6,000; bulk 50,000 ads, 10,000 ad sets and campaigns); an account that could not be
    read is marked "Not read" in its place."""
    read = [a for a in accounts if a.fullest is not None]
    fig = go.Figure()
    for kind in ObjectKind:
        objects = _(OBJECT_WORDS[kind])
        rows = [(a, a.count_of(kind)) for a in read]
        shown = [(a, o) for a, o in rows if o is not None and o.count is not None]
        fig.add_bar(
            name=_("Non-archived {objects}").format(objects=objects),
            x=[account_label(a) for a, _o in shown],
            y=[100 * (o.count or 0) / o.limit for _a, o in shown],
            marker={
                "color": [STATUS_COLOURS[o.status] for _a, o in shown],
                "pattern": {"shape": KIND_PATTERNS[kind]},
            },
            text=[
                f"{objects}<br>{status_text(o.status)}<br>{words.number(o.count or 0)} / {words.number(o.limit)}"
                for _a, o in shown
            ],
            textposition="outside",
            customdata=[[o.count, o.limit, o.status.label, a.account_id, str(kind)] for a, o in shown],
            hovertemplate=_("{x}<br>{count} of {limit} {objects} ({percent})<br>{status}").format(
                x="%{x}",
                count="%{customdata[0]:,}",
                limit="%{customdata[1]:,}",
                objects=objects,
                percent="%{y:.1f}%",
                status="%{customdata[2]}",
            )
            + "<extra></extra>",
        )
    unread = [a for a in accounts if a.fullest is None]
    if unread:  # never silently left out: named on the axis, with the reason in the hover text
        fig.add_scatter(
            name=_("Not read"),
            x=[account_label(a) for a in unread],
            y=[0] * len(unread),
            mode="markers+text",
            marker={"symbol": "x", "size": 12, "color": STATUS_COLOURS[Status.UNKNOWN]},
            text=["✗ " + _("Not read")] * len(unread),
            textposition="top center",
            customdata=[[a.error or "", a.account_id] for a in unread],
            hovertemplate="%{x}<br>%{customdata[0]}<extra></extra>",
        )
    _limit_lines(fig)
    fig.update_layout(
        title=_("Ad accounts: non-archived ads, ad sets and campaigns against the account's limits"),
        barmode="group",
        yaxis={"title": _("Share of the account's limit (%)"), "range": [0, _top(fig)]},
        legend={"title": _("Counted (pattern)"), "orientation": "h", "y": -0.2},
        margin={"t": 60},
    )
    return fig


def pages_figure(pages: Sequence[PageVolume]) -> go.Figure:
    """Per Page, across the store's ad accounts: one stacked share per account against the Page's limit, and the
    Page's future limit where Facebook announced one."""
    shown = [p for p in pages if p.limit]
    accounts: dict[str, str] = {}
    for page in shown:
        for account_id, account_name, _n in page.by_account:
            accounts.setdefault(account_id, account_name)
    fig = go.Figure()
    x = [p.name for p in shown]
    for i, (account_id, account_name) in enumerate(accounts.items()):
        counts = [dict((a, n) for a, _name, n in p.by_account).get(account_id, 0) for p in shown]
        fig.add_bar(
            name=f"{account_name} ({account_id})",
            x=x,
            y=[100 * n / (p.limit or 1) for n, p in zip(counts, shown, strict=True)],
            marker={
                "color": [STATUS_COLOURS[p.status] for p in shown],
                "pattern": {"shape": ACCOUNT_PATTERNS[i % len(ACCOUNT_PATTERNS)]},
            },
            customdata=[[n, p.limit, account_id] for n, p in zip(counts, shown, strict=True)],
            hovertemplate=_("{x}<br>{account}: {count} ads of the Page's limit {limit}").format(
                x="%{x}", account=account_name, count="%{customdata[0]:,}", limit="%{customdata[1]:,}"
            )
            + "<extra></extra>",
        )
    fig.add_scatter(
        name=_("Page total"),
        x=x,
        y=[100 * p.running_or_in_review / (p.limit or 1) for p in shown],
        mode="text",
        text=[
            f"{status_text(p.status)}<br>{words.number(p.running_or_in_review)} / {words.number(p.limit or 0)}"
            for p in shown
        ],
        textposition="top center",
        customdata=[[p.running_or_in_review, p.limit, p.status.label, p.page_id] for p in shown],
        hoverinfo="skip",
        showlegend=False,
    )
    future = [p for p in shown if p.future_limit and p.future_limit_date]
    if future:
        fig.add_scatter(
            name=_("Future limit"),
            x=[p.name for p in future],
            y=[100 * (p.future_limit or 0) / (p.limit or 1) for p in future],
            mode="markers+text",
            marker={"symbol": "line-ew-open", "size": 40, "color": "#37474f", "line": {"width": 3, "color": "#37474f"}},
            text=[
                _("Limit {limit} from {day}").format(limit=words.number(p.future_limit or 0), day=p.future_limit_date)
                for p in future
            ],
            textposition="top center",
            customdata=[[p.future_limit, words.day(p.future_limit_date, missing=""), p.page_id] for p in future],
            hovertemplate=_("{x}: limit becomes {limit} on {day}").format(
                x="%{x}", limit="%{customdata[0]:,}", day="%{customdata[1]}"
            )
            + "<extra></extra>",
        )
    _limit_lines(fig)
    fig.update_layout(
        title=_("Pages across your ad accounts: ads running or in review against the Page's limit"),
        barmode="stack",
        yaxis={"title": _("Share of the Page's limit (%)"), "range": [0, _top(fig)]},
        legend={"title": _("Ad account (pattern)"), "orientation": "h", "y": -0.2},
        margin={"t": 60},
    )
    return fig


def history_figure(points: Sequence[AdVolumePoint]) -> go.Figure:
    """One asset over time: its ads running or in review, its limit and the 80 % line, each snapshot marked with
    its status."""
    points = sorted(points, key=lambda p: p.taken_at)
    times = [p.taken_at for p in points]
    statuses = [status_of(p.running_or_in_review, p.limit) for p in points]
    fig = go.Figure()
    fig.add_scatter(
        name=_("Ads running or in review"),
        x=times,
        y=[p.running_or_in_review for p in points],
        mode="lines+markers+text",
        marker={
            "color": [STATUS_COLOURS[s] for s in statuses],
            "symbol": [STATUS_MARKERS[s] for s in statuses],
            "size": 10,
        },
        text=[s.symbol for s in statuses],  # the status as a mark above each snapshot, not by colour alone
        textposition="top center",
        line={"color": "#455a64"},
        customdata=[[s.label, p.limit] for s, p in zip(statuses, points, strict=True)],
        hovertemplate=_("{x}<br>{count} ads of {limit}<br>{status}").format(
            x="%{x}", count="%{y:,}", limit="%{customdata[1]:,}", status="%{customdata[0]}"
        )
        + "<extra></extra>",
    )
    if any(p.limit for p in points):
        fig.add_scatter(
            name=_("Limit"),
            x=times,
            y=[p.limit for p in points],
            mode="lines+markers",
            marker={"symbol": "line-ew", "size": 14, "line": {"width": 2, "color": STATUS_COLOURS[Status.AT]}},
            line={"color": STATUS_COLOURS[Status.AT], "width": 2},
        )
        fig.add_scatter(
            name=_("{percent} of limit").format(percent=words.percent(NEAR_PERCENT)),
            x=times,
            y=[NEAR_SHARE * p.limit if p.limit else None for p in points],
            mode="lines+markers",
            marker={"symbol": "line-ew", "size": 14, "line": {"width": 2, "color": STATUS_COLOURS[Status.NEAR]}},
            line={"color": STATUS_COLOURS[Status.NEAR], "dash": "dash"},
        )
    title = points[0].name if points else ""
    if times and min(times) == max(times):  # one snapshot: give it a readable hour on each side
        fig.update_xaxes(range=[times[0] - timedelta(hours=1), times[0] + timedelta(hours=1)])
    fig.update_layout(
        title=_("{name}: ads running or in review over time").format(name=title),
        yaxis={"title": _("Ads running or in review"), "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.2},
        margin={"t": 60},
    )
    return fig


def _top(fig: go.Figure) -> float:
    """Room above the tallest bar and the 100 % line for the status labels."""
    heights = [100.0]
    for trace in fig.data:
        if trace.type == "bar" and fig.layout.barmode != "stack":  # a grouped bar stands on its own
            heights.extend(trace.y or ())
        elif trace.type == "scatter":
            heights.extend(y for y in trace.y or () if y is not None)
    return max(heights) * 1.25
