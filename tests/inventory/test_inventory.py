"""The inventory against the sandbox: the tree a token sees, its data shapes, and the round trips it costs."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from core.graph import AuthenticationError
from core.inventory import PageSizes, load_inventory
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_CLIENT,
    DEMO_AD_ACCOUNT_DISABLED,
    DEMO_AD_ACCOUNT_NO_FUNDING,
    DEMO_AD_ACCOUNT_PENDING_SETTLEMENT,
    DEMO_AD_ACCOUNT_PERSONAL,
    DEMO_BUSINESS_ID_AGENCY,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_PARTNER,
    DEMO_BUSINESS_ID_UNVERIFIED,
    DEMO_PAGE_CLIENT,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_PERSONAL,
    DEMO_PAGE_UNPUBLISHED,
    DEMO_PIXEL_NO_EVENTS,
    DEMO_PIXEL_READY,
    DEMO_PIXEL_UNAVAILABLE,
    DEMO_PIXEL_UNVERIFIED,
    DEMO_STORE_DOMAIN,
    DEMO_USER_ID,
)
from core.sandbox.world import Pixel
from tests.support.inventory import sandbox_client

SMALL = PageSizes(businesses=2, assets=2, pixels_per_account=1)


def act(bare: str) -> str:
    return f"act_{bare}"


def test_demo_tree_in_one_round_trip() -> None:
    client, _, _ = sandbox_client()
    inventory = load_inventory(client)

    assert inventory.round_trips == 1
    assert inventory.user_id == DEMO_USER_ID and inventory.user_name == "Dana Demo"
    assert inventory.complete and inventory.problems == ()
    main = inventory.business(DEMO_BUSINESS_ID_MAIN)
    assert main is not None and main.name == "Demo Outdoor Co." and main.verification_status == "verified"
    assert inventory.business(DEMO_BUSINESS_ID_UNVERIFIED).verification_status == "not_verified"  # type: ignore[union-attr]
    assert inventory.business(DEMO_BUSINESS_ID_PARTNER) is None  # Dana is not in Partner Brands
    assert len(inventory.ad_accounts()) == 18 and len(inventory.pages()) == 14 and len(inventory.pixels()) == 6
    domains = {(d.domain_name, d.status) for b in inventory.businesses for d in b.owned_domains}
    assert len(domains) == 5 and (DEMO_STORE_DOMAIN, "verified") in domains  # owned domains, in the same call


def test_ad_account_facts_and_why_it_cannot_deliver() -> None:
    inventory = load_inventory(sandbox_client()[0])

    active = inventory.ad_account(DEMO_AD_ACCOUNT_ACTIVE)
    assert active is not None and active.id == act(DEMO_AD_ACCOUNT_ACTIVE)
    assert (active.account_id, active.currency, active.account_status) == (DEMO_AD_ACCOUNT_ACTIVE, "USD", 1)
    assert active.access_type == "OWNER" and active.business_id == DEMO_BUSINESS_ID_MAIN
    assert "MANAGE" in active.permitted_tasks and active.has_funding_source
    assert active.user_tasks == ("MANAGE", "ADVERTISE", "ANALYZE") and active.advertise_refusal is None
    assert active.cannot_deliver_reason is None and active.can_deliver
    assert active.pixel_ids == (DEMO_PIXEL_READY,)

    no_funding = inventory.ad_account(DEMO_AD_ACCOUNT_NO_FUNDING)
    assert no_funding is not None and not no_funding.has_funding_source
    assert no_funding.cannot_deliver_reason == "No payment method (funding source)."
    disabled = inventory.ad_account(act(DEMO_AD_ACCOUNT_DISABLED))
    assert disabled is not None
    assert disabled.cannot_deliver_reason == "Account is disabled (ads integrity policy)."
    settling = inventory.ad_account(DEMO_AD_ACCOUNT_PENDING_SETTLEMENT)
    assert settling is not None and settling.cannot_deliver_reason == "Account is pending settlement."


def test_client_accounts_are_agency_and_personal_accounts_are_listed_once() -> None:
    inventory = load_inventory(sandbox_client()[0])

    agency = inventory.business(DEMO_BUSINESS_ID_AGENCY)
    assert agency is not None
    client_account = next(a for a in agency.client_ad_accounts if a.account_id == DEMO_AD_ACCOUNT_CLIENT)
    assert client_account.access_type == "AGENCY" and client_account.business_id == DEMO_BUSINESS_ID_PARTNER
    personal = {a.account_id: a for a in inventory.personal_ad_accounts}
    assert DEMO_AD_ACCOUNT_PERSONAL in personal and personal[DEMO_AD_ACCOUNT_PERSONAL].access_type == "PERSONAL"
    assert personal[DEMO_AD_ACCOUNT_PERSONAL].business_id is None
    assert "MANAGE" in personal[DEMO_AD_ACCOUNT_PERSONAL].user_tasks  # the person's own tasks
    in_businesses = {a.id for b in inventory.businesses for a in b.ad_accounts}
    assert not in_businesses & {a.id for a in inventory.personal_ad_accounts}
    ids = [a.id for a in inventory.ad_accounts()]
    assert len(ids) == len(set(ids)) == len(in_businesses | {a.id for a in inventory.personal_ad_accounts})


def test_pages_published_state_and_other_businesses() -> None:
    inventory = load_inventory(sandbox_client()[0])
    pages = {p.id: p for p in inventory.pages()}

    assert pages[DEMO_PAGE_MAIN].is_published and not pages[DEMO_PAGE_MAIN].owned_by_other_business
    assert not pages[DEMO_PAGE_UNPUBLISHED].is_published
    assert pages[DEMO_PAGE_CLIENT].owned_by_other_business
    assert pages[DEMO_PAGE_CLIENT].business_id == DEMO_BUSINESS_ID_PARTNER
    assert [p.id for p in inventory.personal_pages] == [DEMO_PAGE_PERSONAL]
    assert pages[DEMO_PAGE_PERSONAL].business_id is None


def test_pixels_event_facts_owned_domains_and_accounts() -> None:
    inventory = load_inventory(sandbox_client()[0])

    ready = inventory.pixel(DEMO_PIXEL_READY)
    assert ready is not None and ready.last_fired_time is not None and not ready.is_unavailable
    assert ready.events_last_7_days == 1840 + 960 + 210 + 95 + 42  # event_stats' counts
    assert ready.business_id == DEMO_BUSINESS_ID_MAIN
    assert act(DEMO_AD_ACCOUNT_ACTIVE) in ready.ad_account_ids
    no_events = inventory.pixel(DEMO_PIXEL_NO_EVENTS)
    assert no_events is not None and no_events.last_fired_time is None and no_events.events_last_7_days == 0
    stale = inventory.pixel(DEMO_PIXEL_UNVERIFIED)
    assert stale is not None and stale.last_fired_time is not None and stale.events_last_7_days == 0
    unavailable = inventory.pixel(DEMO_PIXEL_UNAVAILABLE)
    assert unavailable is not None and unavailable.is_unavailable
    assert [p.id for p in inventory.pixels_for_account(DEMO_AD_ACCOUNT_ACTIVE)] == [DEMO_PIXEL_READY]
    main, agency = inventory.business(DEMO_BUSINESS_ID_MAIN), inventory.business(DEMO_BUSINESS_ID_AGENCY)
    assert main is not None and ready in main.pixels
    assert main.domain(DEMO_STORE_DOMAIN).verified  # type: ignore[union-attr]
    assert main.domain(f"shop.{DEMO_STORE_DOMAIN}").verified  # type: ignore[union-attr]  (a subdomain is covered)
    assert agency is not None and not agency.domain(DEMO_STORE_DOMAIN).verified  # type: ignore[union-attr]


def test_pixels_of_other_businesses_are_read_in_one_batch() -> None:
    client, sandbox, _ = sandbox_client()
    foreign = "590000000000001"
    sandbox.world.pixels[foreign] = Pixel(
        foreign,
        "Partner Pixel",
        DEMO_BUSINESS_ID_PARTNER,
        is_unavailable=True,
        shared_accounts={DEMO_AD_ACCOUNT_CLIENT},
    )
    inventory = load_inventory(client)

    assert inventory.round_trips == 2  # the tree, then one batch for the pixel no BM of Dana's owns
    pixel = inventory.pixel(foreign)
    assert pixel is not None and pixel.business_id == DEMO_BUSINESS_ID_PARTNER and pixel.is_unavailable
    assert pixel.ad_account_ids == (act(DEMO_AD_ACCOUNT_CLIENT),)
    assert foreign in inventory.ad_account(DEMO_AD_ACCOUNT_CLIENT).pixel_ids  # type: ignore[union-attr]
    assert all(foreign not in [p.id for p in b.pixels] for b in inventory.businesses)


def test_small_pages_follow_every_nested_edge_to_the_same_tree() -> None:
    whole = load_inventory(sandbox_client()[0])
    client, _, _ = sandbox_client()
    paged = load_inventory(client, page_sizes=SMALL, max_workers=4)

    assert paged.tree() == whole.tree()
    assert paged.round_trips > 20  # businesses, every BM edge and accounts' pixels were paged


def test_analyst_sees_only_what_it_may() -> None:
    inventory = load_inventory(sandbox_client(token="demo-analyst")[0])

    assert [b.id for b in inventory.businesses] == [DEMO_BUSINESS_ID_MAIN]
    assert len(inventory.ad_accounts()) == 3 and inventory.complete


def test_expired_token_raises_with_the_reconnect_message() -> None:
    client, _, _ = sandbox_client(token="demo-expired")
    with pytest.raises(AuthenticationError) as caught:
        load_inventory(client)
    assert "Connect your Facebook account again" in caught.value.user_message


@pytest.mark.parametrize("sizes", [PageSizes(), SMALL])
def test_progress_goes_up_to_one(sizes: PageSizes) -> None:
    seen: list[tuple[float, str]] = []
    load_inventory(sandbox_client()[0], page_sizes=sizes, progress=lambda fraction, what: seen.append((fraction, what)))

    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] < 0.1 and fractions[-1] == 1.0
    assert all(what for _, what in seen)
    if sizes == SMALL:  # one step per list read to its end
        assert len(seen) > 6 and any("(1/" in what for _, what in seen)


def test_large_world_in_one_round_trip() -> None:
    """The physical limit: 2,605 assets in the one nested call, Graph's largest page on every asset edge."""
    client, _, _ = sandbox_client("large")
    inventory = load_inventory(client)

    assert len(inventory.businesses) == 5
    assert len(inventory.ad_accounts()) == 2000 and len(inventory.pages()) == 500 and len(inventory.pixels()) == 100
    assert inventory.round_trips == 1 and inventory.complete
    assert sum(len(p.ad_account_ids) for p in inventory.pixels()) == sum(
        len(a.pixel_ids) for a in inventory.ad_accounts()
    )


# ---- when Graph refuses the one-call tree -------------------------------------------------------------------
class Refusing(requests.adapters.BaseAdapter):
    """Answers chosen requests with a Graph error, passes the rest to the sandbox."""

    def __init__(self, inner: requests.adapters.BaseAdapter, refuse: Any) -> None:
        super().__init__()
        self.inner, self.refuse = inner, refuse

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        answer = self.refuse(request)
        if answer is None:
            return self.inner.send(request, **kwargs)
        response = requests.Response()
        response.status_code, response._content = answer
        response.headers["Content-Type"] = "application/json"
        response.url, response.request = str(request.url), request
        return response

    def close(self) -> None:
        self.inner.close()


def refuse_with(client: Any, refuse: Any) -> list[str]:
    """Put ``refuse`` in front of the sandbox; returns the URLs asked for, in order."""
    inner = client.session.get_adapter(client.url(""))
    prefix = next(p for p, a in client.session.adapters.items() if a is inner)
    asked: list[str] = []

    def recording(request: requests.PreparedRequest) -> tuple[int, bytes] | None:
        asked.append(str(request.url))
        return refuse(request)

    client.session.mount(prefix, Refusing(inner, recording))
    return asked


TOO_MUCH = (500, b'{"error":{"message":"Please reduce the amount of data you\'re asking for, then retry your request",'
                 b'"type":"OAuthException","code":1,"fbtrace_id":"T"}}')  # fmt: skip


def test_a_refused_tree_falls_back_to_one_call_per_business() -> None:
    whole = load_inventory(sandbox_client()[0])
    client, _, _ = sandbox_client()
    asked = refuse_with(client, lambda r: TOO_MUCH if "/me?" in r.url and "owned_ad_accounts" in r.url else None)
    inventory = load_inventory(client)

    assert inventory.tree() == whole.tree()
    assert sum(f"/{b.id}?" in url for url in asked for b in whole.businesses) == len(whole.businesses)


def test_one_unreadable_business_never_stops_the_rest() -> None:
    client, _, _ = sandbox_client()
    no_access = (403, b'{"error":{"message":"(#200) Requires business_management permission to manage the object",'
                      b'"type":"OAuthException","code":200,"fbtrace_id":"T"}}')  # fmt: skip

    def refuse(request: requests.PreparedRequest) -> tuple[int, bytes] | None:
        if "/me?" in str(request.url) and "owned_ad_accounts" in str(request.url):
            return TOO_MUCH
        return no_access if f"/{DEMO_BUSINESS_ID_AGENCY}?" in str(request.url) else None

    refuse_with(client, refuse)
    inventory = load_inventory(client)

    assert not inventory.complete and inventory.business(DEMO_BUSINESS_ID_AGENCY) is None
    problem = inventory.problem(DEMO_BUSINESS_ID_AGENCY)
    assert problem is not None and problem.kind == "business" and problem.name == "Northwind Agency"
    assert problem.user_message
    assert inventory.business(DEMO_BUSINESS_ID_MAIN) is not None
    assert inventory.ad_account(DEMO_AD_ACCOUNT_ACTIVE) is not None


def test_the_benchmark_baseline_reads_the_same_tree_over_http() -> None:
    """The SDK's best of ``python -m bench inventory`` and our load agree, on the demo world's server."""
    import warnings

    from bench.bench_inventory import ours, sdk_best
    from bench.harness import sandbox_server

    with sandbox_server("demo") as base_url, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        mine, our_trips = ours(base_url)
        theirs, sdk_trips = sdk_best(base_url)
    assert mine.tree() == theirs.tree()
    assert our_trips == 1 and sdk_trips > 20 * our_trips


@pytest.mark.parametrize(
    ("status", "reason", "funded", "expected"),
    [
        (1, 0, True, None),
        (1, 0, False, "No payment method (funding source)."),
        (2, 3, False, "Account is disabled (payment risk); no payment method (funding source)."),
        (101, 0, True, "Account is closed."),
        (9, 0, True, "Account is in grace period."),
        (1, 9, True, "Disabled for: unused account."),
        (55, 77, True, "Account is in status 55 (reason 77)."),
    ],
)
def test_why_an_account_cannot_deliver_in_words(status: int, reason: int, funded: bool, expected: str | None) -> None:
    from core.inventory import AdAccountInfo

    account = AdAccountInfo("act_1", "1", "A", status, reason, "USD", funded, "OWNER", (), None, ())
    assert account.cannot_deliver_reason == expected
    assert account.can_deliver is (expected is None)
