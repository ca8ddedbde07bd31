"""Faults on demand (docs/RULES.md, "The sandbox"): latency, transient failures, a per-ad-account call budget, token
expiry, lost answers.

All reproducible from a seed. The WSGI app calls :meth:`Faults.delay` once per HTTP request (latency is the
network: a batch pays it once), before taking the sandbox lock so latency never serialises requests, and
:meth:`Faults.before_call` inside it for every call and every batch item. The call budget itself is enforced by
:class:`core.sandbox.usage.UsageMeter` (80004 with usage headers).
"""

from __future__ import annotations

import os
import random
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from core.sandbox.errors import GraphError

ENV_PREFIX = "SANDBOX_"


@dataclass
class Faults:
    """- ``latency_ms``: added to every HTTP request (through ``sleep``, injectable so tests never sleep).
    - ``transient_rate``: share of calls failing with HTTP 500, code 1 or 2 and ``is_transient: true``.
    - ``account_call_budget``: score per ad account per hour (read 1, write 3) before 80004; None: unlimited.
    - ``token_expiry_after_calls``: after this many calls with one token it answers 190/463 as if expired.
    - ``lose_answers``: the next N writes that succeed are applied, then their answer is lost on the way back (the
      connection drops before a byte of it is sent), as when a network fails mid-call.
    """

    seed: int = 0
    latency_ms: int = 0
    transient_rate: float = 0.0
    account_call_budget: int | None = None
    token_expiry_after_calls: int | None = None
    lose_answers: int = 0
    sleep: Callable[[float], None] | None = None
    _rng: random.Random = field(init=False, repr=False)
    _token_calls: Counter[str] = field(init=False, repr=False, default_factory=Counter)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Faults | None:
        """``SANDBOX_SEED``, ``SANDBOX_LATENCY_MS``, ``SANDBOX_TRANSIENT_RATE``, ``SANDBOX_ACCOUNT_CALL_BUDGET``,
        ``SANDBOX_TOKEN_EXPIRY_AFTER_CALLS``, ``SANDBOX_LOSE_ANSWERS``; None when no fault is asked for."""
        env = os.environ if environ is None else environ

        def read(name: str, kind: Callable[[str], object]) -> object:
            value = overrides.get(name)
            if value is None and env.get(ENV_PREFIX + name.upper()):
                value = kind(env[ENV_PREFIX + name.upper()])
            return value

        values = {
            "latency_ms": read("latency_ms", int),
            "transient_rate": read("transient_rate", float),
            "account_call_budget": read("account_call_budget", int),
            "token_expiry_after_calls": read("token_expiry_after_calls", int),
            "lose_answers": read("lose_answers", int),
        }
        if not any(values.values()):
            return None
        given = {k: v for k, v in values.items() if v is not None}
        seed = read("seed", int) or 0
        return cls(seed=int(seed), sleep=overrides.get("sleep"), **given)  # type: ignore[arg-type]

    def delay(self) -> None:
        if self.latency_ms and self.sleep is not None:
            self.sleep(self.latency_ms / 1000)

    def before_call(self, token: str | None) -> None:
        """Run for every Graph call (batch items included); raises a GraphError to inject a failure."""
        with self._lock:
            if token and self.token_expiry_after_calls is not None:
                self._token_calls[token] += 1
            if not self.transient_rate or self._rng.random() >= self.transient_rate:
                return
            code = self._rng.choice((1, 2))
        message = (
            "An unknown error occurred"
            if code == 1
            else "An unexpected error has occurred. Please retry your request later."
        )
        raise GraphError(code, message, is_transient=True)

    def token_expired(self, token: str) -> bool:
        limit = self.token_expiry_after_calls
        return limit is not None and self._token_calls[token] > limit

    def answer_lost(self) -> bool:
        """Whether the answer of a write that just succeeded is lost (one of the next ``lose_answers``)."""
        with self._lock:
            if self.lose_answers <= 0:
                return False
            self.lose_answers -= 1
            return True


class AnswerLost(ConnectionResetError):
    """The sandbox applied a write and drops its answer: the client's connection closes without a response."""
