"""Inventory figures for the large world (README, "Operations and benchmarks"): our load beside the official SDK
used the ordinary way.

Both sides talk real HTTP to the same sandbox server (a ``python -m core.sandbox --world large`` subprocess, one
per latency), ask for the same fields, and must build the same tree (asserted). The baseline is the unmodified
``facebook_business`` SDK, pointed at the sandbox through its session's ``GRAPH`` (here only): ``me``, then
``me.get_businesses()``; for each BM its ``get_owned_ad_accounts``, ``get_client_ad_accounts``,
``get_owned_pages``, ``get_client_pages``, ``get_owned_pixels`` cursors at the SDK's default page size; for each
ad account its ``get_ads_pixels``; the person's own ad accounts and Pages. Ours is :func:`load_inventory` with a
plain ``requests.Session``.

Figures: round trips (HTTP requests the client sent), wall time at 0 ms and at 50 ms added latency per request
(the sandbox's ``--latency-ms`` fault, a real sleep in the server), and peak Python memory (tracemalloc, in a
separate 0 ms run so tracing never slows the timed runs). The 50 ms baseline makes ~2,700 calls: about 2.5 min.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import requests
from facebook_business.adobjects.adaccount import AdAccount
from facebook_business.adobjects.adspixel import AdsPixel
from facebook_business.adobjects.business import Business
from facebook_business.adobjects.user import User
from facebook_business.api import FacebookAdsApi

from core.config import DEFAULT_GRAPH_VERSION
from core.graph import GraphClient
from core.inventory import Inventory, assemble_inventory, load_inventory
from core.inventory.load import (
    DEFAULT_PAGE_SIZES,
    DOMAIN_FIELDS,
    PAGE_FIELDS,
    PERSON_PAGE_FIELDS,
    PIXEL_FIELDS,
    account_fields,
)

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "demo-admin"
LATENCIES_MS = (0, 50)
BUSINESS_FIELDS = ["id", "name", "verification_status"]


@dataclass
class Run:
    inventory: Inventory
    round_trips: int
    seconds: float
    peak_bytes: int | None = None


# ---- the sandbox server --------------------------------------------------------------------------------------
@contextmanager
def sandbox_server(latency_ms: int, world: str = "large") -> Iterator[str]:
    """``python -m core.sandbox --world large`` on a free port; yields its base URL."""
    command = [sys.executable, "-m", "core.sandbox", "--world", world, "--port", "0", "--seed", "0"]
    if latency_ms:
        command += ["--latency-ms", str(latency_ms)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = process.stdout.readline() if process.stdout else ""
        if "http://" not in line:
            raise RuntimeError(f"the sandbox server did not start: {line!r}")
        yield line.strip().rsplit(" ", 1)[-1]
    finally:
        process.terminate()
        process.wait(timeout=10)


def counting(session: requests.Session) -> list[int]:
    """Count every HTTP response the session gets (one per round trip)."""
    counter = [0]

    def hook(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        counter[0] += 1

    session.hooks["response"].append(hook)
    return counter


# ---- ours ----------------------------------------------------------------------------------------------------
def ours(base_url: str) -> tuple[Inventory, int]:
    session = requests.Session()
    sent = counting(session)
    client = GraphClient(TOKEN, base_url=base_url, version=DEFAULT_GRAPH_VERSION, session=session)
    inventory = load_inventory(client)
    assert inventory.round_trips == sent[0] == client.request_count
    return inventory, sent[0]


# ---- the SDK, used the ordinary way ----------------------------------------------------------------------------
def _names(fields: Any) -> list[str]:
    return [str(f) for f in fields if not str(f).startswith("adspixels")]  # pixels come from get_ads_pixels


def sdk_baseline(base_url: str) -> tuple[Inventory, int]:
    previous = FacebookAdsApi.get_default_api()
    api = FacebookAdsApi.init(access_token=TOKEN, api_version=DEFAULT_GRAPH_VERSION, crash_log=False)
    api._session.GRAPH = base_url  # the SDK's base URL, pointed at the sandbox (bench only)
    try:
        return _sdk_inventory(counting(api._session.requests))
    finally:
        FacebookAdsApi.set_default_api(previous)


def _sdk_inventory(sent: list[int]) -> tuple[Inventory, int]:
    bm_account_fields = _names(account_fields(DEFAULT_PAGE_SIZES, personal=False))
    personal_fields = _names(account_fields(DEFAULT_PAGE_SIZES, personal=True))
    page_fields = _names(PAGE_FIELDS)
    pixel_fields = _names(PIXEL_FIELDS)

    me = User(fbid="me").api_get(fields=["id", "name"]).export_all_data()
    person = str(me["id"])
    businesses = [b.export_all_data() for b in User(fbid="me").get_businesses(fields=BUSINESS_FIELDS)]
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
    edges[(person, "accounts")] = _all(User(fbid="me").get_accounts, _names(PERSON_PAGE_FIELDS))
    pixels_of: dict[str, dict[str, Any]] = {}
    for key, items in edges.items():
        if key[1] not in ("owned_ad_accounts", "client_ad_accounts", "adaccounts"):
            continue
        for account in items:
            if account["id"] not in pixels_of:
                pixels_of[account["id"]] = {"data": _all(AdAccount(account["id"]).get_ads_pixels, ["id"])}
            account["adspixels"] = pixels_of[account["id"]]

    def read_pixels(ids: list[str]) -> dict[str, Any]:
        return {pid: AdsPixel(pid).api_get(fields=pixel_fields).export_all_data() for pid in ids}

    inventory = assemble_inventory(me, businesses, edges, read_pixels=read_pixels)
    return replace(inventory, round_trips=sent[0]), sent[0]


def _owned_domains(business_id: str) -> list[dict[str, Any]]:
    """The SDK has no method for a business's ``owned_domains``: its generic call, one page (a BM has few)."""
    answer = FacebookAdsApi.get_default_api().call(
        "GET", (business_id, "owned_domains"), params={"fields": ",".join(DOMAIN_FIELDS), "limit": 500}
    )
    return list(answer.json().get("data") or [])


def _all(edge: Callable[..., Any], fields: list[str]) -> list[dict[str, Any]]:
    return [item.export_all_data() for item in edge(fields=fields)]


# ---- measuring -----------------------------------------------------------------------------------------------
def timed(load: Callable[[str], tuple[Inventory, int]], base_url: str) -> Run:
    started = time.perf_counter()
    inventory, round_trips = load(base_url)
    return Run(inventory, round_trips, time.perf_counter() - started)


def traced(load: Callable[[str], tuple[Inventory, int]], base_url: str) -> int:
    tracemalloc.start()
    try:
        load(base_url)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def line(name: str, value: float, unit: str, digits: int = 3) -> None:
    print(f"inventory.{name}: {value:.{digits}f} {unit}", flush=True)


def main() -> None:
    # The SDK warns about fields its generated tables do not list (nested business{id}, a Page's tasks) and sends them.
    warnings.filterwarnings("ignore", category=UserWarning, module="facebook_business")
    runs: dict[int, tuple[Run, Run]] = {}
    peaks: tuple[int, int] = (0, 0)
    for latency in LATENCIES_MS:
        with sandbox_server(latency) as base_url:
            ours_run, sdk_run = timed(ours, base_url), timed(sdk_baseline, base_url)
            assert ours_run.inventory.tree() == sdk_run.inventory.tree(), "both sides must read the same tree"
            assert ours_run.inventory.complete and len(ours_run.inventory.ad_accounts()) == 2000
            runs[latency] = (ours_run, sdk_run)
            if latency == 0:
                peaks = (traced(ours, base_url), traced(sdk_baseline, base_url))
    first_ours, first_sdk = runs[LATENCIES_MS[0]]
    line("large.round_trips", first_ours.round_trips, "requests", 0)
    line("large.round_trips.baseline_sdk", first_sdk.round_trips, "requests", 0)
    for latency, (ours_run, sdk_run) in runs.items():
        line(f"large.wall_{latency}ms", ours_run.seconds, "s")
        line(f"large.wall_{latency}ms.baseline_sdk", sdk_run.seconds, "s")
    line("large.peak_memory", peaks[0] / 2**20, "MiB", 1)
    line("large.peak_memory.baseline_sdk", peaks[1] / 2**20, "MiB", 1)
    line("large.round_trips.ratio_ours_to_sdk", first_ours.round_trips / first_sdk.round_trips, "x", 4)
    for latency, (ours_run, sdk_run) in runs.items():
        line(f"large.wall_{latency}ms.ratio_ours_to_sdk", ours_run.seconds / sdk_run.seconds, "x", 4)
    line("large.peak_memory.ratio_ours_to_sdk", peaks[0] / peaks[1], "x", 3)


if __name__ == "__main__":
    main()
