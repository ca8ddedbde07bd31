"""The Connect wizard (docs/RULES.md, "Binding"): what each step offers, why an item cannot be chosen, and how the
inventory plus the marketer's draft become the selection Save binds.

Model (:mod:`.model`): :class:`Draft`, the options of each step, :func:`build_selection`, :func:`prune`; Domain
Settings (:mod:`.domain_settings`): :func:`domain_settings_refusal` on the store's :class:`Website`. Use case:
:func:`save_draft` (:mod:`.services`). The limits themselves are binding's (:mod:`core.binding`).
"""

from core.connect.domain_settings import EVENT_WINDOW, Website, domain_settings_refusal
from core.connect.model import (
    FIX_STEP,
    STEPS,
    AccountSource,
    Draft,
    InvalidDraft,
    Option,
    PixelOption,
    account_sources,
    ad_account_options,
    build_selection,
    business_options,
    check_draft,
    choosable_accounts,
    draft_from_bound,
    page_options,
    pixel_options,
    prune,
)
from core.connect.services import save_draft

__all__ = [
    "EVENT_WINDOW",
    "FIX_STEP",
    "STEPS",
    "AccountSource",
    "Draft",
    "InvalidDraft",
    "Option",
    "PixelOption",
    "Website",
    "account_sources",
    "ad_account_options",
    "build_selection",
    "business_options",
    "check_draft",
    "choosable_accounts",
    "domain_settings_refusal",
    "draft_from_bound",
    "page_options",
    "pixel_options",
    "prune",
    "save_draft",
]
