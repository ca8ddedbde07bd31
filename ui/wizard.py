"""The Connect wizard's state and frame: the draft, the step header, Back / Next (steps: :mod:`ui.wizard_steps`;
step 1: :mod:`ui.login`).

The draft (:class:`core.connect.Draft`) lives in ``st.session_state``, apart from the widgets: a widget's own
state is dropped when its step is not drawn, the draft is not, so Back, Next and leaving the page keep every
choice. Each widget starts from the draft and writes back to it. Nothing is bound until Save.
"""

from __future__ import annotations

import streamlit as st

from core.binding import AssetKind, bound_asset_list
from core.connect import STEPS, Draft, draft_from_bound
from core.inventory import Inventory
from core.shared.i18n import _
from ui import feedback, runtime
from ui import inventory as ui_inventory

DRAFT_KEY = "connect_draft"
SAVED = "connect_saved"  # where the outcome of Save is shown
BASE_KEY = "connect_draft_base"  # what was bound when the draft started
WIDGET_PREFIXES = tuple(
    f"connect_{kind}_" for kind in ("businesses", "ad_accounts", "pages", "pixel", "domain", "filter")
)


def _from_bound() -> Draft:
    db = runtime.database()
    return draft_from_bound(bound_asset_list(runtime.current_store_id(), db.uow()))


def draft() -> Draft:
    """The session's draft; the first time, what the store has bound now. When what is bound changed since
    (on the Assets page, or another person saved), say so and offer to start again from it."""
    held = st.session_state.get(DRAFT_KEY)
    if held is None:
        restart()
        return st.session_state[DRAFT_KEY]
    if st.session_state.get(BASE_KEY) != _from_bound():
        st.info(
            _(
                "What this store has bound changed since you started (on the Assets page, or someone else saved). "
                "Your choices below are kept; Save would make the store hold exactly them."
            ),
            icon=":material/sync_problem:",
        )
        if st.button(_("Start again from what is bound now"), icon=":material/restart_alt:", key="connect_restart"):
            restart(held.step)
            st.rerun()
    return held


def inventory(token: str) -> Inventory:
    """What the token can see on Facebook (the shared inventory cache; loads with a progress bar)."""
    return ui_inventory.inventory(token)


def reload_button(token: str) -> None:
    if st.button(_("Reload from Facebook"), icon=":material/refresh:", key="connect_reload"):
        ui_inventory.refresh_inventory(token)
        st.rerun()


def restart(step: int = 0) -> None:
    """Start the draft again from what is bound now, at ``step`` (the steps' widgets start from it too)."""
    fresh = _from_bound()
    st.session_state[BASE_KEY] = _from_bound()
    fresh.step = step
    st.session_state[DRAFT_KEY] = fresh
    for key in [k for k in st.session_state if str(k).startswith(WIDGET_PREFIXES)]:
        del st.session_state[key]


def bound_names() -> dict[AssetKind, dict[str, str]]:
    """What the store holds now: ID → name, by kind."""
    db = runtime.database()
    out: dict[AssetKind, dict[str, str]] = {k: {} for k in AssetKind}
    for view in bound_asset_list(runtime.current_store_id(), db.uow()):
        out[view.kind][view.external_id] = view.name
    return out


# ---- the frame ---------------------------------------------------------------------------------------------


SHOWN_STEP_KEY = "connect_shown_step"
# Back and Next sit below a step; the next step opens at its top, not where the last one was scrolled to.
SCROLL_TO_TOP = """<script>
document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')
  .forEach((box) => box.scrollTo({{top: 0}}));
window.scrollTo({{top: 0}}); /* step {step} */
</script>"""


def header(d: Draft) -> None:
    text = _("Step {step} of {steps}: {name}").format(step=d.step + 1, steps=len(STEPS), name=_(STEPS[d.step]))
    st.progress((d.step + 1) / len(STEPS), text=text)
    slot = st.empty()  # always there, so the elements below keep their places from one run to the next
    if st.session_state.get(SHOWN_STEP_KEY, d.step) != d.step:
        slot.html(SCROLL_TO_TOP.format(step=d.step), unsafe_allow_javascript=True)
    st.session_state[SHOWN_STEP_KEY] = d.step


def navigation(d: Draft, *, can_go_on: bool, why_not: str = "") -> None:
    """Back and Next; they only move between steps (the draft is already up to date)."""
    back, _gap, forward = st.columns([1, 4, 1])
    if d.step > 0 and back.button(_("Back"), icon=":material/arrow_back:", key="connect_back", width="stretch"):
        d.step -= 1
        st.rerun()
    if d.step < len(STEPS) - 1:
        if forward.button(
            _("Next"), icon=":material/arrow_forward:", key="connect_next", disabled=not can_go_on, width="stretch"
        ):
            d.step += 1
            st.rerun()
        if not can_go_on and why_not:
            st.caption(f":material/info: {why_not}")


def show_saved() -> None:
    feedback.show_flash(SAVED)
