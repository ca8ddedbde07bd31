"""Ad volume (docs/RULES.md, "Ads running or in review", "Facebook's limits"): ads running or in review against
the Page limits, and each bound ad account's non-archived ads, ad sets and campaigns against the account limits,
kept as the store's own history.

Model (:mod:`.model`): statuses at 80 % and 100 % (one way for every reading, :class:`AgainstLimit`), the
account limits' object counts, the report; its tables and CSV (:mod:`.tables`). Use cases: :func:`sync_ad_volume`
(:mod:`.sync`, batched Graph reads and summary counts, snapshots recorded), :func:`set_bulk` (:mod:`.services`,
the marketer marks a bound ad account bulk). Reads: :func:`ad_volume_history` (:mod:`.history`).
"""

from core.ad_volume.history import AdVolumePoint, AdVolumeReading, ad_volume_history, record_ad_volume
from core.ad_volume.model import (
    ACCOUNT_LIMIT_BULK,
    ACCOUNT_LIMIT_REGULAR,
    NEAR_SHARE,
    OBJECT_WORDS,
    AccountVolume,
    AgainstLimit,
    ObjectCount,
    PageInAccount,
    PageVolume,
    Status,
    VolumeReport,
    object_counts,
    pages_across_accounts,
    percent,
    status_of,
)
from core.ad_volume.services import BULK_ACTION, set_bulk
from core.ad_volume.sync import count_request, sync_ad_volume
from core.ad_volume.tables import CURRENT_COLUMNS, HISTORY_COLUMNS, current_table, headers, history_table, to_csv

__all__ = [
    "ACCOUNT_LIMIT_BULK",
    "ACCOUNT_LIMIT_REGULAR",
    "BULK_ACTION",
    "CURRENT_COLUMNS",
    "HISTORY_COLUMNS",
    "NEAR_SHARE",
    "OBJECT_WORDS",
    "AccountVolume",
    "AdVolumePoint",
    "AdVolumeReading",
    "AgainstLimit",
    "ObjectCount",
    "PageInAccount",
    "PageVolume",
    "Status",
    "VolumeReport",
    "ad_volume_history",
    "count_request",
    "current_table",
    "headers",
    "history_table",
    "object_counts",
    "pages_across_accounts",
    "percent",
    "record_ad_volume",
    "set_bulk",
    "status_of",
    "sync_ad_volume",
    "to_csv",
]
