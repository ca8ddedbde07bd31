"""Home: who is connected, the health of the Facebook token, the store's plan usage, what needs attention."""

from __future__ import annotations

import streamlit as st

from core.binding import plan_usage
from core.config import REQUIRED_SCOPES
from core.connection import token_health
from core.graph import AuthenticationError, GraphError
from ui import feedback, graph_reads, layout, runtime

st.title("Smart Ads Connect")
layout.page_context()

db = runtime.database()
store_id = runtime.current_store_id()
usage = plan_usage(store_id, db.uow())

st.subheader(f"{usage.store_name} · plan {usage.plan}")
columns = st.columns(len(usage.lines()))
for column, line in zip(columns, usage.lines(), strict=True):
    with column:
        st.metric(line.label, f"{line.used} / {line.limit}")
        st.progress(min(line.used / line.limit, 1.0) if line.limit else 1.0)
        if line.reached:
            st.caption(":material/warning: Limit reached: disconnect something before adding more.")
st.caption(
    f"Ad accounts count Facebook ({usage.facebook_ad_accounts}) and Google Ads ({usage.google_ads_accounts}) "
    f"accounts together."
)

st.subheader("Facebook connection")
token = runtime.access_token()
attention: list[str] = []
if token is None:
    st.warning("No Facebook account is connected to this store yet.", icon=":material/link_off:")
    attention.append("Connect a Facebook account to start.")
else:
    try:
        who = graph_reads.identity(token)
    except AuthenticationError as exc:
        feedback.show_error(exc)
        attention.append("Reconnect Facebook: the app cannot act for you until you do.")
    except GraphError as exc:
        feedback.show_error(exc)
    else:
        info = who.token
        health = token_health(info, REQUIRED_SCOPES, runtime.clock())
        st.markdown(f"Connected as **{who.user_name}** (Facebook ID `{who.user_id}`).")
        left, middle, right = st.columns(3)
        left.metric("Token", health.status_label)
        middle.metric("Token valid until", health.expires_label)
        right.metric("Data access until", health.data_access_label)
        st.caption("Granted scopes: " + (", ".join(info.scopes) or "none"))
        attention.extend(health.problems)
    if st.button(
        "Check the connection again",
        icon=":material/refresh:",
        help="Home keeps Facebook's answer for a few minutes; this asks Facebook now.",
    ):
        graph_reads.forget(token)
        st.rerun()

st.subheader("What needs attention")
if attention:
    for item in attention:
        st.markdown(f"- :material/priority_high: {item}")
else:
    st.success("Nothing needs your attention.", icon=":material/check_circle:")
