"""Which of the background sync's readings stand for the store as it is bound now, and what could not be read.

For each part (ad volume and limits, ad account health, pending claims) the newest run that read it gives the
facts, each with the moment it was read; a Page's newer ad-volume snapshot (a Refresh on the Ad volume page)
replaces the sync's reading of it. A part never read, whose latest attempt failed, that left assets unread, or
that ran before an asset was connected is named as unread, so Home never says "nothing needs your attention"
on facts it does not have. Facts about assets the store no longer holds are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from core.alerts.rules import (
    LimitReading,
    NotDelivering,
    PageLimitDrop,
    limits_reached,
    not_delivering,
    page_limit_drops,
)
from core.binding import AssetKind, AssetView
from core.cockpit.model import Place, StoreFacts, Unread
from core.shared import words
from core.shared.i18n import N_, _, ngettext
from core.sync import PartReading, SyncPart
from core.sync.parts import ADS_RUNNING

SYNC_NOW = N_("Press Sync now on the Store settings page, or wait for the hourly sync.")
NOT_YET = N_("The background sync has not read it yet.")
# the detail key each part's facts are under (a run resumed after a crash may hold a part without them)
_KEYS = {SyncPart.AD_VOLUME: "limits", SyncPart.ACCOUNTS: "accounts", SyncPart.CLAIMS: "pending"}


@dataclass(frozen=True)
class PendingClaim:
    business_id: str
    business_name: str
    account_id: str
    account_name: str


@dataclass
class Readings:
    """The facts the cockpit judges, each with when it was read, and the sources not (fully) read."""

    limits: list[tuple[LimitReading, datetime]] = field(default_factory=list)
    drops: list[tuple[PageLimitDrop, datetime]] = field(default_factory=list)
    not_delivering: list[tuple[NotDelivering, datetime]] = field(default_factory=list)
    claims: list[tuple[PendingClaim, datetime]] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)


def read(facts: StoreFacts, now: datetime) -> Readings:
    accounts = facts.bound_of(AssetKind.AD_ACCOUNT)
    businesses = facts.bound_of(AssetKind.BUSINESS)
    pages = facts.bound_of(AssetKind.PAGE)
    gone_pages = {a.external_id for a in facts.retained if a.kind is AssetKind.PAGE}
    out = Readings()

    def concerns(reading: LimitReading | PageLimitDrop) -> bool:
        """Still about the store: a bound ad account, a bound Page, or a Page seen through a bound ad account."""
        if isinstance(reading, LimitReading) and not reading.is_page:
            return reading.asset_id in accounts
        page_id = reading.asset_id if isinstance(reading, LimitReading) else reading.page_id
        return page_id in pages or (page_id not in gone_pages and bool(accounts))

    volume = _newest(facts.parts, SyncPart.AD_VOLUME) if accounts else None
    if volume is not None:
        out.limits = [(r, volume.at) for r in map(LimitReading.of, volume.detail.get("limits") or []) if concerns(r)]
        drops = page_limit_drops(volume.detail.get("future_limits") or [], now.date())
        out.drops = [(d, volume.at) for d in drops if concerns(d)]
    out.limits = [(r, at) for r, at in _with_newer_pages(out.limits, facts, volume) if limits_reached([r])]
    if accounts:
        out.unread += _unread(facts.parts, SyncPart.AD_VOLUME, accounts, now)
        health = _newest(facts.parts, SyncPart.ACCOUNTS)
        if health is not None:
            rows = not_delivering(health.detail.get("accounts") or [])
            out.not_delivering = [(a, health.at) for a in rows if a.account_id in accounts]
        out.unread += _unread(facts.parts, SyncPart.ACCOUNTS, accounts, now)
    if businesses:
        claims = _newest(facts.parts, SyncPart.CLAIMS)
        if claims is not None:
            pending = [PendingClaim(*map(str, row)) for row in claims.detail.get("pending") or []]
            out.claims = [(c, claims.at) for c in pending if c.business_id in businesses]
        out.unread += _unread(facts.parts, SyncPart.CLAIMS, businesses, now)
    return out


def _newest(parts: tuple[PartReading, ...], part: SyncPart) -> PartReading | None:
    """The newest result of ``part`` that read its facts."""
    return next((p for p in parts if p.part is part and p.read and _KEYS[part] in p.detail), None)


def _with_newer_pages(
    limits: list[tuple[LimitReading, datetime]], facts: StoreFacts, volume: PartReading | None
) -> list[tuple[LimitReading, datetime]]:
    """A bound Page's ad-volume snapshot taken after the sync's reading replaces it."""
    newer = {p.external_id: p for p in facts.page_readings if volume is None or p.taken_at > volume.at}
    kept = [(r, at) for r, at in limits if not (r.is_page and r.asset_id in newer)]
    kept += [
        (LimitReading(str(AssetKind.PAGE), p.external_id, p.name, ADS_RUNNING, p.running_or_in_review, p.limit),
         p.taken_at)
        for p in newer.values()
    ]  # fmt: skip
    return kept


def _unread(
    parts: tuple[PartReading, ...], part: SyncPart, bound: Mapping[str, AssetView], now: datetime
) -> list[Unread]:
    """Why ``part`` is not completely read for the assets bound now; nothing when it is."""
    latest = next((p for p in parts if p.part is part), None)
    newest = _newest(parts, part)
    reasons = []
    if newest is None:
        error = latest.error if latest is not None and not latest.read else ""
        reasons.append(_("The last sync could not read it: {why}").format(why=_(error)) if error else _(NOT_YET))
    else:
        if latest is not newest and latest is not None and not latest.read:
            reasons.append(
                _("The last sync could not read it: {why} What is shown was read {ago}.").format(
                    why=_(latest.error) if latest.error else _("it did not run."), ago=words.ago(newest.at, now)
                )
            )
        missing = [f"{bound[k].name} ({k}): {why.rstrip('.')}" for k, why in newest.problems.items() if k in bound]
        if missing:
            reasons.append(
                _("The last sync could not read {assets}: {which}.").format(
                    assets=words.count(len(missing), "{n} asset", "{n} assets"), which=words.listing(missing)
                )
            )
        later = [a for a in bound.values() if a.bound_at > newest.at]
        if later:
            named = words.listing([f"{a.name} ({a.external_id})" for a in later])
            reasons.append(
                ngettext(
                    "{names} was connected after the last sync read it.",
                    "{names} were connected after the last sync read it.",
                    len(later),
                ).format(names=named)
            )
    return [Unread(part.label, words.sentences(reasons), _(SYNC_NOW), Place.SETTINGS)] if reasons else []
