"""The cockpit's objects: an item that needs doing (how soon, what, why, what to do, the page that fixes it), a
source that could not be read, what the store holds and what Facebook said of the connection; and the order
Home lists items in. The items themselves are found and worded by :mod:`.items`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

from core.activity import AuditRecord
from core.ad_volume import AdVolumePoint
from core.binding import AssetKind, AssetView, PlanUsage
from core.connection import TokenHealth
from core.shared import words
from core.shared.i18n import N_, _
from core.sync import PartReading


class Severity(IntEnum):
    """How soon an item needs doing; the lowest first."""

    NOW = 0
    SOON = 1
    NOTE = 2

    @property
    def label(self) -> str:
        return _(_SEVERITY_LABELS[self])


_SEVERITY_LABELS = {Severity.NOW: N_("Act now"), Severity.SOON: N_("Soon"), Severity.NOTE: N_("Good to know")}


class Place(StrEnum):
    """The page where an item is fixed."""

    CONNECT = "connect"
    ASSETS = "assets"
    AD_VOLUME = "ad_volume"
    AD_ACCOUNTS = "ad_accounts"
    PERMISSIONS = "permissions"
    SETTINGS = "settings"


class Topic(StrEnum):
    """What an item is about, in the order Home lists items of the same severity."""

    FIRST_VISIT = "first_visit"
    CONNECTION = "connection"
    DELIVERY = "delivery"
    LIMIT = "limit"
    PAGE_LIMIT_DROP = "page_limit_drop"
    PURGE = "purge"
    PERMISSIONS = "permissions"
    CLAIM = "claim"
    PLAN = "plan"


_TOPIC_ORDER = {topic: position for position, topic in enumerate(Topic)}


@dataclass(frozen=True)
class Item:
    """One thing that needs doing: what (naming the asset), why it matters, what to do, and the page for it."""

    topic: Topic
    severity: Severity
    what: str
    why: str
    todo: str
    place: Place
    asset_id: str = ""  # Facebook's (or Google's) ID, secondary to the name in ``what``
    seen: str = ""  # when the fact was read or happened, e.g. "Read 4 minutes ago (Nov 26, 2026, 14:05)"
    rank: float = 0.0  # order within the topic: lower first


@dataclass(frozen=True)
class Unread:
    """A source that could not be read (or not completely): Home then never says that nothing needs attention."""

    what: str  # "Ad volume and limits"
    why: str  # a sentence: "The background sync has not read it yet."
    todo: str
    place: Place | None = None


@dataclass(frozen=True)
class Connection:
    """What Home learnt of the store's Facebook connection (a live read, kept a minute)."""

    connected: bool = True  # the store has a token at all
    health: TokenHealth | None = None  # what ``debug_token`` said
    read_at: datetime | None = None
    lost: str = ""  # Facebook refused the token: why, in words
    unread: str = ""  # Facebook could not be asked: why, in words


@dataclass(frozen=True)
class StoreFacts:
    """What the store holds for the cockpit (read by :func:`core.cockpit.queries.store_facts`)."""

    usage: PlanUsage
    bound: tuple[AssetView, ...] = ()
    retained: tuple[AssetView, ...] = ()  # disconnected, history kept until its purge date
    parts: tuple[PartReading, ...] = ()  # the background sync's recent results, newest first
    page_readings: tuple[AdVolumePoint, ...] = ()  # each bound Page's newest ad-volume snapshot
    permission_log: tuple[AuditRecord, ...] = ()  # permission changes sent to Facebook (done or failed), newest first

    @property
    def facebook_bound(self) -> bool:
        return any(a.kind is not AssetKind.GOOGLE_ADS for a in self.bound)

    def bound_of(self, kind: AssetKind) -> dict[str, AssetView]:
        return {a.external_id: a for a in self.bound if a.kind is kind}


@dataclass(frozen=True)
class Cockpit:
    items: tuple[Item, ...]
    unread: tuple[Unread, ...]
    first_visit: bool

    @property
    def all_clear(self) -> bool:
        """Nothing to do, and every source was read."""
        return not self.items and not self.unread


def ordered(items: Iterable[Item]) -> tuple[Item, ...]:
    """Act now first, then soon, then good to know; within each, by topic, then the topic's own order."""
    return tuple(sorted(items, key=lambda i: (i.severity, _TOPIC_ORDER[i.topic], i.rank, i.what)))


def merged(unread: Iterable[Unread]) -> tuple[Unread, ...]:
    """Sources unread for the same reason, said once: "Ad volume and limits, ad account health and pending claims"."""
    groups: dict[tuple[str, str, Place | None], list[str]] = {}
    for source in unread:
        groups.setdefault((source.why, source.todo, source.place), []).append(source.what)
    return tuple(
        Unread(words.listing([whats[0], *(w[:1].lower() + w[1:] for w in whats[1:])]), why, todo, place)
        for (why, todo, place), whats in groups.items()
    )
