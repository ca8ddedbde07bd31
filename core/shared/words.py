"""How the product writes numbers, counts and moments for a person to read: one format everywhere, in the viewer's
time zone and language.

The viewer is per script run (a Streamlit session's thread, a worker's job): the UI calls :func:`use_viewer` at the
start of every run with what the browser says (``st.context.timezone``, ``st.context.locale``); work with no viewer
(the background sync, a CLI) writes in UTC and English. Core messages format through these functions too, so a
limit message and a table cell say a moment the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from babel import Locale
from babel.dates import format_skeleton, format_timedelta
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent

from core.shared import i18n
from core.shared.viewer import DEFAULT_LOCALE, use_viewer, viewer_locale, viewer_zone, zone_name

_zone, _locale = viewer_zone, viewer_locale  # the viewer of this run (core.shared.viewer)
NEVER = i18n.N_("never")  # what a missing moment or day says, unless the caller says otherwise


def local(moment: datetime) -> datetime:
    """``moment`` in the viewer's time zone (a naive moment is UTC, as the database keeps them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_zone())


def when(moment: datetime | None, *, missing: str = NEVER) -> str:
    """A moment, the one way the product writes it: ``Nov 25, 2026, 14:05`` in the viewer's zone and language.
    ``missing`` (already in the viewer's language) stands for no moment: by default ``never``, translated here."""
    if moment is None:
        return _missing(missing)
    at, locale = local(moment), _locale()
    day_words = format_skeleton("yMMMd", at, locale=locale)
    time_words = format_skeleton("Hm", at, locale=locale)
    return Locale.parse(locale).datetime_formats["medium"].format(time_words, day_words)


def day(value: date | datetime | None, *, missing: str = NEVER) -> str:
    """A calendar day (``Nov 25, 2026``); a moment is first taken to the viewer's zone. ``missing``: as in
    :func:`when`."""
    if value is None:
        return _missing(missing)
    if isinstance(value, datetime):
        value = local(value).date()
    return format_skeleton("yMMMd", value, locale=_locale())


def _missing(missing: str) -> str:
    return i18n._(NEVER) if missing == NEVER else missing


def ago(moment: datetime, now: datetime) -> str:
    """How long ago (``3 minutes ago``) or how far ahead (``in 2 days``) ``moment`` is."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    delta = moment - now
    size = abs(delta)
    if size < timedelta(seconds=45):
        return i18n._("just now")
    unit = next(unit for below, unit in _AGO_UNITS if below is None or size < below)
    # the unit is chosen here (never "1 week" for 10 days); Babel writes it in the viewer's language
    return format_timedelta(delta, granularity=unit, threshold=10**9, add_direction=True, locale=_locale())


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
    return format_decimal(value, locale=_locale())


def percent(value: float | int) -> str:
    """A percentage written the viewer's way (``84%``): ``value`` is in percent (84 for 84 %)."""
    return format_percent(value / 100, locale=_locale())


def money(amount: Decimal | int, currency: str) -> str:
    """An amount in the currency's own format for the viewer's language (``$1,500.00``, ``¥1,500``,
    ``1.500,00 €``): its symbol and its number of decimals, as Babel's CLDR data has them."""
    return format_currency(amount, currency, locale=_locale())


def count(n: int, one: str, many: str | None = None) -> str:
    """``1 ad account``, ``2 ad accounts``, ``12,000 ads``: the number and the words that agree with it, in the
    viewer's language (gettext's plural forms). ``one`` and ``many`` are templates with ``{n}``
    (``count(n, "{n} ad account", "{n} ad accounts")``); without ``{n}`` the number comes first."""
    many = many if many is not None else one + "s"
    chosen = i18n.ngettext(one, many, n)
    return chosen.format(n=number(n)) if "{n}" in one else f"{number(n)} {chosen}"


# A sentence ending in one of these needs no space before the next (Chinese and Japanese write none).
_FULL_WIDTH_ENDS = tuple("。！？：；」』）")


def sentences(parts: Iterable[str]) -> str:
    """Sentences one after the other, each language's way: a space after an English full stop, none after
    ``。`` (``Saved. Reload it.``, ``已儲存。請重新載入。``)."""
    out = ""
    for part in (p.strip() for p in parts):
        if part:
            out = f"{out}{part}" if not out or out.endswith(_FULL_WIDTH_ENDS) else f"{out} {part}"
    return out


def clauses(parts: Iterable[str]) -> str:
    """Clauses of one sentence, apart (``admins manage; analysts read``): ``; `` in English, ``；`` in Chinese
    and Japanese."""
    mark = "; " if i18n.language() == i18n.SOURCE else "；"
    return mark.join(p for p in parts if p)


def listing(items: list[str], *, conjunction: str = "and") -> str:
    """``A``, ``A and B``, ``A, B and C`` (``or`` for alternatives), each language's way. ``conjunction=""``: a
    bare enumeration of labels (``Admin, General user, Reporting only`` in English)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    if i18n.language() != i18n.SOURCE:
        return format_list(items, style="or" if conjunction == "or" else "standard", locale=_locale())
    if not conjunction:
        return ", ".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


__all__ = [
    "DEFAULT_LOCALE",
    "ago",
    "clauses",
    "count",
    "day",
    "listing",
    "local",
    "money",
    "number",
    "percent",
    "sentences",
    "use_viewer",
    "viewer_locale",
    "viewer_zone",
    "when",
    "zone_name",
]
