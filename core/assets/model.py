"""What the Assets page shows beyond the binding engine: each bound ad account's health in words, the rows that
are searched, filtered and exported as CSV, and what a disconnect in retention brought with it. No Streamlit.

Health comes from Facebook (:mod:`.graph`, one batched read). Where Facebook cannot answer (expired token,
throttled, one item failing) the facts stored when the asset was bound stand in, and the health says so.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.binding import RETENTION, AssetKind, AssetNode, AssetView
from core.graph import GraphError
from core.inventory import ACCOUNT_STATUS, DISABLE_REASON
from core.shared import words
from core.shared.i18n import _

ACTIVE = 1


# --- health in words -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveFacts:
    """What Facebook answered, by ID (``act_…`` or a pixel ID), and why an item could not be read."""

    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)  # why an item was not read, in words
    refusals: dict[str, GraphError] = field(default_factory=dict)  # Facebook's refusal of an item, worded when read

    @property
    def problems(self) -> dict[str, str]:
        """Why each item that was not read was not, in the reader's language (a kept read holds no words)."""
        return {**self.reasons, **{asset_id: error.user_message for asset_id, error in self.refusals.items()}}

    @classmethod
    def unavailable(cls, ids: Iterable[str], reason: str) -> LiveFacts:
        return cls({}, dict.fromkeys(ids, reason))


def health_targets(tree: Sequence[AssetNode]) -> tuple[list[str], list[str]]:
    """The bound ad accounts and pixels whose health the page reads, in tree order."""
    accounts, pixels = [], []
    for node in walk(tree):
        if node.asset.kind is AssetKind.AD_ACCOUNT:
            accounts.append(node.asset.external_id)
        elif node.asset.kind is AssetKind.PIXEL and node.asset.external_id not in pixels:
            pixels.append(node.asset.external_id)
    return accounts, pixels


@dataclass(frozen=True)
class AdAccountHealth:
    status: str  # "active", "disabled", ... (Facebook's account_status in words)
    disable_reason: str  # "" when there is none
    funding: str  # "payment method on file" / "no payment method" / "unknown"
    pixel: str  # "Demo Outdoor Pixel (500…), last fired 1 hour ago (…)" or "no pixel chosen"
    domain_settings: str  # "on" / "off" / "off: cannot be turned on, …" / "no pixel"
    problems: tuple[str, ...]  # why the account cannot deliver ads; empty when it can
    source: str  # "from Facebook", or "as stored when bound on Nov 25, 2026"
    unread_because: str = ""  # why Facebook could not be read for this account (e.g. throttled), if it could not
    from_facebook: bool = False  # read from Facebook now (not the facts stored when the account was bound)

    @property
    def can_deliver(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        if self.can_deliver:
            return _("Can deliver ads")
        return _("Cannot deliver ads: {problems}.").format(problems=_clauses(self.problems))


def _clauses(parts: Sequence[str]) -> str:
    """``a; b; c``: clauses of one sentence, each language's way."""
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = _("{clauses}; {clause}").format(clauses=text, clause=part)
    return text


def _status_words(code: int | None) -> str:
    if code is None:
        return _("unknown")
    if code in ACCOUNT_STATUS:
        return _(ACCOUNT_STATUS[code])
    return _("status {code}").format(code=code)


def _reason_words(code: int | None) -> str:
    if not code:
        return ""
    if code in DISABLE_REASON:
        return _(DISABLE_REASON[code])
    return _("reason {code}").format(code=code)


def _parse_time(raw: Any) -> datetime | None:
    if not raw:
        return None
    try:
        return datetime.strptime(str(raw), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


def _pixel_words(pixel: AssetView | None, facts: LiveFacts, now: datetime) -> str:
    if pixel is None:
        return _("no pixel chosen")
    name = _("{name} ({id})").format(name=pixel.name, id=pixel.external_id)
    if pixel.external_id in facts.problems:
        return _("{pixel}, last fired: unknown ({problem})").format(
            pixel=name, problem=facts.problems[pixel.external_id]
        )
    live = facts.fields.get(pixel.external_id, {})
    if live.get("is_unavailable"):
        return _("{pixel}, unavailable on Facebook").format(pixel=name)
    fired = _parse_time(live.get("last_fired_time"))
    if fired is None:
        return _("{pixel}, has never fired").format(pixel=name)
    return _("{pixel}, last fired {ago} ({when})").format(pixel=name, ago=words.ago(fired, now), when=words.when(fired))


def _domain_settings_words(pixel: AssetView | None) -> str:
    """Whether Domain Settings is on; a refusal is the one stored when the pixel was bound (in the words of
    whoever saved it)."""
    if pixel is None:
        return _("no pixel")
    attrs = pixel.attributes
    refusal = attrs.get("domain_settings_refusal")
    if attrs.get("domain_settings"):
        return (
            _("on")
            if not refusal
            else _("on, but when bound: {refusal} Turn it off in Connect").format(refusal=refusal)
        )
    return _("off") if not refusal else _("off (could not be turned on when bound: {refusal})").format(refusal=refusal)


def ad_account_health(account: AssetView, pixel: AssetView | None, facts: LiveFacts, now: datetime) -> AdAccountHealth:
    """The ad account's health from Facebook's answer, or from what was stored at bind time."""
    stored = account.attributes
    live = facts.fields.get(account.external_id)
    if live is not None:
        status, reason = live.get("account_status"), live.get("disable_reason")
        funded: bool | None = bool(live.get("funding_source"))
        source = _("from Facebook")
    else:
        status, reason = stored.get("account_status"), stored.get("disable_reason")
        funded = stored.get("has_funding_source")
        source = _("as stored when bound on {day}").format(day=words.day(account.bound_at))
    problems = []
    if status is not None and status != ACTIVE:
        problems.append(_("account is {status}").format(status=_status_words(status)))
    if reason:
        problems.append(_("disabled for {reason}").format(reason=_reason_words(reason)))
    if funded is False:
        problems.append(_("no payment method (funding source)"))
    funding = {True: _("payment method on file"), False: _("no payment method")}.get(funded, _("unknown"))  # type: ignore[arg-type]
    return AdAccountHealth(
        status=_status_words(status),
        disable_reason=_reason_words(reason),
        funding=funding,
        pixel=_pixel_words(pixel, facts, now),
        domain_settings=_domain_settings_words(pixel),
        problems=tuple(problems),
        source=source,
        unread_because=facts.problems.get(account.external_id, "") if live is None else "",
        from_facebook=live is not None,
    )


# --- rows: search, filter, CSV ------------------------------------------------------------------------------


def walk(nodes: Sequence[AssetNode]) -> Iterable[AssetNode]:
    for node in nodes:
        yield node
        yield from walk(node.children)


# The CSV's header: column names for spreadsheets and scripts, kept as they are in every language (like the Activity
# CSV's); the values are the words the page shows.
CSV_COLUMNS = (
    "kind",
    "name",
    "id",
    "business_manager",
    "bound_since",
    "status",
    "disable_reason",
    "funding_source",
    "pixel",
    "domain_settings",
    "delivery",
)


@dataclass(frozen=True)
class AssetRow:
    asset: AssetView
    ancestors: tuple[int, ...]  # asset IDs, the root first
    business: str  # the Business Manager it sits under, "" if none
    health: AdAccountHealth | None = None

    @property
    def depth(self) -> int:
        return len(self.ancestors)

    @property
    def needs_attention(self) -> bool:
        return self.health is not None and not self.health.can_deliver

    def record(self) -> dict[str, str]:
        """The row as the CSV has it (columns: ``CSV_COLUMNS``)."""
        h = self.health
        health = (h.status, h.disable_reason, h.funding, h.pixel, h.domain_settings, h.summary) if h else ("",) * 6
        bound = self.asset.bound_at.strftime("%Y-%m-%d %H:%M UTC")
        values = (self.asset.kind.label, self.asset.name, self.asset.external_id, self.business, bound, *health)
        return dict(zip(CSV_COLUMNS, values, strict=True))


def asset_rows(tree: Sequence[AssetNode], facts: LiveFacts, now: datetime) -> list[AssetRow]:
    """Every bound asset once, parents before children, each ad account with its health."""
    out: list[AssetRow] = []

    def visit(node: AssetNode, ancestors: tuple[int, ...], business: str) -> None:
        asset = node.asset
        if asset.kind is AssetKind.BUSINESS:
            business = asset.name
        health = None
        if asset.kind is AssetKind.AD_ACCOUNT:
            pixel = next((c.asset for c in node.children if c.asset.kind is AssetKind.PIXEL), None)
            health = ad_account_health(asset, pixel, facts, now)
        out.append(AssetRow(asset, ancestors, business, health))
        for child in node.children:
            visit(child, (*ancestors, asset.id), business)

    for root in tree:
        visit(root, (), "")
    return out


def matching_rows(
    rows: Sequence[AssetRow],
    query: str = "",
    kinds: Iterable[AssetKind] | None = None,
    *,
    attention_only: bool = False,
) -> list[AssetRow]:
    """Rows whose name, ID, Business Manager or health contains ``query`` (any case), of the chosen kinds."""
    wanted = set(kinds) if kinds is not None else None
    needle = query.strip().casefold()
    out = []
    for row in rows:
        if wanted is not None and row.asset.kind not in wanted:
            continue
        if attention_only and not row.needs_attention:
            continue
        if needle and needle not in " ".join(row.record().values()).casefold():
            continue
        out.append(row)
    return out


def shown_ids(matching: Sequence[AssetRow]) -> set[int]:
    """The matching rows and, as headings, their Facebook account and Business Manager."""
    return {i for row in matching for i in (*row.ancestors, row.asset.id)}


def rows_csv(rows: Sequence[AssetRow]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row.record() for row in rows)
    return out.getvalue()


# --- retention ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetainedGroup:
    """One disconnect in retention: the asset that was disconnected and what its disconnect took with it."""

    root: AssetView
    with_it: tuple[AssetView, ...] = ()


def retained_groups(retained: Sequence[AssetView]) -> list[RetainedGroup]:
    """Group assets in retention under the disconnect that unbound them: a retained asset whose parent was
    unbound at the same moment comes back when that parent is rebound. Soonest purge first."""
    by_id = {v.id: v for v in retained}

    def root_of(view: AssetView) -> AssetView:
        parent = by_id.get(view.parent_id) if view.parent_id is not None else None
        return root_of(parent) if parent is not None and parent.unbound_at == view.unbound_at else view

    groups: dict[int, list[AssetView]] = {}
    for view in retained:
        groups.setdefault(root_of(view).id, []).append(view)
    return [RetainedGroup(by_id[rid], tuple(v for v in views if v.id != rid)) for rid, views in groups.items()]


def restorable_until(now: datetime) -> datetime:
    """The date a disconnect made now can still be undone by a rebind."""
    return now + RETENTION
