"""Currencies Facebook ad accounts accept, and how Graph writes their amounts (Meta's "Currencies" reference)."""

from __future__ import annotations

from decimal import Decimal

# ISO 4217 codes Facebook accepts for ad accounts (facebook_business AdAccount.Currency).
_CODES = """
    AED ARS AUD BDT BOB BRL CAD CHF CLP CNY COP CRC CZK DKK DZD EGP EUR GBP GTQ HKD HNL HUF IDR ILS INR ISK JPY
    KES KRW LKR MOP MXN MYR NGN NIO NOK NZD PEN PHP PKR PLN PYG QAR RON SAR SEK SGD THB TRY TWD UAH USD UYU VND ZAR
"""
CURRENCIES: tuple[str, ...] = tuple(sorted(_CODES.split()))
# Amounts Graph reports (spend_cap, amount_spent) are in 1/offset of the currency: offset 1 for these, else 100.
_OFFSET_ONE = frozenset({"CLP", "COP", "CRC", "HUF", "IDR", "ISK", "JPY", "KRW", "PYG", "TWD", "VND"})


def currency_offset(currency: str | None) -> int:
    return 1 if (currency or "").upper() in _OFFSET_ONE else 100


# Graph keeps a spend cap as a 64-bit count of the currency's subunits (1/offset): Meta's Campaign reference documents
# 922337203685478 as the value that means "no spend cap" (spend_cap: "Set the value to 922337203685478 to remove the
# spend cap"). The largest cap the app sends is one subunit below it.
SPEND_CAP_NO_LIMIT_SUBUNITS = 922_337_203_685_478
MAX_SPEND_CAP_SUBUNITS = SPEND_CAP_NO_LIMIT_SUBUNITS - 1


def currency_decimals(currency: str | None) -> int:
    """How many decimals an amount may have in ``currency`` as Graph counts it (0 for offset-1 currencies)."""
    return 0 if currency_offset(currency) == 1 else 2


def max_spend_cap(currency: str | None) -> Decimal:
    """The largest spend cap Graph can hold, in ``currency``'s major units."""
    return Decimal(MAX_SPEND_CAP_SUBUNITS) / currency_offset(currency)
