"""Stores (tenants): who may open which store, and each store's plan. ``python -m core.stores`` administers them.

Model: :class:`StoreInfo`, the plans' default limits, the errors. Use cases: :func:`create_store`,
:func:`add_member`, :func:`set_plan_limit`. Reads: :func:`stores_for_member`.
"""

from core.stores.model import DEFAULT_PLAN_LIMITS, StoreInfo, StoreNotFound, UnknownPlan
from core.stores.queries import stores_for_member
from core.stores.services import add_member, create_store, set_plan_limit

__all__ = [
    "DEFAULT_PLAN_LIMITS",
    "StoreInfo",
    "StoreNotFound",
    "UnknownPlan",
    "add_member",
    "create_store",
    "set_plan_limit",
    "stores_for_member",
]
