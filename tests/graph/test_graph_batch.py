"""Graph batch: chunks of ≤ 50, one result per request in order, per-item errors, follow-up retries."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from core.graph import (
    AmbiguousWriteError,
    AuthenticationError,
    BatchRequest,
    GraphPermissionError,
    RateLimitError,
    RetryPolicy,
    edge,
)
from tests.support.graph_fakes import (
    APP_SECRET,
    TOKEN,
    FakeAdapter,
    FakeClock,
    Reply,
    Sent,
    buc_header,
    graph_error,
    make_client,
)

ItemAnswer = Callable[[dict, int], "dict | None"]


def _item(code: int, body: object, headers: dict[str, str] | None = None) -> dict:
    return {
        "code": code,
        "headers": [{"name": k, "value": v} for k, v in (headers or {}).items()],
        "body": json.dumps(body),
    }


def _batch_server(answer: ItemAnswer) -> FakeAdapter:
    """Answers each batch POST item by item; ``answer(call, attempt)`` sees how often that call was sent."""
    seen: dict[str, int] = {}

    def handler(sent: Sent) -> Reply:
        assert sent.method == "POST" and sent.path == "/v21.0/"
        items = []
        for call in sent.batch():
            key = call["method"] + call["relative_url"] + call.get("body", "")
            seen[key] = seen.get(key, 0) + 1
            items.append(answer(call, seen[key]))
        return Reply(body=items, headers={"X-App-Usage": json.dumps({"call_count": 5})})

    return FakeAdapter(handler=handler)


def _by_path(call: dict, attempt: int) -> dict | None:
    path = urlsplit(call["relative_url"]).path
    number = int(path.split("_")[1])
    if number % 7 == 3:
        return _item(403, graph_error(200, message="no access"))
    return _item(200, {"id": path, "method": call["method"]}, {"X-Ad-Account-Usage": '{"acc_id_util_pct": 1}'})


def test_120_requests_make_exactly_3_http_requests_of_50_50_20_with_results_in_order() -> None:
    adapter = _batch_server(_by_path)
    client = make_client(adapter)
    requests_ = [BatchRequest.get(f"act_{i}", fields=["id", "name"]) for i in range(120)]
    results = client.batch(requests_)
    assert [len(s.batch()) for s in adapter.sent] == [50, 50, 20]
    assert client.request_count == 3
    for sent in adapter.sent:
        assert sent.param("include_headers") == "true"
        assert sent.param("access_token") == TOKEN
        assert sent.param("appsecret_proof") is not None
    assert len(results) == 120
    for i, (request, result) in enumerate(zip(requests_, results, strict=True)):
        assert result.request is request
        if i % 7 == 3:
            assert isinstance(result.error, GraphPermissionError) and result.status == 403 and not result.ok
        else:
            assert result.ok and result.status == 200 and result.body == {"id": f"act_{i}", "method": "GET"}
            assert result.headers["x-ad-account-usage"]


def test_wire_format_of_items() -> None:
    get = BatchRequest.get("act_1/ads", {"limit": 10, "summary": True}, fields=["id", edge("adset", "id")])
    wire = get.to_wire()
    assert wire["method"] == "GET" and urlsplit(wire["relative_url"]).path == "act_1/ads"
    assert parse_qs(urlsplit(wire["relative_url"]).query) == {
        "limit": ["10"],
        "summary": ["true"],
        "fields": ["id,adset{id}"],
    }
    post = BatchRequest.post("act_1/assigned_users", {"user": "5", "tasks": ["ANALYZE"]}).to_wire()
    assert post["relative_url"] == "act_1/assigned_users"
    assert parse_qs(post["body"]) == {"user": ["5"], "tasks": ['["ANALYZE"]']}
    delete = BatchRequest.delete("act_1/assigned_users", {"user": "5"}).to_wire()
    assert delete == {"method": "DELETE", "relative_url": "act_1/assigned_users?user=5"}


def test_throttled_and_unanswered_reads_are_retried_in_a_follow_up_batch_writes_are_not() -> None:
    def answer(call: dict, attempt: int) -> dict | None:
        path = call["relative_url"]
        if path.startswith("throttled") and attempt == 1:
            return _item(400, graph_error(80004), buc_header(minutes=1))
        if path.startswith("silent") and attempt == 1:
            return None
        if path.startswith("broken"):
            return _item(500, graph_error(1, is_transient=True))
        return _item(200, {"path": path, "attempt": attempt})

    clock = FakeClock()
    adapter = _batch_server(answer)
    client = make_client(adapter, clock=clock, retry=RetryPolicy(max_total_wait=600, random=lambda: 0.5))
    results = client.batch(
        [
            BatchRequest.get("ok_1"),
            BatchRequest.get("throttled_1"),
            BatchRequest.post("throttled_2", {"name": "x"}),
            BatchRequest.get("silent_1"),
            BatchRequest.post("silent_2", {"name": "y"}),
            BatchRequest.post("broken_1", {"name": "z"}),
        ]
    )
    assert [len(s.batch()) for s in adapter.sent] == [6, 2]  # the follow-up holds only the two reads
    assert clock.sleeps == [60]
    assert results[0].body == {"path": "ok_1", "attempt": 1}
    assert results[1].body == {"path": "throttled_1", "attempt": 2}
    assert isinstance(results[2].error, RateLimitError) and results[2].error.retry_after == 60
    assert results[3].body == {"path": "silent_1", "attempt": 2}
    assert isinstance(results[4].error, AmbiguousWriteError)
    assert isinstance(results[5].error, AmbiguousWriteError) and results[5].status == 500


def test_follow_up_retries_are_bounded_by_the_policy() -> None:
    adapter = _batch_server(lambda call, attempt: _item(400, graph_error(17), buc_header(minutes=1)))
    clock = FakeClock()
    client = make_client(adapter, clock=clock, retry=RetryPolicy(max_attempts=3, max_total_wait=600))
    (result,) = client.batch([BatchRequest.get("me")])
    assert isinstance(result.error, RateLimitError)
    assert len(adapter.sent) == 3 and clock.sleeps == [60, 60]


def test_a_failed_chunk_is_reported_on_each_of_its_items_and_others_still_succeed() -> None:
    calls = {"n": 0}

    def handler(sent: Sent) -> Reply:
        calls["n"] += 1
        if calls["n"] == 2:
            return Reply(400, graph_error(190, 460))
        return Reply(body=[_item(200, {"n": calls["n"]}) for _ in sent.batch()])

    adapter = FakeAdapter(handler=handler)
    results = make_client(adapter).batch([BatchRequest.get(f"x_{i}") for i in range(110)])
    assert [r.ok for r in results] == [True] * 50 + [False] * 50 + [True] * 10
    assert all(isinstance(r.error, AuthenticationError) and r.error.subcode == 460 for r in results[50:100])


def test_item_unwrap_returns_body_or_raises() -> None:
    adapter = _batch_server(_by_path)
    ok, denied = make_client(adapter).batch([BatchRequest.get("act_1"), BatchRequest.get("act_3")])
    assert ok.unwrap() == {"id": "act_1", "method": "GET"}
    try:
        denied.unwrap()
    except GraphPermissionError as error:
        assert error.code == 200
    else:  # pragma: no cover
        raise AssertionError("expected the item's error")


def test_empty_batch_makes_no_request() -> None:
    adapter = FakeAdapter()
    assert make_client(adapter).batch([]) == []
    assert adapter.sent == []


def test_batch_without_secret_or_with_secret_sends_the_right_proof() -> None:
    from core.graph import appsecret_proof

    adapter = _batch_server(_by_path)
    make_client(adapter).batch([BatchRequest.get("act_1")])
    assert adapter.sent[0].param("appsecret_proof") == appsecret_proof(APP_SECRET, TOKEN)
