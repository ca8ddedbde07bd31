"""Smart Ads Connect: the entry file. ``streamlit run dashboard.py``.

It only frames the app: page config, the pages of ``app_pages/`` in one navigation, and the shared sidebar. Each
page is a short script that reads state, calls ``core/`` through ``ui.runtime`` and draws.

The folder is not called ``pages/`` on purpose: with a ``pages/`` folder beside the entry file, a freshly started
Streamlit server runs a deep link such as ``/connect`` (the Facebook Login return) straight from that folder,
without this file, its sidebar or its sign-in guard, until some session has opened ``/``.
"""

from __future__ import annotations

import streamlit as st

from core.shared.i18n import _
from ui import access, feedback, layout, pages

st.set_page_config(page_title="Smart Ads Connect", page_icon=":material/campaign:", layout="wide")
layout.viewer()  # moments in the viewer's time zone (core.shared.words)

access.guard()  # live mode: signed in and a member of a store, or one page saying why (and no navigation)
navigation = st.navigation(
    [
        st.Page(
            page.file,
            title=_(page.title),
            icon=page.icon,
            url_path=page.url_path,
            default=page.url_path == pages.HOME,
        )
        for page in pages.PAGES
    ]
)
layout.sidebar()
layout.close_sidebar_on_phone(navigation.url_path)
# never a traceback: a plain message with a reference number (the page named in English for the logs)
with feedback.boundary(pages.title_of(navigation.url_path)):
    navigation.run()
