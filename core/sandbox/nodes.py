"""What each Graph node type has: its fields, its edges and its default fields, as one table.

Fields are small functions ``(ctx, obj) -> value``; edges list what the caller may see. Access rules (who sees
what) live here too, next to the edges that apply them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from core.sandbox import rules
from core.sandbox.errors import missing_param
from core.sandbox.graph_fields import EdgeSpec, NodeType, Ref
from core.sandbox.world import Ad, AdAccount, AdSet, Business, Page, Pixel, World


def iso(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%S%z") if moment else None


# ---- access ----------------------------------------------------------------------------------------------------
def account_tasks(ctx: Any, account: AdAccount) -> list[str]:
    return list(account.user_tasks.get(ctx.user_id, []))


def visible_accounts(ctx: Any) -> list[AdAccount]:
    return [a for a in ctx.world.ad_accounts.values() if ctx.user_id in a.user_tasks]


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
        ctx.user_id in ctx.world.ad_accounts[a].user_tasks
        for a in pixel.shared_accounts
        if a in ctx.world.ad_accounts
    )


def readable(ctx: Any, kind: str, obj: Any) -> bool:
    """Whether the caller may read a node at all (else Graph answers 'does not exist ... missing permissions')."""
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


# ---- ads volume (SPEC §5 running-or-in-review, derived from the ads) ---------------------------------------------
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
    )


def ads_volume_rows(ctx: Any, account: AdAccount) -> list[dict[str, Any]]:
    w: World = ctx.world
    running = [ad for ad in w.ads_by_account.get(account.account_id, []) if is_running(w, ad, ctx.now)]
    if str(ctx.params.get("show_breakdown_by_actor", "")).lower() not in ("true", "1"):
        return [{"ads_running_or_in_review_count": len(running)}]
    rows = []
    for actor_id in sorted({ad.actor_id for ad in running}):
        page = w.pages.get(actor_id)
        total = sum(
            1
            for ads in w.ads_by_account.values()
            for ad in ads
            if ad.actor_id == actor_id and is_running(w, ad, ctx.now)
        )
        scope = w.businesses.get(page.owner_business or "") if page else None
        rows.append(
            {
                "actor_id": actor_id,
                "actor_name": page.name if page else None,
                "ad_limit_scope_business": {"id": scope.id, "name": scope.name} if scope else None,
                "ads_running_or_in_review_count": total,
                "current_account_ads_running_or_in_review_count": sum(
                    1 for ad in running if ad.actor_id == actor_id
                ),
                "limit_on_ads_running_or_in_review": page.ad_limit if page else None,
                "future_limit_activation_date": page.future_limit_activation_date if page else None,
                "future_limit_on_ads_running_or_in_review": page.future_ad_limit if page else None,
            }
        )
    return rows


# ---- edges -----------------------------------------------------------------------------------------------------
def _accounts_of_business(ctx: Any, business: Business, *, agency: bool) -> list[AdAccount]:
    if business_role(ctx, business) is None:
        return []
    return [
        a
        for a in ctx.world.ad_accounts.values()
        if (business.id in a.agencies if agency else a.owner_business == business.id)
        and sees_account_in_business(ctx, business, a)
    ]


def _pending_accounts(ctx: Any, business: Business) -> list[AdAccount]:
    ids = ctx.world.pending_claims.get(business.id, set())
    return [ctx.world.ad_accounts[i] for i in sorted(ids)] if business_role(ctx, business) else []


def _business_relation(ctx: Any, business: Business, account: AdAccount) -> dict[str, Any]:
    pending = account.account_id in ctx.world.pending_claims.get(business.id, set())
    return {
        "permitted_tasks": ["MANAGE", "ADVERTISE", "ANALYZE", "DRAFT", "AA_ANALYZE"],
        "access_type": "OWNER" if account.owner_business == business.id else "AGENCY",
        "access_status": "PENDING" if pending else "CONFIRMED",
    }


def _people_rows(ctx: Any, account: AdAccount, business_id: str | None = None) -> list[dict[str, Any]]:
    w: World = ctx.world
    business = w.businesses.get(business_id or "")
    return [
        {"id": uid, "name": w.users[uid].name, "tasks": list(tasks), "user_type": "USER"}
        for uid, tasks in account.user_tasks.items()
        if uid in w.users and (business is None or uid in business.people)
    ]


def _assigned_users(ctx: Any, account: AdAccount) -> list[dict[str, Any]]:
    business_id = ctx.params.get("business")
    if not business_id:
        raise missing_param("business")
    return _people_rows(ctx, account, business_id)


def _children(table: dict[str, Any], account: AdAccount) -> list[Any]:
    return [x for x in table.values() if x.account_id == account.account_id]


def _pages_of_business(ctx: Any, business: Business, *, client: bool) -> list[Page]:
    if business_role(ctx, business) is None:
        return []
    return [
        p
        for p in ctx.world.pages.values()
        if (business.id in p.client_businesses if client else p.owner_business == business.id)
    ]


def _pixels_of_business(ctx: Any, business: Business) -> list[Pixel]:
    return (
        [p for p in ctx.world.pixels.values() if p.owner_business == business.id]
        if business_role(ctx, business)
        else []
    )


def _pixel_shared_accounts(ctx: Any, pixel: Pixel) -> list[AdAccount]:
    business_id = ctx.params.get("business")
    if not business_id:
        raise missing_param("business")
    w: World = ctx.world
    return [
        w.ad_accounts[a]
        for a in sorted(pixel.shared_accounts)
        if a in w.ad_accounts and business_id in {w.ad_accounts[a].owner_business, *w.ad_accounts[a].agencies}
    ]


def _user_assigned_accounts(ctx: Any, user: Any) -> list[AdAccount]:
    return [
        a for a in ctx.world.ad_accounts.values() if user.id in a.user_tasks and readable(ctx, "AdAccount", a)
    ]


def _permissions(ctx: Any, user: Any) -> list[dict[str, str]]:
    token = ctx.token
    return [{"permission": s, "status": "granted"} for s in token.scopes] + [
        {"permission": s, "status": "declined"} for s in token.declined
    ]


# ---- the table -------------------------------------------------------------------------------------------------
def _attr(name: str) -> Any:
    return lambda ctx, obj: getattr(obj, name)


def _simple(*names: str) -> dict[str, Any]:
    return {n: _attr(n) for n in names}


ACCOUNT_EDGE = {"default_fields": ("id", "account_id")}


def _account_fields() -> dict[str, Any]:
    f = _simple(
        "name",
        "account_id",
        "account_status",
        "disable_reason",
        "currency",
        "funding_source",
        "spend_cap",
        "amount_spent",
        "default_dsa_payor",
        "default_dsa_beneficiary",
        "end_advertiser",
        "media_agency",
        "partner",
        "timezone_id",
    )
    f.update(
        {
            "id": _attr("id"),
            "balance": lambda ctx, a: "0",
            "business": lambda ctx, a: (
                Ref("Business", ctx.world.businesses[a.owner_business])
                if a.owner_business in ctx.world.businesses
                else None
            ),
            "owner": lambda ctx, a: a.owner_business or a.owner_user,
            "funding_source_details": lambda ctx, a: (
                {"id": a.funding_source, "display_string": "Visa *1234", "type": 1}
                if a.funding_source
                else None
            ),
            "timezone_name": lambda ctx, a: rules.TIMEZONES.get(a.timezone_id, "America/Los_Angeles"),
            "user_tasks": lambda ctx, a: account_tasks(ctx, a),
            "is_personal": lambda ctx, a: 1 if a.owner_business is None else 0,
            "created_time": lambda ctx, a: iso(a.created_time),
            "end_advertiser_name": lambda ctx, a: _entity_name(ctx, a.end_advertiser),
            "tos_accepted": lambda ctx, a: {"web_custom_audience_tos": 1, "custom_audience_tos": 1},
            "sandbox_is_bulk": _attr("is_bulk"),
            "sandbox_ads_limit": lambda ctx, a: (
                rules.ADS_LIMIT_BULK if a.is_bulk else rules.ADS_LIMIT_REGULAR
            ),
        }
    )
    return f


def _entity_name(ctx: Any, entity: str) -> str | None:
    w: World = ctx.world
    node = w.pages.get(entity) or w.businesses.get(entity)
    return node.name if node else None


def _adset_schedule(ctx: Any, adset: AdSet) -> list[dict[str, Any]] | None:
    if not adset.day_parting:
        return None
    return [
        {"start_minute": 1080, "end_minute": 1380, "days": [0, 1, 2, 3, 4, 5, 6], "timezone_type": "USER"}
    ]


NODE_TYPES: dict[str, NodeType] = {
    "User": NodeType(
        "User",
        ("id", "name"),
        {**_simple("id", "name", "email")},
        {
            "businesses": EdgeSpec(
                "Business", lambda ctx, u: [b for b in ctx.world.businesses.values() if u.id in b.people]
            ),
            "adaccounts": EdgeSpec(
                "AdAccount",
                lambda ctx, u: [a for a in ctx.world.ad_accounts.values() if u.id in a.user_tasks],
                **ACCOUNT_EDGE,
            ),
            "accounts": EdgeSpec(
                "Page",
                lambda ctx, u: (
                    [p for p in ctx.world.pages.values() if u.id in p.user_tasks]
                    if "pages_show_list" in ctx.token.scopes
                    else []
                ),
                relation=lambda ctx, u, p: {"tasks": list(p.user_tasks.get(u.id, []))},
                default_fields=("name", "category", "tasks", "id"),
            ),
            "assigned_ad_accounts": EdgeSpec(
                "AdAccount",
                _user_assigned_accounts,
                relation=lambda ctx, u, a: {"tasks": list(a.user_tasks.get(u.id, []))},
                default_fields=("id", "account_id", "tasks"),
            ),
            "permissions": EdgeSpec("Permission", _permissions),
        },
    ),
    "Business": NodeType(
        "Business",
        ("id", "name"),
        {
            **_simple("id", "name", "verification_status", "two_factor_type"),
            "created_time": lambda ctx, b: iso(b.created_time),
        },
        {
            "owned_ad_accounts": EdgeSpec(
                "AdAccount",
                lambda ctx, b: _accounts_of_business(ctx, b, agency=False),
                relation=_business_relation,
                **ACCOUNT_EDGE,
            ),
            "client_ad_accounts": EdgeSpec(
                "AdAccount",
                lambda ctx, b: _accounts_of_business(ctx, b, agency=True),
                relation=_business_relation,
                **ACCOUNT_EDGE,
            ),
            "pending_owned_ad_accounts": EdgeSpec(
                "AdAccount", _pending_accounts, relation=_business_relation, **ACCOUNT_EDGE
            ),
            "owned_pages": EdgeSpec("Page", lambda ctx, b: _pages_of_business(ctx, b, client=False)),
            "client_pages": EdgeSpec("Page", lambda ctx, b: _pages_of_business(ctx, b, client=True)),
            "adspixels": EdgeSpec("AdsPixel", _pixels_of_business),
            "owned_pixels": EdgeSpec("AdsPixel", _pixels_of_business),
            "business_users": EdgeSpec(
                "BusinessUser",
                lambda ctx, b: (
                    [
                        {
                            "id": uid,
                            "name": ctx.world.users[uid].name,
                            "email": ctx.world.users[uid].email,
                            "role": role,
                        }
                        for uid, role in b.people.items()
                        if uid in ctx.world.users
                    ]
                    if business_role(ctx, b)
                    else []
                ),
            ),
        },
    ),
    "AdAccount": NodeType(
        "AdAccount",
        ("id", "account_id"),
        _account_fields(),
        {
            "adsets": EdgeSpec("AdSet", lambda ctx, a: _children(ctx.world.adsets, a)),
            "ads": EdgeSpec("Ad", lambda ctx, a: ctx.world.ads_by_account.get(a.account_id, [])),
            "campaigns": EdgeSpec("Campaign", lambda ctx, a: _children(ctx.world.campaigns, a)),
            "users": EdgeSpec("AdAccountUser", lambda ctx, a: _people_rows(ctx, a)),
            "assigned_users": EdgeSpec("AssignedUser", _assigned_users),
            "adspixels": EdgeSpec(
                "AdsPixel",
                lambda ctx, a: [p for p in ctx.world.pixels.values() if a.account_id in p.shared_accounts],
            ),
            "ads_volume": EdgeSpec("AdVolume", ads_volume_rows),
        },
    ),
    "Page": NodeType(
        "Page",
        ("id", "name"),
        {
            **_simple("id", "name", "category", "is_published"),
            "business": lambda ctx, p: (
                Ref("Business", ctx.world.businesses[p.owner_business])
                if p.owner_business in ctx.world.businesses
                else None
            ),
            "tasks": lambda ctx, p: list(p.user_tasks.get(ctx.user_id, [])) or None,
            "verification_status": lambda ctx, p: "not_verified",
        },
    ),
    "AdsPixel": NodeType(
        "AdsPixel",
        ("id", "name"),
        {
            **_simple("id", "name", "is_unavailable"),
            "last_fired_time": lambda ctx, p: iso(p.last_fired_time),
            "creation_time": lambda ctx, p: iso(p.creation_time),
            "owner_business": lambda ctx, p: (
                Ref("Business", ctx.world.businesses[p.owner_business])
                if p.owner_business in ctx.world.businesses
                else None
            ),
            "sandbox_domain": _attr("domain"),
            "sandbox_domain_verified": _attr("domain_verified"),
            "sandbox_configured_events": lambda ctx, p: list(p.configured_events),
        },
        {
            "shared_accounts": EdgeSpec("AdAccount", _pixel_shared_accounts, **ACCOUNT_EDGE),
        },
    ),
    "Campaign": NodeType(
        "Campaign",
        ("id",),
        {
            **_simple("id", "name", "account_id", "status"),
            "configured_status": _attr("status"),
            "effective_status": _attr("status"),
        },
    ),
    "AdSet": NodeType(
        "AdSet",
        ("id",),
        {
            **_simple("id", "name", "account_id", "campaign_id", "status", "effective_status"),
            "configured_status": _attr("status"),
            "start_time": lambda ctx, s: iso(s.start_time),
            "end_time": lambda ctx, s: iso(s.end_time),
            "adset_schedule": _adset_schedule,
        },
    ),
    "Ad": NodeType(
        "Ad",
        ("id",),
        {
            **_simple(
                "id", "name", "account_id", "adset_id", "campaign_id", "configured_status", "effective_status"
            ),
            "status": _attr("configured_status"),
            "adset": lambda ctx, ad: Ref("AdSet", ctx.world.adsets[ad.adset_id]),
            "campaign": lambda ctx, ad: Ref("Campaign", ctx.world.campaigns[ad.campaign_id]),
            "creative": lambda ctx, ad: Ref("AdCreative", {"id": f"1{ad.id}", "actor_id": ad.actor_id}),
        },
    ),
    "ProductSet": NodeType("ProductSet", ("id", "name"), _simple("id", "name")),
}
for _name in ("AdVolume", "AdAccountUser", "AssignedUser", "BusinessUser", "Permission", "AdCreative"):
    NODE_TYPES[_name] = NodeType(_name, (), dict_items=True, id_of=lambda row: str(row.get("id", "")))

# Scopes a token needs to read a node type at the root of a call (any one of them).
READ_SCOPES: dict[str, Sequence[str]] = {
    "AdAccount": ("ads_read", "ads_management"),
    "Campaign": ("ads_read", "ads_management"),
    "AdSet": ("ads_read", "ads_management"),
    "Ad": ("ads_read", "ads_management"),
    "Business": ("business_management",),
    "AdsPixel": ("ads_read", "ads_management", "business_management"),
}
