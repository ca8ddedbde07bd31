"""Activity: the store's audit log (who, when, what, result), filtered by asset, action and date, exportable."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from core import activity
from core.shared import words
from core.shared.i18n import _
from ui import layout, runtime

st.title(_("Activity"))
layout.page_context()
st.caption(_("Every connection, disconnection, permission change and ad account change made for this store."))

db = runtime.database()
store_id = runtime.current_store_id()
everything = activity.activity(store_id, db.uow(), activity.ActivityFilter())
assets, actions = activity.choices(everything)

today = words.local(runtime.clock()).date()
left, middle, right = st.columns(3)
chosen_assets = left.multiselect(
    _("Asset"), list(assets), format_func=assets.__getitem__, placeholder=_("All assets"), key="activity_assets"
)
chosen_actions = middle.multiselect(
    _("Action"), actions, format_func=activity.action_label, placeholder=_("All actions"), key="activity_actions"
)
days = right.date_input(_("Dates"), value=(today - timedelta(days=30), today), key="activity_dates")
start, end = activity.date_range(days)

records = activity.activity(
    store_id,
    db.uow(),
    activity.ActivityFilter(chosen_assets, chosen_actions, start, end),
)
if not everything:
    st.info(_("Nothing has happened for this store yet."), icon=":material/history:")
elif not records:
    st.info(
        _("No activity matches these filters. Widen the dates or clear a filter."), icon=":material/filter_alt_off:"
    )
else:
    total = words.count(len(everything), "{n} entry", "{n} entries")
    st.caption(
        _("Showing {shown} of {total}, newest first. Times are in {zone}.").format(
            shown=words.number(len(records)), total=total, zone=words.zone_name()
        )
    )
    st.dataframe(activity.rows(records), hide_index=True, key="activity_table")
    st.download_button(
        _("Download CSV"),
        activity.to_csv(records),
        file_name=f"activity-{today.isoformat()}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="activity_csv",
    )
