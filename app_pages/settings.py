"""Store settings: who may open the store and with which role, the store's website domain and plan, and where its
alerts go (docs/RULES.md, "Roles in a store", "Binding", "Background sync and alerts"). Owners change them; everyone
sees them."""

from __future__ import annotations

import streamlit as st

from core.shared.i18n import _
from ui import alerts, layout, runtime
from ui import settings as view

st.title(_("Store settings"))
layout.page_context()
view.members_section()
view.website_domain_section()
view.plan_section()
alerts.alerts_section(runtime.current_store_id())
