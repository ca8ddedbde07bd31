"""Connect: the Facebook channel set-up wizard (docs/RULES.md, "Binding"). Facebook account → Business Managers →
ad accounts → pixel settings → Fan Pages → review and Save. The steps are drawn by ``ui.login`` (step 1), ``ui.wizard``
(the frame) and ``ui.wizard_steps`` (steps 2–6)."""

from __future__ import annotations

import streamlit as st

from core.graph import GraphError
from core.shared.i18n import _
from ui import access, feedback, layout, login, runtime, wizard, wizard_steps

access.require()  # also when Streamlit ran this file without the entry file (see ui.access.require)
st.title(_("Connect Facebook"))
layout.page_context()
login.handle_return()  # Facebook's redirect: finish the login and clear code and state from the URL first

draft = wizard.draft()
wizard.show_saved()
wizard.header(draft)
if draft.step == 0:
    st.markdown(
        _(
            "Connect the Facebook account you advertise with and let Smart Ads act for it (one Facebook account per "
            "store). Nothing is bound until you Save in the last step."
        )
    )
    status = login.account_step()
    wizard.navigation(draft, can_go_on=status.usable, why_not=_("Connect a Facebook account that works to go on."))
else:
    token = runtime.access_token()
    inventory = None
    try:
        inventory = wizard.inventory(token) if token else None
    except GraphError as exc:
        feedback.show_error(exc)
    if token is None or inventory is None:
        st.warning(_("Your Facebook assets cannot be listed right now. Go back to step 1 and (re)connect Facebook."))
        wizard.navigation(draft, can_go_on=False)
    else:
        wizard_steps.run_steps(inventory, draft)
        wizard.reload_button(token)
