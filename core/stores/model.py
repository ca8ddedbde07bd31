"""Stores (tenants), their members and plans, in the product's words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.shared import DomainError

# Mirrors the rows the first migration seeds into ``plans``; the database rows are what counts.
DEFAULT_PLAN_LIMITS: Mapping[str, int] = {"free": 1, "basic": 5, "pro": 20, "enterprise": 100}


class StoreNotFound(DomainError):
    pass


class UnknownPlan(DomainError):
    pass


@dataclass(frozen=True)
class StoreInfo:
    id: int
    name: str
    plan: str
