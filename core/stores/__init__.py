"""Stores (tenants), their members with roles, and plans (docs/RULES.md, "Stores and plans", "Roles in a store").
``python -m core.stores`` administers them.

Model (:mod:`.model`): roles and what each may do, the errors. Access (:mod:`.access`): :func:`require` and
:func:`check`, which every use case calls before it changes anything. Use cases (:mod:`.services`):
:func:`add_member`, :func:`set_role`, :func:`remove_member`, :func:`set_plan`, :func:`remember_store`; an
operator's :func:`create_store` and :func:`set_plan_limit`. Reads (:mod:`.queries`): :func:`stores_for_member`,
:func:`members`, :func:`chosen_store`.
"""

from core.stores.access import check, require
from core.stores.model import (
    DEFAULT_PLAN_LIMITS,
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
)
from core.stores.queries import chosen_store, members, stores_for_member
from core.stores.services import (
    add_member,
    create_store,
    email_of,
    remember_store,
    remove_member,
    set_plan,
    set_plan_limit,
    set_role,
)

__all__ = [
    "DEFAULT_PLAN_LIMITS",
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
    "chosen_store",
    "create_store",
    "email_of",
    "members",
    "remember_store",
    "remove_member",
    "require",
    "set_plan",
    "set_plan_limit",
    "set_role",
    "stores_for_member",
]
