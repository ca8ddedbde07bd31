"""Stores (tenants), their members with a role each, and plans, in the product's words (docs/RULES.md, "Stores and
plans", "Roles in a store")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from core.shared import DomainError, inputs
from core.shared.i18n import N_, _

# Mirrors the rows the first migration seeds into ``plans``; the database rows are what counts.
DEFAULT_PLAN_LIMITS: Mapping[str, int] = {"free": 1, "basic": 5, "pro": 20, "enterprise": 100}


class StoreRole(StrEnum):
    """A member's role in one store."""

    OWNER = "owner"
    ADMIN = "admin"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return _(_ROLE_LABELS[self])

    @property
    def noun(self) -> str:
        """The role in the middle of a sentence ("as a viewer of this store")."""
        return _(_ROLE_NOUNS[self])

    @property
    def description(self) -> str:
        return _(_ROLE_WORDS[self])


_ROLE_LABELS = {StoreRole.OWNER: N_("Owner"), StoreRole.ADMIN: N_("Admin"), StoreRole.VIEWER: N_("Viewer")}
_ROLE_NOUNS = {StoreRole.OWNER: N_("owner"), StoreRole.ADMIN: N_("admin"), StoreRole.VIEWER: N_("viewer")}
_ROLE_WORDS = {
    StoreRole.OWNER: N_("manages the store's members and settings, and can do everything an admin can"),
    StoreRole.ADMIN: N_("connects and disconnects assets, changes permissions and ad accounts"),
    StoreRole.VIEWER: N_("sees everything, changes nothing"),
}


class Permission(StrEnum):
    """What a use case needs the acting member to be allowed."""

    VIEW = "view"  # read the store, refresh what Facebook says
    BIND = "bind"  # connect Facebook, bind and disconnect assets
    PERMISSIONS = "permissions"  # change who may do what on ad accounts
    AD_ACCOUNTS = "ad_accounts"  # claim, create, remove, DSA defaults, spend cap, bulk
    MANAGE_STORE = "manage_store"  # members, alerts, store settings

    @property
    def what(self) -> str:
        """The action in words, for a refusal: "Your role can't …"."""
        return _(_PERMISSION_WORDS[self])


_PERMISSION_WORDS = {
    Permission.VIEW: N_("see this store"),
    Permission.BIND: N_("connect or disconnect assets"),
    Permission.PERMISSIONS: N_("change who may do what on ad accounts"),
    Permission.AD_ACCOUNTS: N_("change ad accounts"),
    Permission.MANAGE_STORE: N_("change the store's members and settings"),
}

ROLE_PERMISSIONS: Mapping[StoreRole, frozenset[Permission]] = {
    StoreRole.OWNER: frozenset(Permission),
    StoreRole.ADMIN: frozenset(Permission) - {Permission.MANAGE_STORE},
    StoreRole.VIEWER: frozenset({Permission.VIEW}),
}


def allows(role: StoreRole, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def lowest_role_allowed(permission: Permission) -> StoreRole:
    return next(r for r in (StoreRole.VIEWER, StoreRole.ADMIN, StoreRole.OWNER) if allows(r, permission))


class StoreNotFound(DomainError):
    pass


class UnknownPlan(DomainError):
    pass


class StoreAccessRefused(DomainError):
    """The acting person may not do this in this store; nothing was changed."""


class NotAMember(StoreAccessRefused):
    pass


class NotAllowed(StoreAccessRefused):
    def __init__(self, role: StoreRole, permission: Permission) -> None:
        needed = lowest_role_allowed(permission)
        super().__init__(
            _(
                "As a {role} of this store you can't {action}: that needs the {needed} role. Ask an owner of the "
                "store to change your role."
            ).format(role=role.noun, action=permission.what, needed=needed.noun)
        )
        self.role, self.permission = role, permission


class MembershipRefused(DomainError):
    """A change of members the store's rules refuse (the last owner, an unknown member, a bad email)."""


class PlanTooSmall(DomainError):
    """A plan change would leave the store with more bound ad accounts than the plan allows."""


class InvalidWebsiteDomain(DomainError):
    pass


_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$", re.ASCII)


def website_domain(raw: str) -> str:
    """The store's website as a bare host name, lower-cased (``shop.example.com``); a scheme, path, port or
    anything else than a host name (ASCII letters, digits and hyphens) is refused with what to type instead."""
    text = str(raw or "").strip().lower().rstrip(".")
    example = _("Type only the host name, e.g. shop.example.com (no https://, no path).")
    typed = inputs.shown(str(raw or "").strip())
    if not text:
        raise InvalidWebsiteDomain(_("Enter the store's website domain. {example}").format(example=example))
    if "://" in text or "/" in text or "?" in text or "#" in text or ":" in text or "@" in text or " " in text:
        raise InvalidWebsiteDomain(_("“{typed}” is not a bare domain. {example}").format(typed=typed, example=example))
    labels = text.split(".")
    if len(text) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise InvalidWebsiteDomain(
            _(
                "“{typed}” is not a website domain: it needs at least one dot and only letters, digits and hyphens "
                "(a-z, 0-9 and -; an international domain in its xn-- form). {example}"
            ).format(typed=typed, example=example)
        )
    if labels[-1].isdigit():
        raise InvalidWebsiteDomain(
            _("“{typed}” is an IP address, not a domain. {example}").format(typed=typed, example=example)
        )
    return text


@dataclass(frozen=True)
class StoreInfo:
    id: int
    name: str
    plan: str
    role: StoreRole = StoreRole.OWNER
    website_domain: str | None = None


@dataclass(frozen=True)
class Member:
    email: str
    role: StoreRole
