"""Secrets are masked before any URL or message is shown."""

from __future__ import annotations

import pytest

from core.graph import redact
from core.graph.redact import scrub


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("https://g/v21.0/me?access_token=EAAB123&fields=id", "EAAB123"),
        ("/x?fields=id&appsecret_proof=abcdef0123", "abcdef0123"),
        ("/oauth/access_token?client_id=1&client_secret=s3cr3t&code=AQcode42", "s3cr3t"),
        ("/oauth/access_token?client_id=1&client_secret=s3cr3t&code=AQcode42", "AQcode42"),
        ("grant_type=fb_exchange_token&fb_exchange_token=EAAshort", "EAAshort"),
        ("/debug_token?input_token=EAAinput", "EAAinput"),
        ('{"access_token": "EAAjson", "token_type": "bearer"}', "EAAjson"),
        ("Authorization: OAuth EAAheader", "EAAheader"),
        ("Authorization: Bearer EAAbearer", "EAAbearer"),
    ],
)
def test_secret_values_are_masked(text: str, hidden: str) -> None:
    assert hidden not in redact(text)
    assert "***" in redact(text)


def test_other_values_stay_readable() -> None:
    text = "/v21.0/act_1/ads?fields=id&error_code=200&zip_code=75001&limit=5"
    assert redact(text) == text


def test_known_secrets_are_masked_anywhere() -> None:
    assert redact("token EAABsecret in a sentence", ["EAABsecret"]) == "token *** in a sentence"


def test_scrub_keeps_shape_and_numeric_codes() -> None:
    body = {
        "error": {"code": 190, "message": "bad access_token=abc"},
        "access_token": "EAAsecret",
        "list": ["EAAsecret"],
    }
    assert scrub(body, ["EAAsecret"]) == {
        "error": {"code": 190, "message": "bad access_token=***"},
        "access_token": "***",
        "list": ["***"],
    }
