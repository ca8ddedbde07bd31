"""What every hostile-input case needs: a store, the sandbox playing Facebook (with its write count), and a
snapshot of the database to prove nothing changed. (No tests here.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, MetaData, select

from core.config import SANDBOX_BASE_URL
from core.graph import GraphClient
from core.sandbox import Sandbox, sandbox_session
from core.shared import Actor, DomainError

ANN = Actor("a@example.com", "Ann Example")  # the owner of the `store_id` fixture's store
NOT_COMPARED = frozenset({"audit_log", "alembic_version"})  # refusals are recorded; nothing else may change


@dataclass
class World:
    store_id: int
    uow: Any
    clock: Callable[[], Any]
    sandbox: Sandbox
    client: GraphClient

    def kw(self) -> dict[str, Any]:
        return {"actor": ANN, "clock": self.clock, "client": self.client}

    def local(self) -> dict[str, Any]:
        """For use cases that never call Facebook."""
        return {"actor": ANN, "clock": self.clock}


def world(store_id: int, uow: Any, clock: Callable[[], Any]) -> World:
    sandbox = Sandbox("demo", clock=clock)
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=sandbox_session(sandbox), sleep=lambda s: 0)
    return World(store_id, uow, clock, sandbox, client)


def snapshot(engine: Engine) -> dict[str, list[str]]:
    """Every row of every table the app keeps (the audit log aside), in a comparable form."""
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as conn:
        return {
            t.name: sorted(repr(tuple(row)) for row in conn.execute(select(t)))
            for t in tables.sorted_tables
            if t.name not in NOT_COMPARED
        }


def refused_message(call: Callable[[], Any]) -> str:
    """Run a use case that must refuse; its message (a review's refusals together)."""
    try:
        outcome = call()
    except DomainError as exc:
        return exc.user_message
    refusals = getattr(outcome, "refusals", None)
    if refusals:
        return " ".join(r.message for r in refusals)
    raise AssertionError(f"accepted: {outcome!r}")
