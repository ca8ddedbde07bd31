"""What the app does with its database on start: connect, migrate, purge expired data, seed the demo store."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.binding.model import Clock, system_clock
from core.binding.stores import ensure_demo_store
from core.binding.unbinding import PurgeReport, purge
from core.binding.uow import SqlAlchemyUnitOfWork
from core.config import Mode, Settings
from core.crypto import TokenCipher, cipher_for
from core.db.engine import create_engine_for, upgrade_database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Database:
    """Shared, thread-safe handles (cache with ``st.cache_resource``); ``uow()`` makes a unit of work."""

    engine: Engine
    sessions: sessionmaker[Session]
    cipher: TokenCipher
    demo_store_id: int | None
    purged: PurgeReport

    def uow(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.sessions)


def open_database(settings: Settings, *, clock: Clock = system_clock) -> Database:
    """Engine for ``settings.resolved_database_url``, ``upgrade_database``, ``purge``, and in sandbox mode
    the demo store. Raises ``core.crypto.SecretKeyError`` in live mode without ``SMART_ADS_SECRET_KEY``."""
    cipher = cipher_for(settings)
    engine = create_engine_for(settings.resolved_database_url)
    upgrade_database(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    report = purge(SqlAlchemyUnitOfWork(sessions), clock=clock)
    if report.assets:
        log.info("purged %s assets past their 30 days", report.assets)
    demo = ensure_demo_store(SqlAlchemyUnitOfWork(sessions), clock=clock) if settings.mode is Mode.SANDBOX else None
    return Database(engine, sessions, cipher, demo, report)
