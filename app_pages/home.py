"""Home, the store's cockpit: every item that needs doing, each in plain words with the page that fixes it (or a
clear call to Connect on a first visit), then the plan's usage and the Facebook connection."""

from __future__ import annotations

import streamlit as st

from core.cockpit import cockpit, store_facts
from ui import home as view
from ui import layout, runtime

st.title("Smart Ads Connect")
layout.page_context()

db = runtime.database()
store_id = runtime.current_store_id()
token = runtime.access_token()
read = view.read_connection(token)  # Facebook is asked at most once a minute
facts = store_facts(store_id, db.uow(), clock=runtime.clock)
now = runtime.clock()

view.cockpit(cockpit(facts, read.connection, now), facts, read.connection, now)
view.plan_usage(facts.usage)
view.connection(token, read, now)
