"""Inventory figures for the large world (README, "Operations and benchmarks"): our load beside the best idiomatic
use of the official SDK.

Both sides talk real HTTP to the same sandbox server (``python -m core.sandbox --world large``, one per latency),
ask for the same fields, and must build the same tree: asserted on every run. Ours is :func:`load_inventory`
with a plain ``requests.Session``. The baseline, ``sdk_best``, is the unmodified ``facebook_business`` SDK (its
session's ``GRAPH`` pointed at the sandbox, here only) used as a competent SDK user would: ``me``, then
``me.get_businesses()``; for each BM its ``get_owned_ad_accounts``, ``get_client_ad_accounts``,
``get_owned_pages``, ``get_client_pages``, ``get_owned_pixels`` and ``owned_domains`` (the SDK has no method for
it: its generic call); the person's own ad accounts and Pages. Every edge asks for Graph's largest page (``limit``
5,000) with the nested fields, an ad account's pixels included (``adspixels{id}``); a pixel that no BM of the
person owns is read by id.

Figures: round trips (HTTP requests the client sent) and wall time at 0 and 50 ms added latency per request
(the sandbox's ``--latency-ms``, a real sleep in the server), each the median of alternating runs.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import requests
from facebook_business.adobjects.adspixel import AdsPixel
from facebook_business.adobjects.business import Business
from facebook_business.adobjects.user import User
from facebook_business.api import FacebookAdsApi

from bench.harness import RUNS, alternate, figure, median, sandbox_server, seconds, spread
from core.config import DEFAULT_GRAPH_VERSION
from core.graph import GraphClient
from core.graph.facebook import MAX_PAGE_SIZE
from core.inventory import DEFAULT_PAGE_SIZES, Inventory, assemble_inventory, load_inventory
from core.inventory.load import DOMAIN_FIELDS, PAGE_FIELDS, PERSON_PAGE_FIELDS, PIXEL_FIELDS, account_fields

TOKEN = "demo-admin"
LATENCIES_MS = (0, 50)
BUSINESS_FIELDS = ["id", "name", "verification_status"]
ASSETS = 2000  # ad accounts in the large world

Load = tuple[Inventory, int]


def counting(session: requests.Session) -> list[int]:
    """Count every HTTP response the session gets (one per round trip)."""
    counter = [0]

    def hook(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        counter[0] += 1

    session.hooks["response"].append(hook)
    return counter


# ---- ours ----------------------------------------------------------------------------------------------------
def ours(base_url: str) -> Load:
    session = requests.Session()
    sent = counting(session)
    client = GraphClient(TOKEN, base_url=base_url, version=DEFAULT_GRAPH_VERSION, session=session)
    inventory = load_inventory(client)
    assert inventory.round_trips == sent[0] == client.request_count
    return inventory, sent[0]


# ---- the SDK, at its best ------------------------------------------------------------------------------------
def sdk_best(base_url: str) -> Load:
    previous = FacebookAdsApi.get_default_api()
    api = FacebookAdsApi.init(access_token=TOKEN, api_version=DEFAULT_GRAPH_VERSION, crash_log=False)
    api._session.GRAPH = base_url  # the SDK's base URL, pointed at the sandbox (bench only)
    try:
        return _sdk_inventory(counting(api._session.requests))
    finally:
        FacebookAdsApi.set_default_api(previous)


def _sdk_inventory(sent: list[int]) -> Load:
    page = {"limit": MAX_PAGE_SIZE}
    bm_account_fields = [str(f) for f in account_fields(DEFAULT_PAGE_SIZES, personal=False)]
    personal_fields = [str(f) for f in account_fields(DEFAULT_PAGE_SIZES, personal=True)]
    page_fields = [str(f) for f in PAGE_FIELDS]
    pixel_fields = [str(f) for f in PIXEL_FIELDS]

    me = User(fbid="me").api_get(fields=["id", "name"]).export_all_data()
    person = str(me["id"])
    businesses = [b.export_all_data() for b in User(fbid="me").get_businesses(fields=BUSINESS_FIELDS, params=page)]
    edges: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for business in businesses:
        bm = Business(business["id"])
        edges[(bm["id"], "owned_ad_accounts")] = _all(bm.get_owned_ad_accounts, bm_account_fields)
        edges[(bm["id"], "client_ad_accounts")] = _all(bm.get_client_ad_accounts, bm_account_fields)
        edges[(bm["id"], "owned_pages")] = _all(bm.get_owned_pages, page_fields)
        edges[(bm["id"], "client_pages")] = _all(bm.get_client_pages, page_fields)
        edges[(bm["id"], "owned_pixels")] = _all(bm.get_owned_pixels, pixel_fields)
        edges[(bm["id"], "owned_domains")] = _owned_domains(bm["id"])
    edges[(person, "adaccounts")] = _all(User(fbid="me").get_ad_accounts, personal_fields)
    edges[(person, "accounts")] = _all(User(fbid="me").get_accounts, [str(f) for f in PERSON_PAGE_FIELDS])

    def read_pixels(ids: list[str]) -> dict[str, Any]:
        return {pid: AdsPixel(pid).api_get(fields=pixel_fields).export_all_data() for pid in ids}

    inventory = assemble_inventory(me, businesses, edges, read_pixels=read_pixels)
    return replace(inventory, round_trips=sent[0]), sent[0]


def _owned_domains(business_id: str) -> list[dict[str, Any]]:
    answer = FacebookAdsApi.get_default_api().call(
        "GET", (business_id, "owned_domains"), params={"fields": ",".join(DOMAIN_FIELDS), "limit": MAX_PAGE_SIZE}
    )
    return list(answer.json().get("data") or [])


def _all(edge: Callable[..., Any], fields: list[str]) -> list[dict[str, Any]]:
    """Every item of an SDK edge cursor (it follows ``paging.next`` itself), at Graph's largest page."""
    return [item.export_all_data() for item in edge(fields=fields, params={"limit": MAX_PAGE_SIZE})]


# ---- measuring -----------------------------------------------------------------------------------------------
def same_tree(mine: list[tuple[Load, float]], theirs: list[tuple[Load, float]]) -> None:
    expected = mine[0][0][0].tree()
    for (inventory, _), _elapsed in [*mine, *theirs]:
        assert inventory.tree() == expected, "ours and the SDK's best must read the same tree"
    assert mine[0][0][0].complete and len(mine[0][0][0].ad_accounts()) == ASSETS


def main() -> None:
    # The SDK warns about fields its generated tables do not list (nested business{id}, a Page's tasks) and sends them.
    warnings.filterwarnings("ignore", category=UserWarning, module="facebook_business")
    trips: tuple[int, int] = (0, 0)
    for latency in LATENCIES_MS:
        with sandbox_server("large", latency) as base_url:
            ours(base_url)  # warm up: the server's first request, imports, the SDK's tables
            sdk_best(base_url)
            mine, theirs = alternate(lambda u=base_url: ours(u), lambda u=base_url: sdk_best(u), RUNS)
        same_tree(mine, theirs)
        trips = (mine[0][0][1], theirs[0][0][1])
        assert all(run[0][1] == trips[0] for run in mine) and all(run[0][1] == trips[1] for run in theirs)
        spread(f"inventory.wall_{latency}ms.ours", seconds(mine))
        spread(f"inventory.wall_{latency}ms.sdk_best", seconds(theirs))
        figure(f"inventory.wall_{latency}ms.ratio", median(seconds(mine)) / median(seconds(theirs)), "x", 3)
    figure("inventory.round_trips.ours", trips[0], "requests", 0)
    figure("inventory.round_trips.sdk_best", trips[1], "requests", 0)
    figure("inventory.round_trips.ratio", trips[0] / trips[1], "x", 3)


if __name__ == "__main__":
    main()
