"""The Activity log's one use case of its own: an unexpected failure a page met outside any use case."""

from __future__ import annotations

import logging

from core.activity.audit import record
from core.activity.model import Result
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor, Clock, DomainError, system_clock
from core.shared.i18n import _
from core.stores.access import check
from core.stores.model import Permission

log = logging.getLogger(__name__)

SHOW_PAGE = "show_page"  # the action of a page that failed while drawing, before anything was asked of it


def report_failure(
    store_id: int,
    action: str,
    where: str,
    reference: str,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
) -> bool:
    """Record that ``action`` (on the page ``where``) failed unexpectedly, with the reference number the page
    showed; only for a member of the store. True when recorded; never raises (the page is already failing)."""
    try:
        check(store_id, actor, Permission.VIEW, uow)
    except DomainError:
        return False
    except Exception:
        log.exception("could not check %s's membership to record failure %s", actor.id, reference)
        return False
    record(uow, store_id, clock, actor, action[:40], Result.FAILED, None, None,
           _("{where}: unexpected error (reference {reference})").format(where=where, reference=reference))  # fmt: skip
    return True
