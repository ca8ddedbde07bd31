"""Typed input read strictly at the edge of core (core.shared.inputs; docs/RULES.md, "Typed input")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.graph.facebook import max_spend_cap
from core.shared import inputs
from core.shared.inputs import InvalidInput


def usd(raw: str) -> Decimal:
    return inputs.amount(
        raw, field="Spend cap", currency="USD", decimals=2, maximum=max_spend_cap("USD"), maximum_words="the max"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("act_123", "act_123"),
        ("123", "act_123"),
        ("  ACT_9876543210 ", "act_9876543210"),
        ("act_9223372036854775807", "act_9223372036854775807"),
    ],
)
def test_ad_account_ids_are_ascii_digits_with_or_without_act(raw, expected):
    assert inputs.ad_account_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("act_٣٤٥", "digits other than 0-9"),  # Arabic-Indic
        ("１２３４", "digits other than 0-9"),  # full-width
        ("act_0", "never 0"),
        ("0", "never 0"),
        ("act_00123", "never starts with 0"),
        ("act_" + "9" * 70, "too long"),
        ("act_9223372036854775808", "too long"),
        ("act_12ab", "is not an ad account ID"),
        ("act_1\x00", "is not an ad account ID"),
        ("", "enter an ad account ID"),
    ],
)
def test_ad_account_ids_that_are_not_refused_in_words(raw, words):
    with pytest.raises(InvalidInput, match=words) as caught:
        inputs.ad_account_id(raw)
    assert "\x00" not in caught.value.user_message and len(caught.value.user_message) < 300


@pytest.mark.parametrize(("raw", "expected"), [("123-456-7890", "123-456-7890"), ("1234567890", "123-456-7890")])
def test_google_ads_ids(raw, expected):
    assert inputs.google_ads_id(raw) == expected


@pytest.mark.parametrize(
    "raw", ["１２３-４５６-７８９０", "١٢٣-٤٥٦-٧٨٩٠", "000-000-0000", "123-456-789", "123 456 7890"]
)
def test_google_ads_ids_refused(raw):
    with pytest.raises(InvalidInput, match="Google Ads customer ID"):
        inputs.google_ads_id(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1500", Decimal("1500.00")),
        ("1500.5", Decimal("1500.50")),
        ("0", Decimal("0.00")),
        (" 007.10 ", Decimal("7.10")),
    ],
)
def test_amounts_are_plain_digits_and_one_point(raw, expected):
    assert usd(raw) == expected and str(usd(raw)) == str(expected)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("1,5", "has a comma"),
        ("1,500.50", "has a comma"),
        ("1e25", "is not an amount"),
        ("1e30", "is not an amount"),
        ("-5", "can't be negative"),
        ("1.234", "at most 2 decimal places"),
        ("NaN", "is not an amount"),
        ("Infinity", "is not an amount"),
        ("٥٠٠", "digits other than 0-9"),
        ("1 500", "is not an amount"),
        ("$15", "is not an amount"),
        ("1" * 70, "more than Facebook can hold"),
        ("9223372036854.78", "more than Facebook can hold"),
    ],
)
def test_amounts_refused_with_a_hint_never_an_exception(raw, words):
    with pytest.raises(InvalidInput, match=words):
        usd(raw)


def test_the_largest_amount_is_metas_maximum_and_no_cent_more():
    assert usd("9223372036854.77") == max_spend_cap("USD")
    with pytest.raises(InvalidInput, match="no decimals"):
        inputs.amount("10.5", field="Cap", currency="JPY", decimals=0, maximum=max_spend_cap("JPY"), maximum_words="x")


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("Spring\x00sale", "control or invisible"),
        ("Spring\nsale", "control or invisible"),
        ("Spring\u202esale", "control or invisible"),
        ("x" * 101, "100 characters or fewer"),
        ("   ", "can't be empty"),
    ],
)
def test_text_has_a_length_and_no_control_characters(raw, words):
    with pytest.raises(InvalidInput, match=words) as caught:
        inputs.text(raw, field="Name", max_length=100)
    assert "\x00" not in caught.value.user_message and "\u202e" not in caught.value.user_message


def test_text_is_trimmed_and_composed():
    assert inputs.text("  Cafe\u0301 ", field="Name", max_length=100) == "Café"
    assert inputs.text("", field="Name", max_length=100, required=False) == ""


@pytest.mark.parametrize("raw", ["a@b", "a b@shop.example", "a\x00@shop.example", "x" * 65 + "@shop.example", ""])
def test_emails_refused(raw):
    with pytest.raises(InvalidInput, match="Email"):
        inputs.email(raw)


def test_email_is_trimmed_and_lower_case():
    assert inputs.email(" Ann@Shop.Example ") == "ann@shop.example"


def test_a_chosen_error_class_is_raised():
    class Mine(InvalidInput):
        pass

    with pytest.raises(Mine):
        inputs.ad_account_id("nope", error=Mine)
