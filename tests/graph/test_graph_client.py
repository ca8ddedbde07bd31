"""GraphClient against a fake transport: URLs, auth, paging, usage, counters, logs and secrets."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from core.graph import AuthenticationError, GraphError, appsecret_proof, edge
from tests.support.graph_fakes import APP_SECRET, BASE, TOKEN, FakeAdapter, Reply, Sent, graph_error, make_client

PROOF = hmac.new(APP_SECRET.encode(), TOKEN.encode(), hashlib.sha256).hexdigest()


def test_get_builds_versioned_url_and_sends_token_and_proof_in_the_query() -> None:
    adapter = FakeAdapter([Reply(body={"id": "act_1", "name": "Shop"})])
    client = make_client(adapter)
    assert client.get("act_1", {"summary": True}, fields=["id", "name"]) == {"id": "act_1", "name": "Shop"}
    (sent,) = adapter.sent
    assert sent.method == "GET" and sent.path == "/v21.0/act_1"
    assert sent.param("access_token") == TOKEN
    assert sent.param("appsecret_proof") == PROOF
    assert sent.param("fields") == "id,name" and sent.param("summary") == "true"


def test_appsecret_proof_is_hmac_sha256_of_the_token_keyed_by_the_secret() -> None:
    assert appsecret_proof(APP_SECRET, TOKEN) == PROOF
    assert len(PROOF) == 64 and int(PROOF, 16) >= 0


def test_post_sends_form_body_and_delete_sends_query() -> None:
    adapter = FakeAdapter([Reply(body={"success": True}), Reply(body=True)])
    client = make_client(adapter)
    assert client.post("act_1/assigned_users", {"user": "42", "tasks": ["ANALYZE"]}) == {"success": True}
    assert client.delete("act_1/assigned_users", {"user": "42"}) == {"success": True}
    post, delete = adapter.sent
    assert post.method == "POST" and post.form["tasks"] == ['["ANALYZE"]'] and post.form["access_token"] == [TOKEN]
    assert post.query == {}
    assert delete.method == "DELETE" and delete.query["user"] == ["42"] and delete.param("appsecret_proof") == PROOF


def test_without_app_secret_no_proof_is_sent() -> None:
    adapter = FakeAdapter([Reply(body={})])
    make_client(adapter, app_secret=None).get("me")
    assert adapter.sent[0].param("appsecret_proof") is None


def _pages(total: int, per_page: int, host: str = BASE) -> FakeAdapter:
    """An edge of ``total`` items; ``paging.next`` is absolute and carries the token, like Graph's."""

    def handler(sent: Sent) -> Reply:
        after = int(sent.param("after") or 0)
        limit = int(sent.param("limit") or per_page)
        data = [{"id": str(i)} for i in range(after, min(after + limit, total))]
        paging: dict = {"cursors": {"before": str(after), "after": str(after + len(data))}}
        if after + len(data) < total:
            query = f"access_token={TOKEN}&fields=id%2Cname&limit={limit}&after={after + len(data)}"
            paging["next"] = f"{host}/v21.0/act_1/ads?{query}"
        return Reply(body={"data": data, "paging": paging})

    return FakeAdapter(handler=handler)


def test_iter_edge_follows_absolute_next_urls_across_many_pages() -> None:
    adapter = _pages(total=1000, per_page=25)
    client = make_client(adapter)
    items = list(client.iter_edge("act_1/ads", fields=["id", "name"], limit=25))
    assert [i["id"] for i in items] == [str(i) for i in range(1000)]
    assert len(adapter.sent) == 40 == client.request_count
    for sent in adapter.sent:
        assert sent.param("access_token") == TOKEN  # once: param() fails on duplicates
        assert sent.param("appsecret_proof") == PROOF
        assert sent.param("fields") == "id,name" and sent.param("limit") == "25"
        assert sent.path == "/v21.0/act_1/ads"


def test_next_url_on_another_host_is_sent_to_our_host_only() -> None:
    adapter = _pages(total=30, per_page=10, host="https://evil.example")
    client = make_client(adapter)
    assert len(list(client.iter_edge("act_1/ads", limit=10))) == 30
    assert all(urlsplit(s.url).netloc == "graph.test" for s in adapter.sent)


def test_with_token_changes_token_everywhere_and_shares_counters() -> None:
    adapter = _pages(total=20, per_page=10)
    client = make_client(adapter)
    other = client.with_token("EAAB-other-token-999")
    list(other.iter_edge("act_1/ads", limit=10))
    assert [s.param("access_token") for s in adapter.sent] == ["EAAB-other-token-999"] * 2
    assert adapter.sent[1].param("appsecret_proof") == appsecret_proof(APP_SECRET, "EAAB-other-token-999")
    assert client.request_count == other.request_count == 2
    assert other.session is client.session


def test_iter_nested_follows_a_nested_edge_result() -> None:
    adapter = _pages(total=25, per_page=10)
    client = make_client(adapter)
    nested = {
        "data": [{"id": "0"}, {"id": "1"}],
        "paging": {"next": f"{BASE}/v21.0/act_1/ads?access_token={TOKEN}&limit=10&after=2"},
    }
    ids = [item["id"] for item in client.iter_nested(nested)]
    assert ids == [str(i) for i in range(25)]
    assert len(adapter.sent) == 3


def test_usage_headers_are_parsed_on_success_and_on_errors() -> None:
    ok_headers = {
        "X-App-Usage": json.dumps({"call_count": 12, "total_cputime": 3, "total_time": 4}),
        "X-Ad-Account-Usage": json.dumps({"acc_id_util_pct": 9.5, "reset_time_duration": 0}),
    }
    error_headers = {
        "X-Business-Use-Case-Usage": json.dumps(
            {"777": [{"type": "ads_management", "call_count": 100, "estimated_time_to_regain_access": 7}]}
        )
    }
    adapter = FakeAdapter([Reply(body={}, headers=ok_headers), Reply(400, graph_error(200), error_headers)])
    client = make_client(adapter)
    client.get("act_1")
    assert client.usage.app and client.usage.app.call_count == 12
    assert client.usage.ad_account and client.usage.ad_account.acc_id_util_pct == 9.5
    with pytest.raises(GraphError) as caught:
        client.get("act_2")
    (buc,) = client.usage.business_use_cases
    assert (buc.business_id, buc.type, buc.estimated_time_to_regain_access) == ("777", "ads_management", 7)
    assert caught.value.usage.business_use_cases == (buc,)


def test_malformed_usage_headers_are_ignored() -> None:
    adapter = FakeAdapter([Reply(body={}, headers={"X-App-Usage": "not json", "X-Ad-Account-Usage": "[]"})])
    client = make_client(adapter)
    client.get("me")
    assert not client.usage


def test_error_response_raises_typed_error_with_graph_details() -> None:
    adapter = FakeAdapter([Reply(400, graph_error(190, 463, message="Session has expired"))])
    with pytest.raises(AuthenticationError) as caught:
        make_client(adapter).get("me")
    assert (caught.value.code, caught.value.subcode, caught.value.http_status) == (190, 463, 400)
    assert caught.value.fbtrace_id == "TRACE123"


def test_request_count_is_thread_safe() -> None:
    adapter = FakeAdapter(handler=lambda sent: Reply(body={"ok": True}))
    client = make_client(adapter)
    threads = [threading.Thread(target=lambda: [client.get("me") for _ in range(50)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert client.request_count == 400 == len(adapter.sent)


def test_secrets_never_reach_logs_errors_or_repr(caplog: pytest.LogCaptureFixture) -> None:
    leaky = graph_error(190, 467, message=f"Bad token {TOKEN} proof {PROOF} secret {APP_SECRET}")
    adapter = FakeAdapter(
        [
            Reply(
                body={
                    "data": [{"id": "1"}],
                    "paging": {"next": f"{BASE}/v21.0/me/adaccounts?access_token={TOKEN}"},
                }
            ),
            Reply(body={"data": []}),
            Reply(400, leaky),
            requests.ConnectionError(f"HTTPSConnectionPool: Max retries exceeded with url: /me?access_token={TOKEN}"),
            requests.ReadTimeout(f"Read timed out. url=/v21.0/act_1?access_token={TOKEN}&appsecret_proof={PROOF}"),
        ]
    )
    client = make_client(adapter)
    caplog.set_level(logging.DEBUG)
    list(client.iter_edge("me/adaccounts"))
    texts = [repr(client)]
    for _ in range(3):
        with pytest.raises(GraphError) as caught:
            client.post("act_1/assigned_users", {"user": "1"})
        texts += [
            str(caught.value),
            repr(caught.value),
            caught.value.user_message,
            json.dumps(caught.value.body),
        ]
    texts += [record.getMessage() for record in caplog.records]
    assert caplog.records, "the client logs its calls"
    for text in texts:
        for secret in (TOKEN, APP_SECRET, PROOF):
            assert secret not in text, text


def test_non_json_success_body_is_a_transient_error() -> None:
    adapter = FakeAdapter([Reply(200, b"<html>oops</html>")] * 4)
    with pytest.raises(GraphError) as caught:
        make_client(adapter).get("me")
    assert caught.value.is_transient


def test_paging_next_params_are_not_doubled() -> None:
    adapter = FakeAdapter([Reply(body={"data": []})])
    client = make_client(adapter)
    client._follow(f"{BASE}/v21.0/x?access_token={TOKEN}&appsecret_proof=old&limit=5&after=abc")
    sent = adapter.sent[0]
    assert parse_qs(urlsplit(sent.url).query) == {
        "limit": ["5"],
        "after": ["abc"],
        "access_token": [TOKEN],
        "appsecret_proof": [PROOF],
    }


def test_field_expansion_reaches_the_wire() -> None:
    adapter = FakeAdapter([Reply(body={"id": "1"})])
    make_client(adapter).get("1", fields=["id", edge("owned_ad_accounts", "id", limit=100)])
    assert adapter.sent[0].param("fields") == "id,owned_ad_accounts.limit(100){id}"
