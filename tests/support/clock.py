"""The one fake clock of the test suite: time moves only when a test (or a ``sleep``) moves it.

It is three clocks in one, all on the same moment: ``clock()`` is the aware UTC ``datetime`` services take as
``clock=``, ``clock.monotonic()`` the seconds a ``GraphClient`` measures waits with, and ``clock.sleep(s)`` the
injectable sleep that only moves time forward and records the wait in ``sleeps``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

DEFAULT_START = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self.now = start
        self._origin = start
        self.sleeps: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        """Seconds on a monotonic scale that moves with :attr:`now`."""
        return 1000.0 + (self.now - self._origin).total_seconds()

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += timedelta(seconds=seconds)

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
