"""The root of the product's own errors, beside :class:`core.graph.GraphError` (what Facebook answered).

A :class:`DomainError` is a request the product refuses or cannot carry out: a limit, a rule of Facebook's
checked before calling, a login that did not complete, a setting that is missing. ``user_message`` says what
happened, why, and what to do next, in the marketer's words; pages show it through one helper
(``ui.feedback.show_error``) and never match on its text.
"""

from __future__ import annotations

import secrets


class DomainError(Exception):
    """A refusal or failure of the product's rules; ``user_message`` (also ``str()``) is for the marketer."""

    def __init__(self, user_message: str = "") -> None:
        super().__init__(user_message)
        self.user_message = user_message


_REFERENCE = "smart_ads_reference"
_RECORDED = "smart_ads_recorded"


def incident_reference(exc: BaseException) -> str:
    """The reference number of an unexpected failure (``7F3A0C21``): made once per exception, so the server log,
    the Activity log and the page all quote the same one."""
    reference = getattr(exc, _REFERENCE, None)
    if reference is None:
        reference = secrets.token_hex(4).upper()
        setattr(exc, _REFERENCE, reference)
    return str(reference)


def mark_recorded(exc: BaseException) -> None:
    """The failure is in the Activity log already (by the use case that met it)."""
    setattr(exc, _RECORDED, True)


def was_recorded(exc: BaseException) -> bool:
    return bool(getattr(exc, _RECORDED, False))
