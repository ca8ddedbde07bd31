"""Background sync (docs/RULES.md, "Background sync and alerts"): every store kept up to date without anyone
watching, on procrastinate workers or in-process, inside Meta's rate budgets.

Model (:mod:`.model`): the parts of a sync, outcomes, when to defer for the rate budget. Use case:
:func:`sync_store` (:mod:`.services`; the parts in :mod:`.parts`). Rate budgets: :mod:`.budget`. Reads
(:mod:`.queries`): :func:`last_sync`, :func:`recent_parts`. Running it: :mod:`.runtime` (what a sync runs with),
:mod:`.queue` (the procrastinate tasks), ``python -m core.sync`` (``--once``, ``worker``, ``schedule``).
"""

from core.sync.model import DEFER_AT_PERCENT, Outcome, PartStatus, SyncPart
from core.sync.queries import LastSync, PartReading, PartView, last_sync, recent_parts
from core.sync.services import StoreBusy, SyncReport, sync_store

__all__ = [
    "DEFER_AT_PERCENT",
    "LastSync",
    "Outcome",
    "PartReading",
    "PartStatus",
    "PartView",
    "StoreBusy",
    "SyncPart",
    "SyncReport",
    "last_sync",
    "recent_parts",
    "sync_store",
]
