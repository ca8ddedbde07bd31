"""Helpers for the inventory tests: a fake time that sandbox, client and retries share (nothing really sleeps),
and a sandbox-backed client."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from core.config import SANDBOX_BASE_URL
from core.graph import GraphClient, RetryPolicy
from core.sandbox import Faults, Sandbox, sandbox_session

START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@dataclass
class FakeTime:
    """Seconds since ``START``; ``sleep`` only moves the clock and records the wait."""

    seconds: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return START + timedelta(seconds=self.seconds)

    def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self.seconds += delay


def sandbox_client(
    world: str = "demo",
    *,
    token: str = "demo-admin",
    faults: Faults | None = None,
    time: FakeTime | None = None,
    retry: RetryPolicy | None = None,
) -> tuple[GraphClient, Sandbox, FakeTime]:
    time = time or FakeTime()
    sandbox = Sandbox(world, clock=time.now, faults=faults)
    client = GraphClient(
        token,
        base_url=SANDBOX_BASE_URL,
        session=sandbox_session(sandbox),
        clock=time.monotonic,
        sleep=time.sleep,
        retry=retry or RetryPolicy(random=lambda: 0.5),
    )
    return client, sandbox, time
