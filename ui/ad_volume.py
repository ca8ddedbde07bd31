"""Drawing the Ad volume page: Refresh with progress, the report (charts, flags, table, CSV), the history.

Figures are in :mod:`ui.ad_volume_charts`; the numbers and their meaning in :mod:`core.ad_volume`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.ad_volume import (
    ACCOUNT_LIMIT_BULK,
    CURRENT_COLUMNS,
    HISTORY_COLUMNS,
    AdVolumePoint,
    Status,
    VolumeReport,
    current_table,
    headers,
    history_table,
    set_bulk,
    sync_ad_volume,
    to_csv,
)
from core.binding import RETENTION, AssetKind, AssetView
from core.graph import GraphError
from core.graph.facebook import REGULAR_LIMIT, ObjectKind, account_limit
from core.shared import DomainError, words
from core.shared.i18n import _, ngettext
from core.stores import Permission
from ui import ad_volume_charts as charts
from ui import feedback, runtime


def report_key(store_id: int) -> str:
    return f"ad_volume_report:{store_id}"


def refresh(store_id: int, accounts: list[AssetView]) -> None:
    """Read every bound ad account from Facebook now, with a progress bar; keep the report for the page."""
    token = runtime.access_token()
    if token is None:
        st.warning(_("No Facebook account is connected to this store. Connect one first."), icon=":material/link_off:")
        return
    bar = st.progress(
        0.0,
        text=ngettext(
            "Reading {n} ad account from Facebook…", "Reading {n} ad accounts from Facebook…", len(accounts)
        ).format(n=words.number(len(accounts))),
    )

    def show_progress(done: int, total: int, message: str) -> None:
        bar.progress(done / total if total else 1.0, text=message)

    try:
        st.session_state[report_key(store_id)] = sync_ad_volume(
            store_id,
            runtime.database().uow(),
            actor=runtime.actor(),
            clock=runtime.clock,
            client=runtime.graph_client(token),
            progress=show_progress,
        )
    except (GraphError, DomainError) as exc:
        bar.empty()
        feedback.show_error(exc)


BULK_FLASH = "ad_volume_bulk"


def _mark_bulk(store_id: int, account: AssetView, key: str) -> None:
    bulk = bool(st.session_state.get(key))
    try:
        set_bulk(
            store_id, account.external_id, bulk, runtime.database().uow(), actor=runtime.actor(), clock=runtime.clock
        )
    except DomainError as exc:
        st.session_state[key] = not bulk  # the toggle shows what is kept
        feedback.flash("error", exc, BULK_FLASH)
        return
    held = st.session_state.get(report_key(store_id))
    if held is not None:
        st.session_state[report_key(store_id)] = held.with_bulk(account.external_id, bulk)
    if bulk:
        message = _("{name} ({id}) is now counted as a bulk ad account.")
    else:
        message = _("{name} ({id}) is now counted as a regular ad account.")
    feedback.flash("success", message.format(name=account.name, id=account.external_id), BULK_FLASH)


def bulk_controls(store_id: int, accounts: list[AssetView]) -> None:
    """Mark bound ad accounts bulk: no Graph field says an account is bulk, Facebook tells the advertiser."""
    bulk_ads, bulk_sets = account_limit(ObjectKind.ADS, bulk=True), account_limit(ObjectKind.ADSETS, bulk=True)
    with st.expander(_("Bulk ad accounts"), icon=":material/inventory:"):
        st.caption(
            _(
                "A regular ad account may hold {regular} non-archived ads, ad sets and campaigns each. Facebook "
                "makes some accounts bulk ({bulk_ads} ads, {bulk_sets} ad sets and campaigns) and tells the "
                "advertiser, but does not say so to apps like Smart Ads: mark the ones Facebook made bulk."
            ).format(
                regular=words.number(REGULAR_LIMIT), bulk_ads=words.number(bulk_ads), bulk_sets=words.number(bulk_sets)
            )
        )
        feedback.show_flash(BULK_FLASH)
        allowed, why = runtime.can(Permission.AD_ACCOUNTS)
        if not allowed:
            st.caption(why)
        for account in accounts:
            key = f"ad_volume_bulk_{account.external_id}"
            st.session_state.setdefault(key, bool(account.attributes.get("bulk")))
            st.toggle(
                _("{name} ({id}) is a bulk account").format(name=account.name, id=account.external_id),
                key=key,
                on_change=_mark_bulk,
                args=(store_id, account, key),
                disabled=not allowed,
            )


def _flag(status: Status, name: str, advice: str) -> None:
    show = st.error if status is Status.AT else st.warning
    show(_("**{status}: {name}.** {advice}").format(status=status.label, name=name, advice=advice), icon=status.icon)


def report(result: VolumeReport) -> None:
    st.caption(
        _("Read from Facebook {when} ({ago}): {accounts}; {snapshots} saved to the history.").format(
            when=words.when(result.taken_at),
            ago=words.ago(result.taken_at, runtime.clock()),
            accounts=words.count(len(result.accounts), "{n} ad account", "{n} ad accounts"),
            snapshots=words.count(result.recorded, "{n} snapshot", "{n} snapshots"),
        )
    )
    for failed in result.failed:
        st.warning(
            _("**{name}** ({id}): {error}").format(name=failed.name, id=failed.account_id, error=failed.error),
            icon=":material/hourglass_top:",
        )

    st.subheader(_("Ad accounts: their limits"))
    st.caption(
        _(
            "Non-archived, non-deleted ads, ad sets and campaigns in each ad account, as Facebook counts them, "
            "against the account's limits ({regular} each for a regular account; {bulk} ads for a bulk one)."
        ).format(regular=words.number(REGULAR_LIMIT), bulk=words.number(ACCOUNT_LIMIT_BULK))
    )
    st.plotly_chart(charts.accounts_figure(result.accounts), key="ad_volume_accounts_chart")
    for account in result.accounts:
        if (account.status in (Status.NEAR, Status.AT) or account.above_regular) and not account.error:
            _flag(account.status, account.name, account.advice)

    st.subheader(_("Pages across your ad accounts: ads running or in review"))
    per_account = [
        _("{account} {n}").format(account=a.name, n=words.number(a.running_or_in_review))
        for a in result.accounts
        if a.running_or_in_review is not None
    ]
    st.caption(
        _(
            "Ads running or in review count against the limit of the Page they run for, across every ad account, "
            "this store's or not. Per ad account: {accounts}."
        ).format(accounts=words.listing(per_account))
    )
    if result.pages:
        st.plotly_chart(charts.pages_figure(result.pages), key="ad_volume_pages_chart")
        for page in result.pages:  # where each total comes from, adding up to it
            if page.bound:
                line = _("**{name}**: {total} = {breakdown}.")
            else:
                line = _("**{name}** (not bound to this store): {total} = {breakdown}.")
            st.caption(
                line.format(
                    name=page.name, total=words.number(page.running_or_in_review), breakdown=page.breakdown_words
                )
            )
    else:
        st.info(_("None of these ad accounts has ads running or in review for any Page."))
    if result.quiet_pages:
        names = words.listing([name for _page_id, name in result.quiet_pages])
        st.caption(
            ngettext(
                ":material/info: Not in the chart: {names}. No ad is running or in review for it in this store's "
                "ad accounts, and Facebook reports a Page's count and limit only with its ads.",
                ":material/info: Not in the chart: {names}. No ad is running or in review for them in this store's "
                "ad accounts, and Facebook reports a Page's count and limit only with its ads.",
                len(result.quiet_pages),
            ).format(names=names)
        )
    for page in result.pages:
        if page.status in (Status.NEAR, Status.AT):
            _flag(page.status, page.name, page.advice)
        elif page.future_limit and page.future_limit_date:
            show = st.warning if page.future_status in (Status.NEAR, Status.AT) else st.info
            show(
                _("**Future limit: {name}.** {advice}").format(name=page.name, advice=page.advice),
                icon=":material/event:",
            )

    st.subheader(_("Current numbers"))
    table = current_table(result)
    shown = pd.DataFrame(table, columns=list(CURRENT_COLUMNS)).rename(columns=headers(CURRENT_COLUMNS))
    st.dataframe(shown, hide_index=True, key="ad_volume_current_table")
    st.download_button(
        _("Download the current numbers (CSV)"),
        data=to_csv(table, CURRENT_COLUMNS),
        file_name=f"ad-volume-{result.taken_at:%Y%m%d-%H%M}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="ad_volume_current_csv",
    )


def history(points: list[AdVolumePoint]) -> None:
    st.subheader(_("History"))
    st.caption(
        ngettext(
            "Every refresh saves a snapshot of each bound ad account and each bound Page. When one is disconnected "
            "its history is hidden and kept {n} day: connect it again within that time and its history comes back.",
            "Every refresh saves a snapshot of each bound ad account and each bound Page. When one is disconnected "
            "its history is hidden and kept {n} days: connect it again within that time and its history comes "
            "back.",
            RETENTION.days,
        ).format(n=words.number(RETENTION.days))
    )
    if not points:
        st.info(_("No history yet: press Refresh to take the first snapshot."), icon=":material/history:")
        return
    for kind, label in (
        (AssetKind.AD_ACCOUNT, _("Show the history of the ad account")),
        (AssetKind.PAGE, _("Show the history of the Page")),
    ):
        names = {p.external_id: p.name for p in points if p.kind == kind}
        if not names:
            continue
        chosen = st.selectbox(
            label,
            options=list(names),
            format_func=lambda external_id, names=names: f"{names[external_id]} ({external_id})",
            key=f"ad_volume_history_{kind}",
        )
        st.plotly_chart(
            charts.history_figure([p for p in points if p.kind == kind and p.external_id == chosen]),
            key=f"ad_volume_history_chart_{kind}",
        )
    st.download_button(
        _("Download the history (CSV)"),
        data=to_csv(history_table(points), HISTORY_COLUMNS),
        file_name="ad-volume-history.csv",
        mime="text/csv",
        icon=":material/download:",
        key="ad_volume_history_csv",
    )
