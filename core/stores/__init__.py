"""Stores (tenants), their members with roles, and plans (docs/RULES.md, "Stores and plans", "Roles in a store").
``python -m core.stores`` administers them.

Model (:mod:`.model`): roles and what each may do, the errors. Access (:mod:`.access`): :func:`require` and
:func:`check`, which every use case calls before it changes anything. Use cases (:mod:`.services`):
:func:`add_member`, :func:`set_role`, :func:`remove_member`, :func:`set_plan`, :func:`remember_store`,
:func:`remember_language`, :func:`set_website_domain` (the store's website, used by Domain Settings); an operator's
:func:`create_store` and :func:`set_plan_limit`. Reads (:mod:`.queries`): :func:`stores_for_member`,
:func:`members`, :func:`chosen_store`, :func:`chosen_language`, :func:`store_website_domain`.
"""

from core.stores.access import check, require
from core.stores.model import (
    DEFAULT_PLAN_LIMITS,
    InvalidWebsiteDomain,
    Member,
    MembershipRefused,
    NotAllowed,
    NotAMember,
    Permission,
    PlanTooSmall,
    StoreAccessRefused,
    StoreInfo,
    StoreNotFound,
    StoreRole,
    UnknownPlan,
    allows,
    website_domain,
)
from core.stores.queries import chosen_language, chosen_store, members, store_website_domain, stores_for_member
from core.stores.services import (
    SET_WEBSITE_DOMAIN,
    add_member,
    create_store,
    email_of,
    remember_language,
    remember_store,
    remove_member,
    set_plan,
    set_plan_limit,
    set_role,
    set_website_domain,
)

__all__ = [
    "DEFAULT_PLAN_LIMITS",
    "SET_WEBSITE_DOMAIN",
    "InvalidWebsiteDomain",
    "Member",
    "MembershipRefused",
    "NotAMember",
    "NotAllowed",
    "Permission",
    "PlanTooSmall",
    "StoreAccessRefused",
    "StoreInfo",
    "StoreNotFound",
    "StoreRole",
    "UnknownPlan",
    "add_member",
    "allows",
    "check",
    "chosen_language",
    "chosen_store",
    "create_store",
    "email_of",
    "members",
    "remember_language",
    "remember_store",
    "remove_member",
    "require",
    "set_plan",
    "set_plan_limit",
    "set_role",
    "set_website_domain",
    "store_website_domain",
    "stores_for_member",
    "website_domain",
]
