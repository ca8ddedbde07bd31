"""Roles and tasks in the marketer's words (docs/RULES.md, "People and tasks"): what a cell of the permissions
matrix says, and the task set it stands for.

``Admin`` = MANAGE+ADVERTISE+ANALYZE, ``General user`` = ADVERTISE+ANALYZE, ``Reporting only`` = ANALYZE, any other
valid set in words (``Custom: see results and draft ads``), ``No access``; a cell whose ad account's people the
viewer can't see is ``Unknown``. Facebook's task codes appear only through :func:`task_codes`, for a details area.

A label is data (the grid's cells, the CSV, the edits) and stays in English; :func:`role_text` says it in the
viewer's language where a person reads it.
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
from core.shared.i18n import N_, _
from core.shared.words import listing

ADMIN = N_("Admin")
GENERAL_USER = N_("General user")
REPORTING_ONLY = N_("Reporting only")
NO_ACCESS = N_("No access")
UNKNOWN = N_("Unknown")  # the viewer can't see who has access to this ad account
CUSTOM_PREFIX = "Custom: "
ROLE_TASKS: Mapping[str, frozenset[str]] = {
    ADMIN: FACEBOOK_ROLES[Role.ADMIN],
    GENERAL_USER: FACEBOOK_ROLES[Role.GENERAL_USER],
    REPORTING_ONLY: FACEBOOK_ROLES[Role.REPORTING_ONLY],
    NO_ACCESS: frozenset(),
}
ROLE_LABELS: tuple[str, ...] = tuple(ROLE_TASKS)
ROLE_WORDS: Mapping[str, str] = {  # shown with _(ROLE_WORDS[label])
    ADMIN: N_("manages the ad account and its people, creates ads and sees results"),
    GENERAL_USER: N_("creates and edits ads and sees results"),
    REPORTING_ONLY: N_("sees results"),
    NO_ACCESS: N_("has no access"),
}
# Facebook's ad account tasks in the marketer's words (the codes only in a details area).
TASK_WORDS: Mapping[str, str] = {  # shown with _(TASK_WORDS[task])
    "MANAGE": N_("manage the ad account and its people"),
    "ADVERTISE": N_("create and edit ads"),
    "ANALYZE": N_("see results"),
    "DRAFT": N_("draft ads"),
    "AA_ANALYZE": N_("use advanced analytics"),
}

Tasks = frozenset[str]


class InvalidTaskSet(DomainError):
    """A cell asks for tasks Facebook won't accept; ``user_message`` says why in plain words."""


ordered = ordered_tasks


def _task_word(task: str) -> str:
    return TASK_WORDS.get(task, task.lower().replace("_", " "))


def task_words(tasks: Iterable[str]) -> str:
    """``see results and draft ads``: the tasks in words, in Facebook's order, in the viewer's language."""
    return listing([_(TASK_WORDS[t]) if t in TASK_WORDS else _task_word(t) for t in ordered(tasks)])


def role_label(tasks: Iterable[str]) -> str:
    """``Admin``, ``General user``, ``Reporting only``, ``No access`` or ``Custom: see results and draft ads``:
    the label (data, in English) of a task set."""
    task_set = frozenset(tasks)
    for label, role in ROLE_TASKS.items():
        if task_set == role:
            return label
    named = [_task_word(t) for t in ordered(task_set)]
    joined = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    return CUSTOM_PREFIX + joined


def role_text(label: str) -> str:
    """A cell's label as a person reads it, in the viewer's language (``Custom: …`` with its tasks in words)."""
    if label in ROLE_TASKS or label == UNKNOWN:
        return _(label)
    tasks = _LABELS.get(label.casefold())
    if tasks and label.startswith(CUSTOM_PREFIX):
        return _("Custom: {tasks}").format(tasks=task_words(tasks))
    return label


def task_codes(label: str) -> str:
    """The task codes a cell label stands for (``MANAGE, ADVERTISE, ANALYZE``), for a details area."""
    tasks = _LABELS.get(label.casefold())
    return ", ".join(ordered(tasks)) if tasks else _("none")


def task_set_problem(tasks: Iterable[str]) -> str | None:
    """Why Facebook would refuse this task set, or ``None`` when it is valid (the empty set is "no access")."""
    unknown = unknown_tasks(tasks)
    if unknown:
        named = ", ".join(inputs.shown(t, 20) for t in unknown)
        return _("{tasks} isn't an ad account task. Use {codes}.").format(tasks=named, codes=", ".join(TASK_ORDER))
    for task, needs in missing_requirements(tasks).items():
        return _("“{task}” also needs “{needs}” ({code} also needs {codes}). Pick a role such as {role}.").format(
            task=_(TASK_WORDS[task]).capitalize(),
            needs=task_words(needs),
            code=task,
            codes=" and ".join(needs),
            role=_(ADMIN),
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
    if tasks is None:  # a role written in the viewer's language
        tasks = next((ROLE_TASKS[r] for r in ROLE_TASKS if _(r).casefold() == text.casefold()), None)
    if tasks is not None:
        problem = task_set_problem(tasks)
    elif text.startswith(CUSTOM_PREFIX.rstrip()):
        tasks = frozenset(t.strip().upper() for t in text.removeprefix(CUSTOM_PREFIX.rstrip()).split(",") if t.strip())
        problem = task_set_problem(tasks) if tasks else _("It names no task.")
    else:
        raise InvalidTaskSet(
            _("“{text}” isn't a role. Choose {admin}, {general}, {reporting} or {none}.").format(
                text=inputs.shown(text),
                admin=_(ADMIN),
                general=_(GENERAL_USER),
                reporting=_(REPORTING_ONLY),
                none=_(NO_ACCESS),
            )
        )
    if problem:
        raise InvalidTaskSet(
            _("“{text}” isn't a set of tasks Facebook accepts. {problem}").format(
                text=inputs.shown(text), problem=problem
            )
        )
    return tasks
