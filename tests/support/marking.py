"""A marking catalog for one language: every message it translates comes back in «…», so a message that did not
go through gettext shows up unmarked (a stand-in for a real catalog when a test looks for what was translated)."""

from __future__ import annotations

import gettext

import pytest

from core.shared import i18n


class Marking(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


def mark(monkeypatch: pytest.MonkeyPatch, language: str = "ja") -> None:
    """``language`` reads through the marking catalog (the others as written) for the rest of the test."""
    monkeypatch.setattr(
        i18n, "translations", lambda wanted: Marking() if wanted == language else gettext.NullTranslations()
    )
