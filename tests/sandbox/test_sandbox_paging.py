"""Paging lists an edge once per traversal: later pages find the listing again and cost their own size, not the
edge's (the large world: 100,000 ads, 2,000 ad accounts). Walked with the official SDK over HTTP and with
``requests``; a listing that must not be scanned proves no page walks the whole edge."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from facebook_business.adobjects.user import User
from facebook_business.api import FacebookAdsApi

from core.config import SANDBOX_BASE_URL
from core.sandbox import DEMO_AD_ACCOUNT_ACTIVE, Sandbox, sandbox_session, serve_in_thread
from core.sandbox.graph_fields import EdgeSpec, encode_cursor
from core.sandbox.handlers_read import LISTED_BY_DEFAULT
from core.sandbox.nodes import NODE_TYPES
from tests.support.sandbox import FIXED_NOW, FakeClock, Graph

ACT = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"


class Unscannable(tuple):
    """An edge's items that may be counted and sliced but not walked from end to end."""

    def __iter__(self) -> Iterator[Any]:
        raise AssertionError("a page walked the whole edge")


@pytest.fixture(scope="module")
def large() -> Sandbox:
    return Sandbox("large", clock=FakeClock(FIXED_NOW))


def count_listings(monkeypatch: pytest.MonkeyPatch, kind: str, edge: str, wrap: Any = list) -> list[int]:
    """Make ``kind.edge`` count how often it lists its items (and hand them out wrapped)."""
    spec = NODE_TYPES[kind].edges[edge]
    calls: list[int] = []

    def listing(ctx: Any, parent: Any) -> Any:
        calls.append(1)
        return wrap(spec.items(ctx, parent))

    counted = EdgeSpec(spec.target, listing, spec.relation, spec.default_fields)
    monkeypatch.setitem(NODE_TYPES[kind].edges, edge, counted)  # type: ignore[arg-type]
    return calls


def test_sdk_walks_two_thousand_ad_accounts_listing_the_edge_once(large, monkeypatch) -> None:
    calls = count_listings(monkeypatch, "User", "adaccounts")
    base_url, stop = serve_in_thread(large)
    previous = FacebookAdsApi.get_default_api()
    api = FacebookAdsApi.init(access_token="demo-admin", api_version="v21.0")
    api._session.GRAPH = base_url  # the SDK's base URL, pointed at the sandbox for this test only
    try:
        cursor = User(fbid="me").get_ad_accounts(fields=["id"], params={"limit": 100})
        ids = [a["id"] for a in cursor]
    finally:
        FacebookAdsApi.set_default_api(previous)
        stop()
    assert len(ids) == len(set(ids)) == cursor.total() == 2000
    assert len(calls) == 1  # twenty pages, one listing


def test_a_deep_page_of_a_hundred_thousand_ads_never_walks_the_edge(monkeypatch) -> None:
    sandbox = Sandbox("large", clock=FakeClock(FIXED_NOW))
    big = next(iter(sandbox.world.ad_accounts))
    for ad in sandbox.world.ads.values():
        ad.account_id = big
    sandbox.world.index_ads()
    calls = count_listings(monkeypatch, "AdAccount", "ads", wrap=Unscannable)
    graph = Graph(sandbox_session(sandbox), SANDBOX_BASE_URL, sandbox)
    first = graph.get(f"act_{big}/ads", limit=25, summary="true").json()
    total = first["summary"]["total_count"]
    assert total > 70_000 and len(calls) == 1
    listed = sandbox.world.cache[("ad_objects", "ads", big, LISTED_BY_DEFAULT)]
    assert isinstance(listed, list) and len(listed) == total
    after, start = encode_cursor(listed[70_000].id, 70_000), 70_001
    for _ in range(5):
        page = graph.get(f"act_{big}/ads", limit=25, after=after).json()
        assert [ad["id"] for ad in page["data"]] == [ad.id for ad in listed[start : start + 25]]
        after, start = page["paging"]["cursors"]["after"], start + 25
    assert len(calls) == 1


def test_a_write_between_pages_lists_afresh(sbx_graph: Graph, monkeypatch) -> None:
    calls = count_listings(monkeypatch, "AdAccount", "users")
    first = sbx_graph.get(f"{ACT}/users", limit=2).json()
    sbx_graph.get(f"{ACT}/users", limit=2, after=first["paging"]["cursors"]["after"])
    assert len(calls) == 1
    sbx_graph.post(ACT, name="Renamed between pages")
    sbx_graph.get(f"{ACT}/users", limit=2, after=first["paging"]["cursors"]["after"])
    assert len(calls) == 2
