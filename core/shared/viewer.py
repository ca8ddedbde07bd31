"""Who reads what this run writes: their time zone and language, per script run (a Streamlit session's thread, a
worker's job). The UI sets them at the start of every run (:func:`use_viewer`); work with no viewer (the background
sync, a CLI) writes in UTC and English. :mod:`core.shared.words` and :mod:`core.shared.i18n` read them."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

DEFAULT_LOCALE = "en"
_zone: contextvars.ContextVar[tzinfo] = contextvars.ContextVar("viewer_zone", default=UTC)
_locale: contextvars.ContextVar[str] = contextvars.ContextVar("viewer_locale", default=DEFAULT_LOCALE)


def use_viewer(zone: str | None = None, locale: str | None = None) -> None:
    """The viewer of this run: an IANA time zone name and a language tag (unknown or missing: UTC, English)."""
    _zone.set(_zone_named(zone))
    _locale.set(_locale_named(locale))


@contextmanager
def viewing_as(zone: str | None = None, locale: str | None = None) -> Iterator[None]:
    """The viewer for a stretch of work only (the background sync writing a store's alerts in its reader's
    language); the viewer before it comes back afterwards."""
    zone_token = _zone.set(_zone_named(zone))
    locale_token = _locale.set(_locale_named(locale))
    try:
        yield
    finally:
        _locale.reset(locale_token)
        _zone.reset(zone_token)


def viewer_zone() -> tzinfo:
    return _zone.get()


def viewer_locale() -> str:
    return _locale.get()


def zone_name() -> str:
    """The viewer's time zone as people name it (``Asia/Taipei``, ``UTC``)."""
    zone = _zone.get()
    return getattr(zone, "key", None) or str(zone)


def _zone_named(name: str | None) -> tzinfo:
    if not name:
        return UTC
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _locale_named(tag: str | None) -> str:
    if not tag:
        return DEFAULT_LOCALE
    try:
        return str(Locale.parse(str(tag).replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        return DEFAULT_LOCALE
