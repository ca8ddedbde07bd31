"""Assets: what the store has bound, each ad account's health, Disconnect with its cascade, Recently disconnected
with Rebind, and Google Ads accounts by customer ID (docs/RULES.md, "Unbinding, cascade, retention")."""

from __future__ import annotations

import streamlit as st

from core.assets import asset_rows, matching_rows, shown_ids
from core.binding import bound_assets, plan_usage, purge_due
from core.shared.i18n import _
from core.stores import Permission
from ui import assets as view
from ui import assets_actions as actions
from ui import feedback, layout, runtime

st.title(_("Assets"))
layout.page_context()

db = runtime.database()
store_id = runtime.current_store_id()
purge_due(store_id, db.uow(), clock=runtime.clock)
layout.read_only_notice(runtime.can(Permission.BIND)[1])
feedback.show_flash(toast=True)
view.usage_metrics(plan_usage(store_id, db.uow()))

tree = bound_assets(store_id, db.uow())
facts = view.live_facts(tree)
view.facts_warning(facts)
rows = asset_rows(tree, facts, runtime.clock())

query, kinds, attention = view.filters()
matching = matching_rows(rows, query, kinds, attention_only=attention)
shown = shown_ids(matching)
view.download(matching)

view.facebook_section(tree, rows, shown)
view.google_section(tree, rows, shown)
actions.recently_disconnected(store_id)
actions.confirmation()
