"""Currencies Facebook ad accounts accept, and how Graph writes their amounts (Meta's "Currencies" reference)."""

from __future__ import annotations

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
