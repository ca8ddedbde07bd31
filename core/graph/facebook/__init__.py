"""What Facebook is and enforces, as the product's Graph layer knows it (docs/RULES.md, "Facebook's rules").

One description, two users: the product checks these rules before it calls Graph, and the sandbox (the emulator)
enforces the same rules when it answers. Nothing here talks to Graph or holds user-facing text: limits, tasks and
roles, ad account statuses, currencies and time zones, as Facebook defines them.
"""

from core.graph.facebook.limits import (
    ADS_LIMITS,
    ARCHIVED_LIMIT,
    DEFAULT_PAGE_SIZE,
    MAX_AD_ACCOUNTS_CREATED_VIA_API,
    MAX_AD_ACCOUNTS_PER_PERSON,
    MAX_IDS_PER_READ,
    MAX_PAGE_SIZE,
    MAX_PEOPLE_PER_AD_ACCOUNT,
    PAGE_LIMIT_TIERS,
    REGULAR_LIMIT,
    ObjectKind,
    account_limit,
)
from core.graph.facebook.money import CURRENCIES, currency_offset
from core.graph.facebook.statuses import (
    ACTIVE_ACCOUNT_STATUS,
    ARCHIVED_OR_DELETED,
    BAD_STANDING_ACCOUNT_STATUSES,
    DELIVERING_ACCOUNT_STATUSES,
    EFFECTIVE_STATUSES,
    NON_ARCHIVED_EFFECTIVE_STATUSES,
    NON_ARCHIVED_STATUSES,
    PENDING_EFFECTIVE_STATUSES,
    is_running_or_in_review,
)
from core.graph.facebook.tasks import (
    AD_ACCOUNT_TASKS,
    PAGE_ADVERTISE_TASKS,
    ROLE_TASKS,
    TASK_ORDER,
    TASK_REQUIRES,
    Role,
    can_advertise,
    can_advertise_page,
    grantable_tasks,
    missing_requirements,
    ordered_tasks,
    role_of,
    unknown_tasks,
)
from core.graph.facebook.timezones import TIMEZONES
from core.graph.facebook.words import NONE, NONE_OR_UNFOUND, UNFOUND

__all__ = [
    "ACTIVE_ACCOUNT_STATUS",
    "ADS_LIMITS",
    "AD_ACCOUNT_TASKS",
    "ARCHIVED_LIMIT",
    "ARCHIVED_OR_DELETED",
    "BAD_STANDING_ACCOUNT_STATUSES",
    "CURRENCIES",
    "DEFAULT_PAGE_SIZE",
    "DELIVERING_ACCOUNT_STATUSES",
    "EFFECTIVE_STATUSES",
    "MAX_AD_ACCOUNTS_CREATED_VIA_API",
    "MAX_AD_ACCOUNTS_PER_PERSON",
    "MAX_IDS_PER_READ",
    "MAX_PAGE_SIZE",
    "MAX_PEOPLE_PER_AD_ACCOUNT",
    "NONE",
    "NONE_OR_UNFOUND",
    "NON_ARCHIVED_EFFECTIVE_STATUSES",
    "NON_ARCHIVED_STATUSES",
    "PAGE_ADVERTISE_TASKS",
    "PAGE_LIMIT_TIERS",
    "PENDING_EFFECTIVE_STATUSES",
    "REGULAR_LIMIT",
    "ROLE_TASKS",
    "TASK_ORDER",
    "TASK_REQUIRES",
    "TIMEZONES",
    "UNFOUND",
    "ObjectKind",
    "Role",
    "account_limit",
    "can_advertise",
    "can_advertise_page",
    "currency_offset",
    "grantable_tasks",
    "is_running_or_in_review",
    "missing_requirements",
    "ordered_tasks",
    "role_of",
    "unknown_tasks",
]
