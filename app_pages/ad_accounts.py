"""Ad accounts of a bound Business Manager: owned and shared accounts, pending claims, claim, create, remove,
DSA defaults and spend cap. Rules and calls live in :mod:`core.ad_accounts`; drawing in :mod:`ui.ad_accounts`."""

from __future__ import annotations

import streamlit as st

from core.ad_accounts import business_ad_accounts, business_refusal
from core.binding import AssetKind, bound_asset_list
from core.graph import GraphError
from core.shared import words
from core.shared.i18n import _
from ui import ad_accounts as view
from ui import feedback, graph_reads, layout, runtime

st.title(_("Ad accounts"))
layout.page_context()

token = runtime.access_token()
businesses = bound_asset_list(runtime.current_store_id(), runtime.database().uow(), [AssetKind.BUSINESS])
if token is None or not businesses:
    st.info(
        _(
            "No Business Manager is bound to this store yet. Bind one on the Connect page, then manage its ad "
            "accounts here."
        ),
        icon=":material/link_off:",
    )
    st.page_link(view.CONNECT_PAGE, label=_("Open the Connect page"), icon=":material/link:")
    st.stop()

business = st.selectbox(
    _("Business Manager"), businesses, format_func=lambda b: f"{b.name} ({b.external_id})", key="aa_business"
)
ctx = view.Context(business, token)
layout.read_only_notice(ctx.why)
feedback.show_flash()
view.error_details()

try:
    with st.spinner(_("Reading the Business Manager's ad accounts from Facebook…")):
        accounts, read_at = graph_reads.read_with_time(business_ad_accounts, token, ctx.business_id, ctx.business_name)
    read_when = _("Read from Facebook {ago}.").format(ago=words.ago(read_at, runtime.clock()))
    st.caption(f":material/schedule: {read_when}")
except GraphError as exc:
    feedback.show_error(exc)
    accounts = []
ctx.facebook_why = business_refusal(accounts, ctx.business_name)

confirmed = [a for a in accounts if not a.pending]
view.accounts_table(ctx, confirmed, [a for a in accounts if a.pending])

claim_tab, create_tab, remove_tab, settings_tab = view.tabs()
with claim_tab:
    view.claim_tab(ctx)
with create_tab:
    view.create_tab(ctx)
with remove_tab:
    view.remove_tab(ctx, accounts)
with settings_tab:
    view.settings_tab(ctx, confirmed)
