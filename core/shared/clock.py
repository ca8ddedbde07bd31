"""The clock every use case takes as ``clock=``, so tests can stand anywhere in time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real clock (aware UTC)."""
    return datetime.now(UTC)
