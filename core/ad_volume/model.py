"""Ad volume (docs/RULES.md, "Ads running or in review", "Facebook's limits"): two measures, each against the limits
it belongs to.

- **Running or in review** (``act_<id>/ads_volume``, per Page with ``show_breakdown_by_actor=true``): against each
  Page's limit (the one Graph reports, with any future limit).
- **Non-archived, non-deleted ads, ad sets and campaigns** per ad account (Graph's summary counts, effective-status
  filtered): against the account limits, regular (6,000 each) or bulk (50,000 ads, 10,000 ad sets and campaigns).
  No Graph field says an account is bulk: it is regular unless the marketer marked it.

Every reading against a limit computes its status (80 % and 100 %) and percent one way (:class:`AgainstLimit`).
:mod:`.sync` reads the numbers with batched Graph calls. No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from core.graph.facebook import DELIVERING_ACCOUNT_STATUSES, REGULAR_LIMIT, ObjectKind, account_limit
from core.shared import words
from core.shared.i18n import N_, _

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
        return _(_STATUS_TEXT[self][0])

    @property
    def symbol(self) -> str:
        """A plain-text mark, so a chart or a CSV never shows the status by colour alone."""
        return _STATUS_TEXT[self][1]

    @property
    def icon(self) -> str:
        """Streamlit's material icon for the status."""
        return _STATUS_TEXT[self][2]


_STATUS_TEXT = {
    Status.OK: (N_("OK"), "✓", ":material/check_circle:"),
    Status.NEAR: (N_("Near limit"), "⚠", ":material/warning:"),
    Status.AT: (N_("At limit"), "⛔", ":material/block:"),
    Status.UNKNOWN: (N_("No limit known"), "?", ":material/help:"),
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


class AgainstLimit:
    """A reading against a limit: its status and percent, computed one way for every reading (accounts, Pages)."""

    def reading(self) -> tuple[int | None, int | None]:
        """(count, limit) this reading is judged on."""
        raise NotImplementedError

    @property
    def status(self) -> Status:
        return status_of(*self.reading())

    @property
    def percent(self) -> int | None:
        return percent(*self.reading())


OBJECT_WORDS: dict[ObjectKind, str] = {  # shown with _(OBJECT_WORDS[kind])
    ObjectKind.ADS: N_("ads"),
    ObjectKind.ADSETS: N_("ad sets"),
    ObjectKind.CAMPAIGNS: N_("campaigns"),
}


@dataclass(frozen=True)
class ObjectCount(AgainstLimit):
    """Non-archived, non-deleted ads, ad sets or campaigns of one ad account, against the account's limit."""

    kind: ObjectKind
    count: int | None
    limit: int

    def reading(self) -> tuple[int | None, int | None]:
        return self.count, self.limit

    @property
    def words(self) -> str:
        return _(OBJECT_WORDS[self.kind])

    @property
    def above_regular(self) -> bool:
        """More than a regular account allows (then the account must be bulk, or be over its limit)."""
        return (self.count or 0) > REGULAR_LIMIT


def object_counts(counts: Mapping[ObjectKind, int | None], *, bulk: bool) -> tuple[ObjectCount, ...]:
    """The three account-limit readings, in Facebook's order (ads, ad sets, campaigns)."""
    return tuple(ObjectCount(kind, counts.get(kind), account_limit(kind, bulk=bulk)) for kind in ObjectKind)


# --- readings -------------------------------------------------------------------------------------------------


# What to do about an account near or at a limit, by (at the limit, bulk account): whole sentences, so a
# translation never has to fit "bulk"/"regular" or the "ask Facebook" clause into someone else's grammar.
_ACCOUNT_ADVICE: dict[tuple[bool, bool], str] = {
    (True, False): N_(
        "{name} has reached the {limit}-{objects} limit of a regular ad account ({count} of {limit} non-archived "
        "{objects}): new {objects} in it are refused. Archive or delete {objects} you no longer need, or ask "
        "Facebook to make it a bulk account."
    ),
    (True, True): N_(
        "{name} has reached the {limit}-{objects} limit of a bulk ad account ({count} of {limit} non-archived "
        "{objects}): new {objects} in it are refused. Archive or delete {objects} you no longer need."
    ),
    (False, False): N_(
        "{name} is at {percent} of the {limit}-{objects} limit of a regular ad account ({count} of {limit} "
        "non-archived {objects}). Archive or delete {objects} you no longer need, or ask Facebook to make it a "
        "bulk account."
    ),
    (False, True): N_(
        "{name} is at {percent} of the {limit}-{objects} limit of a bulk ad account ({count} of {limit} "
        "non-archived {objects}). Archive or delete {objects} you no longer need."
    ),
}


@dataclass(frozen=True)
class AccountVolume(AgainstLimit):
    """One bound ad account: its ads running or in review (the Page-limit measure, no limit of its own) and its
    non-archived ads, ad sets and campaigns against the account limits; or why it could not be read. Its status
    and percent are those of its fullest object count."""

    account_id: str  # act_…
    name: str
    running_or_in_review: int | None
    objects: tuple[ObjectCount, ...] = ()
    bulk: bool = False  # as the marketer marked it (no Graph field says so)
    account_status: int | None = None
    error: str | None = None  # the marketer's message when this account could not be read
    retry_after_minutes: int | None = None  # throttled: when to try again

    @property
    def fullest(self) -> ObjectCount | None:
        read = [o for o in self.objects if o.count is not None]
        return max(read, key=lambda o: o.count / o.limit) if read else None  # type: ignore[operator]

    def reading(self) -> tuple[int | None, int | None]:
        top = self.fullest
        return (top.count, top.limit) if top else (None, None)

    def with_bulk(self, bulk: bool) -> AccountVolume:
        """The same reading judged as a bulk (or regular) account."""
        counts = {o.kind: o.count for o in self.objects}
        return replace(self, bulk=bulk, objects=object_counts(counts, bulk=bulk) if self.objects else ())

    def count_of(self, kind: ObjectKind) -> ObjectCount | None:
        return next((o for o in self.objects if o.kind is kind), None)

    @property
    def above_regular(self) -> list[ObjectCount]:
        """Counts above what a regular account allows while the account is marked regular."""
        return [] if self.bulk else [o for o in self.objects if o.above_regular]

    @property
    def advice(self) -> str:
        """What the marketer should do about this account, or "" when nothing."""
        if self.error:
            return self.error
        parts: list[str] = []
        if self.account_status is not None and self.account_status not in DELIVERING_ACCOUNT_STATUSES:
            parts.append(
                _(
                    "This ad account cannot run ads now (account status {status}), so none of its ads count as "
                    "running. Fix the account in Facebook's Ads Manager before planning new ads."
                ).format(status=self.account_status)
            )
        for item in self.above_regular:
            parts.append(
                _(
                    "{name} has {count} non-archived {objects}, above what a regular account allows ({regular}): "
                    "mark it bulk if Facebook made it one; otherwise archive or delete {objects} you no longer need."
                ).format(
                    name=self.name,
                    count=words.number(item.count or 0),
                    objects=item.words,
                    regular=words.number(REGULAR_LIMIT),
                )
            )
        for item in self.objects:
            if item.above_regular and not self.bulk:
                continue
            if item.status not in (Status.AT, Status.NEAR):
                continue
            template = _ACCOUNT_ADVICE[item.status is Status.AT, self.bulk]
            parts.append(
                _(template).format(
                    name=self.name,
                    percent=words.percent(item.percent or 0),
                    count=words.number(item.count or 0),
                    limit=words.number(item.limit),
                    objects=item.words,
                )
            )
        return words.sentences(parts)


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
class PageVolume(AgainstLimit):
    """A Page across the store's ad accounts: its total against its limit, and each account's share."""

    page_id: str
    name: str
    running_or_in_review: int
    limit: int | None
    future_limit: int | None = None
    future_limit_date: date | None = None
    scope_business: str | None = None
    by_account: tuple[tuple[str, str, int], ...] = ()  # (account id, account name, ads of this Page in it)
    bound: bool = True  # bound to the store (a Page's ads in a bound ad account count even when it is not)

    def reading(self) -> tuple[int | None, int | None]:
        return self.running_or_in_review, self.limit

    @property
    def elsewhere(self) -> int:
        """The Page's ads in ad accounts this store did not read (not bound, or not visible to the connection):
        its total is Facebook's across every ad account."""
        return max(self.running_or_in_review - sum(n for _account_id, _name, n in self.by_account), 0)

    @property
    def breakdown_words(self) -> str:
        """``Main 6, Catalog 12, and 20 in other ad accounts``: where the total comes from, adding up to it."""
        parts = [_("{account} {n}").format(account=name, n=words.number(n)) for _account_id, name, n in self.by_account]
        if self.elsewhere:
            parts.append(_("{n} in ad accounts this store has not bound").format(n=words.number(self.elsewhere)))
        return words.listing(parts)

    @property
    def future_status(self) -> Status | None:
        """How today's ads would fare against the future limit (None: no future limit)."""
        return status_of(self.running_or_in_review, self.future_limit) if self.future_limit else None

    @property
    def advice(self) -> str:
        count, limit = self.running_or_in_review, self.limit or 0
        numbers = {"name": self.name, "count": words.number(count), "limit": words.number(limit)}
        parts: list[str] = []
        if self.status is Status.AT:
            parts.append(
                _(
                    "{name} is at its limit: {count} of {limit} ads running or in review. New ads for this Page "
                    "will not publish, and its running ads can only be paused or archived. Pause or archive ads you "
                    "no longer need, in any ad account that uses this Page, until it is below {limit}."
                ).format(**numbers)
            )
        elif self.status is Status.NEAR:
            parts.append(
                _(
                    "{name} is at {percent} of its limit ({count} of {limit} ads running or in review). At "
                    "{limit}, new ads for this Page stop publishing. Pause or archive ads you no longer need, or "
                    "merge similar ads, before launching more."
                ).format(percent=words.percent(self.percent or 0), **numbers)
            )
        if self.future_limit and self.future_limit_date:
            future = {"future": words.number(self.future_limit), "day": words.day(self.future_limit_date)}
            if limit and self.future_limit < limit:
                change = _("Facebook lowers this Page's limit to {future} on {day} (now {limit}).")
            else:
                change = _("Facebook changes this Page's limit to {future} on {day} (now {limit}).")
            parts.append(change.format(limit=words.number(limit), **future))
            below = words.number(int(NEAR_SHARE * self.future_limit))
            if self.future_status is Status.NEAR:
                parts.append(
                    _("With {count} ads today it would be near limit: bring it below {below} before then.").format(
                        count=words.number(count), below=below
                    )
                )
            elif self.future_status is Status.AT:
                parts.append(
                    _("With {count} ads today it would be at limit: bring it below {below} before then.").format(
                        count=words.number(count), below=below
                    )
                )
        return words.sentences(parts)


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
    bound_pages: tuple[tuple[str, str], ...] = ()  # (Page ID, name) of every Page bound to the store
    pages: tuple[PageVolume, ...] = field(init=False)

    def __post_init__(self) -> None:
        bound = {page_id for page_id, _name in self.bound_pages}
        pages = pages_across_accounts(self.page_rows)
        if bound:
            pages = [replace(p, bound=p.page_id in bound) for p in pages]
        object.__setattr__(self, "pages", tuple(pages))

    def with_bulk(self, account_id: str, bulk: bool) -> VolumeReport:
        """This report with one account judged as bulk (or regular): what a mark changes, without reading again."""
        accounts = tuple(a.with_bulk(bulk) if a.account_id == account_id else a for a in self.accounts)
        return replace(self, accounts=accounts)

    @property
    def quiet_pages(self) -> list[tuple[str, str]]:
        """Bound Pages with no ad running or in review in the ad accounts read: Facebook reports a Page's count
        and limit only with its ads (``ads_volume`` by actor), so there is nothing to chart for them."""
        seen = {p.page_id for p in self.pages}
        return [(page_id, name) for page_id, name in self.bound_pages if page_id not in seen]

    @property
    def failed(self) -> list[AccountVolume]:
        return [a for a in self.accounts if a.error]

    @property
    def flagged_pages(self) -> list[PageVolume]:
        """Pages at 80 % or more of their limit today, or of their future limit."""
        return [
            p for p in self.pages if p.status in (Status.NEAR, Status.AT) or p.future_status in (Status.NEAR, Status.AT)
        ]
