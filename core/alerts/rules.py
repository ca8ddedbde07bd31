"""What needs attention, judged one way for the alerts and for Home's cockpit (docs/RULES.md, "Background sync and
alerts").

Each rule takes facts the store holds (the rows the background sync recorded, the assets in retention, a token's
end dates) and returns plain findings. The alerts turn findings into conditions told once per episode
(:mod:`.model`); Home's cockpit turns them into items with words and a link (:mod:`core.cockpit`). Neither
decides again what is near a limit, what ends soon or what is purged soon.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from core.ad_volume import Status, percent, status_of
from core.binding import AssetKind, AssetView
from core.connection import WARN_AHEAD, ends_soon
from core.shared.i18n import N_

TOKEN_WARN_AHEAD = WARN_AHEAD  # 7 days
PAGE_LIMIT_DROP_AHEAD = timedelta(days=14)
PURGE_AHEAD = timedelta(days=3)
READ = ("ok", "partial")  # a sync part's statuses whose detail holds what was read


def part_detail(part: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """A sync part's detail when it was read (fully, or for some assets), else None."""
    if not part or part.get("status") not in READ:
        return None
    return part.get("detail") or {}


def moment(raw: str | None) -> datetime | None:
    """A moment as the sync's detail keeps it (ISO 8601), or None."""
    return datetime.fromisoformat(raw) if raw else None


# --- the Facebook connection --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ending:
    """The token (``what="token"``) or its access to ad data (``"data_access"``) ends at ``at``."""

    what: str
    at: datetime

    def ended(self, now: datetime) -> bool:
        return self.at <= now


def token_endings(expires_at: datetime | None, data_access_expires_at: datetime | None, now: datetime) -> list[Ending]:
    """What of the connection has ended or ends within 7 days (:func:`core.connection.ends_soon`)."""
    return [
        Ending(what, at)
        for what, at in (("token", expires_at), ("data_access", data_access_expires_at))
        if at is not None and ends_soon(at, now, TOKEN_WARN_AHEAD)
    ]


# --- limits ---------------------------------------------------------------------------------------------------


# What a limit reading counts, as the sync records it (English, in the store); shown translated with ``_``.
LIMIT_WHATS = (
    N_("non-archived ads"),
    N_("non-archived ad sets"),
    N_("non-archived campaigns"),
    N_("ads running or in review"),
)
# The objects an ad account's reading counts ("non-archived ads" → "ads"), shown translated with ``_``.
LIMIT_OBJECTS = {
    "non-archived ads": N_("ads"),
    "non-archived ad sets": N_("ad sets"),
    "non-archived campaigns": N_("campaigns"),
}


@dataclass(frozen=True)
class LimitReading:
    """One count against its limit, as the sync records it: ``[kind, id, name, what, count, limit]``."""

    kind: str  # "ad_account" or "page"
    asset_id: str
    name: str
    what: str  # "non-archived ads", "ads running or in review" …
    count: int | None
    limit: int | None

    @classmethod
    def of(cls, row: Sequence[Any]) -> LimitReading:
        kind, asset_id, name, what, count, limit = row
        return cls(str(kind), str(asset_id), str(name), str(what), count, limit)

    @property
    def status(self) -> Status:
        return status_of(self.count, self.limit)

    @property
    def percent(self) -> int | None:
        return percent(self.count, self.limit)

    @property
    def at_limit(self) -> bool:
        return self.status is Status.AT

    @property
    def is_page(self) -> bool:
        return self.kind == str(AssetKind.PAGE)


def limits_reached(readings: Iterable[LimitReading]) -> list[LimitReading]:
    """Readings at 80 % of their limit or more (:func:`core.ad_volume.status_of`), in the order given."""
    return [r for r in readings if r.status in (Status.NEAR, Status.AT)]


@dataclass(frozen=True)
class PageLimitDrop:
    """Facebook announced a lower limit for a Page, from ``on``."""

    page_id: str
    name: str
    count: int  # ads running or in review today
    limit: int | None
    future_limit: int
    on: date

    def soon(self, today: date) -> bool:
        """Within :data:`PAGE_LIMIT_DROP_AHEAD` (14 days): the alerts tell it then."""
        return self.on <= today + PAGE_LIMIT_DROP_AHEAD

    @property
    def future_status(self) -> Status:
        """How today's ads would fare against the new limit."""
        return status_of(self.count, self.future_limit)


def page_limit_drops(rows: Iterable[Sequence[Any]], today: date) -> list[PageLimitDrop]:
    """Every announced limit lower than today's (or with today's unknown), taking effect today or later, from the
    sync's ``[page id, name, count, limit, future limit, date]`` rows."""
    out = []
    for page_id, name, count, limit, future_limit, future_date in rows:
        on = date.fromisoformat(future_date) if future_date else None
        if on is None or future_limit is None or (limit is not None and future_limit >= limit) or on < today:
            continue
        out.append(PageLimitDrop(str(page_id), str(name), int(count or 0), limit, int(future_limit), on))
    return out


# --- ad accounts, retention -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotDelivering:
    account_id: str
    name: str
    why: str  # the account's problems in words ("account is disabled; no payment method …")


def not_delivering(rows: Iterable[Sequence[Any]]) -> list[NotDelivering]:
    """Ad accounts Facebook says cannot deliver ads, from the sync's ``[id, name, can deliver, why]`` rows."""
    return [
        NotDelivering(str(account_id), str(name), str(why or ""))
        for account_id, name, can_deliver, why in rows
        if can_deliver is False
    ]


def purging_soon(retained: Iterable[AssetView], now: datetime) -> list[AssetView]:
    """Disconnected assets whose history is deleted for good within :data:`PURGE_AHEAD` (3 days)."""
    return [v for v in retained if v.purge_at is not None and now < v.purge_at <= now + PURGE_AHEAD]
