"""Drawing store settings: sections the Store settings page places (the website domain here).

Each section is one function taking the store's ID; it reads and writes through ``core.stores`` and reports its
outcome next to itself (:mod:`ui.feedback`).
"""

from __future__ import annotations

import streamlit as st

from core.shared import DomainError
from core.stores import set_website_domain, store_website_domain
from ui import feedback, runtime

DOMAIN_KEY = "store_settings_website_domain"
DOMAIN_FLASH = "store_settings_domain"


def _save_domain(store_id: int) -> None:
    raw = str(st.session_state.get(DOMAIN_KEY) or "")
    try:
        host = set_website_domain(store_id, raw, runtime.database().uow(), actor=runtime.actor(), clock=runtime.clock)
    except DomainError as exc:
        feedback.flash("error", exc, DOMAIN_FLASH)
    else:
        st.session_state[DOMAIN_KEY] = host
        feedback.flash("success", f"The store's website domain is now {host}.", DOMAIN_FLASH)


def website_domain_section(store_id: int) -> None:
    """The store's website domain: shown, and changed through a small form (one submit is one change)."""
    st.subheader("Website domain")
    current = store_website_domain(store_id, runtime.database().uow())
    st.caption(
        "The domain of the store's website, e.g. shop.example.com. Domain Settings can be turned on for a pixel "
        "only when this domain is verified in the pixel's Business Manager (Business settings → Brand safety → "
        "Domains) and the pixel received events in the last 7 days."
    )
    feedback.show_flash(DOMAIN_FLASH)
    st.markdown(f"Current website domain: **{current}**" if current else "No website domain is set yet.")
    if DOMAIN_KEY not in st.session_state:
        st.session_state[DOMAIN_KEY] = current or ""
    with st.form("store_settings_domain_form"):
        st.text_input("Website domain", key=DOMAIN_KEY, placeholder="shop.example.com")
        st.form_submit_button(
            "Save website domain", key="store_settings_domain_save", on_click=_save_domain, args=(store_id,)
        )
