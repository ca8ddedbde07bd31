"""Retention (docs/RULES.md, "Retention"): purge for good what was unbound a retention period ago or more.

``python -m core.binding.purge [--database-url URL]`` runs it from a shell or a cron; the app also runs it on
start and the Assets page before it draws. Safe to run at any time and any number of times.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass

from core.activity.audit import audit_row
from core.activity.model import Result
from core.binding.model import RETENTION
from core.config import Settings
from core.db.engine import create_engine_for, upgrade_database
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import SYSTEM, Actor, Clock, system_clock, words
from core.shared.i18n import _


@dataclass(frozen=True)
class PurgeReport:
    assets: int = 0
    ad_volume_snapshots: int = 0
    account_snapshots: int = 0


def purge(
    uow: SqlAlchemyUnitOfWork,
    *,
    clock: Clock = system_clock,
    actor: Actor = SYSTEM,
    store_id: int | None = None,
) -> PurgeReport:
    """Delete for good every asset unbound a retention period ago or more, with its history. Idempotent."""
    with uow:
        uow.stores.begin_write()
        now = clock()
        expired = uow.assets.expired(now - RETENTION, store_id)
        if not expired:
            return PurgeReport()
        entries = [
            audit_row(
                a.store_id,
                now,
                actor,
                "purge",
                Result.OK,
                a.kind,
                a.external_id,
                _("unbound {at}; history deleted").format(at=words.when(a.unbound_at, missing="")),
            )
            for a in expired
        ]
        volume, accounts = uow.assets.delete_with_history([a.id for a in expired])
        uow.audit.add_many(entries)
        uow.commit()
        return PurgeReport(len(expired), volume, accounts)


def purge_due(
    store_id: int, uow: SqlAlchemyUnitOfWork, *, actor: Actor = SYSTEM, clock: Clock = system_clock
) -> PurgeReport:
    """Purge the store's assets whose retention is over, if any (a read first, so a page load rarely writes)."""
    with uow:
        due = uow.assets.expired(clock() - RETENTION, store_id)
    if not due:
        return PurgeReport()
    return purge(uow, clock=clock, actor=actor, store_id=store_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.binding.purge", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="any SQLAlchemy URL (default: DATABASE_URL or the SQLite file)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    url = args.database_url or Settings.load().resolved_database_url
    engine = create_engine_for(url)
    try:
        upgrade_database(engine)
        report = purge(SqlAlchemyUnitOfWork(engine))
    finally:
        engine.dispose()
    print(f"purged assets: {report.assets}")
    print(f"purged ad-volume snapshots: {report.ad_volume_snapshots}")
    print(f"purged account snapshots: {report.account_snapshots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
