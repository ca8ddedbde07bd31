"""Ad volume: each bound ad account's non-archived ads, ad sets and campaigns against the account limits, and ads
running or in review against the Page limits, over time."""

from __future__ import annotations

import streamlit as st

from core.ad_volume import ACCOUNT_LIMIT_BULK, ACCOUNT_LIMIT_REGULAR, NEAR_SHARE, VolumeReport, ad_volume_history
from core.binding import AssetKind, bound_asset_list
from core.graph.facebook import PAGE_LIMIT_TIERS, ObjectKind, account_limit
from ui import ad_volume as view
from ui import layout, runtime

st.title("Ad volume")
layout.page_context()
st.caption(
    f"Facebook limits each ad account's non-archived ads, ad sets and campaigns: {ACCOUNT_LIMIT_REGULAR:,} each for "
    f"a regular account; {ACCOUNT_LIMIT_BULK:,} ads and {account_limit(ObjectKind.ADSETS, bulk=True):,} ad sets and "
    "campaigns for a bulk one. Ads running or in review count against the limit of their Page, which follows its "
    f"highest monthly ad spend ({', '.join(f'{t:,}' for t in PAGE_LIMIT_TIERS)}). Anything at {NEAR_SHARE:.0%} or "
    "100 % of its limit is flagged."
)

db = runtime.database()
store_id = runtime.current_store_id()
accounts = bound_asset_list(store_id, db.uow(), [AssetKind.AD_ACCOUNT])

if not accounts:
    st.info(
        "No ad account is bound to this store yet, so there is nothing to measure. Bind ad accounts on the "
        "Connect page, then come back and press Refresh.",
        icon=":material/info:",
    )
else:
    if st.button("Refresh", icon=":material/refresh:", type="primary", help="Read the numbers from Facebook now"):
        view.refresh(store_id, accounts)
    view.bulk_controls(store_id, accounts)

report: VolumeReport | None = st.session_state.get(view.report_key(store_id))
if accounts and report is None:
    st.info("Press **Refresh** to read the current numbers from Facebook. Each refresh is kept in the history.")
if report is not None:
    view.report(report)
view.history(ad_volume_history(store_id, db.uow()))
