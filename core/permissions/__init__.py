"""Permissions (docs/RULES.md, "People and tasks"): who may do what on the store's bound ad accounts, as a people ×
ad accounts matrix, reviewed against Facebook's rules and applied as a diff.

Roles and task sets in words (:mod:`.roles`); model (:mod:`.model`): the matrix, the diff, the refusals. Use
cases: :func:`review` and :func:`apply` (:mod:`.services`, both audited). Reads: :func:`load_matrix`
(:mod:`.graph`, one batch request), :func:`bound_ad_accounts` (:mod:`.queries`).
"""

from core.permissions.graph import BoundAccount, CellOutcome, load_matrix
from core.permissions.model import (
    AccountColumn,
    CellChange,
    ChangeKind,
    Matrix,
    Person,
    Refusal,
    changes_from_labels,
    check_changes,
    offered_roles,
    preset,
)
from core.permissions.queries import bound_ad_accounts
from core.permissions.roles import (
    ADMIN,
    CUSTOM_PREFIX,
    GENERAL_USER,
    NO_ACCESS,
    REPORTING_ONLY,
    ROLE_LABELS,
    ROLE_TASKS,
    ROLE_WORDS,
    UNKNOWN,
    InvalidTaskSet,
    label_tasks,
    role_label,
    role_text,
    task_codes,
    task_words,
    tasks_of,
)
from core.permissions.services import Review, apply, review

__all__ = [
    "ADMIN",
    "CUSTOM_PREFIX",
    "GENERAL_USER",
    "NO_ACCESS",
    "REPORTING_ONLY",
    "ROLE_LABELS",
    "ROLE_TASKS",
    "ROLE_WORDS",
    "UNKNOWN",
    "AccountColumn",
    "BoundAccount",
    "CellChange",
    "CellOutcome",
    "ChangeKind",
    "InvalidTaskSet",
    "Matrix",
    "Person",
    "Refusal",
    "Review",
    "apply",
    "bound_ad_accounts",
    "changes_from_labels",
    "check_changes",
    "label_tasks",
    "load_matrix",
    "offered_roles",
    "preset",
    "review",
    "role_label",
    "role_text",
    "task_codes",
    "task_words",
    "tasks_of",
]
