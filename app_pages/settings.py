"""Store settings: who may open the store and with which role, and the store's plan (docs/RULES.md, "Roles in a
store"). Owners change members; everyone sees them."""

from __future__ import annotations

import streamlit as st

from ui import layout
from ui import settings as view

st.title("Store settings")
layout.page_context()
view.members_section()
view.plan_section()
