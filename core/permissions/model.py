"""Who may do what on the store's ad accounts: the people × ad accounts matrix, its diff and Facebook's rules.

No Graph, no database, no Streamlit here: :mod:`.graph` loads a :class:`Matrix` from Graph and applies
:class:`CellChange` s; the page edits role labels. A cell is a task set (docs/RULES.md, "People and tasks"):
``Admin`` = MANAGE+ADVERTISE+ANALYZE, ``General user`` = ADVERTISE+ANALYZE, ``Reporting only`` = ANALYZE, any
other valid set in words (``Custom: draft ads``), and ``No access``; a cell of an ad account whose people the
viewer can't see is ``Unknown``. :func:`changes_from_labels` turns an edited matrix into changes and refusals;
:func:`check_changes` applies Facebook's people rules before any call is made.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from core.graph.facebook import MAX_AD_ACCOUNTS_PER_PERSON, MAX_PEOPLE_PER_AD_ACCOUNT, grantable_tasks
from core.permissions.roles import (
    ADMIN,
    NO_ACCESS,
    ROLE_LABELS,
    ROLE_TASKS,
    UNKNOWN,
    InvalidTaskSet,
    Tasks,
    label_tasks,
    role_label,
    role_text,
    task_set_problem,
    task_words,
    tasks_of,
)
from core.shared import inputs
from core.shared.i18n import N_, _
from core.shared.words import listing

# --- the matrix ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    business_role: str | None = None  # ADMIN / EMPLOYEE in a bound Business Manager; None if only on accounts

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True)
class AccountColumn:
    id: str  # act_…
    name: str
    business_id: str | None = None
    editable: bool = False
    stated_reason: str = ""  # why it is read-only, when given as it is (else worked out by ``reason``)
    my_tasks: Tasks = frozenset()
    error: Exception | None = field(default=None, compare=False, repr=False)  # the Graph error when unreadable
    business_name: str = ""

    @property
    def reason(self) -> str:
        """Why it is read-only (empty when editable), worked out when read: in the reader's language, also after
        they switch, with no second read of Facebook."""
        if self.stated_reason or self.editable:
            return self.stated_reason
        if self.error is not None:
            return str(getattr(self.error, "user_message", "") or self.error)
        if not self.business_id:
            return _(
                "This ad account isn't in a Business Manager bound to the store, so its people are managed in "
                "Ads Manager, not here."
            )
        if self.my_tasks:
            return _("You have {role} on this ad account; only its admins can change who has access.").format(
                role=role_text(role_label(self.my_tasks))
            )
        return _("You have no role on this ad account; only its admins can change who has access.")

    @property
    def label(self) -> str:
        """The account with its ID (a CSV column's name: unique and readable)."""
        return f"{self.name} · {self.id}"

    @property
    def readable(self) -> bool:
        """Whether the viewer can see who has access (False: every cell is :data:`UNKNOWN`)."""
        return self.error is None

    @property
    def grantable(self) -> Tasks:
        """The tasks the viewer may give others here: the ones they hold, and only as an admin (MANAGE)."""
        return frozenset(grantable_tasks(self.my_tasks)) if self.editable else frozenset()

    def offers(self, label: str) -> bool:
        """Whether the viewer may set a cell of this account to ``label`` (a role they can grant, or no access)."""
        tasks = label_tasks(label)
        return self.editable and tasks is not None and tasks <= self.grantable


@dataclass(frozen=True)
class Matrix:
    """What Facebook holds: people (rows) × ad accounts (columns); a missing cell is no access."""

    people: tuple[Person, ...]
    accounts: tuple[AccountColumn, ...]
    cells: Mapping[tuple[str, str], Tasks] = field(default_factory=dict)  # (person id, act_id) -> tasks

    @cached_property
    def _people(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def _accounts(self) -> dict[str, AccountColumn]:
        return {a.id: a for a in self.accounts}

    def tasks(self, person_id: str, account_id: str) -> Tasks:
        return self.cells.get((person_id, account_id), frozenset())

    def label(self, person_id: str, account_id: str) -> str:
        if not self.account(account_id).readable:
            return UNKNOWN
        return role_label(self.tasks(person_id, account_id))

    @cached_property
    def base_labels(self) -> Mapping[tuple[str, str], str]:
        """Every cell's label as Facebook holds it (computed once per matrix)."""
        return {(p.id, a.id): self.label(p.id, a.id) for p in self.people for a in self.accounts}

    def labels(self) -> dict[tuple[str, str], str]:
        return dict(self.base_labels)

    def person(self, person_id: str) -> Person:
        return self._people[person_id]

    def account(self, account_id: str) -> AccountColumn:
        return self._accounts[account_id]

    def people_on(self, account_id: str, cells: Mapping[tuple[str, str], Tasks] | None = None) -> int:
        cells = self.cells if cells is None else cells
        return sum(1 for (_person, a), t in cells.items() if a == account_id and t)

    def admins_on(self, account_id: str, cells: Mapping[tuple[str, str], Tasks] | None = None) -> int:
        cells = self.cells if cells is None else cells
        return sum(1 for (_person, a), t in cells.items() if a == account_id and ROLE_TASKS[ADMIN] <= t)

    @property
    def editable_accounts(self) -> list[AccountColumn]:
        return [a for a in self.accounts if a.editable]

    @cached_property
    def column_names(self) -> Mapping[str, str]:
        """Each ad account's column name: its name, with its ID only where two accounts share a name."""
        names = Counter(a.name for a in self.accounts)
        return {a.id: a.name if names[a.name] == 1 else a.label for a in self.accounts}

    def to_csv(self, labels: Mapping[tuple[str, str], str] | None = None) -> str:
        """One row per person, one column per ad account (``name · act_id``), each cell its role label, in the
        viewer's language (a file for a person to read)."""
        labels = self.base_labels if labels is None else labels
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([_("Person"), _("Person ID"), *(a.label for a in self.accounts)])
        for person in self.people:
            cells = (role_text(labels.get((person.id, a.id), NO_ACCESS)) for a in self.accounts)
            writer.writerow([person.name, person.id, *cells])
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

    def describe(self, *, english: bool = False) -> str:
        """``Sam Seller gains Admin on Demo Outdoor – Main`` and the like (the account's ID is in the details), in
        the viewer's language; ``english`` for what is kept (the audit entry)."""
        say, role = (str, str) if english else (_, role_text)
        names = {"person": self.person.name, "account": self.account.name}
        if self.kind is ChangeKind.GAINS:
            return say(N_("{person} gains {role} on {account}")).format(role=role(role_label(self.after)), **names)
        if self.kind is ChangeKind.LOSES:
            return say(N_("{person} loses {role} on {account}")).format(role=role(role_label(self.before)), **names)
        return say(N_("{person} changes from {before} to {after} on {account}")).format(
            before=role(role_label(self.before)), after=role(role_label(self.after)), **names
        )


@dataclass(frozen=True)
class Refusal:
    """A change Facebook's rules forbid; nothing is sent for it. ``message`` says why and what to do."""

    person_id: str | None
    account_id: str | None
    message: str


def changes_from_labels(
    matrix: Matrix, labels: Mapping[tuple[str, str], str | None]
) -> tuple[list[CellChange], list[Refusal]]:
    """Compare edited cell labels with what Facebook holds: the changed cells, and the labels that aren't valid.
    Only the labels that differ from Facebook's are looked at, so a review costs the edits, not the matrix."""
    changes: list[CellChange] = []
    refusals: list[Refusal] = []
    base = matrix.base_labels
    for key, label in labels.items():
        if label is None or key not in base or label == base[key] or not matrix.account(key[1]).readable:
            continue
        person, account = matrix.person(key[0]), matrix.account(key[1])
        before = matrix.tasks(*key)
        try:
            after = tasks_of(label)
        except InvalidTaskSet as exc:
            refusals.append(
                Refusal(
                    person.id,
                    account.id,
                    _("{person} on {account}: {problem}").format(person=person.name, account=account.name, problem=exc),
                )
            )
            continue
        if after != before:
            changes.append(CellChange(person, account, before, after))
    order = {p.id: i for i, p in enumerate(matrix.people)}
    columns = {a.id: i for i, a in enumerate(matrix.accounts)}
    changes.sort(key=lambda c: (order[c.person.id], columns[c.account.id]))
    return changes, refusals


def check_changes(
    matrix: Matrix, changes: Sequence[CellChange], account_counts: Mapping[str, int] | None = None
) -> list[Refusal]:
    """Every rule the changes break, before anything is sent (docs/RULES.md, "People and tasks" and "Binding":
    read-only accounts, tasks the viewer doesn't hold, invalid task sets, more than 25 people on an ad account or
    25 ad accounts for a person, an account left without an Admin.

    A person's ad accounts are counted from ``account_counts`` (how many ad accounts Facebook says they have
    tasks on, all of Facebook, read before the review) and never fewer than the matrix shows.
    """
    refusals: list[Refusal] = []
    after = dict(matrix.cells)
    for change in changes:
        after[change.key] = change.after
    for change in changes:
        account = change.account
        if not account.editable:
            reason = account.reason or _("You can't change people on this ad account.")
            refusals.append(Refusal(change.person.id, account.id, _because(change, reason)))
        elif not change.after <= account.grantable:
            refusals.append(Refusal(change.person.id, account.id, _because(change, _not_yours(account))))
        problem = task_set_problem(change.after)
        if problem:
            refusals.append(Refusal(change.person.id, account.id, _because(change, problem)))

    gains = [c for c in changes if c.kind is ChangeKind.GAINS]
    gaining_accounts = {c.account.id for c in gains}
    people_after = Counter(a for (_person, a), t in after.items() if t and a in gaining_accounts)
    for account_id in dict.fromkeys(c.account.id for c in gains):
        count = people_after[account_id]
        if count > MAX_PEOPLE_PER_AD_ACCOUNT:
            account = matrix.account(account_id)
            added = listing([c.person.name for c in gains if c.account.id == account_id])
            refusals.append(
                Refusal(
                    None,
                    account_id,
                    _(
                        "{account} would have {count} people; Facebook allows at most {most} per ad account. "
                        "Remove someone from it first, or leave out {added}."
                    ).format(account=account.name, count=count, most=MAX_PEOPLE_PER_AD_ACCOUNT, added=added),
                )
            )

    counts = account_counts or {}
    gaining_people = {c.person.id for c in gains}
    seen_of = Counter(p for (p, _account), t in matrix.cells.items() if t and p in gaining_people)
    for person_id in dict.fromkeys(c.person.id for c in gains):
        seen = seen_of[person_id]
        now = max(counts.get(person_id, 0), seen)
        mine = [c for c in changes if c.person.id == person_id]
        count = now + sum(c.kind is ChangeKind.GAINS for c in mine) - sum(c.kind is ChangeKind.LOSES for c in mine)
        if count > MAX_AD_ACCOUNTS_PER_PERSON:
            person = matrix.person(person_id)
            added = listing([c.account.name for c in mine if c.kind is ChangeKind.GAINS])
            if now > seen:
                message = _(
                    "{person} already has tasks on {now} ad accounts ({outside} of them outside this store) and "
                    "would be on {count}; Facebook allows at most {most} per person. Remove them from another ad "
                    "account first, or leave out {added}."
                )
            else:
                message = _(
                    "{person} already has tasks on {now} ad accounts and would be on {count}; Facebook allows at "
                    "most {most} per person. Remove them from another ad account first, or leave out {added}."
                )
            refusals.append(
                Refusal(
                    person_id,
                    None,
                    message.format(
                        person=person.name,
                        now=now,
                        outside=now - seen,
                        count=count,
                        most=MAX_AD_ACCOUNTS_PER_PERSON,
                        added=added,
                    ),
                )
            )

    changed_accounts = set(dict.fromkeys(c.account.id for c in changes))
    admins_before = Counter(
        a for (_person, a), t in matrix.cells.items() if a in changed_accounts and ROLE_TASKS[ADMIN] <= t
    )
    admins_after = Counter(a for (_person, a), t in after.items() if a in changed_accounts and ROLE_TASKS[ADMIN] <= t)
    for account_id in dict.fromkeys(c.account.id for c in changes):
        if admins_before[account_id] and not admins_after[account_id]:
            account = matrix.account(account_id)
            refusals.append(
                Refusal(
                    None,
                    account_id,
                    _(
                        "{account} would be left without an Admin. Keep at least one person with the {role} role "
                        "on every ad account."
                    ).format(account=account.name, role=_(ADMIN)),
                )
            )
    return refusals


def _because(change: CellChange, reason: str) -> str:
    return _("{change}: {reason}").format(change=change.describe(), reason=reason)


def _not_yours(account: AccountColumn) -> str:
    return _(
        "you can give others only the tasks you hold yourself on {account}, and you have {role} there ({tasks}). "
        "Ask another admin of the ad account to give this role."
    ).format(account=account.name, role=role_text(role_label(account.my_tasks)), tasks=task_words(account.my_tasks))


def offered_roles(account: AccountColumn) -> list[str]:
    """The roles the viewer may set on this ad account's cells (nothing on a read-only one)."""
    return [label for label in ROLE_LABELS if account.offers(label)]


def preset(
    matrix: Matrix,
    labels: Mapping[tuple[str, str], str],
    role: str,
    *,
    person_id: str | None = None,
    account_id: str | None = None,
) -> dict[tuple[str, str], str]:
    """Set ``role`` on a whole row (a person) or column (an ad account), wherever the viewer may give it; other
    ad accounts are left as they are."""
    if role not in ROLE_TASKS:
        choices = listing([_(label) for label in ROLE_LABELS], conjunction="or")
        raise InvalidTaskSet(
            _("“{text}” isn't a role. Choose {choices}.").format(text=inputs.shown(role), choices=choices)
        )
    out = dict(labels)
    people = [matrix.person(person_id)] if person_id else matrix.people
    accounts = [matrix.account(account_id)] if account_id else matrix.accounts
    for account in accounts:
        if account.offers(role):
            for person in people:
                out[(person.id, account.id)] = role
    return out
