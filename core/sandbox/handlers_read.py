"""Reading: who may see what, the edge listings of the node table, and ads volume.

Edge functions take ``(ctx, parent)`` and return only what the caller may see; the node table in
:mod:`core.sandbox.nodes` names them.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from core.sandbox import rules
from core.sandbox.errors import missing_param
from core.sandbox.world import Ad, AdAccount, AdSet, Business, Page, Pixel, World


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
    return True


# ---- ads volume (SPEC §5 running-or-in-review, derived from the ads) ---------------------------------------
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
    key = ("running_by_actor", minute)
    cached = w.cache.get(key)
    if not isinstance(cached, Counter):
        cached = Counter(ad.actor_id for ad in w.ads.values() if is_running(w, ad, minute))
        w.cache.clear()
        w.cache[key] = cached
    return cached


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
    token = ctx.token
    return [{"permission": s, "status": "granted"} for s in token.scopes] + [
        {"permission": s, "status": "declined"} for s in token.declined
    ]
