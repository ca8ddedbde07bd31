"""Writing the audit log: who did what to which asset, when, and whether it was done, refused or failed.

Every use case writes its own entries. A change's entries go in the same transaction as the change. A refusal
or failure rolls the change back, so :func:`audited` writes its entry afterwards, in a transaction of its own;
so does :func:`record` for work done outside the database (a write on Facebook, or a refusal before it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.activity.model import Result
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph import AmbiguousWriteError, GraphError, RateLimitError, TransientError
from core.shared import Actor, Clock, DomainError, incident_reference, mark_recorded
from core.shared.i18n import _
from core.shared.inputs import visible

log = logging.getLogger(__name__)


def audit_row(
    store_id: int,
    at: datetime,
    actor: Actor,
    action: str,
    result: Result = Result.OK,
    target_kind: str | None = None,
    target_id: str | None = None,
    detail: str = "",
) -> dict[str, Any]:
    """One entry; text that came from someone's typing is stored with its control characters made visible (a NUL
    byte is refused by PostgreSQL) and cut to the column's length."""
    return {
        "store_id": store_id,
        "at": at,
        "actor": visible(actor.id[:320]),
        "actor_name": visible(actor.name[:200]),
        "action": action,
        "result": str(result),
        "target_kind": None if target_kind is None else str(target_kind),
        "target_id": None if target_id is None else visible(str(target_id)[:64]),
        "detail": visible(detail[:4000]),
    }


def describe_failure(exc: BaseException) -> str:
    """One line about an unexpected error, without the SQL parameters SQLAlchemy would append."""
    cause = getattr(exc, "orig", None) or exc
    first = (str(cause).splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}"[:500]


def graph_outcome(exc: GraphError) -> tuple[Result, str]:
    """How a Graph failure of a write reads in the log: refused (nothing changed), failed and not applied, or
    failed with its outcome unknown (it may have been applied)."""
    number = f"{exc.code}" + (f"/{exc.subcode}" if exc.subcode else "")
    code = _("code {code}").format(code=number) if exc.code is not None else _("no code")
    if isinstance(exc, AmbiguousWriteError) or (
        isinstance(exc, TransientError) and not exc.refused and not isinstance(exc, RateLimitError)
    ):
        return Result.FAILED, _("outcome unknown: {title} ({code})").format(title=exc.user_title, code=code)
    if isinstance(exc, TransientError | RateLimitError):
        return Result.FAILED, _("not applied: {title} ({code})").format(title=exc.user_title, code=code)
    return Result.REFUSED, _("Facebook refused: {title} ({code})").format(title=exc.user_title, code=code)


@dataclass
class Target:
    """What an audited use case acts on; it may name it more precisely once it knows (an ID once validated)."""

    kind: str | None = None
    id: str | None = None
    prefix: str = ""  # put before the detail of a refusal or failure, e.g. "Business Manager 123: "


@contextmanager
def audited(
    uow: SqlAlchemyUnitOfWork,
    store_id: int,
    clock: Clock,
    actor: Actor,
    action: str,
    target_kind: str | None = None,
    target_id: str | None = None,
    *,
    prefix: str = "",
) -> Iterator[Target]:
    """Wrap a use case: a refusal (``DomainError``), a Graph failure (refused, not applied, or outcome unknown) or
    any other failure goes to the audit log in a transaction of its own, then is re-raised. An unexpected failure
    gets its reference number (:func:`core.shared.incident_reference`), logged with its traceback."""
    target = Target(target_kind, target_id, prefix)

    def write(result: Result, detail: str) -> None:
        record(uow, store_id, clock, actor, action, result, target.kind, target.id, target.prefix + detail)

    try:
        yield target
    except DomainError as exc:
        write(Result.REFUSED, exc.user_message)
        raise
    except GraphError as exc:
        write(*graph_outcome(exc))
        raise
    except Exception as exc:
        reference = incident_reference(exc)
        log.exception("%s failed for store %s (reference %s)", action, store_id, reference)
        write(
            Result.FAILED,
            _("{failure} (reference {reference})").format(failure=describe_failure(exc), reference=reference),
        )
        mark_recorded(exc)
        raise


def record(
    uow: SqlAlchemyUnitOfWork,
    store_id: int,
    clock: Clock,
    actor: Actor,
    action: str,
    result: Result = Result.OK,
    target_kind: str | None = None,
    target_id: str | None = None,
    detail: str = "",
) -> None:
    """Write one entry in a transaction of its own. Never raises: a failure to write is logged."""
    row = audit_row(store_id, clock(), actor, action, result, target_kind, target_id, detail)
    try:
        record_entries(uow, store_id, [row])
    except Exception:
        log.exception("could not write the audit entry for %s", action)


def record_entries(uow: SqlAlchemyUnitOfWork, store_id: int, rows: Sequence[dict[str, Any]]) -> int:
    """Write entries built with :func:`audit_row` in a transaction of their own; returns how many (none when the
    store does not exist: there is no log to attach them to)."""
    if not rows:
        return 0
    with uow:
        if uow.stores.lock(store_id) is None:
            log.warning("no store %s to write %d audit entries to", store_id, len(rows))
            return 0
        uow.audit.add_many(rows)
        uow.commit()
    return len(rows)
