"""Stores (tenants): who may open which store, and each store's plan. ``python -m core.stores`` administers them.

Model: :class:`StoreInfo`, the plans' default limits, the errors. Use cases: :func:`create_store`,
:func:`add_member`, :func:`set_plan_limit`, :func:`set_website_domain` (the store's website, a store setting).
Reads: :func:`stores_for_member`, :func:`store_website_domain`.
"""

from core.stores.model import (
    DEFAULT_PLAN_LIMITS,
    InvalidWebsiteDomain,
    StoreInfo,
    StoreNotFound,
    UnknownPlan,
    website_domain,
)
from core.stores.queries import store_website_domain, stores_for_member
from core.stores.services import SET_WEBSITE_DOMAIN, add_member, create_store, set_plan_limit, set_website_domain

__all__ = [
    "DEFAULT_PLAN_LIMITS",
    "SET_WEBSITE_DOMAIN",
    "InvalidWebsiteDomain",
    "StoreInfo",
    "StoreNotFound",
    "UnknownPlan",
    "add_member",
    "create_store",
    "set_plan_limit",
    "set_website_domain",
    "store_website_domain",
    "stores_for_member",
    "website_domain",
]
