"""Every Graph error code the app knows maps to a class and a plain message, built by one factory."""

from __future__ import annotations

import json

import pytest

from core.graph import (
    MESSAGES,
    AmbiguousWriteError,
    AuthenticationError,
    GraphConnectionError,
    GraphError,
    GraphPermissionError,
    InvalidRequestError,
    RateLimitError,
    TransientError,
    error_from_response,
)
from core.graph.messages import REASONS
from tests.support.graph_fakes import APP_SECRET, TOKEN, buc_header, graph_error

PROOF = "d" * 64
SECRETS = (TOKEN, APP_SECRET, PROOF)

# docs/RULES.md, "Errors and throttles": every code the app turns into a plain message, with its class.
KNOWN_CODES: list[tuple[int, int | None, type[GraphError]]] = [
    (100, None, InvalidRequestError),
    (100, 1752129, InvalidRequestError),
    (190, None, AuthenticationError),
    (200, None, GraphPermissionError),
    (368, None, GraphPermissionError),
    (415, None, GraphPermissionError),
    (457, None, AuthenticationError),
    (2500, None, InvalidRequestError),
    (2620, None, GraphPermissionError),
    (2702, None, GraphPermissionError),
    (3018, None, InvalidRequestError),
    (3902, None, TransientError),
    (3936, None, InvalidRequestError),
    (3944, None, InvalidRequestError),
    (3979, None, InvalidRequestError),
    (3980, None, GraphPermissionError),
    (3994, None, InvalidRequestError),
    (80000, None, RateLimitError),
    (80001, None, RateLimitError),
    (80004, None, RateLimitError),
    (1150, None, TransientError),
    (104, None, InvalidRequestError),
    (4, None, RateLimitError),
    (17, None, RateLimitError),
    (32, None, RateLimitError),
    (613, None, RateLimitError),
    (1, None, TransientError),
    (2, None, TransientError),
    (10, None, GraphPermissionError),
    (102, None, AuthenticationError),
]
KNOWN_CODES += [(code, None, RateLimitError) for code in range(80002, 80015) if code != 80004]

AUTH_SUBCODES = [458, 459, 460, 463, 464, 467, 492]


def _error(code: int, subcode: int | None = None, status: int = 400, headers: dict | None = None) -> GraphError:
    body = graph_error(code, subcode, message=f"Graph says no to {TOKEN} with proof {PROOF}")
    return error_from_response(status, json.dumps(body), headers or {}, secrets=SECRETS)


@pytest.mark.parametrize(("code", "subcode", "cls"), KNOWN_CODES, ids=lambda v: str(v))
def test_every_spec_code_has_its_class_and_a_plain_message(
    code: int, subcode: int | None, cls: type[GraphError]
) -> None:
    error = _error(code, subcode)
    assert type(error) is cls
    assert error.code == code and error.subcode == subcode
    assert error.fbtrace_id == "TRACE123" and error.http_status == 400 and error.error_type == "OAuthException"
    assert len(error.user_message) > 40 and error.user_title
    assert error.user_message != error.message
    for text in (error.user_message, error.user_title, str(error), repr(error), json.dumps(error.body)):
        for secret in SECRETS:
            assert secret not in text


def test_each_code_has_its_own_message() -> None:
    messages = [MESSAGES[(code, sub)].message for code, sub, _ in KNOWN_CODES]
    assert len(set(messages)) == len(messages)
    assert "ads management" in MESSAGES[(80004, None)].message
    assert "ads insights" in MESSAGES[(80000, None)].message
    assert "catalog batch" in MESSAGES[(80014, None)].message


@pytest.mark.parametrize("subcode", AUTH_SUBCODES)
def test_190_subcodes_are_authentication_errors_with_their_own_message(subcode: int) -> None:
    error = _error(190, subcode)
    assert isinstance(error, AuthenticationError)
    assert error.subcode == subcode
    assert error.user_message == MESSAGES[(190, subcode)].message
    assert "facebook" in error.user_message.lower()
    assert error.user_message != MESSAGES[(190, None)].message


def test_190_with_unknown_subcode_falls_back_to_the_code() -> None:
    error = _error(190, 999)
    assert isinstance(error, AuthenticationError)
    assert error.user_message == MESSAGES[(190, None)].message


def test_permission_range_and_unknown_codes_follow_the_http_status() -> None:
    assert isinstance(_error(273), GraphPermissionError)
    assert isinstance(_error(99999, status=500), TransientError)
    assert isinstance(_error(99999, status=429), RateLimitError)
    assert isinstance(_error(99999, status=400), InvalidRequestError)


def test_unknown_code_uses_graphs_own_user_message_when_given() -> None:
    body = graph_error(99999, error_user_title="Budget too low", error_user_msg="Raise the daily budget.")
    error = error_from_response(400, body, {})
    assert (error.user_title, error.user_message) == ("Budget too low", "Raise the daily budget.")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "(#2620) Invalid call to update account permissions: this person already has access to the maximum of 25 "
            "ad accounts",
            REASONS[2620][0][1],
        ),
        (
            "(#2620) Invalid call to update account permissions: this ad account already has the maximum of 25 people",
            REASONS[2620][1][1],
        ),
        ("(#2620) Invalid call to update account permissions", MESSAGES[(2620, None)]),
    ],
)
def test_facebooks_own_reason_in_its_message_replaces_the_codes_general_words(message: str, expected) -> None:
    error = error_from_response(403, graph_error(2620, message=message), {})
    assert isinstance(error, GraphPermissionError)
    assert (error.user_title, error.user_message) == (expected.title, expected.message)


def test_is_transient_flag_makes_an_unknown_error_transient() -> None:
    error = error_from_response(400, graph_error(12345, is_transient=True), {})
    assert isinstance(error, TransientError) and error.is_transient


def test_non_json_5xx_body_is_transient() -> None:
    error = error_from_response(502, b"<html>Bad gateway</html>", {})
    assert isinstance(error, TransientError) and error.http_status == 502


def test_rate_limit_carries_retry_after_from_usage_header_in_minutes() -> None:
    error = _error(80004, 2446079, headers=buc_header(minutes=3))
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 180
    assert error.refused
    assert "3 min" in error.user_message
    assert error.usage.business_use_cases[0].estimated_time_to_regain_access == 3


def test_rate_limit_retry_after_header_and_ad_account_usage() -> None:
    assert _error(4, headers={"Retry-After": "42"}).retry_after == 42
    account = {"X-Ad-Account-Usage": json.dumps({"acc_id_util_pct": 100, "reset_time_duration": 90})}
    assert _error(17, headers=account).retry_after == 90
    assert _error(613).retry_after is None


def test_usage_wait_hints_apply_to_throttles_only() -> None:
    calm = {"X-Ad-Account-Usage": json.dumps({"acc_id_util_pct": 40, "reset_time_duration": 3000})}
    assert _error(17, headers=calm).retry_after is None  # not throttled: reset_time_duration is no wait
    assert _error(1, status=500, headers=buc_header(minutes=9)).retry_after is None
    assert _error(1, status=503, headers={"Retry-After": "5"}).retry_after == 5


def test_error_body_in_headers_and_usage_are_kept() -> None:
    headers = {"X-App-Usage": json.dumps({"call_count": 95, "total_cputime": 3, "total_time": 4})}
    error = _error(200, headers=headers)
    assert error.headers["x-app-usage"]
    assert error.usage.app and error.usage.app.call_count == 95
    assert error.body["error"]["code"] == 200


def test_secrets_in_graph_messages_are_masked_even_without_knowing_them() -> None:
    body = graph_error(190, message="Invalid token: https://graph.facebook.com/me?access_token=XYZ123&x=1")
    error = error_from_response(400, body, {})
    assert "XYZ123" not in str(error) and "access_token=***" in str(error)


def test_ambiguous_write_and_connection_errors_have_plain_messages() -> None:
    cause = _error(1, status=500)
    ambiguous = AmbiguousWriteError(cause, method="POST", path="/v21.0/act_1/assigned_users")
    assert ambiguous.cause is cause
    assert "may or may not" in ambiguous.user_message
    assert not isinstance(ambiguous, TransientError)
    connection = GraphConnectionError("ReadTimeout", sent=True)
    assert isinstance(connection, TransientError) and connection.is_transient and not connection.refused
    assert GraphConnectionError("ConnectTimeout", sent=False).refused
    assert "Facebook" in connection.user_message
