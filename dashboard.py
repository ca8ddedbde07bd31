"""Smart Ads Connect: the entry file. ``streamlit run dashboard.py``.

It only frames the app: page config, the pages of ``pages/`` in one navigation, and the shared sidebar. Each page
is a short script that reads state, calls ``core/`` through ``ui.runtime`` and draws.
"""

from __future__ import annotations

import streamlit as st

from ui import layout

st.set_page_config(page_title="Smart Ads Connect", page_icon=":material/campaign:", layout="wide")

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", url_path="home", default=True),
]

navigation = st.navigation(PAGES)
layout.sidebar()
navigation.run()
