"""The frame every page shares: the sidebar (mode badge, sandbox identity) and the sandbox banner."""

from __future__ import annotations

import streamlit as st

from core.config import Mode
from ui import runtime


def sidebar() -> None:
    conf = runtime.settings()
    with st.sidebar:
        if conf.mode is Mode.SANDBOX:
            st.badge("Sandbox", icon=":material/science:", color="orange")
            st.caption("Demo data from the built-in sandbox Graph API. Nothing is sent to Facebook.")
            st.selectbox(
                "Sandbox identity",
                options=list(runtime.SANDBOX_IDENTITIES),
                format_func=lambda token: runtime.SANDBOX_IDENTITIES[token].label,
                key=runtime.IDENTITY_KEY,
                help="Act as another Facebook user of the demo world, to see the read-only and expired-token paths.",
            )
        else:
            st.badge("Live", icon=":material/public:", color="green")
            st.caption("Connected to graph.facebook.com.")


def mode_banner() -> None:
    if runtime.settings().mode is Mode.SANDBOX:
        st.info(
            "**Sandbox mode.** You are using the demo world of the built-in sandbox Graph API: "
            "the data is made up and nothing reaches Facebook. Configure a Facebook app to go live (see the README).",
            icon=":material/science:",
        )
