"""Tasks on ad accounts and Pages, and the roles Facebook names for task sets ("Business Manager API", Ad Accounts)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

TASK_ORDER: tuple[str, ...] = ("MANAGE", "ADVERTISE", "ANALYZE", "DRAFT", "AA_ANALYZE")
AD_ACCOUNT_TASKS = frozenset(TASK_ORDER)
# A task only makes sense with the tasks it builds on (Facebook answers 100 / 1752129 otherwise).
TASK_REQUIRES: Mapping[str, frozenset[str]] = {
    "MANAGE": frozenset({"ADVERTISE", "ANALYZE"}),
    "ADVERTISE": frozenset({"ANALYZE"}),
}
# A Page's tasks (``tasks`` on ``me/accounts``) that let a person run ads for it.
PAGE_ADVERTISE_TASKS = frozenset({"ADVERTISE", "MANAGE"})


class Role(StrEnum):
    """The roles Facebook's documents name for ad account task sets."""

    ADMIN = "ADMIN"
    GENERAL_USER = "GENERAL_USER"
    REPORTING_ONLY = "REPORTING_ONLY"


ROLE_TASKS: Mapping[Role, frozenset[str]] = {
    Role.ADMIN: frozenset({"MANAGE", "ADVERTISE", "ANALYZE"}),
    Role.GENERAL_USER: frozenset({"ADVERTISE", "ANALYZE"}),
    Role.REPORTING_ONLY: frozenset({"ANALYZE"}),
}


def ordered_tasks(tasks: Iterable[str]) -> list[str]:
    """Tasks in Facebook's usual order (MANAGE first); unknown ones last, alphabetically."""
    given = set(tasks)
    return [t for t in TASK_ORDER if t in given] + sorted(given - AD_ACCOUNT_TASKS)


def role_of(tasks: Iterable[str]) -> Role | None:
    """The named role a task set is, or None (no access, or a custom set)."""
    task_set = frozenset(tasks)
    return next((role for role, role_tasks in ROLE_TASKS.items() if role_tasks == task_set), None)


def unknown_tasks(tasks: Iterable[str]) -> list[str]:
    return sorted(set(tasks) - AD_ACCOUNT_TASKS)


def missing_requirements(tasks: Iterable[str]) -> dict[str, list[str]]:
    """Task → the tasks it needs that the set lacks (empty when the set is consistent)."""
    task_set = frozenset(tasks)
    return {
        task: ordered_tasks(needs - task_set)
        for task, needs in TASK_REQUIRES.items()
        if task in task_set and needs - task_set
    }


def can_advertise(ad_account_tasks: Iterable[str]) -> bool:
    """Whether a person with these tasks on an ad account may run ads with it (ADVERTISE, which MANAGE implies)."""
    return bool({"ADVERTISE", "MANAGE"} & set(ad_account_tasks))


def grantable_tasks(held: Iterable[str], permitted: Iterable[str] | None = None) -> list[str]:
    """The tasks a person may give others on an ad account: only with MANAGE, and only tasks they hold themselves
    (within ``permitted``, the tasks the account's edge says are assignable, when Graph gave them)."""
    own = set(held)
    if "MANAGE" not in own:
        return []
    return ordered_tasks(own & set(permitted) if permitted is not None else own)


def can_advertise_page(page_tasks: Iterable[str]) -> bool:
    """Whether a person with these tasks on a Page may run ads for it."""
    return bool(PAGE_ADVERTISE_TASKS & set(page_tasks))
