"""Audit entries: who did what to which asset, when, and whether it was done, refused or failed.

Successful changes are written in the same transaction as the change. A refusal or failure rolls the change
back, so :func:`audited` writes its entry afterwards in a transaction of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from core.binding.model import BindingError, Clock, StoreNotFound

if TYPE_CHECKING:
    from core.binding.uow import SqlAlchemyUnitOfWork

log = logging.getLogger(__name__)


class Result(StrEnum):
    OK = "ok"
    REFUSED = "refused"
    FAILED = "failed"
    STARTED = "started"  # sent to Facebook, outcome not written yet (a write that must not happen twice)


def audit_row(
    store_id: int,
    at: datetime,
    actor: str,
    action: str,
    result: Result = Result.OK,
    target_kind: str | None = None,
    target_id: str | None = None,
    detail: str = "",
) -> dict[str, Any]:
    return {
        "store_id": store_id,
        "at": at,
        "actor": actor,
        "action": action,
        "result": str(result),
        "target_kind": None if target_kind is None else str(target_kind),
        "target_id": target_id,
        "detail": detail[:4000],
    }


def describe_failure(exc: BaseException) -> str:
    """One line about an unexpected error, without the SQL parameters SQLAlchemy would append."""
    cause = getattr(exc, "orig", None) or exc
    first = (str(cause).splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}"[:500]


@contextmanager
def audited(
    uow: SqlAlchemyUnitOfWork,
    store_id: int,
    clock: Clock,
    actor: str,
    action: str,
    target_kind: str | None = None,
    target_id: str | None = None,
) -> Iterator[None]:
    """Wrap a use case: a refusal (``BindingError``) or failure goes to the audit log, then is re-raised."""
    try:
        yield
    except BindingError as exc:
        _write_outcome(
            uow, audit_row(store_id, clock(), actor, action, Result.REFUSED, target_kind, target_id, str(exc))
        )
        raise
    except Exception as exc:
        log.exception("%s failed for store %s", action, store_id)
        _write_outcome(
            uow,
            audit_row(store_id, clock(), actor, action, Result.FAILED, target_kind, target_id, describe_failure(exc)),
        )
        raise


def record(
    uow: SqlAlchemyUnitOfWork,
    store_id: int,
    clock: Clock,
    actor: str,
    action: str,
    result: Result = Result.OK,
    target_kind: str | None = None,
    target_id: str | None = None,
    detail: str = "",
) -> None:
    """Write one entry in a transaction of its own: the outcome of work done outside the database (a Graph
    write, or a refusal before it). Never raises: a failure to write is logged."""
    _write_outcome(uow, audit_row(store_id, clock(), actor, action, result, target_kind, target_id, detail))


def _write_outcome(uow: SqlAlchemyUnitOfWork, row: dict[str, Any]) -> None:
    try:
        with uow:
            if uow.stores.lock(row["store_id"]) is None:
                return  # no such store: nothing to attach the entry to
            uow.audit.add_many([row])
            uow.commit()
    except Exception:
        log.exception("could not write the audit entry for %s", row["action"])


def record_entries(uow: SqlAlchemyUnitOfWork, store_id: int, rows: list[dict[str, Any]]) -> int:
    """Write audit entries (built with :func:`audit_row`) for work done outside the database, such as changes
    made on Facebook, in a transaction of their own. Returns how many were written."""
    with uow:
        if uow.stores.lock(store_id) is None:
            raise StoreNotFound(f"Store {store_id} does not exist.")
        uow.audit.add_many(rows)
        uow.commit()
    return len(rows)
