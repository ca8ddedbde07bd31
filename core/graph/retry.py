"""When to try a failed Graph call again, and how long to wait first.

Throttles and transient errors are retried with exponential back-off and jitter, waiting at least what Graph
asks for (``Retry-After``, ``estimated_time_to_regain_access``). A write is retried only when Graph guarantees
it was refused (throttled, or the connection never opened); any other failure of a write leaves its outcome
unknown and is reported, never retried.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from core.graph.errors import AmbiguousWriteError, GraphError, RateLimitError, TransientError


@dataclass(frozen=True)
class RetryPolicy:
    """``max_attempts`` counts the first try. ``max_total_wait`` bounds the time one call may spend, waits
    included: when the next wait would go past it, the call gives up with the typed error."""

    max_attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_total_wait: float = 120.0
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def backoff(self, attempt: int) -> float:
        """Wait after failed attempt ``attempt`` (1-based): half the capped exponential step plus jitter."""
        step = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return step / 2 + self.random() * step / 2

    def delay(self, error: GraphError, attempt: int) -> float:
        """Never shorter than what Graph asked for."""
        return max(error.retry_after or 0.0, self.backoff(attempt))


DEFAULT_RETRY = RetryPolicy()
NO_RETRY = RetryPolicy(max_attempts=1)


def is_retryable(error: GraphError, idempotent: bool) -> bool:
    """A throttle or transient failure, on a call that is safe to repeat (or that Graph refused outright)."""
    if isinstance(error, AmbiguousWriteError):
        return False
    if not (isinstance(error, RateLimitError | TransientError) or error.is_transient):
        return False
    return idempotent or error.refused


def is_ambiguous(error: GraphError, idempotent: bool) -> bool:
    """A write that failed in a way that may have been applied (timeout after sending, 5xx, transient)."""
    if idempotent or error.refused or isinstance(error, AmbiguousWriteError):
        return False
    return isinstance(error, TransientError) or error.is_transient


class Backoff:
    """The retry state of one call: attempts made and time spent, against the policy's bounds."""

    def __init__(self, policy: RetryPolicy, clock: Callable[[], float]) -> None:
        self.policy = policy
        self.clock = clock
        self.started = clock()
        self.attempt = 1

    def next_delay(self, error: GraphError) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` to give up."""
        if self.attempt >= self.policy.max_attempts:
            return None
        delay = self.policy.delay(error, self.attempt)
        if self.clock() - self.started + delay > self.policy.max_total_wait:
            return None
        self.attempt += 1
        return delay
