"""Stores (tenants), their members and plans, in the product's words."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from core.shared import DomainError

# Mirrors the rows the first migration seeds into ``plans``; the database rows are what counts.
DEFAULT_PLAN_LIMITS: Mapping[str, int] = {"free": 1, "basic": 5, "pro": 20, "enterprise": 100}


class StoreNotFound(DomainError):
    pass


class UnknownPlan(DomainError):
    pass


class InvalidWebsiteDomain(DomainError):
    pass


_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def website_domain(raw: str) -> str:
    """The store's website as a bare host name, lower-cased (``shop.example.com``); a scheme, path, port or
    anything else than a host name is refused with what to type instead."""
    text = str(raw or "").strip().lower().rstrip(".")
    example = "Type only the host name, e.g. shop.example.com (no https://, no path)."
    if not text:
        raise InvalidWebsiteDomain(f"Enter the store's website domain. {example}")
    if "://" in text or "/" in text or "?" in text or "#" in text or ":" in text or "@" in text or " " in text:
        raise InvalidWebsiteDomain(f"“{raw.strip()}” is not a bare domain. {example}")
    labels = text.split(".")
    if len(text) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise InvalidWebsiteDomain(
            f"“{raw.strip()}” is not a website domain: it needs at least one dot and only letters, digits and "
            f"hyphens. {example}"
        )
    if labels[-1].isdigit():
        raise InvalidWebsiteDomain(f"“{raw.strip()}” is an IP address, not a domain. {example}")
    return text


@dataclass(frozen=True)
class StoreInfo:
    id: int
    name: str
    plan: str
    website_domain: str | None = None
