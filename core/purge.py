"""Purge for good the data of assets unbound 30+ days ago: ``python -m core.purge [--database-url URL]``.

Safe to run at any time and any number of times (the app also runs it on start).
"""

from __future__ import annotations

import argparse
import logging
import sys

from core.binding.unbinding import purge
from core.binding.uow import SqlAlchemyUnitOfWork
from core.config import Settings
from core.db.engine import create_engine_for, upgrade_database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.purge", description=__doc__.splitlines()[0])
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
