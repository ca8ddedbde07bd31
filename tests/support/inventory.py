"""A sandbox-backed client whose sandbox, client and retries share one fake clock (nothing really sleeps)."""

from __future__ import annotations

from datetime import UTC, datetime

from core.config import SANDBOX_BASE_URL
from core.graph import GraphClient, RetryPolicy
from core.sandbox import Faults, Sandbox, sandbox_session
from tests.support.clock import FakeClock

START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def sandbox_client(
    world: str = "demo",
    *,
    token: str = "demo-admin",
    faults: Faults | None = None,
    time: FakeClock | None = None,
    retry: RetryPolicy | None = None,
) -> tuple[GraphClient, Sandbox, FakeClock]:
    time = time or FakeClock(START)
    sandbox = Sandbox(world, clock=time, faults=faults)
    client = GraphClient(
        token,
        base_url=SANDBOX_BASE_URL,
        session=sandbox_session(sandbox),
        clock=time.monotonic,
        sleep=time.sleep,
        retry=retry or RetryPolicy(random=lambda: 0.5),
    )
    return client, sandbox, time
