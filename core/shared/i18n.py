"""Languages (docs/RULES.md, "Languages"): every sentence a person reads goes through gettext, in the viewer's
language (:func:`core.shared.viewer.viewer_locale`, set per script run).

``_("…")`` translates a message, ``ngettext(singular, plural, n)`` picks the plural form the language needs,
``N_("…")`` marks a message kept in a constant (translated where it is shown, with ``_``). Placeholders are named
(``_("{name} was removed.").format(name=…)``) so a translation may put them in its own order. The catalogs are
managed with Babel (``pybabel extract / update / compile``, see the README) in ``locales/``; the compiled ``.mo``
files are committed, so the app needs no build step. English is the source language: it has no catalog.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

from babel.support import Translations

from core.shared import viewer

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locales"
DOMAIN = "messages"
SOURCE = "en"
# The languages a person may choose, each named in itself (the picker shows these names).
LANGUAGES: dict[str, str] = {"en": "English", "zh_Hant": "繁體中文", "zh_Hans": "简体中文", "ja": "日本語"}
# Browser language tags that mean Traditional Chinese when no script is given (Taiwan, Hong Kong, Macau).
_TRADITIONAL_REGIONS = {"TW", "HK", "MO"}


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language`` (English, or a language without a catalog: the messages as written)."""
    if language == SOURCE or language not in LANGUAGES:
        return gettext.NullTranslations()
    found = Translations.load(str(LOCALE_DIR), [language], DOMAIN)
    return found if isinstance(found, Translations) else gettext.NullTranslations()


def language() -> str:
    """The viewer's language: one of :data:`LANGUAGES`."""
    return language_of(viewer.viewer_locale())


def _(message: str) -> str:
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # gettext's own name for "mark now, translate where shown"
    return message


def language_of(tag: str | None) -> str:
    """One of :data:`LANGUAGES` for a browser's or Babel's language tag (``zh-TW`` → ``zh_Hant``, ``zh-CN`` and
    ``zh`` → ``zh_Hans``, ``ja-JP`` → ``ja``); anything else is English."""
    parts = str(tag or "").replace("-", "_").split("_")
    base = parts[0].lower()
    rest = {p.upper() if len(p) == 2 else p.title() for p in parts[1:]}
    if base == "zh":
        if "Hant" in rest or rest & _TRADITIONAL_REGIONS:
            return "zh_Hant"
        return "zh_Hans"
    if base == "ja":
        return "ja"
    return SOURCE
