"""What each Graph node type has: its fields, its edges and its default fields, as one table.

Fields are small functions ``(ctx, obj) -> value``; edges name the listing functions of
:mod:`core.sandbox.handlers_read`, which return only what the caller may see.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from core.sandbox import rules
from core.sandbox.graph_fields import EdgeSpec, NodeType, Ref
from core.sandbox.handlers_read import (
    account_tasks,
    accounts_of_business,
    ad_objects,
    ads_volume_rows,
    assigned_users,
    business_relation,
    business_role,
    iso,
    owned_domains,
    pages_of_business,
    pending_accounts,
    people_rows,
    permissions,
    pixel_event_stats,
    pixel_shared_accounts,
    pixel_stats,
    pixels_of_business,
    user_assigned_accounts,
)
from core.sandbox.world import AdSet, World


def _attr(name: str) -> Any:
    return lambda ctx, obj: getattr(obj, name)


def _simple(*names: str) -> dict[str, Any]:
    return {n: _attr(n) for n in names}


ACCOUNT_EDGE = {"default_fields": ("id", "account_id")}
AD_OBJECTS = (("ads", "Ad"), ("adsets", "AdSet"), ("campaigns", "Campaign"))


def _business(ctx: Any, business_id: str | None) -> Ref | None:
    business = ctx.world.businesses.get(business_id or "")
    return Ref("Business", business) if business else None


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
            "business": lambda ctx, a: _business(ctx, a.owner_business),
            "owner": lambda ctx, a: a.owner_business or a.owner_user,
            "funding_source_details": lambda ctx, a: (
                {"id": a.funding_source, "display_string": "Visa *1234", "type": 1} if a.funding_source else None
            ),
            "timezone_name": lambda ctx, a: rules.TIMEZONES.get(a.timezone_id, "America/Los_Angeles"),
            "user_tasks": lambda ctx, a: account_tasks(ctx, a),
            "is_personal": lambda ctx, a: 1 if a.owner_business is None else 0,
            "created_time": lambda ctx, a: iso(a.created_time),
            "end_advertiser_name": lambda ctx, a: _entity_name(ctx, a.end_advertiser),
            "tos_accepted": lambda ctx, a: {"web_custom_audience_tos": 1, "custom_audience_tos": 1},
            "sandbox_is_bulk": _attr("is_bulk"),
            "sandbox_ads_limit": lambda ctx, a: rules.ADS_LIMIT_BULK if a.is_bulk else rules.ADS_LIMIT_REGULAR,
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
    return [{"start_minute": 1080, "end_minute": 1380, "days": [0, 1, 2, 3, 4, 5, 6], "timezone_type": "USER"}]


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
                user_assigned_accounts,
                relation=lambda ctx, u, a: {"tasks": list(a.user_tasks.get(u.id, []))},
                default_fields=("id", "account_id", "tasks"),
                total=lambda ctx, u: sum(1 for a in ctx.world.ad_accounts.values() if u.id in a.user_tasks),
            ),
            "permissions": EdgeSpec("Permission", permissions, cacheable=False),
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
                lambda ctx, b: accounts_of_business(ctx, b, agency=False),
                relation=business_relation,
                **ACCOUNT_EDGE,
            ),
            "client_ad_accounts": EdgeSpec(
                "AdAccount",
                lambda ctx, b: accounts_of_business(ctx, b, agency=True),
                relation=business_relation,
                **ACCOUNT_EDGE,
            ),
            "pending_owned_ad_accounts": EdgeSpec(
                "AdAccount", pending_accounts, relation=business_relation, **ACCOUNT_EDGE
            ),
            "owned_pages": EdgeSpec("Page", lambda ctx, b: pages_of_business(ctx, b, client=False)),
            "client_pages": EdgeSpec("Page", lambda ctx, b: pages_of_business(ctx, b, client=True)),
            "adspixels": EdgeSpec("AdsPixel", pixels_of_business),
            "owned_pixels": EdgeSpec("AdsPixel", pixels_of_business),
            "owned_domains": EdgeSpec("OwnedDomain", owned_domains),
            "extendedcredits": EdgeSpec(
                "ExtendedCredit",
                lambda ctx, b: (
                    [c for c in ctx.world.extended_credits.values() if c.owner_business == b.id]
                    if business_role(ctx, b)
                    else []
                ),
            ),
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
            **{edge: EdgeSpec(target, partial(ad_objects, edge=edge)) for edge, target in AD_OBJECTS},
            "users": EdgeSpec("AdAccountUser", lambda ctx, a: people_rows(ctx, a)),
            "assigned_users": EdgeSpec("AssignedUser", assigned_users),
            "adspixels": EdgeSpec(
                "AdsPixel",
                lambda ctx, a: [p for p in ctx.world.pixels.values() if a.account_id in p.shared_accounts],
            ),
            "ads_volume": EdgeSpec("AdVolume", ads_volume_rows, cacheable=False),
        },
    ),
    "Page": NodeType(
        "Page",
        ("id", "name"),
        {
            **_simple("id", "name", "category", "is_published", "username"),
            "business": lambda ctx, p: _business(ctx, p.owner_business),
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
            "owner_business": lambda ctx, p: _business(ctx, p.owner_business),
            "event_stats": pixel_event_stats,
            # deprecated: invented before the product read owned_domains, last_fired_time and event_stats
            "sandbox_domain": _attr("domain"),
            "sandbox_domain_verified": _attr("domain_verified"),
            "sandbox_configured_events": lambda ctx, p: list(p.configured_events),
        },
        {
            "shared_accounts": EdgeSpec("AdAccount", pixel_shared_accounts, **ACCOUNT_EDGE),
            "stats": EdgeSpec("AdsPixelStatsResult", pixel_stats, cacheable=False),
        },
    ),
    "ExtendedCredit": NodeType(
        "ExtendedCredit",
        ("id",),
        {
            **_simple("id", "legal_entity_name", "credit_type", "is_access_revoked"),
            "owner_business": lambda ctx, c: _business(ctx, c.owner_business),
            "owner_business_name": lambda ctx, c: ctx.world.businesses[c.owner_business].name,
            "max_balance": lambda ctx, c: {"amount": f"{c.max_balance / 100:.2f}", "currency": c.currency},
        },
    ),
    "OwnedDomain": NodeType(
        "OwnedDomain",
        ("id", "domain_name"),
        {
            **_simple("id", "domain_name", "status"),
            "owner_business": lambda ctx, d: _business(ctx, d.owner_business),
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
            **_simple("id", "name", "account_id", "adset_id", "campaign_id", "configured_status", "effective_status"),
            "status": _attr("configured_status"),
            "adset": lambda ctx, ad: Ref("AdSet", ctx.world.adsets[ad.adset_id]),
            "campaign": lambda ctx, ad: Ref("Campaign", ctx.world.campaigns[ad.campaign_id]),
            "creative": lambda ctx, ad: Ref("AdCreative", {"id": f"1{ad.id}", "actor_id": ad.actor_id}),
        },
    ),
    "ProductSet": NodeType("ProductSet", ("id", "name"), _simple("id", "name")),
}
# Edge items that are plain rows (every key a field), not world objects.
ROW_TYPES = (
    "AdVolume",
    "AdAccountUser",
    "AssignedUser",
    "BusinessUser",
    "Permission",
    "AdCreative",
    "AdsPixelStatsResult",
)
for _name in ROW_TYPES:
    NODE_TYPES[_name] = NodeType(_name, (), dict_items=True, id_of=lambda row: str(row.get("id", "")))

# Scopes a token needs to read a node type, or "type/edge", at the root of a call (any one of them).
READ_SCOPES: dict[str, Sequence[str]] = {
    "User/adaccounts": ("ads_read", "ads_management"),
    "User/assigned_ad_accounts": ("ads_read", "ads_management"),
    "User/businesses": ("business_management",),
    "AdAccount": ("ads_read", "ads_management"),
    "Campaign": ("ads_read", "ads_management"),
    "AdSet": ("ads_read", "ads_management"),
    "Ad": ("ads_read", "ads_management"),
    "Business": ("business_management",),
    "AdsPixel": ("ads_read", "ads_management", "business_management"),
    "OwnedDomain": ("business_management",),
    "ExtendedCredit": ("business_management",),
}
