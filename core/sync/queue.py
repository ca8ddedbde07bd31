"""The distributed task queue: procrastinate on the app's PostgreSQL (README, "Design").

Tasks: ``sync_store`` (one store, one period; a queueing lock per store so it is never queued twice, and the
store's lease so it never runs twice at once), ``sync_every_store`` (periodic, on ``SYNC_SCHEDULE``: queues a
``sync_store`` per store for that tick), ``requeue_stalled_jobs`` (periodic: a job whose worker stopped sending
heartbeats, killed or lost with its machine, goes back to the queue and is retried by another worker). Every
worker runs the periodic deferrer; PostgreSQL makes sure each tick is queued once.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import UTC, datetime

import psycopg
from procrastinate import App, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.retry import BaseRetryStrategy, RetryDecision
from procrastinate.schema import SchemaManager
from sqlalchemy.exc import OperationalError

from core.graph import GraphConnectionError
from core.sync.model import period_key
from core.sync.queries import store_ids
from core.sync.runtime import SyncEnvironment
from core.sync.services import StoreBusy
from core.sync.settings import QUEUE, SyncSettings

log = logging.getLogger(__name__)
SYNC_STORE, SYNC_EVERY_STORE, REQUEUE = "sync_store", "sync_every_store", "requeue_stalled_jobs"
MAX_ATTEMPTS = 6
MAX_WAIT_S = 300
SCHEMA_LOCK = 7_261_020_005  # any fixed number: the advisory lock taken while the schema is checked


class Backoff(BaseRetryStrategy):
    """Retry a busy store, a lost database or a lost network with exponential back-off (2, 4, 8 … s, at most
    five minutes), :data:`MAX_ATTEMPTS` times; anything else is a bug to see, not to repeat."""

    retried = (StoreBusy, OperationalError, GraphConnectionError, ConnectionError)

    def get_retry_decision(self, *, exception: BaseException, job: object) -> RetryDecision | None:
        attempts = int(getattr(job, "attempts", 0))
        if attempts >= MAX_ATTEMPTS or not isinstance(exception, self.retried):
            return None
        return RetryDecision(retry_in={"seconds": min(MAX_WAIT_S, 2 ** (attempts + 1))})


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def build_app(
    conninfo: str, sync_settings: SyncSettings, environment: Callable[[], SyncEnvironment], **pool: object
) -> App:
    """The procrastinate app with the sync's tasks; ``environment`` builds (once) what a task syncs with."""
    app = App(connector=PsycopgConnector(conninfo=conninfo, **pool))

    @app.task(name=SYNC_STORE, queue=QUEUE, pass_context=True, retry=Backoff())
    def sync_store_task(context: object, store_id: int, period: str | None = None) -> str:
        job_id = context.job.id  # type: ignore[attr-defined]
        report = environment().sync(store_id, period=period, holder=f"job:{job_id}", worker=worker_name())
        return "already done" if report.already_done else str(report.outcome)

    @app.periodic(cron=sync_settings.schedule, periodic_id=SYNC_EVERY_STORE)
    @app.task(name=SYNC_EVERY_STORE, queue=QUEUE, queueing_lock=SYNC_EVERY_STORE, retry=RetryStrategy(max_attempts=3))
    def sync_every_store_task(timestamp: int) -> int:
        return queue_every_store(app, environment(), period_key(datetime.fromtimestamp(timestamp, UTC)))

    @app.periodic(cron=sync_settings.reaper_schedule, periodic_id=REQUEUE)
    @app.task(name=REQUEUE, queue=QUEUE, queueing_lock=REQUEUE)
    async def requeue_stalled_jobs(timestamp: int) -> int:
        del timestamp
        stalled = await app.job_manager.get_stalled_jobs(
            queue=QUEUE, seconds_since_heartbeat=sync_settings.stalled_after_seconds
        )
        requeued = 0
        for job in stalled:
            try:
                await app.job_manager.retry_job(job)
                requeued += 1
            except Exception:  # e.g. the same store is queued again meanwhile: that job will do the work
                log.warning("stalled job %s not requeued", job.id, exc_info=True)
        if requeued:
            log.info("requeued %d jobs of workers that stopped answering", requeued)
        return requeued

    del sync_store_task, requeue_stalled_jobs
    return app


def queue_every_store(app: App, environment: SyncEnvironment, period: str) -> int:
    """Queue one ``sync_store`` per store for ``period``; a store already queued is left as it is."""
    queued = 0
    for store_id in store_ids(environment.database.uow()):
        try:
            app.configure_task(SYNC_STORE, queueing_lock=f"{SYNC_STORE}:{store_id}").defer(
                store_id=store_id, period=period
            )
            queued += 1
        except AlreadyEnqueued:
            log.info("store %s is still queued from before; not queued again for %s", store_id, period)
    log.info("queued %d store syncs for %s", queued, period)
    return queued


def ensure_schema(conninfo: str) -> bool:
    """Apply procrastinate's schema unless it is there (True when applied now), in the first schema of the
    connection's search path, so each test schema gets its own queue. Workers starting together take turns."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        try:
            row = conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()
            if row and row[0]:
                return False
            conn.execute(SchemaManager.get_schema())  # type: ignore[call-overload]
            log.info("applied procrastinate's schema")
            return True
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))
