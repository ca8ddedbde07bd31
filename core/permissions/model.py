"""Who may do what on the store's ad accounts: the people × ad accounts matrix, its diff and Facebook's rules.

No Graph, no database, no Streamlit here: :mod:`.graph` loads a :class:`Matrix` from Graph and applies
:class:`CellChange` s; the page edits role labels. A cell is a task set (docs/RULES.md, "People and tasks"):
``Admin`` = MANAGE+ADVERTISE+ANALYZE, ``General user`` = ADVERTISE+ANALYZE, ``Reporting only`` = ANALYZE, any
other valid set shown as ``Custom: <tasks>``, and ``No access``. :func:`changes_from_labels` turns an edited
matrix into changes and refusals; :func:`check_changes` applies Facebook's people rules before any call is made.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from core.graph.facebook import (
    MAX_AD_ACCOUNTS_PER_PERSON,
    MAX_PEOPLE_PER_AD_ACCOUNT,
    TASK_ORDER,
    Role,
    missing_requirements,
    ordered_tasks,
    unknown_tasks,
)
from core.graph.facebook import ROLE_TASKS as FACEBOOK_ROLES
from core.shared import DomainError, inputs

ADMIN = "Admin"
GENERAL_USER = "General user"
REPORTING_ONLY = "Reporting only"
NO_ACCESS = "No access"
CUSTOM_PREFIX = "Custom: "
ROLE_TASKS: Mapping[str, frozenset[str]] = {
    ADMIN: FACEBOOK_ROLES[Role.ADMIN],
    GENERAL_USER: FACEBOOK_ROLES[Role.GENERAL_USER],
    REPORTING_ONLY: FACEBOOK_ROLES[Role.REPORTING_ONLY],
    NO_ACCESS: frozenset(),
}
ROLE_LABELS: tuple[str, ...] = tuple(ROLE_TASKS)

Tasks = frozenset[str]


class InvalidTaskSet(DomainError):
    """A cell asks for tasks Facebook won't accept; ``user_message`` says why in plain words."""


ordered = ordered_tasks


def role_label(tasks: Iterable[str]) -> str:
    """``Admin``, ``General user``, ``Reporting only``, ``No access`` or ``Custom: ANALYZE, DRAFT``."""
    task_set = frozenset(tasks)
    for label, role in ROLE_TASKS.items():
        if task_set == role:
            return label
    return CUSTOM_PREFIX + ", ".join(ordered(task_set))


def task_set_problem(tasks: Iterable[str]) -> str | None:
    """Why Facebook would refuse this task set, or ``None`` when it is valid (the empty set is "no access")."""
    unknown = unknown_tasks(tasks)
    if unknown:
        return (
            f"{', '.join(inputs.shown(t, 20) for t in unknown)} isn't an ad account task. Use {', '.join(TASK_ORDER)}."
        )
    for task, needs in missing_requirements(tasks).items():
        return f"{task} also needs {' and '.join(needs)}. Pick a role such as {ADMIN}."
    return None


def tasks_of(label: str | None) -> Tasks:
    """The task set a cell label stands for; raises :class:`InvalidTaskSet` for anything Facebook would refuse."""
    text = (label or "").strip() or NO_ACCESS
    for name, role in ROLE_TASKS.items():
        if text.casefold() == name.casefold():
            return role
    if not text.startswith(CUSTOM_PREFIX.rstrip()):
        raise InvalidTaskSet(
            f"“{inputs.shown(text)}” isn't a role. Choose {ADMIN}, {GENERAL_USER}, {REPORTING_ONLY} or {NO_ACCESS}."
        )
    tasks = frozenset(t.strip().upper() for t in text.removeprefix(CUSTOM_PREFIX.rstrip()).split(",") if t.strip())
    problem = "It names no task." if not tasks else task_set_problem(tasks)
    if problem:
        raise InvalidTaskSet(f"“{inputs.shown(text)}” isn't a set of tasks Facebook accepts. {problem}")
    return tasks


# --- the matrix ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    business_role: str | None = None  # ADMIN / EMPLOYEE in a bound Business Manager; None if only on accounts

    @property
    def label(self) -> str:
        return f"{self.name} ({self.id})"


@dataclass(frozen=True)
class AccountColumn:
    id: str  # act_…
    name: str
    business_id: str | None = None
    editable: bool = False
    reason: str = ""  # why it is read-only (empty when editable)
    my_tasks: Tasks = frozenset()
    error: Exception | None = field(default=None, compare=False, repr=False)  # the Graph error when unreadable

    @property
    def label(self) -> str:
        """The matrix column's name: unique (it carries the ID) and readable."""
        return f"{self.name} · {self.id}"


@dataclass(frozen=True)
class Matrix:
    """What Facebook holds: people (rows) × ad accounts (columns); a missing cell is no access."""

    people: tuple[Person, ...]
    accounts: tuple[AccountColumn, ...]
    cells: Mapping[tuple[str, str], Tasks] = field(default_factory=dict)  # (person id, act_id) -> tasks

    def tasks(self, person_id: str, account_id: str) -> Tasks:
        return self.cells.get((person_id, account_id), frozenset())

    def label(self, person_id: str, account_id: str) -> str:
        return role_label(self.tasks(person_id, account_id))

    def labels(self) -> dict[tuple[str, str], str]:
        return {(p.id, a.id): self.label(p.id, a.id) for p in self.people for a in self.accounts}

    def person(self, person_id: str) -> Person:
        return next(p for p in self.people if p.id == person_id)

    def account(self, account_id: str) -> AccountColumn:
        return next(a for a in self.accounts if a.id == account_id)

    def account_by_label(self, label: str) -> AccountColumn:
        return next(a for a in self.accounts if a.label == label)

    def people_on(self, account_id: str, cells: Mapping[tuple[str, str], Tasks] | None = None) -> int:
        cells = self.cells if cells is None else cells
        return sum(1 for (_, a), t in cells.items() if a == account_id and t)

    def admins_on(self, account_id: str, cells: Mapping[tuple[str, str], Tasks] | None = None) -> int:
        cells = self.cells if cells is None else cells
        return sum(1 for (_, a), t in cells.items() if a == account_id and ROLE_TASKS[ADMIN] <= t)

    @property
    def editable_accounts(self) -> list[AccountColumn]:
        return [a for a in self.accounts if a.editable]

    def to_csv(self, labels: Mapping[tuple[str, str], str] | None = None) -> str:
        """One row per person, one column per ad account (``name · act_id``), each cell its role label."""
        labels = self.labels() if labels is None else labels
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Person", "Person ID", *(a.label for a in self.accounts)])
        for person in self.people:
            writer.writerow(
                [person.name, person.id, *(labels.get((person.id, a.id), NO_ACCESS) for a in self.accounts)]
            )
        return out.getvalue()


# --- the diff -----------------------------------------------------------------------------------------------


class ChangeKind(StrEnum):
    GAINS = "gains"
    CHANGES = "changes"
    LOSES = "loses"


@dataclass(frozen=True)
class CellChange:
    person: Person
    account: AccountColumn
    before: Tasks
    after: Tasks

    @property
    def kind(self) -> ChangeKind:
        if not self.before:
            return ChangeKind.GAINS
        return ChangeKind.LOSES if not self.after else ChangeKind.CHANGES

    @property
    def key(self) -> tuple[str, str]:
        return (self.person.id, self.account.id)

    def describe(self) -> str:
        """``Sam Seller gains Admin on Demo Outdoor – Main (act_…)`` and the like."""
        where = f"{self.account.name} ({self.account.id})"
        if self.kind is ChangeKind.GAINS:
            return f"{self.person.name} gains {role_label(self.after)} on {where}"
        if self.kind is ChangeKind.LOSES:
            return f"{self.person.name} loses {role_label(self.before)} on {where}"
        return f"{self.person.name} changes from {role_label(self.before)} to {role_label(self.after)} on {where}"


@dataclass(frozen=True)
class Refusal:
    """A change Facebook's rules forbid; nothing is sent for it. ``message`` says why and what to do."""

    person_id: str | None
    account_id: str | None
    message: str


def changes_from_labels(
    matrix: Matrix, labels: Mapping[tuple[str, str], str | None]
) -> tuple[list[CellChange], list[Refusal]]:
    """Compare edited cell labels with what Facebook holds: the changed cells, and the labels that aren't valid."""
    changes: list[CellChange] = []
    refusals: list[Refusal] = []
    for person in matrix.people:
        for account in matrix.accounts:
            label = labels.get((person.id, account.id))
            before = matrix.tasks(person.id, account.id)
            if label is None or label == role_label(before):
                continue
            try:
                after = tasks_of(label)
            except InvalidTaskSet as exc:
                refusals.append(Refusal(person.id, account.id, f"{person.name} on {account.name}: {exc}"))
                continue
            if after != before:
                changes.append(CellChange(person, account, before, after))
    return changes, refusals


def check_changes(
    matrix: Matrix, changes: Sequence[CellChange], account_counts: Mapping[str, int] | None = None
) -> list[Refusal]:
    """Every rule the changes break, before anything is sent (docs/RULES.md, "People and tasks"): read-only
    accounts, invalid task sets, more than 25 people on an ad account or 25 ad accounts for a person, an account
    left without an Admin.

    A person's ad accounts are counted from ``account_counts`` (how many ad accounts Facebook says they have
    tasks on, all of Facebook, read before the review) and never fewer than the matrix shows.
    """
    refusals: list[Refusal] = []
    after = dict(matrix.cells)
    for change in changes:
        after[change.key] = change.after
    for change in changes:
        if not change.account.editable:
            reason = change.account.reason or "You can't change people on this ad account."
            refusals.append(Refusal(change.person.id, change.account.id, f"{change.describe()}: {reason}"))
        problem = task_set_problem(change.after)
        if problem:
            refusals.append(Refusal(change.person.id, change.account.id, f"{change.describe()}: {problem}"))

    gains = [c for c in changes if c.kind is ChangeKind.GAINS]
    for account_id in dict.fromkeys(c.account.id for c in gains):
        count = matrix.people_on(account_id, after)
        if count > MAX_PEOPLE_PER_AD_ACCOUNT:
            account = matrix.account(account_id)
            added = ", ".join(c.person.name for c in gains if c.account.id == account_id)
            refusals.append(
                Refusal(
                    None,
                    account_id,
                    f"{account.name} ({account_id}) would have {count} people; Facebook allows at most "
                    f"{MAX_PEOPLE_PER_AD_ACCOUNT} per ad account. Remove someone from it first, or leave out: {added}.",
                )
            )

    counts = account_counts or {}
    for person_id in dict.fromkeys(c.person.id for c in gains):
        seen = sum(1 for (p, _), t in matrix.cells.items() if p == person_id and t)
        now = max(counts.get(person_id, 0), seen)
        mine = [c for c in changes if c.person.id == person_id]
        count = now + sum(c.kind is ChangeKind.GAINS for c in mine) - sum(c.kind is ChangeKind.LOSES for c in mine)
        if count > MAX_AD_ACCOUNTS_PER_PERSON:
            person = matrix.person(person_id)
            elsewhere = f" ({now - seen} of them outside this store)" if now > seen else ""
            added = ", ".join(c.account.name for c in mine if c.kind is ChangeKind.GAINS)
            refusals.append(
                Refusal(
                    person_id,
                    None,
                    f"{person.name} already has tasks on {now} ad accounts{elsewhere} and would be on {count}; "
                    f"Facebook allows at most {MAX_AD_ACCOUNTS_PER_PERSON} per person. Remove them from another ad "
                    f"account first, or leave out: {added}.",
                )
            )

    for account_id in dict.fromkeys(c.account.id for c in changes):
        if matrix.admins_on(account_id) and not matrix.admins_on(account_id, after):
            account = matrix.account(account_id)
            refusals.append(
                Refusal(
                    None,
                    account_id,
                    f"{account.name} ({account_id}) would be left without an Admin. Keep at least one person with "
                    f"the {ADMIN} role on every ad account.",
                )
            )
    return refusals


def preset(
    matrix: Matrix,
    labels: Mapping[tuple[str, str], str],
    role: str,
    *,
    person_id: str | None = None,
    account_id: str | None = None,
) -> dict[tuple[str, str], str]:
    """Set ``role`` on a whole row (a person) or column (an ad account); read-only accounts are left as they are."""
    if role not in ROLE_TASKS:
        raise InvalidTaskSet(f"“{inputs.shown(role)}” isn't a role. Choose {', '.join(ROLE_LABELS)}.")
    out = dict(labels)
    for person in matrix.people:
        for account in matrix.accounts:
            if account.editable and person.id == (person_id or person.id) and account.id == (account_id or account.id):
                out[(person.id, account.id)] = role
    return out
