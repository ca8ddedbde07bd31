"""Roles and tasks in the marketer's words (docs/RULES.md, "People and tasks"): what a cell of the permissions
matrix says, and the task set it stands for.

``Admin`` = MANAGE+ADVERTISE+ANALYZE, ``General user`` = ADVERTISE+ANALYZE, ``Reporting only`` = ANALYZE, any other
valid set in words (``Custom: see results and draft ads``), ``No access``; a cell whose ad account's people the
viewer can't see is ``Unknown``. Facebook's task codes appear only through :func:`task_codes`, for a details area.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations

from core.graph.facebook import ROLE_TASKS as FACEBOOK_ROLES
from core.graph.facebook import (
    TASK_ORDER,
    Role,
    missing_requirements,
    ordered_tasks,
    unknown_tasks,
)
from core.shared import DomainError, inputs
from core.shared.words import listing

ADMIN = "Admin"
GENERAL_USER = "General user"
REPORTING_ONLY = "Reporting only"
NO_ACCESS = "No access"
UNKNOWN = "Unknown"  # the viewer can't see who has access to this ad account
CUSTOM_PREFIX = "Custom: "
ROLE_TASKS: Mapping[str, frozenset[str]] = {
    ADMIN: FACEBOOK_ROLES[Role.ADMIN],
    GENERAL_USER: FACEBOOK_ROLES[Role.GENERAL_USER],
    REPORTING_ONLY: FACEBOOK_ROLES[Role.REPORTING_ONLY],
    NO_ACCESS: frozenset(),
}
ROLE_LABELS: tuple[str, ...] = tuple(ROLE_TASKS)
ROLE_WORDS: Mapping[str, str] = {
    ADMIN: "manages the ad account and its people, creates ads and sees results",
    GENERAL_USER: "creates and edits ads and sees results",
    REPORTING_ONLY: "sees results",
    NO_ACCESS: "has no access",
}
# Facebook's ad account tasks in the marketer's words (the codes only in a details area).
TASK_WORDS: Mapping[str, str] = {
    "MANAGE": "manage the ad account and its people",
    "ADVERTISE": "create and edit ads",
    "ANALYZE": "see results",
    "DRAFT": "draft ads",
    "AA_ANALYZE": "use advanced analytics",
}

Tasks = frozenset[str]


class InvalidTaskSet(DomainError):
    """A cell asks for tasks Facebook won't accept; ``user_message`` says why in plain words."""


ordered = ordered_tasks


def task_words(tasks: Iterable[str]) -> str:
    """``see results and draft ads``: the tasks in words, in Facebook's order."""
    return listing([TASK_WORDS.get(t, t.lower().replace("_", " ")) for t in ordered(tasks)])


def role_label(tasks: Iterable[str]) -> str:
    """``Admin``, ``General user``, ``Reporting only``, ``No access`` or ``Custom: see results and draft ads``."""
    task_set = frozenset(tasks)
    for label, role in ROLE_TASKS.items():
        if task_set == role:
            return label
    return CUSTOM_PREFIX + task_words(task_set)


def task_codes(label: str) -> str:
    """The task codes a cell label stands for (``MANAGE, ADVERTISE, ANALYZE``), for a details area."""
    tasks = _LABELS.get(label.casefold())
    return ", ".join(ordered(tasks)) if tasks else "none"


def task_set_problem(tasks: Iterable[str]) -> str | None:
    """Why Facebook would refuse this task set, or ``None`` when it is valid (the empty set is "no access")."""
    unknown = unknown_tasks(tasks)
    if unknown:
        named = ", ".join(inputs.shown(t, 20) for t in unknown)
        return f"{named} isn't an ad account task. Use {', '.join(TASK_ORDER)}."
    for task, needs in missing_requirements(tasks).items():
        return (
            f"“{TASK_WORDS[task].capitalize()}” also needs “{task_words(needs)}” ({task} also needs "
            f"{' and '.join(needs)}). Pick a role such as {ADMIN}."
        )
    return None


# Every label a cell may hold, casefolded: the roles, each set of known tasks in words, and the same sets written
# with Facebook's codes (``Custom: ANALYZE, DRAFT``, as older exports wrote them).
_LABELS: dict[str, Tasks] = {label.casefold(): tasks for label, tasks in ROLE_TASKS.items()}
for _size in range(1, len(TASK_ORDER) + 1):
    for _combo in combinations(TASK_ORDER, _size):
        _LABELS.setdefault(role_label(_combo).casefold(), frozenset(_combo))


def label_tasks(label: str) -> Tasks | None:
    """The task set of a label in words or codes, or None when it names none (no check of Facebook's rules)."""
    return _LABELS.get(label.strip().casefold())


def tasks_of(label: str | None) -> Tasks:
    """The task set a cell label stands for; raises :class:`InvalidTaskSet` for anything Facebook would refuse."""
    text = (label or "").strip() or NO_ACCESS
    tasks = _LABELS.get(text.casefold())
    if tasks is not None:
        problem = task_set_problem(tasks)
    elif text.startswith(CUSTOM_PREFIX.rstrip()):
        tasks = frozenset(t.strip().upper() for t in text.removeprefix(CUSTOM_PREFIX.rstrip()).split(",") if t.strip())
        problem = task_set_problem(tasks) if tasks else "It names no task."
    else:
        raise InvalidTaskSet(
            f"“{inputs.shown(text)}” isn't a role. Choose {ADMIN}, {GENERAL_USER}, {REPORTING_ONLY} or {NO_ACCESS}."
        )
    if problem:
        raise InvalidTaskSet(f"“{inputs.shown(text)}” isn't a set of tasks Facebook accepts. {problem}")
    return tasks
