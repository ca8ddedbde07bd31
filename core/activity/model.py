"""The audit log in the product's words: what an entry says, and the words the Activity page shows for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from core.shared.i18n import N_, _

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
        known = TARGET_KINDS.get(self.target_kind or "")
        kind = _(known) if known else (self.target_kind or "").replace("_", " ")
        if self.target_kind == "store" and "@" in (self.target_id or ""):
            return _("{person} (member)").format(person=self.target_id)  # a member change is about the person
        if self.target_name:
            return _("{name} ({kind})").format(name=self.target_name, kind=kind) if kind else self.target_name
        return " ".join(p for p in (kind, self.target_id) if p)


# The kinds of what an entry is about, in words (the asset kinds' own labels, and the store itself).
TARGET_KINDS: dict[str, str] = {
    "facebook_account": N_("Facebook account"),
    "business": N_("Business Manager"),
    "ad_account": N_("ad account"),
    "page": N_("Page"),
    "pixel": N_("pixel"),
    "google_ads": N_("Google Ads account"),
    "store": N_("store"),
}

# Plain words for the actions the app writes; an action not listed shows as its name with spaces.
ACTION_LABELS: dict[str, str] = {
    "save_selection": N_("Save connections"),
    "bind": N_("Connect"),
    "rebind": N_("Reconnect"),
    "update": N_("Update connection"),
    "unbind": N_("Disconnect"),
    "purge": N_("Delete for good (retention over)"),
    "claim_ad_account": N_("Claim ad account"),
    "create_ad_account": N_("Create ad account"),
    "remove_ad_account": N_("Remove ad account"),
    "set_dsa_defaults": N_("Set DSA defaults"),
    "set_spend_cap": N_("Set spend cap"),
    "set_website_domain": N_("Set website domain"),
    "set_bulk": N_("Mark ad account bulk or regular"),
    "revoke_facebook": N_("Remove the app's access on Facebook"),
    "connect_facebook": N_("Connect Facebook"),
    "permission_grant": N_("Give access"),
    "permission_change": N_("Change access"),
    "permission_remove": N_("Remove access"),
    "add_member": N_("Add member"),
    "set_role": N_("Change a member's role"),
    "remove_member": N_("Remove member"),
    "set_plan": N_("Change plan"),
    "set_alert_settings": N_("Change alert settings"),
    "show_page": N_("Show a page"),
}
RESULT_LABELS: dict[str, str] = {
    "ok": N_("✅ Done"),
    "refused": N_("⛔ Refused"),
    "failed": N_("❌ Failed"),
    "started": N_("⏳ Sent, waiting for the outcome"),
}


def action_label(action: str) -> str:
    known = ACTION_LABELS.get(action)
    return _(known) if known else action.replace("_", " ").capitalize()


def result_label(result: str) -> str:
    known = RESULT_LABELS.get(result)
    return _(known) if known else result


@dataclass(frozen=True)
class ActivityFilter:
    assets: Sequence[str] = ()  # target IDs; empty: every asset
    actions: Sequence[str] = ()  # empty: every action
    start: date | None = None  # inclusive, days in the viewer's time zone
    end: date | None = None  # inclusive
