"""``python -m core.sync``: keep every store up to date.

- ``--once``: sync every store now, in this process, then exit (for SQLite, Streamlit Community Cloud, a cron).
- ``worker [--concurrency N]``: a procrastinate worker (any number, on any number of machines) on the app's
  PostgreSQL (``DATABASE_URL``); it also queues the schedule's syncs (``SYNC_SCHEDULE``, hourly by default).
- ``schedule``: queue a sync of every store for the current period now, then exit.

This is the worker process's composition root, as ``ui/runtime.py`` is the app's: both open their Graph transport
with :mod:`core.transport` (the in-process sandbox in sandbox mode, ``GRAPH_BASE_URL`` when set).
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC, datetime
from functools import cache

import croniter

from core.config import Settings
from core.sync.model import Outcome, period_key
from core.sync.runtime import SyncEnvironment, open_environment
from core.sync.settings import SyncSettings, conninfo
from core.transport import open_transport

log = logging.getLogger("core.sync")


@cache
def environment() -> SyncEnvironment:
    settings, sync_settings = Settings.load(), SyncSettings.load()
    transport = open_transport(settings)
    return open_environment(settings, sync_settings, http=transport.session, base_url=transport.base_url)


def current_period(schedule: str, now: datetime) -> str:
    """The schedule's latest tick at or before ``now``: the period a sync queued now belongs to."""
    tick = croniter.croniter(schedule, now).get_prev(datetime)
    return period_key(tick.astimezone(UTC))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.sync", description=__doc__.split("\n\n")[0])
    parser.add_argument("--once", action="store_true", help="sync every store now in this process, then exit")
    parser.add_argument("command", nargs="?", choices=["worker", "schedule"])
    parser.add_argument("--concurrency", type=int, default=1, help="jobs one worker runs at once (threads)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.once == bool(args.command):
        parser.error("give either --once or a command (worker, schedule)")
    if args.once:
        reports = environment().sync_every_store()
        failed = [r.store_id for r in reports if r.outcome is Outcome.FAILED]
        log.info("synced %d stores (%d failed)", len(reports), len(failed))
        return 1 if failed else 0
    from core.sync.queue import build_app, ensure_schema, queue_every_store

    settings, sync_settings = Settings.load(), SyncSettings.load()
    info = conninfo(settings.resolved_database_url)
    ensure_schema(info)
    app = build_app(info, sync_settings, environment)
    if args.command == "schedule":
        with app.open():
            period = current_period(sync_settings.schedule, datetime.now(UTC))
            queue_every_store(app, environment(), period)
        return 0
    environment()  # migrate and check the database before taking jobs
    app.run_worker(
        queues=["sync"],
        concurrency=args.concurrency,
        update_heartbeat_interval=sync_settings.heartbeat_seconds,
        stalled_worker_timeout=sync_settings.stalled_after_seconds,
        fetch_job_polling_interval=2.0,
        name="sync",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
