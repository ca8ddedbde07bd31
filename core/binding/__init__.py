"""Binding (docs/RULES.md, "Binding", "Unbinding, cascade, retention"): which Facebook and Google Ads assets a store
holds, within its limits, and how they leave and come back. No Streamlit, no Graph calls.

Model (:mod:`.model`): the selection the Connect wizard saves, the limits as domain rules with violations that
carry counts, the retention period. Use cases: :func:`save_selection`, :func:`bind_google_ads`
(:mod:`.services`); :func:`preview_unbind`, :func:`unbind`, :func:`rebind`, :func:`unbind_google_ads`
(:mod:`.unbinding`); :func:`purge` and :func:`purge_due` (:mod:`.purge`, also ``python -m core.binding.purge``).
Reads (:mod:`.queries`): plan usage, the bound tree, the assets in retention.
"""

from core.binding.limits import Plan
from core.binding.model import (
    MAX_BUSINESSES,
    MAX_PAGES,
    RETENTION,
    AdAccountChoice,
    AlreadyBound,
    AssetKey,
    AssetKind,
    AssetNotFound,
    BindingError,
    BusinessChoice,
    CascadeChanged,
    FacebookAccountChoice,
    InvalidAssetName,
    InvalidGoogleCustomerId,
    NotInRetention,
    PageChoice,
    PixelChoice,
    Rule,
    Selection,
    SelectionRefused,
    UnstorableSelection,
    Violation,
    google_customer_id,
)
from core.binding.purge import PurgeReport, purge, purge_due
from core.binding.queries import (
    PlanUsage,
    UsageLine,
    assets_in_retention,
    bound_asset_list,
    bound_assets,
    plan_usage,
)
from core.binding.services import SaveResult, bind_google_ads, save_selection, selection_violations
from core.binding.unbinding import UnbindPlan, preview_unbind, rebind, unbind, unbind_google_ads
from core.binding.views import AssetNode, AssetView

__all__ = [
    "MAX_BUSINESSES",
    "MAX_PAGES",
    "RETENTION",
    "AdAccountChoice",
    "AlreadyBound",
    "AssetKey",
    "AssetKind",
    "AssetNode",
    "AssetNotFound",
    "AssetView",
    "BindingError",
    "BusinessChoice",
    "CascadeChanged",
    "FacebookAccountChoice",
    "InvalidAssetName",
    "InvalidGoogleCustomerId",
    "NotInRetention",
    "PageChoice",
    "PixelChoice",
    "Plan",
    "PlanUsage",
    "PurgeReport",
    "Rule",
    "SaveResult",
    "Selection",
    "SelectionRefused",
    "UnbindPlan",
    "UnstorableSelection",
    "UsageLine",
    "Violation",
    "assets_in_retention",
    "bind_google_ads",
    "bound_asset_list",
    "bound_assets",
    "google_customer_id",
    "plan_usage",
    "preview_unbind",
    "purge",
    "purge_due",
    "rebind",
    "save_selection",
    "selection_violations",
    "unbind",
    "unbind_google_ads",
]
