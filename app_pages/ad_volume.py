"""Ad volume: ads running or in review per bound ad account and per Page against Facebook's limits, over time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.ad_volume import (
    ACCOUNT_LIMIT_BULK,
    ACCOUNT_LIMIT_REGULAR,
    CURRENT_COLUMNS,
    HISTORY_COLUMNS,
    NEAR_SHARE,
    PAGE_LIMIT_TIERS,
    Status,
    VolumeReport,
    current_table,
    history_table,
    to_csv,
)
from core.ad_volume_sync import sync_ad_volume
from core.binding import AssetKind, BindingError, ad_volume_history, bound_asset_list
from core.graph import GraphError
from ui import ad_volume as charts
from ui import layout, runtime

st.title("Ad volume")
layout.mode_banner()
st.caption(
    f"Facebook counts the ads that are running or in review against limits: {ACCOUNT_LIMIT_REGULAR:,} per regular "
    f"ad account, {ACCOUNT_LIMIT_BULK:,} per bulk account, and per Page a limit that follows its highest monthly "
    f"ad spend ({', '.join(f'{t:,}' for t in PAGE_LIMIT_TIERS)}). Anything at {NEAR_SHARE:.0%} of its limit is "
    "flagged."
)

db = runtime.database()
store_id = runtime.current_store_id()
report_key = f"ad_volume_report:{store_id}"
accounts = bound_asset_list(store_id, db.uow(), [AssetKind.AD_ACCOUNT])

if not accounts:
    st.info(
        "No ad account is bound to this store yet, so there is nothing to measure. Bind ad accounts on the "
        "Connect page, then come back and press Refresh.",
        icon=":material/info:",
    )
elif st.button("Refresh", icon=":material/refresh:", type="primary", help="Read the numbers from Facebook now"):
    token = runtime.access_token()
    if token is None:
        st.warning("No Facebook account is connected to this store. Connect one first.", icon=":material/link_off:")
    else:
        bar = st.progress(0.0, text=f"Reading {len(accounts)} ad accounts from Facebook…")

        def show_progress(done: int, total: int, message: str) -> None:
            bar.progress(done / total if total else 1.0, text=message)

        try:
            st.session_state[report_key] = sync_ad_volume(
                store_id,
                runtime.graph_client(token),
                db.uow(),
                clock=runtime.clock,
                progress=show_progress,
                limit_field=charts.limit_field(),
            )
        except GraphError as exc:
            bar.empty()
            layout.show_graph_error(exc)
        except BindingError as exc:
            bar.empty()
            st.error(str(exc), icon=":material/error:")

report: VolumeReport | None = st.session_state.get(report_key)
if accounts and report is None:
    st.info("Press **Refresh** to read the current numbers from Facebook. Each refresh is kept in the history.")

if report is not None:
    st.caption(
        f"Read {report.taken_at:%d %b %Y %H:%M} UTC: {len(report.accounts)} ad accounts in "
        f"{report.graph_requests} Graph requests; {report.recorded} snapshots saved to the history."
    )
    for failed in report.failed:
        st.warning(f"**{failed.name}** ({failed.account_id}): {failed.error}", icon=":material/hourglass_top:")

    st.subheader("Ad accounts")
    st.plotly_chart(charts.accounts_figure(report.accounts), key="ad_volume_accounts_chart")
    for account in report.accounts:
        if account.status in (Status.NEAR, Status.AT) and not account.error:
            show = st.error if account.status is Status.AT else st.warning
            show(f"**{account.status.label}: {account.name}.** {account.advice}", icon=account.status.icon)

    st.subheader("Pages across your ad accounts")
    if report.pages:
        st.plotly_chart(charts.pages_figure(report.pages), key="ad_volume_pages_chart")
    else:
        st.info("None of these ad accounts has ads running or in review for any Page.")
    for page in report.pages:
        flagged = page.status in (Status.NEAR, Status.AT)
        if flagged:
            show = st.error if page.status is Status.AT else st.warning
            show(f"**{page.status.label}: {page.name}.** {page.advice}", icon=page.status.icon)
        elif page.future_limit and page.future_limit_date:
            show = st.warning if page.future_status in (Status.NEAR, Status.AT) else st.info
            show(f"**Future limit: {page.name}.** {page.advice}", icon=":material/event:")

    st.subheader("Current numbers")
    table = current_table(report)
    st.dataframe(pd.DataFrame(table, columns=list(CURRENT_COLUMNS)), hide_index=True, key="ad_volume_current_table")
    st.download_button(
        "Download the current numbers (CSV)",
        data=to_csv(table, CURRENT_COLUMNS),
        file_name=f"ad-volume-{report.taken_at:%Y%m%d-%H%M}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="ad_volume_current_csv",
    )

st.subheader("History")
st.caption(
    "Every refresh saves a snapshot of each bound ad account and each bound Page. When one is disconnected its "
    "history is hidden and kept 30 days: connect it again within that time and its history comes back."
)
points = ad_volume_history(store_id, db.uow())
if not points:
    st.info("No history yet: press Refresh to take the first snapshot.", icon=":material/history:")
else:
    for kind, label in ((AssetKind.AD_ACCOUNT, "ad account"), (AssetKind.PAGE, "Page")):
        names = {p.external_id: p.name for p in points if p.kind == kind}
        if not names:
            continue
        chosen = st.selectbox(
            f"Show the history of the {label}",
            options=list(names),
            format_func=lambda external_id, names=names: f"{names[external_id]} ({external_id})",
            key=f"ad_volume_history_{kind}",
        )
        st.plotly_chart(
            charts.history_figure([p for p in points if p.kind == kind and p.external_id == chosen]),
            key=f"ad_volume_history_chart_{kind}",
        )
    st.download_button(
        "Download the history (CSV)",
        data=to_csv(history_table(points), HISTORY_COLUMNS),
        file_name="ad-volume-history.csv",
        mime="text/csv",
        icon=":material/download:",
        key="ad_volume_history_csv",
    )
