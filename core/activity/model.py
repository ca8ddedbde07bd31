"""The audit log in the product's words: what an entry says, and the words the Activity page shows for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

OUTCOME_UNKNOWN = "outcome unknown"  # a write was sent and its answer lost: it may or may not have been applied


class Result(StrEnum):
    OK = "ok"
    REFUSED = "refused"
    FAILED = "failed"
    STARTED = "started"  # only in logs written before creations had their own table (migration 0003)


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    actor: str  # the stable id (an email, or "system")
    actor_name: str
    action: str
    target_kind: str | None
    target_id: str | None
    result: str
    detail: str
    target_name: str = ""  # the asset's or store's name, where the store still knows it

    @property
    def asset_words(self) -> str:
        """``Demo Outdoor (Page)``; an asset the store no longer knows by its kind and ID."""
        kind = TARGET_KINDS.get(self.target_kind or "", (self.target_kind or "").replace("_", " "))
        if self.target_kind == "store" and "@" in (self.target_id or ""):
            return f"{self.target_id} (member)"  # a member change is about the person
        if self.target_name:
            return f"{self.target_name} ({kind})" if kind else self.target_name
        return " ".join(p for p in (kind, self.target_id) if p)


# The kinds of what an entry is about, in words (the asset kinds' own labels, and the store itself).
TARGET_KINDS: dict[str, str] = {
    "facebook_account": "Facebook account",
    "business": "Business Manager",
    "ad_account": "ad account",
    "page": "Page",
    "pixel": "pixel",
    "google_ads": "Google Ads account",
    "store": "store",
}

# Plain words for the actions the app writes; an action not listed shows as its name with spaces.
ACTION_LABELS: dict[str, str] = {
    "save_selection": "Save connections",
    "bind": "Connect",
    "rebind": "Reconnect",
    "update": "Update connection",
    "unbind": "Disconnect",
    "purge": "Delete for good (retention over)",
    "claim_ad_account": "Claim ad account",
    "create_ad_account": "Create ad account",
    "remove_ad_account": "Remove ad account",
    "set_dsa_defaults": "Set DSA defaults",
    "set_spend_cap": "Set spend cap",
    "set_website_domain": "Set website domain",
    "set_bulk": "Mark ad account bulk or regular",
    "revoke_facebook": "Remove the app's access on Facebook",
    "connect_facebook": "Connect Facebook",
    "permission_grant": "Give access",
    "permission_change": "Change access",
    "permission_remove": "Remove access",
    "add_member": "Add member",
    "set_role": "Change a member's role",
    "remove_member": "Remove member",
    "set_plan": "Change plan",
    "set_alert_settings": "Change alert settings",
    "show_page": "Show a page",
}
RESULT_LABELS: dict[str, str] = {
    "ok": "✅ Done",
    "refused": "⛔ Refused",
    "failed": "❌ Failed",
    "started": "⏳ Sent, waiting for the outcome",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())


def result_label(result: str) -> str:
    return RESULT_LABELS.get(result, result)


@dataclass(frozen=True)
class ActivityFilter:
    assets: Sequence[str] = ()  # target IDs; empty: every asset
    actions: Sequence[str] = ()  # empty: every action
    start: date | None = None  # inclusive, days in the viewer's time zone
    end: date | None = None  # inclusive
