"""The root of the product's own errors, beside :class:`core.graph.GraphError` (what Facebook answered).

A :class:`DomainError` is a request the product refuses or cannot carry out: a limit, a rule of Facebook's
checked before calling, a login that did not complete, a setting that is missing. ``user_message`` says what
happened, why, and what to do next, in the marketer's words; pages show it through one helper
(``ui.feedback.show_error``) and never match on its text.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refusal or failure of the product's rules; ``user_message`` (also ``str()``) is for the marketer."""

    def __init__(self, user_message: str = "") -> None:
        super().__init__(user_message)
        self.user_message = user_message
