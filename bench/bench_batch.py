"""Batch figures (docs/RULES.md, "The sandbox"): a batch of 50 reads costs one request's latency plus its items' server
time.

Real loopback HTTP against ``python -m core.sandbox --latency-ms 50`` (a subprocess, the way a client meets it).
The figure is the median of RUNS alternating runs of one plain GET and one batch of 50 GETs, as a ratio (target:
below 3); beside it each median with its min and max, and the baseline the batch replaces, 50 plain GETs one after
another, measured once in the same run. Figures are printed, not asserted.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
LATENCY_MS = 50
ITEMS = 50
RUNS = 7
ACCOUNT = "act_300000000000001"  # the demo world's main ad account
PARAMS = {"access_token": "demo-admin", "fields": "name,account_status"}
NAME = f"batch.{ITEMS}_items_{LATENCY_MS}ms"


@contextmanager
def sandbox_server(latency_ms: int) -> Iterator[str]:
    """``python -m core.sandbox --latency-ms N`` on a free port; yields its base URL."""
    command = [sys.executable, "-m", "core.sandbox", "--port", "0", "--latency-ms", str(latency_ms)]
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


def one_get(session: requests.Session, base_url: str) -> float:
    started = time.perf_counter()
    response = session.get(f"{base_url}/v21.0/{ACCOUNT}", params=PARAMS, timeout=30)
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed


def one_batch(session: requests.Session, base_url: str) -> float:
    items = [{"method": "GET", "relative_url": f"{ACCOUNT}?fields={PARAMS['fields']}"}] * ITEMS
    started = time.perf_counter()
    response = session.post(
        f"{base_url}/v21.0/", data={"access_token": PARAMS["access_token"], "batch": json.dumps(items)}, timeout=30
    )
    elapsed = time.perf_counter() - started
    answers = response.json()
    if response.status_code != 200 or [a["code"] for a in answers] != [200] * ITEMS:
        raise RuntimeError(f"the batch failed: {response.status_code} {response.text[:200]}")
    return elapsed


def line(name: str, value: float, unit: str, digits: int = 1) -> None:
    print(f"{name}: {value:.{digits}f} {unit}", flush=True)


def spread(name: str, seconds: list[float]) -> None:
    line(name, statistics.median(seconds) * 1000, "ms")
    line(f"{name}.min", min(seconds) * 1000, "ms")
    line(f"{name}.max", max(seconds) * 1000, "ms")


def main() -> None:
    with sandbox_server(LATENCY_MS) as base_url:
        session = requests.Session()
        one_get(session, base_url)  # warm up: the server's first request, imports
        one_batch(session, base_url)
        plain, batched = [], []
        for _ in range(RUNS):
            plain.append(one_get(session, base_url))
            batched.append(one_batch(session, base_url))
        sequential = sum(one_get(session, base_url) for _ in range(ITEMS))
    line(f"{NAME}.x_one_request", statistics.median(batched) / statistics.median(plain), "x", 2)
    spread(f"batch.one_get_{LATENCY_MS}ms", plain)
    spread(NAME, batched)
    line(f"{NAME}.baseline_{ITEMS}_gets_one_by_one", sequential * 1000, "ms")


if __name__ == "__main__":
    main()
