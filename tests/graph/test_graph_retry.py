"""Back-off and retry: throttles and transient errors are retried (reads always, writes only when refused)."""

from __future__ import annotations

import socket

import pytest
import requests

from core.graph import (
    AmbiguousWriteError,
    AuthenticationError,
    GraphClient,
    GraphConnectionError,
    InvalidRequestError,
    RateLimitError,
    RetryPolicy,
    TransientError,
)
from tests.support.graph_fakes import FakeAdapter, FakeClock, Reply, buc_header, graph_error, make_client

OK = Reply(body={"success": True})
SERVER_ERROR = Reply(500, graph_error(1, message="An unknown error occurred", is_transient=True))


def test_get_retries_a_throttle_waiting_estimated_time_to_regain_access() -> None:
    clock = FakeClock()
    adapter = FakeAdapter([Reply(400, graph_error(80004, 2446079), buc_header(minutes=2)), OK])
    client = make_client(adapter, clock=clock, retry=RetryPolicy(max_total_wait=600, random=lambda: 0.5))
    assert client.get("act_1") == {"success": True}
    assert clock.sleeps == [120]
    assert client.request_count == 2


def test_retry_after_header_is_honoured() -> None:
    clock = FakeClock()
    adapter = FakeAdapter([Reply(400, graph_error(4), {"Retry-After": "7"}), OK])
    make_client(adapter, clock=clock).get("me")
    assert clock.sleeps == [7]


def test_exponential_backoff_with_injected_jitter() -> None:
    clock = FakeClock()
    adapter = FakeAdapter([SERVER_ERROR, SERVER_ERROR, SERVER_ERROR, OK])
    make_client(adapter, clock=clock, retry=RetryPolicy(max_attempts=4, base_delay=1, random=lambda: 0.5)).get("me")
    assert clock.sleeps == [0.75, 1.5, 3.0]


@pytest.mark.parametrize(("rand", "expected"), [(0.0, [2.0, 4.0]), (1.0, [4.0, 8.0])])
def test_jitter_comes_from_the_injected_random(rand: float, expected: list[float]) -> None:
    clock = FakeClock()
    adapter = FakeAdapter([SERVER_ERROR, SERVER_ERROR, OK])
    make_client(adapter, clock=clock, retry=RetryPolicy(base_delay=4, random=lambda: rand)).get("me")
    assert clock.sleeps == expected


def test_delay_is_capped_by_max_delay() -> None:
    policy = RetryPolicy(base_delay=10, max_delay=15, random=lambda: 1.0)
    assert [policy.backoff(n) for n in (1, 2, 3, 4)] == [10, 15, 15, 15]


def test_gives_up_when_the_wait_graph_asks_for_exceeds_the_bound() -> None:
    clock = FakeClock()
    adapter = FakeAdapter([Reply(400, graph_error(80004), buc_header(minutes=5))])
    client = make_client(adapter, clock=clock, retry=RetryPolicy(max_total_wait=120))
    with pytest.raises(RateLimitError) as caught:
        client.get("act_1/ads")
    assert caught.value.retry_after == 300
    assert "5 min" in caught.value.user_message
    assert clock.sleeps == [] and client.request_count == 1


def test_total_wait_is_bounded() -> None:
    clock = FakeClock()
    adapter = FakeAdapter(handler=lambda sent: SERVER_ERROR)
    policy = RetryPolicy(max_attempts=50, base_delay=10, max_delay=100, max_total_wait=60, random=lambda: 0.5)
    with pytest.raises(TransientError):
        make_client(adapter, clock=clock, retry=policy).get("me")
    assert clock.sleeps == [7.5, 15, 30]
    assert sum(clock.sleeps) <= 60


def test_attempts_are_bounded_and_the_last_error_is_raised() -> None:
    adapter = FakeAdapter(handler=lambda sent: SERVER_ERROR)
    client = make_client(adapter, retry=RetryPolicy(max_attempts=3, random=lambda: 0))
    with pytest.raises(TransientError) as caught:
        client.get("me")
    assert not isinstance(caught.value, AmbiguousWriteError)
    assert client.request_count == 3


@pytest.mark.parametrize(
    "failure",
    [
        SERVER_ERROR,
        Reply(502, b"<html>bad gateway</html>"),
        requests.ReadTimeout("read timed out"),
        requests.ConnectionError("Connection aborted: RemoteDisconnected"),
        Reply(400, graph_error(2, is_transient=True)),
    ],
    ids=["500-transient", "502-html", "read-timeout", "dropped", "code-2"],
)
def test_post_is_never_retried_after_an_ambiguous_failure(failure: object) -> None:
    clock = FakeClock()
    adapter = FakeAdapter([failure, OK])  # type: ignore[list-item]
    client = make_client(adapter, clock=clock)
    with pytest.raises(AmbiguousWriteError) as caught:
        client.post("act_1/assigned_users", {"user": "1", "tasks": ["ANALYZE"]})
    assert client.request_count == 1 and clock.sleeps == []
    assert isinstance(caught.value.cause, TransientError)
    assert "may or may not" in caught.value.user_message


@pytest.mark.parametrize(
    "failure",
    [SERVER_ERROR, requests.ReadTimeout("read timed out"), requests.ConnectionError("reset")],
    ids=["500", "read-timeout", "dropped"],
)
@pytest.mark.parametrize("method", ["get", "delete"])
def test_reads_and_deletes_are_retried_after_the_same_failures(failure: object, method: str) -> None:
    adapter = FakeAdapter([failure, OK])  # type: ignore[list-item]
    client = make_client(adapter)
    assert getattr(client, method)("act_1/assigned_users") == {"success": True}
    assert client.request_count == 2


def test_throttled_post_is_retried_because_graph_did_not_apply_it() -> None:
    clock = FakeClock()
    adapter = FakeAdapter([Reply(400, graph_error(613, 1487742)), Reply(400, graph_error(80004)), OK])
    client = make_client(adapter, clock=clock)
    assert client.post("act_1/assigned_users", {"user": "1"}) == {"success": True}
    assert client.request_count == 3 and len(clock.sleeps) == 2


def test_post_that_never_connected_is_retried() -> None:
    adapter = FakeAdapter([requests.ConnectTimeout("connect timed out"), OK])
    client = make_client(adapter)
    assert client.post("act_1", {"name": "x"}) == {"success": True}


def test_post_refused_with_3902_is_retried() -> None:
    adapter = FakeAdapter([Reply(400, graph_error(3902)), Reply(body={"id": "act_9"})])
    assert make_client(adapter).post("123/adaccount", {"name": "x"}) == {"id": "act_9"}


def test_connection_failure_on_get_gives_up_as_connection_error() -> None:
    adapter = FakeAdapter(handler=lambda sent: requests.ConnectTimeout("connect timed out"))
    client = make_client(adapter, retry=RetryPolicy(max_attempts=2, random=lambda: 0))
    with pytest.raises(GraphConnectionError) as caught:
        client.get("me")
    assert not caught.value.sent and client.request_count == 2


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (Reply(400, graph_error(100, 1752129)), InvalidRequestError),
        (Reply(400, graph_error(190, 463)), AuthenticationError),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_errors_that_need_a_person_are_not_retried(reply: Reply, error: type, method: str) -> None:
    clock = FakeClock()
    adapter = FakeAdapter([reply])
    client = make_client(adapter, clock=clock)
    with pytest.raises(error):
        getattr(client, method)("act_1/assigned_users")
    assert client.request_count == 1 and clock.sleeps == []


def test_a_refused_connection_on_loopback_is_known_not_sent(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    clock = FakeClock()
    client = GraphClient(
        "EAAB-secret-token-xyz",
        base_url=f"http://127.0.0.1:{port}",
        app_secret="the-app-secret",
        retry=RetryPolicy(max_attempts=2, random=lambda: 0),
        clock=clock.monotonic,
        sleep=clock.sleep,
        timeout=2,
    )
    with pytest.raises(GraphConnectionError) as caught:
        client.post("act_1", {"name": "x"})
    assert not caught.value.sent and caught.value.refused
    assert client.request_count == 2  # refused before sending, so the write was tried again
    with pytest.raises(GraphConnectionError) as read:  # the URL of a read carries the token: masked
        client.get("me")
    assert "access_token=***" in str(read.value)
    texts = [str(caught.value), repr(caught.value), str(read.value)] + [r.getMessage() for r in caplog.records]
    for text in texts:
        assert "EAAB-secret-token-xyz" not in text and "the-app-secret" not in text
