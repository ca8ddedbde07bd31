"""Persistence: the engine, the tables and their migrations, the unit of work and its repositories (the only
place that speaks SQL), and the encryption of tokens at rest."""

from core.db import sync_tables  # noqa: F401  (registers the sync and alert tables on Base)
from core.db.engine import create_engine_for, upgrade_database
from core.db.uow import SqlAlchemyUnitOfWork

__all__ = ["SqlAlchemyUnitOfWork", "create_engine_for", "upgrade_database"]
