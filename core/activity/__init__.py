"""The audit log (docs/RULES.md, "Audit"): every use case writes its own entries; the Activity page reads them.

Model: :class:`Result`, :class:`AuditRecord` and the words for actions and results. Writing: :mod:`.audit`
(``audit_row``, ``audited``, ``record``), used by the other capabilities' use cases only. Reads: :func:`activity`
(filtered), :func:`choices`, :func:`rows` and :func:`to_csv`. Use case: :func:`report_failure` (an unexpected
failure a page met outside any use case).
"""

from core.activity.model import (
    ACTION_LABELS,
    RESULT_LABELS,
    ActivityFilter,
    AuditRecord,
    Result,
    action_label,
    result_label,
)
from core.activity.queries import COLUMNS, activity, audit_log, choices, date_range, rows, to_csv
from core.activity.services import SHOW_PAGE, report_failure

__all__ = [
    "ACTION_LABELS",
    "COLUMNS",
    "RESULT_LABELS",
    "SHOW_PAGE",
    "ActivityFilter",
    "AuditRecord",
    "Result",
    "action_label",
    "activity",
    "audit_log",
    "choices",
    "date_range",
    "report_failure",
    "result_label",
    "rows",
    "to_csv",
]
