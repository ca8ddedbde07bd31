"""What the benchmarks share: a sandbox server to measure against, alternating runs, and the printed figures.

Every timed figure is the median of :data:`RUNS` runs (at least 5), printed with its min and max; ours and the
baseline run alternately (ours first, then the baseline first, and so on), so a warming cache or a busy neighbour
on the 2-core machine weighs on both alike. Lines are ``name: value unit``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

A = TypeVar("A")
B = TypeVar("B")


@contextmanager
def sandbox_server(world: str = "demo", latency_ms: int = 0) -> Iterator[str]:
    """``python -m core.sandbox --world WORLD --latency-ms N`` on a free port, the way a client meets it; yields its
    base URL. The latency is the network: paid once per HTTP request (docs/SANDBOX.md)."""
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


def timed(work: Callable[[], A]) -> tuple[A, float]:
    """What ``work`` returns and its wall time in seconds."""
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def repeat(work: Callable[[], A], runs: int = RUNS) -> list[tuple[A, float]]:
    """``runs`` timed runs of ``work``."""
    return [timed(work) for _ in range(runs)]


def alternate(
    ours: Callable[[], A], baseline: Callable[[], B], runs: int = RUNS
) -> tuple[list[tuple[A, float]], list[tuple[B, float]]]:
    """``runs`` timed runs of each, alternating which goes first."""
    mine: list[tuple[A, float]] = []
    theirs: list[tuple[B, float]] = []
    for run in range(runs):
        if run % 2 == 0:
            mine.append(timed(ours))
            theirs.append(timed(baseline))
        else:
            theirs.append(timed(baseline))
            mine.append(timed(ours))
    return mine, theirs


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def figure(name: str, value: float, unit: str, digits: int = 3) -> None:
    print(f"{name}: {value:.{digits}f} {unit}", flush=True)


def spread(name: str, values: Sequence[float], unit: str = "s", digits: int = 3) -> None:
    """The median of ``values`` as ``name``, then its min and max (``name.min``, ``name.max``)."""
    figure(name, median(values), unit, digits)
    figure(f"{name}.min", min(values), unit, digits)
    figure(f"{name}.max", max(values), unit, digits)


def seconds(runs: Sequence[tuple[Any, float]]) -> list[float]:
    return [elapsed for _, elapsed in runs]


# What would put the app in live mode or elsewhere: unset for an app in sandbox mode with its own data folder.
APP_SETTINGS = (
    "FB_APP_ID",
    "FB_APP_SECRET",
    "FB_REDIRECT_URI",
    "DATABASE_URL",
    "SMART_ADS_SECRET_KEY",
    "GRAPH_BASE_URL",
    "SMART_ADS_SANDBOX_WORLD",
)


@contextmanager
def sandbox_app(**settings: str) -> Iterator[None]:
    """The app (as AppTest runs it) in sandbox mode with a data folder of its own and ``settings`` (environment
    names, e.g. ``GRAPH_BASE_URL``); Streamlit's caches are cleared on the way in and out, the environment put back."""
    import streamlit as st

    names = (*APP_SETTINGS, "SMART_ADS_DATA_DIR", *settings)
    saved = {k: os.environ.get(k) for k in names}
    with tempfile.TemporaryDirectory(prefix="bench-app-") as folder:
        for name in APP_SETTINGS:
            os.environ.pop(name, None)
        os.environ.update({"SMART_ADS_DATA_DIR": folder, **settings})
        st.cache_resource.clear()
        st.cache_data.clear()
        try:
            yield
        finally:
            st.cache_resource.clear()
            st.cache_data.clear()
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
