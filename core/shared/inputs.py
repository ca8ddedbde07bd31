"""What people type, read strictly at the edge of core (docs/RULES.md, "Typed input").

Every use case that takes typed input reads it here before it touches the database or Facebook, so a value is
accepted or refused the same way on SQLite and PostgreSQL: IDs are ASCII digits (no other script's digits, no zero
ID), amounts are plain digits with one decimal point, text has a bounded length and no control characters.

Each reader answers the normalised value or raises ``error`` (a :class:`core.shared.DomainError` subclass the
caller chooses; :class:`InvalidInput` by default) whose message names the field, quotes what was typed (shortened,
invisible characters made visible) and says how to write it, in the viewer's language. A caller names its field
in the viewer's language (``field=_("Spend cap")``); the defaults here are translated here.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from core.graph.facebook import MAX_GRAPH_ID
from core.shared import words
from core.shared.errors import DomainError
from core.shared.i18n import N_, _, ngettext

__all__ = [
    "InvalidInput",
    "ad_account_id",
    "amount",
    "email",
    "facebook_id",
    "google_ads_id",
    "shown",
    "storable",
    "text",
    "visible",
]

SHOWN_CHARACTERS = 40
MAX_EMAIL = 254  # RFC 5321: a path of 256 octets, less the angle brackets
MAX_EMAIL_LOCAL = 64
_DIGITS = re.compile(r"^[0-9]+$")
_AMOUNT = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_GOOGLE_ADS = re.compile(r"^([0-9]{3})-?([0-9]{3})-?([0-9]{4})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")
# Bidirectional embeddings, overrides and isolates, and the byte order mark: invisible, and able to make a name
# read differently from what it is.
_INVISIBLE = frozenset(
    {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff"}
)
# The fields and things named when a caller names none (translated where they are used, see _default).
A_FACEBOOK_ID = N_("a Facebook ID")
AD_ACCOUNT_ID = N_("Ad account ID")
GOOGLE_ADS_ID = N_("Google Ads customer ID")
EMAIL = N_("Email")


class InvalidInput(DomainError):
    """Typed input the app can't take as it is; ``user_message`` says which field and how to write it."""


def _refused_character(ch: str) -> bool:
    """Control, format-override, private-use, unassigned and separator characters (a tab and a line break too)."""
    return ch in _INVISIBLE or unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}


def _default(value: str, default: str) -> str:
    """A default of this module in the viewer's language; what a caller passes is already in it."""
    return _(default) if value == default else value


def visible(value: str) -> str:
    """``value`` with each control or invisible character replaced by ``�``: safe to store and to show."""
    return "".join("\ufffd" if _refused_character(ch) else ch for ch in value)


def shown(raw: object, limit: int = SHOWN_CHARACTERS) -> str:
    """What was typed, safe to quote back: at most ``limit`` characters, each invisible one shown as ``�``."""
    value = "" if raw is None else str(raw)
    return f"{visible(value[:limit])}…" if len(value) > limit else visible(value)


def text(
    raw: object,
    *,
    field: str,
    max_length: int,
    required: bool = True,
    error: type[DomainError] = InvalidInput,
) -> str:
    """Text as Unicode composes it (NFC), trimmed; refused when empty (if ``required``), longer than
    ``max_length`` characters, or holding a control or invisible formatting character."""
    value = unicodedata.normalize("NFC", "" if raw is None else str(raw)).strip()
    if not value:
        if required:
            raise error(_("{field}: this can't be empty.").format(field=field))
        return ""
    if any(_refused_character(ch) for ch in value):
        raise error(
            _(
                "{field}: “{value}” holds a control or invisible character (shown as �), which can't be "
                "stored or sent to Facebook. Type it again without it (pasted text often carries one)."
            ).format(field=field, value=shown(value))
        )
    if len(value) > max_length:
        raise error(
            ngettext(
                "{field}: keep it to {max} character or fewer (this has {n}). It starts “{value}”.",
                "{field}: keep it to {max} characters or fewer (this has {n}). It starts “{value}”.",
                max_length,
            ).format(field=field, max=words.number(max_length), n=words.number(len(value)), value=shown(value))
        )
    return value


def _other_digits(value: str) -> bool:
    return any(ch.isdigit() and not ("0" <= ch <= "9") for ch in value)


def facebook_id(
    raw: object,
    *,
    field: str,
    what: str = A_FACEBOOK_ID,
    example: str = "123456789",
    prefix: str = "",
    error: type[DomainError] = InvalidInput,
) -> str:
    """A Graph ID, typed with or without ``prefix`` (``act_``): the digits 0-9 only, not zero, no leading zero,
    within 64 bits. Answered without the prefix."""
    value = ("" if raw is None else str(raw)).strip()
    digits = value[len(prefix) :] if prefix and value.lower().startswith(prefix) else value
    how = _("Write it as {prefix} followed by its number, e.g. {prefix}{example}") if prefix else _("e.g. {example}")
    said = {"field": field, "what": _default(what, A_FACEBOOK_ID), "value": shown(value)}
    said["how"] = how.format(prefix=prefix, example=example)
    if not value:
        raise error(_("{field}: enter {what} ({how}).").format(**said))
    if _other_digits(digits):
        raise error(
            _(
                "{field}: “{value}” uses digits other than 0-9 (from another script or a full-width keyboard). "
                "Type {what} with the digits 0-9 ({how})."
            ).format(**said)
        )
    if not _DIGITS.match(digits):
        raise error(_("{field}: “{value}” is not {what}. {how}.").format(**said))
    if digits.startswith("0"):
        raise error(
            _("{field}: “{value}” is not {what}: a Facebook ID is never 0 and never starts with 0. {how}.").format(
                **said
            )
        )
    if len(digits) > 19 or int(digits) > MAX_GRAPH_ID:
        raise error(_("{field}: “{value}” is too long for {what}. {how}.").format(**said))
    return digits


def ad_account_id(raw: object, *, field: str = AD_ACCOUNT_ID, error: type[DomainError] = InvalidInput) -> str:
    """``act_<digits>``, typed with or without ``act_``."""
    field = _default(field, AD_ACCOUNT_ID)
    return "act_" + facebook_id(raw, field=field, what=_("an ad account ID"), prefix="act_", error=error)


def google_ads_id(raw: object, *, field: str = GOOGLE_ADS_ID, error: type[DomainError] = InvalidInput) -> str:
    """``123-456-7890``: ten digits 0-9, with or without the dashes; never all zeros."""
    value = ("" if raw is None else str(raw)).strip()
    match = _GOOGLE_ADS.match(value)
    said = {
        "field": _default(field, GOOGLE_ADS_ID),
        "value": shown(value) or _("nothing"),
        "how": _("It has 10 digits written like 123-456-7890 (Google Ads shows it at the top of every page)."),
    }
    if _other_digits(value):
        raise error(
            _("{field}: “{value}” uses digits other than 0-9. Type it with the digits 0-9. {how}").format(**said)
        )
    if not match:
        raise error(_("{field}: “{value}” is not a Google Ads customer ID. {how}").format(**said))
    if set("".join(match.groups())) == {"0"}:
        raise error(_("{field}: 000-000-0000 is not a Google Ads account. {how}").format(**said))
    return "-".join(match.groups())


def amount(
    raw: object,
    *,
    field: str,
    currency: str,
    decimals: int,
    maximum: Decimal,
    maximum_words: str,
    error: type[DomainError] = InvalidInput,
) -> Decimal:
    """A non-negative amount: the digits 0-9 and at most one decimal point, no more than ``decimals`` decimals,
    at most ``maximum``. A comma is refused with a hint (never read as a decimal or thousands separator)."""
    value = ("" if raw is None else str(raw)).strip()
    said = {
        "field": field,
        "currency": currency,
        "value": shown(value),
        "example": "1500.50" if decimals else "1500",
        "n": words.number(decimals),
        "maximum": maximum_words,
    }
    if not value:
        raise error(_("{field}: enter an amount in {currency}, e.g. {example}.").format(**said))
    if "," in value:
        raise error(
            _(
                "{field}: “{value}” has a comma. Type the amount with digits only and a point before any decimals, "
                "e.g. {example}: a comma is never read, so 1,5 is not taken for 1.5 or 15."
            ).format(**said)
        )
    if value.startswith("-") and _AMOUNT.match(value[1:]):
        raise error(
            _("{field}: an amount can't be negative. Enter an amount in {currency}, e.g. {example}.").format(**said)
        )
    if _other_digits(value):
        raise error(_("{field}: “{value}” uses digits other than 0-9. Type it with the digits 0-9.").format(**said))
    if not _AMOUNT.match(value):
        raise error(
            _(
                "{field}: “{value}” is not an amount. Type digits and at most one decimal point, e.g. {example} (no "
                "currency sign, spaces or exponent)."
            ).format(**said)
        )
    whole, _point, fraction = value.partition(".")
    if len(fraction.rstrip("0")) > decimals:
        if decimals == 0:
            refusal = _("{field}: {currency} amounts have no decimals here. Round “{value}” and try again.")
        else:
            refusal = ngettext(
                "{field}: {currency} amounts have at most {n} decimal place here. Round “{value}” and try again.",
                "{field}: {currency} amounts have at most {n} decimal places here. Round “{value}” and try again.",
                decimals,
            )
        raise error(refusal.format(**said))
    result = Decimal(f"{whole.lstrip('0') or '0'}.{fraction.rstrip('0') or '0'}")
    if result > maximum:
        raise error(_("{field}: “{value}” is more than Facebook can hold: at most {maximum}.").format(**said))
    return result.quantize(Decimal(1).scaleb(-decimals)) if decimals else result.to_integral_value()


def email(raw: object, *, field: str = EMAIL, error: type[DomainError] = InvalidInput) -> str:
    """An email address as the app keys it: trimmed, lower case, ``name@domain.tld``, at most 254 characters."""
    value = ("" if raw is None else str(raw)).strip().lower()
    said = {"field": _default(field, EMAIL), "value": shown(value) or _("nothing")}
    if any(_refused_character(ch) for ch in value):
        raise error(
            _(
                "{field}: “{value}” holds a control or invisible character (shown as �). Write it like "
                "name@shop.example."
            ).format(**said)
        )
    if len(value) > MAX_EMAIL or not _EMAIL.match(value) or len(value.partition("@")[0]) > MAX_EMAIL_LOCAL:
        raise error(_("{field}: “{value}” is not an email address. Write it like name@shop.example.").format(**said))
    return value


def storable(value: str, max_length: int) -> bool:
    """Whether text from elsewhere (Facebook's names, an ID it gave) can be stored as it is: within
    ``max_length`` characters and without a control or invisible character."""
    return len(value) <= max_length and not any(_refused_character(ch) for ch in value)
