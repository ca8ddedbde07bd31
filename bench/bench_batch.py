"""Batch figures (docs/SANDBOX.md, "Wire contract"): a batch of 50 reads costs one request's latency plus its items'
server time.

Real loopback HTTP against ``python -m core.sandbox --latency-ms 50`` (a subprocess, the way a client meets it).
``batch.50_items_50ms.x_one_request`` is the median batch over the median plain GET (goal: close to 1), from
alternating runs; beside it each median with its min and max, and the baseline the batch replaces, 50 plain GETs
one after another. Every batch item must answer what the plain GET answers.
"""

from __future__ import annotations

import json
from typing import Any

import requests

from bench.harness import RUNS, alternate, figure, median, repeat, sandbox_server, seconds, spread

LATENCY_MS = 50
ITEMS = 50
ACCOUNT = "act_300000000000001"  # the demo world's main ad account
PARAMS = {"access_token": "demo-admin", "fields": "name,account_status"}
NAME = f"batch.{ITEMS}_items_{LATENCY_MS}ms"


def one_get(session: requests.Session, base_url: str) -> dict[str, Any]:
    response = session.get(f"{base_url}/v21.0/{ACCOUNT}", params=PARAMS, timeout=30)
    response.raise_for_status()
    return dict(response.json())


def one_batch(session: requests.Session, base_url: str) -> list[dict[str, Any]]:
    items = [{"method": "GET", "relative_url": f"{ACCOUNT}?fields={PARAMS['fields']}"}] * ITEMS
    response = session.post(
        f"{base_url}/v21.0/", data={"access_token": PARAMS["access_token"], "batch": json.dumps(items)}, timeout=30
    )
    answers = response.json()
    if response.status_code != 200 or [a["code"] for a in answers] != [200] * ITEMS:
        raise RuntimeError(f"the batch failed: {response.status_code} {response.text[:200]}")
    return [json.loads(a["body"]) for a in answers]


def one_by_one(session: requests.Session, base_url: str) -> list[dict[str, Any]]:
    return [one_get(session, base_url) for _ in range(ITEMS)]


def main() -> None:
    with sandbox_server("demo", LATENCY_MS) as base_url:
        session = requests.Session()
        one_get(session, base_url)  # warm up: the server's first request, imports
        one_batch(session, base_url)
        plain, batched = alternate(lambda: one_get(session, base_url), lambda: one_batch(session, base_url), RUNS)
        sequential = repeat(lambda: one_by_one(session, base_url), RUNS)
    expected = plain[0][0]
    assert all(answer == expected for run, _ in batched for answer in run), "a batch item answered otherwise"
    assert all(answer == expected for run, _ in sequential for answer in run)
    figure(f"{NAME}.x_one_request", median(seconds(batched)) / median(seconds(plain)), "x", 2)
    spread(f"batch.one_get_{LATENCY_MS}ms", [s * 1000 for s in seconds(plain)], "ms", 1)
    spread(NAME, [s * 1000 for s in seconds(batched)], "ms", 1)
    spread(f"{NAME}.baseline_{ITEMS}_gets_one_by_one", [s * 1000 for s in seconds(sequential)], "ms", 1)


if __name__ == "__main__":
    main()
