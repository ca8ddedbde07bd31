"""Smart Ads Connect: the entry file. ``streamlit run dashboard.py``.

It only frames the app: page config, the pages of ``pages/`` in one navigation, and the shared sidebar. Each page
is a short script that reads state, calls ``core/`` through ``ui.runtime`` and draws.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import layout

st.set_page_config(page_title="Smart Ads Connect", page_icon=":material/campaign:", layout="wide")

ROOT = Path(__file__).resolve().parent
# (file, title, icon, url path). A page is listed once its file is in the tree.
PAGES = [
    ("pages/home.py", "Home", ":material/home:", "home"),
    ("pages/connect.py", "Connect", ":material/link:", "connect"),
    ("pages/assets.py", "Assets", ":material/inventory_2:", "assets"),
    ("pages/permissions.py", "Permissions", ":material/group:", "permissions"),
    ("pages/ad_volume.py", "Ad volume", ":material/bar_chart:", "ad-volume"),
    ("pages/ad_accounts.py", "Ad accounts", ":material/account_balance:", "ad-accounts"),
    ("pages/activity.py", "Activity", ":material/history:", "activity"),
]

navigation = st.navigation(
    [
        st.Page(file, title=title, icon=icon, url_path=url, default=url == "home")
        for file, title, icon, url in PAGES
        if (ROOT / file).exists()
    ]
)
layout.sidebar()
navigation.run()
