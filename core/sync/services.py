"""The use case of the background sync: :func:`sync_store`, one code path for every caller (a worker's job, the
schedule, ``python -m core.sync --once``, a person's "Sync now").

A store is synced by one holder at a time (a lease in the database, taken over by the same holder when its job
is retried). A scheduled run is unique per store and period: a second job for the same period finds it done and
does nothing; a job retried after its worker died finds it running and goes on with the parts not done yet, so
no snapshot is written twice.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.alerts import Notifier, raise_alerts
from core.db.models import AccountSnapshot, AdVolumeSnapshot
from core.db.sync_repositories import SyncRepository
from core.db.sync_tables import SyncRun
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph import AuthenticationError, GraphClient, GraphError
from core.shared import SYSTEM, Actor, Clock, DomainError, system_clock
from core.shared.i18n import N_, _
from core.stores.model import StoreNotFound
from core.sync import parts as read
from core.sync.model import LEASE_TTL, PARTS_IN_ORDER, Outcome, PartResult, PartStatus, SyncPart, Trigger, outcome_of

log = logging.getLogger(__name__)
NO_CONNECTION = N_("No Facebook account is connected to this store: connect one on the Connect page.")


class StoreBusy(DomainError):
    """Another holder is syncing the store right now."""


@dataclass(frozen=True)
class SyncReport:
    store_id: int
    run_id: int | None
    outcome: Outcome
    parts: dict[str, PartResult] = field(default_factory=dict)
    already_done: bool = False  # the period was synced already: nothing was read
    graph_requests: int = 0


def new_holder() -> str:
    return f"process:{uuid.uuid4().hex[:16]}"


def sync_store(
    store_id: int,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor = SYSTEM,
    clock: Clock = system_clock,
    client: GraphClient | None,
    token: str | None = None,
    app_token: str | None = None,
    period: str | None = None,
    holder: str | None = None,
    worker: str = "",
    notifier: Notifier | None = None,
) -> SyncReport:
    """Sync one store: token health, ad volume and limits, account health, pending claims, then its alerts.

    ``client``/``token``: the store's Facebook connection (None: nothing is read from Facebook, alerts still
    run). ``period``: the schedule's tick for a scheduled run (None: on demand). ``holder``: who holds the
    store's lease (a job retried keeps its holder). Raises :class:`StoreBusy` when another holder syncs it."""
    del actor  # the background sync reads and keeps history; it changes nothing anyone audits
    holder = holder or new_holder()
    run = _start(store_id, uow, clock, period, holder, worker)
    if run is None:
        return SyncReport(store_id, None, Outcome.OK, already_done=True)
    done = {name: PartResult.from_json(data) for name, data in (run.parts or {}).items()}
    requests_before = client.request_count if client else 0
    try:
        for part in PARTS_IN_ORDER:
            if str(part) in done:
                continue
            result = _run_part(part, store_id, uow, clock, client, token, app_token, notifier, run, done)
            done[str(part)] = result
            _save_part(store_id, uow, run.id, part, result, holder, clock)
        graph_requests = (client.request_count - requests_before) if client else 0
        outcome = outcome_of({k: v for k, v in done.items() if k != SyncPart.ALERTS})
        _finish(store_id, uow, run.id, outcome, graph_requests, holder, clock)
    except BaseException:
        if period is None:  # nobody retries a sync on demand: it ends here
            _finish(store_id, uow, run.id, Outcome.FAILED, 0, holder, clock)
        else:  # the job is retried, and goes on with the parts not done yet
            _release(store_id, uow, holder)
        raise
    log.info("store %s synced (%s): %s", store_id, period or "on demand", outcome)
    return SyncReport(store_id, run.id, outcome, done, graph_requests=graph_requests)


def _start(
    store_id: int, uow: SqlAlchemyUnitOfWork, clock: Clock, period: str | None, holder: str, worker: str
) -> SyncRun | None:
    """Take the lease and open (or resume) the run; None when the period is synced already."""
    now = clock()
    with uow:
        if uow.stores.get(store_id) is None:
            raise StoreNotFound(_("Store {id} does not exist.").format(id=store_id))
        repo = SyncRepository(uow.session)
        if not repo.take_lease(store_id, holder, now, now + LEASE_TTL):
            raise StoreBusy(_("This store is being synced right now. Its results appear when that sync ends."))
        existing = repo.run_for_period(store_id, period) if period else None
        if existing is not None and existing.outcome != Outcome.RUNNING:
            repo.release_lease(store_id, holder)
            uow.commit()
            return None
        if existing is not None:  # a retry of a job whose worker stopped mid-way: go on where it was
            existing.holder, existing.worker = holder, worker or existing.worker
            uow.commit()
            return existing
        trigger = Trigger.SCHEDULE if period else Trigger.ON_DEMAND
        run = repo.add_run(
            SyncRun(
                store_id=store_id,
                period=period,
                trigger=str(trigger),
                holder=holder,
                worker=worker[:120],
                started_at=now,
                outcome=str(Outcome.RUNNING),
                parts={},
                graph_requests=0,
            )
        )
        try:
            uow.commit()
        except IntegrityError:  # the same period was opened meanwhile (can only be by another holder's lease)
            raise StoreBusy(_("This store's sync for this period has just started elsewhere.")) from None
        return run


def _run_part(
    part: SyncPart,
    store_id: int,
    uow: SqlAlchemyUnitOfWork,
    clock: Clock,
    client: GraphClient | None,
    token: str | None,
    app_token: str | None,
    notifier: Notifier | None,
    run: SyncRun,
    done: dict[str, PartResult],
) -> PartResult:
    if part is SyncPart.ALERTS:
        outcome = raise_alerts(store_id, {k: v.as_json() for k, v in done.items()}, uow, clock=clock, notifier=notifier)
        return PartResult(PartStatus.OK, "", {}, outcome.as_json())
    if client is None or token is None:
        return PartResult(PartStatus.SKIPPED, NO_CONNECTION)
    token_part = done.get(str(SyncPart.TOKEN))
    if part is not SyncPart.TOKEN and token_part is not None and token_part.status is PartStatus.FAILED:
        return PartResult(PartStatus.SKIPPED, _("Not read: {why}").format(why=token_part.error))
    try:
        return _read(part, store_id, uow, clock, client, token, app_token, run)
    except (GraphError, DomainError) as exc:
        log.info("store %s: %s not read (%s)", store_id, part, type(exc).__name__)
        return PartResult(PartStatus.FAILED, exc.user_message)


def _read(
    part: SyncPart,
    store_id: int,
    uow: SqlAlchemyUnitOfWork,
    clock: Clock,
    client: GraphClient,
    token: str,
    app_token: str | None,
    run: SyncRun,
) -> PartResult:
    if part is SyncPart.TOKEN:
        try:
            return read.token_part(client, token, app_token, clock())
        except AuthenticationError as exc:
            return PartResult(PartStatus.FAILED, exc.user_message, {}, {"valid": False})
    if part is SyncPart.AD_VOLUME:
        if _recorded_since(uow, store_id, AdVolumeSnapshot, run.started_at):
            return PartResult(PartStatus.OK, "", {}, {"resumed": True})
        return read.ad_volume_part(store_id, uow, client, clock)
    if part is SyncPart.ACCOUNTS:
        if _recorded_since(uow, store_id, AccountSnapshot, run.started_at):
            return PartResult(PartStatus.OK, "", {}, {"resumed": True})
        return read.account_health_part(store_id, uow, client, clock)
    with uow:
        previous = SyncRepository(uow.session).latest_part(store_id, str(SyncPart.CLAIMS), before_run=run.id)
    pending = ((previous or {}).get("detail") or {}).get("pending") if previous else None
    return read.claims_part(store_id, uow, client, pending)


def _recorded_since(uow: SqlAlchemyUnitOfWork, store_id: int, table: type, since: datetime) -> bool:
    """Whether this run's snapshots were written by an attempt that stopped before noting it."""
    with uow:
        stmt = select(table.id).where(table.store_id == store_id, table.taken_at >= since).limit(1)
        return uow.session.scalar(stmt) is not None


def _save_part(
    store_id: int,
    uow: SqlAlchemyUnitOfWork,
    run_id: int,
    part: SyncPart,
    result: PartResult,
    holder: str,
    clock: Clock,
) -> None:
    now = clock()
    with uow:
        repo = SyncRepository(uow.session)
        run = repo.run(store_id, run_id)
        if run is None:
            return
        run.parts = {**(run.parts or {}), str(part): result.as_json()}
        repo.take_lease(store_id, holder, now, now + LEASE_TTL)
        uow.commit()


def _finish(
    store_id: int,
    uow: SqlAlchemyUnitOfWork,
    run_id: int,
    outcome: Outcome,
    graph_requests: int,
    holder: str,
    clock: Clock,
) -> None:
    with uow:
        repo = SyncRepository(uow.session)
        run = repo.run(store_id, run_id)
        if run is not None:
            run.outcome, run.finished_at = str(outcome), clock()
            run.graph_requests = (run.graph_requests or 0) + graph_requests
        repo.release_lease(store_id, holder)
        uow.commit()


def _release(store_id: int, uow: SqlAlchemyUnitOfWork, holder: str) -> None:
    try:
        with uow:
            SyncRepository(uow.session).release_lease(store_id, holder)
            uow.commit()
    except Exception:  # the lease then ends by itself after LEASE_TTL
        log.warning("store %s: lease of %s not released", store_id, holder)
