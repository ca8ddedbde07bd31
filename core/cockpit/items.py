"""Which items Home lists, and their words: what (naming the asset), why it matters, what to do and where.

:func:`cockpit` gathers every item that needs doing in the store. Each condition is judged by
:mod:`core.alerts.rules` (limits at 80 % and 100 %, Page limit drops, accounts that cannot deliver, purges within
3 days, ends within 7 days), so Home and the alerts agree; the plan's limits, pending claims and failed
permission changes are Home's own. Moments and plurals are written with :mod:`core.shared.words`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime

from core.activity import AuditRecord, Result
from core.ad_volume import NEAR_SHARE, Status
from core.alerts.rules import LIMIT_OBJECTS, LimitReading, NotDelivering, PageLimitDrop, purging_soon, token_endings
from core.binding import RETENTION, AssetKind, AssetView, PlanUsage, UsageLine
from core.cockpit import sources
from core.cockpit.model import Cockpit, Connection, Item, Place, Severity, StoreFacts, Topic, Unread, merged, ordered
from core.connection.health import scope_words
from core.shared import words
from core.shared.i18n import _, ngettext


def cockpit(facts: StoreFacts, connection: Connection, now: datetime) -> Cockpit:
    """Every item that needs doing in the store, in Home's order, and the sources that could not be read."""
    found = [
        *first_visit(connection, facts.facebook_bound),
        *connection_items(connection, now),
        *purges(facts.retained, now),
        *failed_permission_changes(facts.permission_log, facts.bound_of(AssetKind.AD_ACCOUNT), now),
        *plan(facts.usage),
    ]
    unread = [connection_unread(connection)] if connection.unread else []
    if facts.facebook_bound:
        read = sources.read(facts, now)
        found += [limit(r, at, now) for r, at in read.limits]
        found += [page_limit_drop(d, at, now) for d, at in read.drops]
        found += [cannot_deliver(a, at, now) for a, at in read.not_delivering]
        found += [pending_claim(c, at, now) for c, at in read.claims]
        unread += read.unread
    return Cockpit(ordered(found), merged(unread), not connection.connected or not facts.facebook_bound)


def _read(at: datetime, now: datetime) -> str:
    return _("Read {ago} ({at}).").format(ago=words.ago(at, now), at=words.when(at))


# --- the first visit and the Facebook connection ---------------------------------------------------------------


def first_visit(connection: Connection, facebook_bound: bool) -> list[Item]:
    if not connection.connected:
        return [
            Item(
                Topic.FIRST_VISIT,
                Severity.NOW,
                _("Connect a Facebook account to start"),
                _("No Facebook account is connected to this store yet, so there is nothing to watch."),
                _(
                    "Open Connect, sign in with Facebook, then choose the Business Managers, ad accounts, pixels and "
                    "Pages Smart Ads may use."
                ),
                Place.CONNECT,
            )
        ]
    if facebook_bound:
        return []
    return [
        Item(
            Topic.FIRST_VISIT,
            Severity.NOW,
            _("Connect your Facebook assets to start"),
            _(
                "Nothing from Facebook is connected to this store yet: no Business Manager, ad account or Page, so "
                "there is nothing to watch."
            ),
            _("Open Connect and choose the Business Managers, ad accounts, pixels and Pages Smart Ads may use."),
            Place.CONNECT,
        )
    ]


def connection_items(connection: Connection, now: datetime) -> list[Item]:
    seen = (
        _("Checked with Facebook {ago}.").format(ago=words.ago(connection.read_at, now)) if connection.read_at else ""
    )
    health = connection.health
    if connection.lost or (health is not None and not health.valid):
        why = connection.lost or words.sentences(health.problems if health else [])
        return [
            Item(
                Topic.CONNECTION,
                Severity.NOW,
                _("Facebook no longer accepts this store's connection"),
                why,
                _(
                    "Reconnect Facebook on the Connect page: until then Smart Ads can neither read nor change "
                    "anything on Facebook."
                ),
                Place.CONNECT,
                seen=seen,
            )
        ]
    if health is None:
        return []
    out = []
    if health.missing_scopes:
        out.append(
            Item(
                Topic.CONNECTION,
                Severity.SOON,
                _("Facebook did not let Smart Ads {what}").format(
                    what=words.listing([scope_words(s) for s in health.missing_scopes])
                ),
                _("Without these permissions some pages cannot read or change what they need to."),
                _("Reconnect and allow them on the Connect page."),
                Place.CONNECT,
                seen=seen,
            )
        )
    for ending in token_endings(health.expires_at, health.data_access_expires_at, now):
        ended = ending.ended(now)
        if ending.what == "token":
            what = _("The Facebook connection has ended") if ended else _("The Facebook connection ends {ago}")
            why = _("After that Smart Ads can neither read nor change anything on Facebook for this store.")
        else:
            what = _("Access to your ad data has ended") if ended else _("Access to your ad data ends {ago}")
            why = _(
                "Facebook ends an app's access to ad data 90 days after the person last signed in with Facebook, "
                "even when the connection itself never ends."
            )
        out.append(
            Item(
                Topic.CONNECTION,
                Severity.NOW if ended else Severity.SOON,
                what.format(ago=words.ago(ending.at, now)),
                (_("It ended on {at}. {why}") if ended else _("It ends on {at}. {why}")).format(
                    at=words.when(ending.at), why=why
                ),
                _("Reconnect Facebook on the Connect page to renew it."),
                Place.CONNECT,
                seen=seen,
                rank=ending.at.timestamp(),
            )
        )
    return out


def connection_unread(connection: Connection) -> Unread:
    return Unread(
        _("The Facebook connection"),
        _("Facebook could not be asked about it: {why}").format(why=connection.unread),
        _("Check the connection again below in a few minutes."),
    )


# --- limits -------------------------------------------------------------------------------------------------


def limit(reading: LimitReading, at: datetime, now: datetime) -> Item:
    """A Page or ad account at 80 % of a limit or more (:func:`core.alerts.rules.limits_reached`)."""
    full = reading.status is Status.AT
    objects = _(LIMIT_OBJECTS.get(reading.what, reading.what.removeprefix("non-archived ")))
    said = {
        "name": reading.name,
        "percent": words.percent(reading.percent or 0),
        "count": words.number(reading.count or 0),
        "most": words.number(reading.limit or 0),
        "what": _(reading.what),
        "objects": objects,
    }
    if reading.is_page:
        title = _("Page {name} has reached its limit") if full else _("Page {name} is at {percent} of its limit")
        why = (
            _("{count} of {most} {what}. New ads for this Page do not publish.")
            if full
            else _("{count} of {most} {what}. At {most}, new ads for this Page stop publishing.")
        )
        todo = _(
            "Pause or archive ads you no longer need, in any ad account that uses this Page; the Ad volume page "
            "shows where they run."
        )
    else:
        title = (
            _("Ad account {name} has reached its limit")
            if full
            else _("Ad account {name} is at {percent} of its limit")
        )
        why = (
            _("{count} of {most} {what}. Facebook refuses new {objects} in it.")
            if full
            else _("{count} of {most} {what}. At {most}, Facebook refuses new {objects} in it.")
        )
        todo = _(
            "Archive or delete {objects} you no longer need; if Facebook made it a bulk account, mark it bulk on "
            "the Ad volume page."
        )
    return Item(
        Topic.LIMIT,
        Severity.NOW if full else Severity.SOON,
        title.format(**said),
        why.format(**said),
        todo.format(**said),
        Place.AD_VOLUME,
        reading.asset_id,
        _read(at, now),
        rank=-(reading.percent or 0),
    )


def page_limit_drop(drop: PageLimitDrop, at: datetime, now: datetime) -> Item:
    """A lower limit Facebook announced for a Page (:func:`core.alerts.rules.page_limit_drops`)."""
    days = (drop.on - now.date()).days
    tight = drop.future_status in (Status.NEAR, Status.AT)
    said = {
        "name": drop.name,
        "limit": words.number(drop.future_limit),
        "days": words.count(days, "{n} day", "{n} days"),
        "was": words.number(drop.limit or 0),
        "on": words.day(drop.on),
        "count": words.number(drop.count),
        "below": words.number(int(NEAR_SHARE * drop.future_limit)),
    }
    title = (
        _("Page {name}'s limit drops to {limit} in {days}")
        if days > 0
        else _("Page {name}'s limit drops to {limit} today")
    )
    why = (
        _("Facebook lowers its limit on ads running or in review from {was} to {limit} on {on}; today it has {count}.")
        if drop.limit
        else _("Facebook lowers its limit on ads running or in review to {limit} on {on}; today it has {count}.")
    )
    todo = (
        _("Bring it below {below} before then: pause or archive ads you no longer need.")
        if tight
        else _("Today's ads fit the new limit; keep them below {below} as you plan new ones.")
    )
    return Item(
        Topic.PAGE_LIMIT_DROP,
        Severity.SOON if tight else Severity.NOTE,
        title.format(**said),
        why.format(**said),
        todo.format(**said),
        Place.AD_VOLUME,
        drop.page_id,
        _read(at, now),
        rank=days,
    )


def plan(usage: PlanUsage) -> list[Item]:
    """Each of the plan's limits that is full: nothing more of that kind can be connected."""
    return [_plan_full(usage, line) for line in usage.lines() if line.reached]


def _plan_full(usage: PlanUsage, line: UsageLine) -> Item:
    if line.label == usage.ad_accounts.label:
        why = _(
            "The {plan} plan allows {accounts}, Facebook and Google Ads together: no other can be connected."
        ).format(plan=usage.plan, accounts=words.count(line.limit, "{n} ad account", "{n} ad accounts"))
        todo = _("Disconnect one you no longer use on the Assets page, or ask for a bigger plan.")
    else:
        why = _("Smart Ads connects at most {most} {what} at once: no other can be connected.").format(
            most=words.number(line.limit), what=_(line.label)
        )
        todo = _("Disconnect one you no longer use on the Assets page.")
    return Item(
        Topic.PLAN,
        Severity.NOTE,
        _("{what}: {used} of {most}, the limit is reached").format(
            what=_(line.label), used=words.number(line.used), most=words.number(line.limit)
        ),
        why,
        todo,
        Place.ASSETS,
    )


# --- ad accounts, claims, retention, permissions -------------------------------------------------------------


def cannot_deliver(account: NotDelivering, at: datetime, now: datetime) -> Item:
    return Item(
        Topic.DELIVERY,
        Severity.NOW,
        _("Ad account {name} cannot deliver ads").format(name=account.name),
        _("Facebook says: {why}.").format(why=account.why)
        if account.why
        else _("Facebook says it cannot deliver ads."),
        _(
            "Fix it in Facebook's Ads Manager (the account's status, its payment method); the Assets page shows its "
            "health."
        ),
        Place.ASSETS,
        account.account_id,
        _read(at, now),
    )


def pending_claim(claim: sources.PendingClaim, at: datetime, now: datetime) -> Item:
    return Item(
        Topic.CLAIM,
        Severity.NOTE,
        _("{business}'s claim of ad account {account} is waiting").format(
            business=claim.business_name, account=claim.account_name
        ),
        _("Facebook asked the account's admins to accept it; until they do, the Business Manager does not own it."),
        _("Ask the account's admins to accept it, or withdraw the claim on the Ad accounts page."),
        Place.AD_ACCOUNTS,
        claim.account_id,
        _read(at, now),
    )


def purges(retained: Iterable[AssetView], now: datetime) -> list[Item]:
    """Disconnected assets whose history is deleted within 3 days (:func:`core.alerts.rules.purging_soon`)."""
    out = []
    for view in purging_soon(retained, now):
        purge_at, unbound_at = view.purge_at, view.unbound_at
        assert purge_at is not None and unbound_at is not None  # purging_soon keeps only disconnected assets
        out.append(
            Item(
                Topic.PURGE,
                Severity.SOON,
                _("The history of {kind} {name} is deleted for good {ago}").format(
                    kind=_(view.kind.label), name=view.name, ago=words.ago(purge_at, now)
                ),
                _(
                    "It was disconnected on {at}; Smart Ads keeps a disconnected asset's history {days}, until {until}."
                ).format(
                    at=words.when(unbound_at),
                    days=words.count(RETENTION.days, "{n} day", "{n} days"),
                    until=words.when(purge_at),
                ),
                _("Connect it again on the Assets page (Recently disconnected) before then to keep it."),
                Place.ASSETS,
                view.external_id,
                rank=purge_at.timestamp(),
            )
        )
    return out


def failed_permission_changes(
    log: Iterable[AuditRecord], accounts: Mapping[str, AssetView], now: datetime
) -> list[Item]:
    """Permission changes Facebook did not apply, per ad account, since the last change applied on it."""
    done: dict[str, datetime] = {}
    failed: dict[str, list[AuditRecord]] = defaultdict(list)
    for record in log:
        account = record.target_id or ""
        if record.result == Result.OK:
            done[account] = max(done.get(account, record.at), record.at)
        elif record.result == Result.FAILED:
            failed[account].append(record)
    out = []
    for account_id, records in failed.items():
        records = [r for r in records if account_id not in done or r.at >= done[account_id]]
        if not records:
            continue
        latest = max(records, key=lambda r: r.at)
        name = accounts[account_id].name if account_id in accounts else account_id
        out.append(
            Item(
                Topic.PERMISSIONS,
                Severity.SOON,
                ngettext(
                    "{n} permission change on ad account {name} failed",
                    "{n} permission changes on ad account {name} failed",
                    len(records),
                ).format(n=words.number(len(records)), name=name),
                _("Facebook did not apply: {changes}.").format(changes=words.clauses(r.detail for r in records)),
                _("Open Permissions: it shows what Facebook holds now; set those cells again and apply."),
                Place.PERMISSIONS,
                account_id,
                _("Tried {ago} ({at}) by {who}.").format(
                    ago=words.ago(latest.at, now), at=words.when(latest.at), who=latest.actor_name or latest.actor
                ),
                rank=-latest.at.timestamp(),
            )
        )
    return out
