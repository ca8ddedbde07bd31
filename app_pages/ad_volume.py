"""Ad volume: each bound ad account's non-archived ads, ad sets and campaigns against the account limits, and ads
running or in review against the Page limits, over time."""

from __future__ import annotations

import streamlit as st

from core.ad_volume import ACCOUNT_LIMIT_BULK, ACCOUNT_LIMIT_REGULAR, NEAR_SHARE, VolumeReport, ad_volume_history
from core.binding import AssetKind, bound_asset_list
from core.graph.facebook import PAGE_LIMIT_TIERS, ObjectKind, account_limit
from core.shared import words
from core.shared.i18n import _
from ui import ad_volume as view
from ui import layout, runtime

st.title(_("Ad volume"))
layout.page_context()
st.caption(
    _(
        "Facebook limits each ad account's non-archived ads, ad sets and campaigns: {regular} each for a regular "
        "account; {bulk_ads} ads and {bulk_sets} ad sets and campaigns for a bulk one. Ads running or in review count "
        "against the limit of their Page, which follows its highest monthly ad spend ({tiers}). Anything at {near} "
        "or {full} of its limit is flagged."
    ).format(
        regular=words.number(ACCOUNT_LIMIT_REGULAR),
        bulk_ads=words.number(ACCOUNT_LIMIT_BULK),
        bulk_sets=words.number(account_limit(ObjectKind.ADSETS, bulk=True)),
        tiers=", ".join(words.number(t) for t in PAGE_LIMIT_TIERS),
        near=words.percent(round(NEAR_SHARE * 100)),
        full=words.percent(100),
    )
)

db = runtime.database()
store_id = runtime.current_store_id()
accounts = bound_asset_list(store_id, db.uow(), [AssetKind.AD_ACCOUNT])

if not accounts:
    st.info(
        _(
            "No ad account is bound to this store yet, so there is nothing to measure. Bind ad accounts on the "
            "Connect page, then come back and press Refresh."
        ),
        icon=":material/info:",
    )
else:
    if st.button(_("Refresh"), icon=":material/refresh:", type="primary", help=_("Read the numbers from Facebook now")):
        view.refresh(store_id, accounts)
    view.bulk_controls(store_id, accounts)

report: VolumeReport | None = st.session_state.get(view.report_key(store_id))
if accounts and report is None:
    st.info(_("Press **Refresh** to read the current numbers from Facebook. Each refresh is kept in the history."))
if report is not None:
    view.report(report)
view.history(ad_volume_history(store_id, db.uow()))
