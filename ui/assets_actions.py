"""What the Assets page's buttons do: Disconnect (through a confirmation), Rebind, bind a Google Ads account.
Outcomes are reported with :mod:`ui.feedback`, next to what was clicked.

Every action runs in a button's callback; "which confirmation is open" lives in ``st.session_state`` and the
confirmation dialog is opened from it, so a real browser and AppTest see the same thing (see STYLE.md). In a
browser a click inside the dialog reruns only the dialog, so the dialog closes itself once its state is gone.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from core.assets import restorable_until, retained_groups
from core.binding import (
    RETENTION,
    AssetKind,
    AssetNotFound,
    BindingError,
    CascadeChanged,
    SelectionRefused,
    assets_in_retention,
    bind_google_ads,
    preview_unbind,
    rebind,
    unbind,
)
from core.connection import disconnect_facebook
from core.shared import words
from core.shared.i18n import _, ngettext
from core.stores import Permission
from ui import graph_reads, runtime
from ui.feedback import flash, show_flash

CONFIRM_KEY = "assets_confirm"  # {"asset_id": int, "shown": [asset IDs the confirmation listed]}
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


def n_assets(n: int) -> str:
    """ "1 asset", "6 assets"."""
    return words.count(n, "{n} asset", "{n} assets")


def _when(moment: datetime) -> str:
    return words.when(moment)


# --- disconnect, through the confirmation ----------------------------------------------------------------


def open_confirmation(asset_id: int) -> None:
    st.session_state[CONFIRM_KEY] = {"asset_id": asset_id, "shown": None}


def _close_confirmation() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def _confirm_disconnect() -> None:
    pending = st.session_state.get(CONFIRM_KEY)
    if not pending:
        return
    db, store_id = runtime.database(), runtime.current_store_id()
    token = runtime.access_token() if pending.get("facebook") else None  # read before the token is forgotten
    outcome = ""
    try:
        if pending.get("facebook"):
            done = disconnect_facebook(
                store_id,
                db.uow(),
                actor=runtime.actor(),
                clock=runtime.clock,
                client=runtime.graph_client(token) if token else None,
                expected=pending["shown"] or [],
            )
            plan, outcome = done.plan, f" {done.why}"
            if token:
                graph_reads.forget(token)
        else:
            plan = unbind(
                store_id,
                pending["asset_id"],
                db.uow(),
                actor=runtime.actor(),
                clock=runtime.clock,
                expected=pending["shown"] or [],  # checked inside the unbind's own transaction
            )
    except CascadeChanged:
        pending["changed"] = True  # the list changed meanwhile: show the new one and ask again
        return
    except AssetNotFound:
        flash("error", _("Nothing was disconnected: it was disconnected meanwhile (see Recently disconnected)."))
    except BindingError as exc:
        flash("error", _("Nothing was disconnected: {reason}").format(reason=exc))
    else:
        until = _when(restorable_until(runtime.clock()))
        under = len(plan.assets) - 1
        if under:
            said = _(
                "Disconnected {asset} and the {assets} under it.{outcome} Rebind it under Recently disconnected until "
                "{until} to get its history back."
            )
        else:
            said = _(
                "Disconnected {asset}.{outcome} Rebind it under Recently disconnected until {until} to get its "
                "history back."
            )
        text = said.format(asset=plan.root.label, assets=n_assets(under), outcome=outcome, until=until)
        flash("success", text)  # the page shows it at the top, with a toast for a marketer scrolled far down
    _close_confirmation()


def _confirmation_dialog() -> None:
    pending = st.session_state.get(CONFIRM_KEY)
    if not pending:  # in a browser a click in the dialog reruns only the dialog: Confirm or Cancel closed it
        st.rerun()
    db, store_id = runtime.database(), runtime.current_store_id()
    try:
        preview = preview_unbind(store_id, pending["asset_id"], db.uow())
    except AssetNotFound:
        st.error(
            _(
                "This asset is no longer bound: it was disconnected meanwhile (see Recently disconnected). "
                "Nothing to disconnect."
            ),
            icon=":material/error:",
        )
        st.button(_("Close"), key="assets_confirm_close", on_click=_close_confirmation)
        return
    pending["shown"] = [a.id for a in preview.assets]
    pending["facebook"] = preview.clears_facebook_connection
    if pending.pop("changed", False):
        st.warning(
            _(
                "What this disconnect unbinds changed since you opened it (someone bound or disconnected assets "
                "meanwhile). Nothing was disconnected: check the list again."
            ),
            icon=":material/sync_problem:",
        )
    root = preview.root
    count = len(preview.assets)
    said = ngettext(
        "Disconnecting **{asset}** unbinds exactly this asset:",
        "Disconnecting **{asset}** unbinds exactly these {n} assets:",
        count,
    )
    st.markdown(said.format(asset=root.label, n=count))
    st.markdown("\n".join(f"- {ICONS[a.kind]} {a.label}" for a in preview.assets))
    until = _when(restorable_until(runtime.clock()))
    st.warning(
        ngettext(
            "What you lose: their data (ad-volume and account history) is hidden from every page, and the app stops "
            "using them. Nothing is deleted on Facebook. Rebind within {days} day, until {until}, to get it all "
            "back; after that the history is deleted for good.",
            "What you lose: their data (ad-volume and account history) is hidden from every page, and the app stops "
            "using them. Nothing is deleted on Facebook. Rebind within {days} days, until {until}, to get it all "
            "back; after that the history is deleted for good.",
            RETENTION.days,
        ).format(days=RETENTION.days, until=until),
        icon=":material/warning:",
    )
    if preview.clears_facebook_connection:
        st.caption(
            _(
                "The store's Facebook connection (its token) is removed too, and Smart Ads asks Facebook to remove "
                "the app's access for this Facebook account (if the connection no longer works, it is disconnected "
                "here only). Connect again on the Connect page to use Facebook for this store."
            )
        )
    left, right = st.columns(2)
    left.button(
        _("Disconnect") if count == 1 else words.count(count, "Disconnect {n} asset", "Disconnect {n} assets"),
        key="assets_confirm_yes",
        type="primary",
        icon=":material/link_off:",
        on_click=_confirm_disconnect,
    )
    right.button(_("Cancel"), key="assets_confirm_cancel", on_click=_close_confirmation)


def confirmation() -> None:
    """Open the confirmation when one is pending (a Disconnect button's callback set it)."""
    if st.session_state.get(CONFIRM_KEY):  # the dialog is made per run: its title is in this viewer's language
        st.dialog(_("Disconnect?"), width="large", on_dismiss=_close_confirmation)(_confirmation_dialog)()


# --- Google Ads ---------------------------------------------------------------------------------------------


def bind_google() -> None:
    """The Google Ads form's submit: bind by customer ID, within the plan; a refusal binds nothing."""
    db, store_id = runtime.database(), runtime.current_store_id()
    raw = str(st.session_state.get(GOOGLE_ID_KEY, "")).strip()
    if not raw:
        flash("error", _("Not bound: type the Google Ads customer ID, written like 123-456-7890."), "google")
        return
    name = str(st.session_state.get(GOOGLE_NAME_KEY, "")).strip()
    try:
        view = bind_google_ads(store_id, raw, db.uow(), name=name, actor=runtime.actor(), clock=runtime.clock)
    except SelectionRefused as exc:
        flash("error", _("Not bound: {reason}").format(reason=exc), "google")
    except BindingError as exc:
        flash("error", _("Not bound: {reason}").format(reason=exc), "google")
    else:
        st.session_state[GOOGLE_ID_KEY] = ""
        st.session_state[GOOGLE_NAME_KEY] = ""
        flash(
            "success",
            _("Bound Google Ads account {name} ({id}).").format(name=view.name, id=view.external_id),
            "google",
        )


# --- recently disconnected ----------------------------------------------------------------------------------


def _rebind(asset_id: int, label: str) -> None:
    db, store_id = runtime.database(), runtime.current_store_id()
    try:
        restored = rebind(store_id, asset_id, db.uow(), actor=runtime.actor(), clock=runtime.clock)
    except SelectionRefused as exc:
        reasons = words.sentences(v.message for v in exc.violations)
        flash(
            "error",
            _("Cannot rebind {asset}: {reasons} Nothing was changed.").format(asset=label, reasons=reasons),
            "retained",
        )
    except AssetNotFound:
        flash(
            "error",
            ngettext(
                "Cannot rebind {asset}: its {days} day is over and its data was deleted. Bind it again from Connect.",
                "Cannot rebind {asset}: its {days} days are over and its data was deleted. Bind it again from Connect.",
                RETENTION.days,
            ).format(asset=label, days=RETENTION.days),
            "retained",
        )
    except BindingError as exc:
        flash("error", _("Cannot rebind {asset}: {reason}").format(asset=label, reason=exc), "retained")
    else:
        names = ", ".join(v.label for v in restored)
        said = _("Rebound {assets} with their history: {names}.").format(assets=n_assets(len(restored)), names=names)
        flash("success", said, "retained")


def recently_disconnected(store_id: int) -> None:
    st.subheader(_("Recently disconnected"))
    show_flash("retained")
    db = runtime.database()
    retained = assets_in_retention(store_id, db.uow(), clock=runtime.clock)
    if not retained:
        st.caption(
            ngettext(
                "Nothing was disconnected in the last {days} day.",
                "Nothing was disconnected in the last {days} days.",
                RETENTION.days,
            ).format(days=RETENTION.days)
        )
        return
    st.caption(
        ngettext(
            "Their data is hidden, kept {days} day, then deleted for good. Rebind to bring an asset back with its "
            "history (the plan's limits apply).",
            "Their data is hidden, kept {days} days, then deleted for good. Rebind to bring an asset back with its "
            "history (the plan's limits apply).",
            RETENTION.days,
        ).format(days=RETENTION.days)
    )
    allowed, _why = runtime.can(Permission.BIND)
    for group in retained_groups(retained):
        view = group.root
        text, button = st.columns([4, 1], vertical_alignment="center")
        text.markdown(f"{ICONS[view.kind]} **{view.name}** · {view.kind.label} `{view.external_id}`")
        text.caption(
            _("Disconnected {at} · data kept until {until}").format(
                at=_when(view.unbound_at),  # type: ignore[arg-type]
                until=_when(view.purge_at),  # type: ignore[arg-type]
            )
        )
        if group.with_it:
            text.caption(
                _("Comes back with it ({n}): {assets}").format(
                    n=len(group.with_it), assets=", ".join(v.label for v in group.with_it)
                )
            )
        button.button(
            _("Rebind"),
            key=f"assets_rebind_{view.id}",
            help=_("Bind {asset} again with its history.").format(asset=view.label),
            on_click=_rebind,
            disabled=not allowed,
            args=(view.id, view.label),
        )
