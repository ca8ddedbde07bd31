"""The Graph client against the sandbox, in-process and over real loopback HTTP: same scenarios both ways."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from core.config import DEFAULT_GRAPH_VERSION, REQUIRED_SCOPES, SANDBOX_BASE_URL
from core.graph import (
    NO_RETRY,
    AmbiguousWriteError,
    AuthenticationError,
    BatchRequest,
    GraphClient,
    GraphError,
    GraphPermissionError,
    InvalidRequestError,
    RateLimitError,
    RetryPolicy,
    appsecret_proof,
    debug_token,
    edge,
    exchange_code,
    exchange_long_lived,
    login_dialog_url,
)
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_PERSON_SELLER,
    DEMO_USER_ID,
    Faults,
    Sandbox,
    sandbox_session,
    serve_in_thread,
)
from core.sandbox.sandbox import DEFAULT_APP_ID
from tests.support.graph_fakes import FakeClock

APP_SECRET = "sandbox-app-secret-42"
REDIRECT = "https://shop.example/facebook/callback"
ACTIVE = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"

Connect = Callable[..., GraphClient]


def _no_real_sleep(seconds: float) -> None:
    raise AssertionError(f"the client tried to sleep {seconds}s")


class Transport:
    """Reaches sandboxes in-process, or over loopback HTTP with one server per sandbox for the module."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.servers: dict[int, tuple[str, Callable[[], None]]] = {}

    def connect(
        self,
        sandbox: Sandbox,
        token: str = "demo-admin",
        *,
        app_secret: str | None = None,
        retry: RetryPolicy = NO_RETRY,
        clock: FakeClock | None = None,
    ) -> GraphClient:
        if self.kind == "in-process":
            session, base_url = sandbox_session(sandbox), SANDBOX_BASE_URL
        else:
            if id(sandbox) not in self.servers:
                self.servers[id(sandbox)] = serve_in_thread(sandbox)
            base_url, session = self.servers[id(sandbox)][0], requests.Session()
        return GraphClient(
            token,
            base_url=base_url,
            app_secret=app_secret,
            session=session,
            retry=retry,
            clock=clock.monotonic if clock else time.monotonic,
            sleep=clock.sleep if clock else _no_real_sleep,
        )

    def close(self) -> None:
        """Stop the servers together: each stop waits for its server's poll interval."""
        stoppers = [threading.Thread(target=stop) for _, stop in self.servers.values()]
        for thread in stoppers:
            thread.start()
        for thread in stoppers:
            thread.join()


@pytest.fixture(scope="module", params=["in-process", "loopback"])
def transport(request: pytest.FixtureRequest) -> Iterator[Transport]:
    transport = Transport(request.param)
    yield transport
    transport.close()


@pytest.fixture
def connect(transport: Transport) -> Connect:
    """``connect(sandbox, token, app_secret=...)``: a client reaching ``sandbox`` in-process or over HTTP."""
    return transport.connect


# One sandbox of each kind per transport, shared by the module's tests.
@pytest.fixture(scope="module")
def demo(transport: Transport) -> Sandbox:
    return Sandbox("demo")


@pytest.fixture(scope="module")
def secured(transport: Transport) -> Sandbox:
    return Sandbox("demo", app_secret=APP_SECRET)


@pytest.fixture(scope="module")
def throttled(transport: Transport) -> Sandbox:
    return Sandbox("demo", faults=Faults(account_call_budget=3))


@pytest.fixture(scope="module")
def flaky(transport: Transport) -> Sandbox:
    return Sandbox("demo", faults=Faults(seed=7, transient_rate=0.3))


def test_paging_across_many_pages_with_appsecret_proof_on_every_follow_up(connect: Connect, secured: Sandbox) -> None:
    client = connect(secured, app_secret=APP_SECRET)
    total = client.get(f"{ACTIVE}/ads", {"summary": True, "limit": 1})["summary"]["total_count"]
    assert total > 50
    before = client.request_count
    ads = list(client.iter_edge(f"{ACTIVE}/ads", fields=["id", "name", "effective_status"], limit=7))
    assert len(ads) == total == len({ad["id"] for ad in ads})
    assert all(set(ad) >= {"id", "name", "effective_status"} for ad in ads)
    assert client.request_count - before == -(-total // 7)  # one request per page, each with its proof


def test_nested_edge_pages_are_followed(connect: Connect, demo: Sandbox) -> None:
    client = connect(demo)
    business = client.get(DEMO_BUSINESS_ID_MAIN, fields=["id", edge("owned_ad_accounts", "id", "name", limit=1)])
    nested = business["owned_ad_accounts"]
    accounts = list(client.iter_nested(nested))
    assert len(nested["data"]) == 1 and len(accounts) > 1
    assert accounts == list(client.iter_edge(f"{DEMO_BUSINESS_ID_MAIN}/owned_ad_accounts", fields=["id", "name"]))


def test_batch_of_120_is_split_into_3_requests_with_results_in_order(connect: Connect, demo: Sandbox) -> None:
    client = connect(demo)
    paths = [
        "me",
        ACTIVE,
        f"act_{DEMO_AD_ACCOUNT_BULK}",
        f"act_{DEMO_AD_ACCOUNT_EUR}",
        DEMO_BUSINESS_ID_MAIN,
        "999",
    ]
    requests_ = [BatchRequest.get(paths[i % len(paths)], fields=["id"]) for i in range(120)]
    before = client.request_count
    results = client.batch(requests_)
    assert client.request_count - before == 3
    assert len(results) == 120
    for i, result in enumerate(results):
        path = paths[i % len(paths)]
        if path == "999":
            assert isinstance(result.error, GraphError) and result.error.code == 100 and result.status == 400
        else:
            assert result.ok and result.status == 200, result.error
            assert result.body["id"] == (DEMO_USER_ID if path == "me" else path)
    assert client.usage.app is not None


def test_expired_demo_token_is_an_authentication_error_with_subcode_463(connect: Connect, demo: Sandbox) -> None:
    with pytest.raises(AuthenticationError) as caught:
        connect(demo, "demo-expired").get("me")
    assert (caught.value.code, caught.value.subcode) == (190, 463)
    assert "expired" in caught.value.user_message
    assert "demo-expired" not in str(caught.value) + repr(caught.value)


def test_analyst_write_is_a_permission_error(connect: Connect, demo: Sandbox) -> None:
    client = connect(demo, "demo-analyst")
    with pytest.raises(GraphPermissionError) as caught:
        client.post(f"{ACTIVE}/assigned_users", {"user": DEMO_PERSON_SELLER, "tasks": ["ANALYZE"]})
    assert caught.value.code == 200 and caught.value.http_status == 403
    assert client.get(ACTIVE, fields=["id"])["id"] == ACTIVE  # reading is still allowed


def test_analyst_errors_inside_a_batch_do_not_hide_successes(connect: Connect, demo: Sandbox) -> None:
    read, write = connect(demo, "demo-analyst").batch(
        [
            BatchRequest.get(ACTIVE, fields=["id", "name"]),
            BatchRequest.post(f"{ACTIVE}/assigned_users", {"user": DEMO_PERSON_SELLER, "tasks": ["ANALYZE"]}),
        ]
    )
    assert read.ok and read.body["id"] == ACTIVE
    assert isinstance(write.error, GraphPermissionError)


@pytest.mark.parametrize(("client_secret", "accepted"), [(APP_SECRET, True), ("wrong-secret", False), (None, False)])
def test_appsecret_proof_is_sent_and_checked(connect: Connect, client_secret: str | None, accepted: bool) -> None:
    client = connect(Sandbox("demo", app_secret=APP_SECRET), app_secret=client_secret)
    if accepted:
        assert client.get("me")["id"] == DEMO_USER_ID
        (result,) = client.batch([BatchRequest.get("me")])
        assert result.ok
    else:
        with pytest.raises(InvalidRequestError) as caught:
            client.get("me")
        assert caught.value.code == 100
        assert APP_SECRET not in str(caught.value)


def test_throttled_ad_account_gives_up_with_a_retry_time_and_others_go_on(connect: Connect) -> None:
    client = connect(Sandbox("demo", faults=Faults(account_call_budget=3)), retry=RetryPolicy(max_total_wait=60))
    for _ in range(3):
        client.get(ACTIVE, fields=["id"])
    with pytest.raises(RateLimitError) as caught:
        client.get(ACTIVE, fields=["id"])
    assert caught.value.code == 80004 and caught.value.retry_after and caught.value.retry_after > 0
    assert caught.value.usage.business_use_cases[0].estimated_time_to_regain_access > 0
    assert client.get(f"act_{DEMO_AD_ACCOUNT_EUR}", fields=["id"])["id"] == f"act_{DEMO_AD_ACCOUNT_EUR}"


def test_facebook_login_flow(connect: Connect, secured: Sandbox) -> None:
    client = connect(secured, "", app_secret=APP_SECRET)
    url = login_dialog_url(client.base_url, DEFAULT_GRAPH_VERSION, DEFAULT_APP_ID, REDIRECT, "st4te", REQUIRED_SCOPES)
    page = client.session.get(url)
    assert page.status_code == 200 and "pages_read_engagement" in page.text

    granted = [s for s in REQUIRED_SCOPES if s != "pages_read_engagement"]
    form = {"client_id": DEFAULT_APP_ID, "redirect_uri": REDIRECT, "state": "st4te",
            "requested_scope": ",".join(REQUIRED_SCOPES), "scope": granted, "action": "allow"}  # fmt: skip
    back = client.session.post(f"{client.base_url}/dialog/oauth/confirm", data=form, allow_redirects=False)
    assert back.status_code == 302
    query = parse_qs(urlsplit(back.headers["Location"]).query)
    assert query["state"] == ["st4te"]

    short = exchange_code(client, DEFAULT_APP_ID, APP_SECRET, REDIRECT, query["code"][0])
    long = exchange_long_lived(client, DEFAULT_APP_ID, APP_SECRET, short.token)
    assert long.expires_in and long.expires_in > 50 * 86400
    info = debug_token(client, long.token, app_token=f"{DEFAULT_APP_ID}|{APP_SECRET}")
    assert info.is_valid and info.user_id == DEMO_USER_ID
    assert info.missing_scopes(REQUIRED_SCOPES) == ("pages_read_engagement",)
    assert not info.expires_soon(datetime.now(UTC)) and info.data_access_expires_at > 0
    assert client.with_token(long.token).get("me")["id"] == DEMO_USER_ID

    with pytest.raises(InvalidRequestError):  # a code works once
        exchange_code(client, DEFAULT_APP_ID, APP_SECRET, REDIRECT, query["code"][0])


def test_debug_token_of_the_expired_demo_token(connect: Connect, demo: Sandbox) -> None:
    info = debug_token(connect(demo), "demo-expired", app_token=f"{DEFAULT_APP_ID}|anything")
    assert not info.is_valid
    assert isinstance(info.error, AuthenticationError) and info.error.subcode == 463
    assert info.expires_soon(datetime.now(UTC))


def test_transient_failures_are_retried_for_reads_and_reported_for_writes(connect: Connect, flaky: Sandbox) -> None:
    clock = FakeClock()
    client = connect(flaky, retry=RetryPolicy(max_attempts=8, max_total_wait=600, random=lambda: 0.5), clock=clock)
    ads = list(client.iter_edge(f"{ACTIVE}/ads", fields=["id"], limit=10))
    assert len(ads) == len({ad["id"] for ad in ads}) > 50
    assert clock.sleeps, "some pages failed and were retried after a back-off"
    outcomes = []
    for _ in range(12):
        try:
            client.post(ACTIVE, {"name": "Renamed"})
            outcomes.append("ok")
        except AmbiguousWriteError as error:
            assert error.cause.is_transient and error.cause.code in (1, 2)
            outcomes.append("ambiguous")
    assert "ambiguous" in outcomes and "ok" in outcomes


def test_one_client_serves_many_threads(connect: Connect, demo: Sandbox) -> None:
    client = connect(demo)
    expected = list(client.iter_edge(f"{ACTIVE}/ads", fields=["id"], limit=25))
    before = client.request_count
    results: list[list[dict]] = [[] for _ in range(8)]

    def work(slot: int) -> None:
        results[slot] = list(client.iter_edge(f"{ACTIVE}/ads", fields=["id"], limit=25))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results)
    assert client.request_count - before == 8 * -(-len(expected) // 25)


def test_no_secret_in_any_log_line_over_real_http(
    connect: Connect, secured: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = connect(secured, "demo-admin", app_secret=APP_SECRET)
    list(client.iter_edge(f"{ACTIVE}/ads", fields=["id"], limit=50))
    client.batch([BatchRequest.get("me")])
    with pytest.raises(GraphError):
        client.with_token("demo-expired").get("me")
    proof = appsecret_proof(APP_SECRET, "demo-admin")
    messages = [record.getMessage() for record in caplog.records]
    assert messages
    for message in messages:
        for secret in ("access_token=demo-admin", "access_token=demo-expired", proof, APP_SECRET):
            assert secret not in message, message
