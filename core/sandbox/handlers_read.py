"""Reading: who may see what, the edge listings of the node table, and ads volume.

Edge functions take ``(ctx, parent)`` and return only what the caller may see; the node table in
:mod:`core.sandbox.nodes` names them.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from core.graph.facebook import EFFECTIVE_STATUSES, NON_ARCHIVED_EFFECTIVE_STATUSES, ObjectKind
from core.sandbox import rules
from core.sandbox.errors import invalid_param, missing_param
from core.sandbox.wire import parse_list, parse_value
from core.sandbox.world import Ad, AdAccount, AdSet, Business, OwnedDomain, Page, Pixel, World

# Ads, ad sets and campaigns listed without ARCHIVED and DELETED ones unless a filter asks for them: "When unset,
# defaults to not return deleted or archived ads" (Marketing API reference, Ad Set Ads, effective_status).
LISTED_BY_DEFAULT = frozenset(NON_ARCHIVED_EFFECTIVE_STATUSES)
EVERY_STATUS = LISTED_BY_DEFAULT | {"ARCHIVED", "DELETED"}
# edge → (the world's index by ad account, the object's prefix in ``filtering`` fields such as ad.effective_status)
AD_OBJECT_EDGES = {
    "ads": ("ads_by_account", "ad"),
    "adsets": ("adsets_by_account", "adset"),
    "campaigns": ("campaigns_by_account", "campaign"),
}
FILTER_OPERATORS = {
    "IN": lambda values: values,
    "EQUAL": lambda values: values,
    "NOT_IN": lambda values: EVERY_STATUS - values,
    "NOT_EQUAL": lambda values: EVERY_STATUS - values,
}
PIXEL_EVENT_WINDOW = timedelta(days=7)


def iso(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%S%z") if moment else None


# ---- access ------------------------------------------------------------------------------------------
def account_tasks(ctx: Any, account: AdAccount) -> list[str]:
    return list(account.user_tasks.get(ctx.user_id, []))


def business_role(ctx: Any, business: Business) -> str | None:
    return business.people.get(ctx.user_id)


def sees_account_in_business(ctx: Any, business: Business, account: AdAccount) -> bool:
    return business_role(ctx, business) == "ADMIN" or ctx.user_id in account.user_tasks


def page_visible(ctx: Any, page: Page) -> bool:
    w: World = ctx.world
    return ctx.user_id in page.user_tasks or any(
        ctx.user_id in w.businesses[b].people
        for b in {page.owner_business, *page.client_businesses}
        if b in w.businesses
    )


def pixel_visible(ctx: Any, pixel: Pixel) -> bool:
    business = ctx.world.businesses.get(pixel.owner_business or "")
    return bool(business and ctx.user_id in business.people) or any(
        ctx.user_id in ctx.world.ad_accounts[a].user_tasks for a in pixel.shared_accounts if a in ctx.world.ad_accounts
    )


def readable(ctx: Any, kind: str, obj: Any) -> bool:
    """Whether the caller may read a node (else Graph answers 'does not exist ... missing permissions')."""
    if kind == "AdAccount":
        return ctx.user_id in obj.user_tasks or any(
            business_role(ctx, ctx.world.businesses[b]) == "ADMIN"
            for b in {obj.owner_business, *obj.agencies}
            if b in ctx.world.businesses
        )
    if kind == "Business":
        return ctx.user_id in obj.people
    if kind == "Page":
        return page_visible(ctx, obj)
    if kind == "AdsPixel":
        return pixel_visible(ctx, obj)
    if kind in ("Campaign", "AdSet", "Ad"):
        return readable(ctx, "AdAccount", ctx.world.ad_accounts[obj.account_id])
    if kind in ("OwnedDomain", "ExtendedCredit"):
        return readable(ctx, "Business", ctx.world.businesses[obj.owner_business])
    return True


# ---- ads volume (docs/RULES.md "Ads running or in review", derived from the ads) --------------------------------
def is_running(world: World, ad: Ad, now: datetime) -> bool:
    account = world.ad_accounts[ad.account_id]
    adset: AdSet = world.adsets[ad.adset_id]
    return rules.is_running_or_in_review(
        account_status=account.account_status,
        configured_status=ad.configured_status,
        effective_status=ad.effective_status,
        start_time=adset.start_time,
        end_time=adset.end_time,
        now=now,
        day_parting=adset.day_parting,
    )


def running_by_actor(w: World, now: datetime) -> Counter[str]:
    """Ads running or in review per Page across every ad account, cached per minute (the large world has 100k)."""
    minute = now.replace(second=0, microsecond=0)
    cached = w.cache.get("running_by_actor")
    if not (isinstance(cached, tuple) and cached[0] == minute):
        cached = (minute, Counter(ad.actor_id for ad in w.ads.values() if is_running(w, ad, minute)))
        w.cache["running_by_actor"] = cached
    return cached[1]


def ads_volume_rows(ctx: Any, account: AdAccount) -> list[dict[str, Any]]:
    w: World = ctx.world
    running = [ad for ad in w.ads_by_account.get(account.account_id, []) if is_running(w, ad, ctx.now)]
    if str(ctx.params.get("show_breakdown_by_actor", "")).lower() not in ("true", "1"):
        return [{"ads_running_or_in_review_count": len(running)}]
    totals = running_by_actor(w, ctx.now)
    rows = []
    for actor_id in sorted({ad.actor_id for ad in running}):
        page = w.pages.get(actor_id)
        total = totals.get(actor_id, 0)
        scope = w.businesses.get(page.owner_business or "") if page else None
        rows.append(
            {
                "actor_id": actor_id,
                "actor_name": page.name if page else None,
                "ad_limit_scope_business": {"id": scope.id, "name": scope.name} if scope else None,
                "ads_running_or_in_review_count": total,
                "current_account_ads_running_or_in_review_count": sum(1 for ad in running if ad.actor_id == actor_id),
                "limit_on_ads_running_or_in_review": page.ad_limit if page else None,
                "future_limit_activation_date": page.future_limit_activation_date if page else None,
                "future_limit_on_ads_running_or_in_review": page.future_ad_limit if page else None,
            }
        )
    return rows


# ---- ads, ad sets, campaigns -------------------------------------------------------------------------
def listed_statuses(params: dict[str, str], prefix: str, edge: str = "ads") -> frozenset[str]:
    """The effective statuses an ads/adsets/campaigns listing keeps: ``effective_status=[...]``, or
    ``filtering=[{"field": "effective_status", "operator": "IN", "value": [...]}]``, else the non-archived ones.
    A status the edge's enum does not have is refused (100), as Graph refuses it."""
    if params.get("effective_status"):
        wanted = [str(s).upper() for s in parse_list(params["effective_status"])]
        known = EFFECTIVE_STATUSES[ObjectKind(edge)]
        for index, status in enumerate(wanted):
            if status not in known:
                raise invalid_param(f"Param effective_status[{index}] must be one of {{{', '.join(known)}}}")
        return frozenset(wanted)
    rules_ = _filter_rules(params.get("filtering"))
    kept = EVERY_STATUS if rules_ else LISTED_BY_DEFAULT
    for rule in rules_:
        field, operator = rule.get("field"), str(rule.get("operator", "")).upper()
        if field not in ("effective_status", f"{prefix}.effective_status") or operator not in FILTER_OPERATORS:
            raise invalid_param(f"Filtering field {field} with operation {operator.lower()} is not supported")
        value = rule.get("value")
        values = frozenset(str(v).upper() for v in (value if isinstance(value, list) else [value]))
        kept &= FILTER_OPERATORS[operator](values)
    return kept


def _filter_rules(text: str | None) -> list[dict[str, Any]]:
    rules_ = parse_value(text) if text else []
    if not isinstance(rules_, list) or not all(isinstance(r, dict) for r in rules_):
        raise invalid_param("Param filtering must be an array of {field, operator, value} objects")
    return rules_


def ad_objects(ctx: Any, account: AdAccount, *, edge: str) -> list[Any]:
    """The account's ads, ad sets or campaigns with the wanted statuses, kept until ``World.index_ads`` runs again."""
    table, prefix = AD_OBJECT_EDGES[edge]
    wanted = listed_statuses(ctx.params, prefix, edge)
    key = ("ad_objects", edge, account.account_id, wanted)
    found = ctx.world.cache.get(key)
    if not isinstance(found, list):
        found = [o for o in getattr(ctx.world, table).get(account.account_id, []) if o.effective_status in wanted]
        ctx.world.cache[key] = found
    return found


# ---- pixels and domains ------------------------------------------------------------------------------
def pixel_stats(ctx: Any, pixel: Pixel) -> list[dict[str, Any]]:
    """Events of the last 7 days, shaped as the ``stats`` edge's AdsPixelStatsResult (aggregation, start_time,
    data of {value, count}; Marketing API reference, Ads Pixel Stats)."""
    if not pixel.event_counts:
        return []
    start = (ctx.now - PIXEL_EVENT_WINDOW).replace(minute=0, second=0, microsecond=0)
    data = [{"value": event, "count": count} for event, count in sorted(pixel.event_counts.items())]
    return [{"aggregation": "event_total_counts", "start_time": iso(start), "data": data}]


def pixel_event_stats(ctx: Any, pixel: Pixel) -> str:
    """``event_stats``: a string in the reference and the SDK (AdsPixel._field_types); here the 7-day stats as JSON."""
    return json.dumps(pixel_stats(ctx, pixel), separators=(",", ":"))


def owned_domains(ctx: Any, business: Business) -> list[OwnedDomain]:
    if business_role(ctx, business) is None:
        return []
    return [d for d in ctx.world.owned_domains.values() if d.owner_business == business.id]


# ---- edges -------------------------------------------------------------------------------------------
def accounts_of_business(ctx: Any, business: Business, *, agency: bool) -> list[AdAccount]:
    if business_role(ctx, business) is None:
        return []
    return [
        a
        for a in ctx.world.ad_accounts.values()
        if (business.id in a.agencies if agency else a.owner_business == business.id)
        and sees_account_in_business(ctx, business, a)
    ]


def pending_accounts(ctx: Any, business: Business) -> list[AdAccount]:
    ids = ctx.world.pending_claims.get(business.id, set())
    return [ctx.world.ad_accounts[i] for i in sorted(ids)] if business_role(ctx, business) else []


def business_relation(ctx: Any, business: Business, account: AdAccount) -> dict[str, Any]:
    pending = account.account_id in ctx.world.pending_claims.get(business.id, set())
    return {
        "permitted_tasks": ["MANAGE", "ADVERTISE", "ANALYZE", "DRAFT", "AA_ANALYZE"],
        "access_type": "OWNER" if account.owner_business == business.id else "AGENCY",
        "access_status": "PENDING" if pending else "CONFIRMED",
    }


def people_rows(ctx: Any, account: AdAccount, business_id: str | None = None) -> list[dict[str, Any]]:
    w: World = ctx.world
    business = w.businesses.get(business_id or "")
    return [
        {"id": uid, "name": w.users[uid].name, "tasks": list(tasks), "user_type": "USER"}
        for uid, tasks in account.user_tasks.items()
        if uid in w.users and (business is None or uid in business.people)
    ]


def assigned_users(ctx: Any, account: AdAccount) -> list[dict[str, Any]]:
    business_id = ctx.params.get("business")
    if not business_id:
        raise missing_param("business")
    return people_rows(ctx, account, business_id)


def pages_of_business(ctx: Any, business: Business, *, client: bool) -> list[Page]:
    if business_role(ctx, business) is None:
        return []
    return [
        p
        for p in ctx.world.pages.values()
        if (business.id in p.client_businesses if client else p.owner_business == business.id)
    ]


def pixels_of_business(ctx: Any, business: Business) -> list[Pixel]:
    return (
        [p for p in ctx.world.pixels.values() if p.owner_business == business.id]
        if business_role(ctx, business)
        else []
    )


def pixel_shared_accounts(ctx: Any, pixel: Pixel) -> list[AdAccount]:
    business_id = ctx.params.get("business")
    if not business_id:
        raise missing_param("business")
    w: World = ctx.world
    return [
        w.ad_accounts[a]
        for a in sorted(pixel.shared_accounts)
        if a in w.ad_accounts and business_id in {w.ad_accounts[a].owner_business, *w.ad_accounts[a].agencies}
    ]


def user_assigned_accounts(ctx: Any, user: Any) -> list[AdAccount]:
    return [a for a in ctx.world.ad_accounts.values() if user.id in a.user_tasks and readable(ctx, "AdAccount", a)]


def permissions(ctx: Any, user: Any) -> list[dict[str, str]]:
    """The token's grants; ``permission=<name>`` (or the path ``me/permissions/<name>``) keeps that one."""
    token, only = ctx.token, ctx.params.get("permission")
    rows = [{"permission": s, "status": "granted"} for s in token.scopes] + [
        {"permission": s, "status": "declined"} for s in token.declined
    ]
    return [row for row in rows if only is None or row["permission"] == only]
