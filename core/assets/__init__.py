"""Assets (docs/RULES.md, "Unbinding, cascade, retention"): what a store has bound, each ad account's health in
words, search and CSV, and what a disconnect in retention brings back. Disconnecting and rebinding are binding's
use cases (:mod:`core.binding`); this package adds what the Assets page reads.

Model (:mod:`.model`): health in words, rows, retained groups. Reads: :func:`read_live_facts` (:mod:`.graph`, one
batched Graph read), the account snapshots history (:mod:`.history`).
"""

from core.assets.graph import read_live_facts
from core.assets.history import AccountPoint, AccountReading, account_history, record_account_snapshots
from core.assets.model import (
    CSV_COLUMNS,
    AdAccountHealth,
    AssetRow,
    LiveFacts,
    RetainedGroup,
    ad_account_health,
    asset_rows,
    health_targets,
    matching_rows,
    restorable_until,
    retained_groups,
    rows_csv,
    shown_ids,
    walk,
)

__all__ = [
    "CSV_COLUMNS",
    "AccountPoint",
    "AccountReading",
    "AdAccountHealth",
    "AssetRow",
    "LiveFacts",
    "RetainedGroup",
    "account_history",
    "ad_account_health",
    "asset_rows",
    "health_targets",
    "matching_rows",
    "read_live_facts",
    "record_account_snapshots",
    "restorable_until",
    "retained_groups",
    "rows_csv",
    "shown_ids",
    "walk",
]
