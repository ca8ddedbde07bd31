"""How the product writes numbers, counts and moments for a person to read: one format everywhere, in the viewer's
time zone and language.

The viewer is per script run (a Streamlit session's thread, a worker's job): the UI calls :func:`use_viewer` at the
start of every run with what the browser says (``st.context.timezone``, ``st.context.locale``); work with no viewer
(the background sync, a CLI) writes in UTC and English. Core messages format through these functions too, so a
limit message and a table cell say a moment the same way.
"""

from __future__ import annotations

import contextvars
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_timedelta
from babel.numbers import format_currency, format_decimal

DEFAULT_LOCALE = "en"
_zone: contextvars.ContextVar[tzinfo] = contextvars.ContextVar("viewer_zone", default=UTC)
_locale: contextvars.ContextVar[str] = contextvars.ContextVar("viewer_locale", default=DEFAULT_LOCALE)


def use_viewer(zone: str | None = None, locale: str | None = None) -> None:
    """The viewer of this run: an IANA time zone name and a language tag (unknown or missing: UTC, English)."""
    _zone.set(_zone_named(zone))
    _locale.set(_locale_named(locale))


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


def local(moment: datetime) -> datetime:
    """``moment`` in the viewer's time zone (a naive moment is UTC, as the database keeps them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_zone.get())


def when(moment: datetime | None, *, missing: str = "never") -> str:
    """A moment, the one way the product writes it: ``Nov 25, 2026, 14:05`` in the viewer's zone and language."""
    if moment is None:
        return missing
    at, locale = local(moment), _locale.get()
    day_words = format_skeleton("yMMMd", at, locale=locale)
    time_words = format_skeleton("Hm", at, locale=locale)
    return Locale.parse(locale).datetime_formats["medium"].format(time_words, day_words)


def day(value: date | datetime | None, *, missing: str = "never") -> str:
    """A calendar day (``Nov 25, 2026``); a moment is first taken to the viewer's zone."""
    if value is None:
        return missing
    if isinstance(value, datetime):
        value = local(value).date()
    return format_skeleton("yMMMd", value, locale=_locale.get())


def ago(moment: datetime, now: datetime) -> str:
    """How long ago (``3 minutes ago``) or how far ahead (``in 2 days``) ``moment`` is."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    delta = moment - now
    size = abs(delta)
    if size < timedelta(seconds=45):
        return "just now"
    unit = next(unit for below, unit in _AGO_UNITS if below is None or size < below)
    # the unit is chosen here (never "1 week" for 10 days); Babel writes it in the viewer's language
    return format_timedelta(delta, granularity=unit, threshold=10**9, add_direction=True, locale=_locale.get())


# The unit a duration is said in: below 45 minutes in minutes, below 22 hours in hours, and so on.
_AGO_UNITS: tuple[tuple[timedelta | None, str], ...] = (
    (timedelta(minutes=45), "minute"),
    (timedelta(hours=22), "hour"),
    (timedelta(days=26), "day"),
    (timedelta(days=320), "month"),
    (None, "year"),
)


def number(value: float | int) -> str:
    """A number with the viewer's digit grouping (``12,345``)."""
    return format_decimal(value, locale=_locale.get())


def money(amount: Decimal | int, currency: str) -> str:
    """An amount in the currency's own format for the viewer's language (``$1,500.00``, ``¥1,500``,
    ``1.500,00 €``): its symbol and its number of decimals, as Babel's CLDR data has them."""
    return format_currency(amount, currency, locale=_locale.get())


def count(n: int, one: str, many: str | None = None) -> str:
    """``1 ad account``, ``2 ad accounts``, ``12,000 ads``: the number and the word that agrees with it."""
    return f"{number(n)} {one if n == 1 else (many if many is not None else one + 's')}"


def listing(items: list[str], *, conjunction: str = "and") -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
