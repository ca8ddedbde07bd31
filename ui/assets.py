"""Drawing helpers of the Assets page: the asset tree with Disconnect buttons, the confirmation, recently
disconnected with Rebind, Google Ads, filters and the CSV download.

Every action runs in a button's callback; "which confirmation is open" lives in ``st.session_state`` and the
confirmation dialog is opened from it, so a real browser and AppTest see the same thing (see STYLE.md).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import datetime

import streamlit as st

from core.assets import (
    AssetRow,
    LiveFacts,
    health_targets,
    read_live_facts,
    restorable_until,
    retained_groups,
    rows_csv,
)
from core.binding import (
    RETENTION,
    AssetKind,
    AssetNode,
    AssetView,
    BindingError,
    PlanUsage,
    SelectionRefused,
    assets_in_retention,
    bind_google_ads,
    preview_unbind,
    rebind,
    unbind,
)
from core.graph import GraphError
from ui import runtime

log = logging.getLogger(__name__)

CONFIRM_KEY = "assets_confirm"  # {"asset_id": int, "shown": [asset IDs the confirmation listed]}
FLASH_KEY = "assets_flash"  # [(kind, text)] shown once, at the top of the next run
GOOGLE_ID_KEY = "assets_google_id"
GOOGLE_NAME_KEY = "assets_google_name"

ICONS = {
    AssetKind.FACEBOOK_ACCOUNT: ":material/account_circle:",
    AssetKind.BUSINESS: ":material/business:",
    AssetKind.AD_ACCOUNT: ":material/account_balance_wallet:",
    AssetKind.PAGE: ":material/flag:",
    AssetKind.PIXEL: ":material/code:",
    AssetKind.GOOGLE_ADS: ":material/ads_click:",
}


def _assets(n: int) -> str:
    return f"{n} asset" if n == 1 else f"{n} assets"


def _when(moment: datetime) -> str:
    return f"{moment:%d %b %Y, %H:%M} UTC"


def _flash(kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH_KEY, []).append((kind, text))


def show_flash() -> None:
    for kind, text in st.session_state.pop(FLASH_KEY, []):
        icon = {"success": ":material/check_circle:", "error": ":material/error:"}.get(kind, ":material/info:")
        getattr(st, kind)(text, icon=icon)


def usage_metrics(usage: PlanUsage) -> None:
    st.subheader(f"{usage.store_name} · plan {usage.plan}")
    for column, line in zip(st.columns(len(usage.lines())), usage.lines(), strict=True):
        with column:
            st.metric(line.label, f"{line.used} / {line.limit}")
            if line.reached:
                st.caption(":material/warning: Limit reached.")
    st.caption(
        f"Ad accounts count Facebook ({usage.facebook_ad_accounts}) and Google Ads ({usage.google_ads_accounts}) "
        "accounts together."
    )


# --- health from Facebook: one batched read, cached a few minutes -------------------------------------------


@st.cache_data(ttl=300, show_spinner=False)
def _cached_facts(token_digest: str, accounts: tuple[str, ...], pixels: tuple[str, ...], _token: str) -> LiveFacts:
    return read_live_facts(runtime.graph_client(_token), accounts, pixels)


def live_facts(tree: Sequence[AssetNode]) -> LiveFacts:
    """Every bound ad account's and pixel's health fields in one batched Graph read (or why it failed)."""
    accounts, pixels = health_targets(tree)
    if not accounts:
        return LiveFacts()
    token = runtime.access_token()
    if token is None:
        return LiveFacts.unavailable([*accounts, *pixels], "no Facebook account is connected")
    digest = hashlib.sha256(token.encode()).hexdigest()
    try:
        with st.spinner(f"Reading the health of {len(accounts)} ad accounts from Facebook…"):
            return _cached_facts(digest, tuple(accounts), tuple(pixels), token)
    except GraphError as exc:
        log.info("health read failed: %s", type(exc).__name__)
        return LiveFacts.unavailable([*accounts, *pixels], exc.user_message)


def facts_warning(facts: LiveFacts) -> None:
    reasons = sorted(set(facts.problems.values()))
    if len(reasons) == 1 and facts.fields == {}:
        st.warning(
            f"Facebook could not be read, so each ad account's health is shown as stored when it was bound. "
            f"{reasons[0]}",
            icon=":material/cloud_off:",
        )


# --- filters and CSV ----------------------------------------------------------------------------------------


def filters() -> tuple[str, list[AssetKind] | None, bool]:
    left, right = st.columns(2)
    query = left.text_input("Search by name, ID or health", key="assets_search", placeholder="e.g. Outdoor or act_")
    kinds = right.multiselect(
        "Kinds of asset",
        options=list(AssetKind),
        format_func=lambda k: k.label[0].upper() + k.label[1:] + "s",
        key="assets_kinds",
        placeholder="All kinds",
    )
    attention = st.checkbox(
        "Only ad accounts that cannot deliver ads",
        key="assets_attention",
        help="Disabled, closed, unpaid, in review, or without a payment method.",
    )
    return query, kinds or None, attention


def download(matching: Sequence[AssetRow]) -> None:
    st.download_button(
        f"Download the {_assets(len(matching))} shown (CSV)",
        data=rows_csv(matching),
        file_name="smart-ads-assets.csv",
        mime="text/csv",
        icon=":material/download:",
        key="assets_csv",
        disabled=not matching,
    )


# --- the bound assets ---------------------------------------------------------------------------------------


def _open_confirmation(asset_id: int) -> None:
    st.session_state[CONFIRM_KEY] = {"asset_id": asset_id, "shown": None}


def _disconnect_button(asset: AssetView) -> None:
    st.button(
        "Disconnect",
        key=f"assets_disconnect_{asset.id}",
        help=f"Disconnect {asset.label}: you see exactly what is unbound before anything happens.",
        on_click=_open_confirmation,
        args=(asset.id,),
    )


def _row(row: AssetRow) -> None:
    asset = row.asset
    if asset.kind is AssetKind.PIXEL:  # under its ad account: indented
        _, text, button = st.columns([0.3, 3.7, 1], vertical_alignment="center")
    else:
        text, button = st.columns([4, 1], vertical_alignment="center")
    with text:
        prefix = "Pixel · " if asset.kind is AssetKind.PIXEL else ""
        st.markdown(f"{ICONS[asset.kind]} {prefix}**{asset.name}** · {asset.kind.label} `{asset.external_id}`")
        health = row.health
        if health is not None:
            if health.can_deliver:
                st.caption(f":material/check_circle: {health.summary}")
            else:
                st.caption(f":material/warning: {health.summary}")
            reason = f" · disable reason: {health.disable_reason}" if health.disable_reason else ""
            st.caption(f"Status: {health.status}{reason} · Funding source: {health.funding}")
            st.caption(f"Pixel: {health.pixel} · Domain Settings: {health.domain_settings}")
            if health.source != "from Facebook":
                why = f" Facebook could not be read: {health.unread_because}" if health.unread_because else ""
                st.caption(f":material/history: Health {health.source}.{why}")
    with button:
        _disconnect_button(asset)


def _draw(node: AssetNode, rows: dict[int, AssetRow], shown: set[int]) -> None:
    if node.asset.id not in shown:
        return
    _row(rows[node.asset.id])
    for child in node.children:
        _draw(child, rows, shown)


def facebook_section(tree: Sequence[AssetNode], rows: Sequence[AssetRow], shown: set[int]) -> None:
    st.subheader("Facebook")
    by_id = {r.asset.id: r for r in rows}
    accounts = [n for n in tree if n.asset.kind is AssetKind.FACEBOOK_ACCOUNT]
    if not accounts:
        st.info("No Facebook account is bound to this store. Bind one on the Connect page.", icon=":material/info:")
        return
    if not any(n.asset.id in shown for n in accounts):
        st.caption("No Facebook asset matches the search and filters.")
    for account in accounts:
        if account.asset.id not in shown:
            continue
        _row(by_id[account.asset.id])
        businesses = [c for c in account.children if c.asset.kind is AssetKind.BUSINESS]
        own = [c for c in account.children if c.asset.kind is not AssetKind.BUSINESS]
        for business in businesses:
            if business.asset.id in shown:
                with st.container(border=True):
                    _draw(business, by_id, shown)
        if any(c.asset.id in shown for c in own):
            with st.container(border=True):
                st.caption("Not in a Business Manager: the person's own ad accounts and Pages")
                for child in own:
                    _draw(child, by_id, shown)


def google_section(tree: Sequence[AssetNode], rows: Sequence[AssetRow], shown: set[int]) -> None:
    st.subheader("Google Ads")
    by_id = {r.asset.id: r for r in rows}
    google = [n for n in tree if n.asset.kind is AssetKind.GOOGLE_ADS]
    if not google:
        st.caption("No Google Ads account is bound.")
    elif not any(n.asset.id in shown for n in google):
        st.caption("No Google Ads account matches the search and filters.")
    for node in google:
        _draw(node, by_id, shown)
    with st.form("assets_google_form", clear_on_submit=False, border=True):
        st.markdown("**Bind a Google Ads account** (it counts in the plan's ad account limit)")
        left, right = st.columns(2)
        left.text_input("Google Ads customer ID", key=GOOGLE_ID_KEY, placeholder="123-456-7890")
        right.text_input("Name (optional)", key=GOOGLE_NAME_KEY, placeholder="e.g. Search campaigns")
        st.form_submit_button("Bind Google Ads account", key="assets_google_bind", on_click=_bind_google)


def _bind_google() -> None:
    db, store_id = runtime.database(), runtime.current_store_id()
    raw = str(st.session_state.get(GOOGLE_ID_KEY, "")).strip()
    if not raw:
        _flash("error", "Not bound: type the Google Ads customer ID, written like 123-456-7890.")
        return
    name = str(st.session_state.get(GOOGLE_NAME_KEY, "")).strip()
    try:
        view = bind_google_ads(store_id, raw, db.uow(), name=name, actor=runtime.actor(), clock=runtime.clock)
    except SelectionRefused as exc:
        _flash("error", f"Not bound: {exc} Disconnect an ad account first, or move the store to a larger plan.")
    except BindingError as exc:
        _flash("error", f"Not bound: {exc}")
    else:
        st.session_state[GOOGLE_ID_KEY] = ""
        st.session_state[GOOGLE_NAME_KEY] = ""
        _flash("success", f"Bound Google Ads account {view.name} ({view.external_id}).")


# --- the confirmation ---------------------------------------------------------------------------------------


def _close_confirmation() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def _confirm_disconnect() -> None:
    pending = st.session_state.get(CONFIRM_KEY)
    if not pending:
        return
    db, store_id = runtime.database(), runtime.current_store_id()
    try:
        preview = preview_unbind(store_id, pending["asset_id"], db.uow())
        if [a.id for a in preview.assets] != pending["shown"]:
            pending["changed"] = True  # the list changed meanwhile: show the new one and ask again
            return
        plan = unbind(store_id, preview.root.id, db.uow(), actor=runtime.actor(), clock=runtime.clock)
    except BindingError as exc:
        _flash("error", f"Nothing was disconnected: {exc}")
    else:
        until = _when(restorable_until(runtime.clock()))
        under = len(plan.assets) - 1
        what = plan.root.label + (f" and the {_assets(under)} under it" if under else "")
        _flash(
            "success",
            f"Disconnected {what}. Rebind it under Recently disconnected until {until} to get its history back.",
        )
    _close_confirmation()


@st.dialog("Disconnect?", width="large", on_dismiss=_close_confirmation)
def _confirmation_dialog() -> None:
    pending = st.session_state.get(CONFIRM_KEY)
    if not pending:  # in a browser a click in the dialog reruns only the dialog: Confirm or Cancel closed it
        st.rerun()
    db, store_id = runtime.database(), runtime.current_store_id()
    try:
        preview = preview_unbind(store_id, pending["asset_id"], db.uow())
    except BindingError as exc:
        st.error(f"{exc} Nothing to disconnect.", icon=":material/error:")
        st.button("Close", key="assets_confirm_close", on_click=_close_confirmation)
        return
    pending["shown"] = [a.id for a in preview.assets]
    if pending.pop("changed", False):
        st.warning(
            "What this disconnect unbinds changed since you opened it (someone bound or disconnected assets "
            "meanwhile). Nothing was disconnected: check the list again.",
            icon=":material/sync_problem:",
        )
    root = preview.root
    count = len(preview.assets)
    exactly = "exactly this asset" if count == 1 else f"exactly these {count} assets"
    st.markdown(f"Disconnecting **{root.label}** unbinds {exactly}:")
    st.markdown("\n".join(f"- {ICONS[a.kind]} {a.label}" for a in preview.assets))
    until = _when(restorable_until(runtime.clock()))
    st.warning(
        "What you lose: their data (ad-volume and account history) is hidden from every page, and the app stops "
        f"using them. Nothing is deleted on Facebook. Rebind within {RETENTION.days} days, until {until}, to get "
        "it all back; after that the history is deleted for good.",
        icon=":material/warning:",
    )
    if preview.clears_facebook_connection:
        st.caption(
            "The store's Facebook connection (its token) is removed too: the app cannot read Facebook for this "
            "store until you connect again on the Connect page."
        )
    left, right = st.columns(2)
    left.button(
        "Disconnect" if count == 1 else f"Disconnect {count} assets",
        key="assets_confirm_yes",
        type="primary",
        icon=":material/link_off:",
        on_click=_confirm_disconnect,
    )
    right.button("Cancel", key="assets_confirm_cancel", on_click=_close_confirmation)


def confirmation() -> None:
    """Open the confirmation when one is pending (a Disconnect button's callback set it)."""
    if st.session_state.get(CONFIRM_KEY):
        _confirmation_dialog()


# --- recently disconnected ----------------------------------------------------------------------------------


def _rebind(asset_id: int, label: str) -> None:
    db, store_id = runtime.database(), runtime.current_store_id()
    try:
        restored = rebind(store_id, asset_id, db.uow(), actor=runtime.actor(), clock=runtime.clock)
    except SelectionRefused as exc:
        reasons = " ".join(v.message for v in exc.violations)
        _flash("error", f"Cannot rebind {label}: {reasons} Nothing was changed.")
    except BindingError as exc:
        _flash("error", f"Cannot rebind {label}: {exc}")
    else:
        names = ", ".join(v.label for v in restored)
        _flash("success", f"Rebound {_assets(len(restored))} with their history: {names}.")


def recently_disconnected(store_id: int) -> None:
    st.subheader("Recently disconnected")
    db = runtime.database()
    retained = assets_in_retention(store_id, db.uow(), clock=runtime.clock)
    if not retained:
        st.caption(f"Nothing was disconnected in the last {RETENTION.days} days.")
        return
    st.caption(
        f"Their data is hidden, kept {RETENTION.days} days, then deleted for good. Rebind to bring an asset back "
        "with its history (the plan's limits apply)."
    )
    for group in retained_groups(retained):
        view = group.root
        text, button = st.columns([4, 1], vertical_alignment="center")
        text.markdown(f"{ICONS[view.kind]} **{view.name}** · {view.kind.label} `{view.external_id}`")
        text.caption(
            f"Disconnected {_when(view.unbound_at)} · data kept until {_when(view.purge_at)}"  # type: ignore[arg-type]
        )
        if group.with_it:
            text.caption(f"Comes back with it ({len(group.with_it)}): " + ", ".join(v.label for v in group.with_it))
        button.button(
            "Rebind",
            key=f"assets_rebind_{view.id}",
            help=f"Bind {view.label} again with its history.",
            on_click=_rebind,
            args=(view.id, view.label),
        )
