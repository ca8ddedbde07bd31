"""Ad volume (docs/RULES.md, "Ads running or in review", "Facebook's limits"): ads running or in review per bound
ad account and per Page against Facebook's limits, kept as the store's own history.

Model (:mod:`.model`): statuses at 80 % and 100 %, readings, the report, tables and CSV. Use case:
:func:`sync_ad_volume` (:mod:`.sync`, batched Graph reads, snapshots recorded). Reads: :func:`ad_volume_history`
(:mod:`.history`).
"""

from core.ad_volume.history import AdVolumePoint, AdVolumeReading, ad_volume_history, record_ad_volume
from core.ad_volume.model import (
    ACCOUNT_LIMIT_BULK,
    ACCOUNT_LIMIT_REGULAR,
    CURRENT_COLUMNS,
    HISTORY_COLUMNS,
    NEAR_SHARE,
    AccountVolume,
    PageInAccount,
    PageVolume,
    Status,
    VolumeReport,
    current_table,
    history_table,
    pages_across_accounts,
    percent,
    status_of,
    to_csv,
)
from core.ad_volume.sync import SANDBOX_LIMIT_FIELD, sync_ad_volume

__all__ = [
    "ACCOUNT_LIMIT_BULK",
    "ACCOUNT_LIMIT_REGULAR",
    "CURRENT_COLUMNS",
    "HISTORY_COLUMNS",
    "NEAR_SHARE",
    "SANDBOX_LIMIT_FIELD",
    "AccountVolume",
    "AdVolumePoint",
    "AdVolumeReading",
    "PageInAccount",
    "PageVolume",
    "Status",
    "VolumeReport",
    "ad_volume_history",
    "current_table",
    "history_table",
    "pages_across_accounts",
    "percent",
    "record_ad_volume",
    "status_of",
    "sync_ad_volume",
    "to_csv",
]
