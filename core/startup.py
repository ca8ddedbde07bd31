"""What the app does with its database on start: connect, migrate, purge expired data, seed the demo store.

The composition root of persistence: it wires the engine, the migrations, the retention purge and (in sandbox
mode) the demo store, so no capability package depends on another for start-up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.binding import PurgeReport, bind_google_ads, purge
from core.config import Mode, Settings
from core.db.crypto import TokenCipher, cipher_for
from core.db.engine import create_engine_for, upgrade_database
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import SYSTEM, Clock, system_clock
from core.stores import create_store, set_website_domain, stores_for_member

log = logging.getLogger(__name__)

DEMO_STORE_NAME = "Demo store"
DEMO_PLAN = "basic"
DEMO_MEMBER = "demo@example.com"
DEMO_GOOGLE_ADS_ID = "123-456-7890"
DEMO_STORE_DOMAIN = "demo-outdoor.example"  # the demo world's store website (the sandbox's own constant, by value)


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
    the demo store. Raises ``core.db.crypto.SecretKeyError`` in live mode without ``SMART_ADS_SECRET_KEY``."""
    cipher = cipher_for(settings)
    engine = create_engine_for(settings.resolved_database_url)
    upgrade_database(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    report = purge(SqlAlchemyUnitOfWork(sessions), clock=clock)
    if report.assets:
        log.info("purged %s assets past their retention", report.assets)
    demo = ensure_demo_store(SqlAlchemyUnitOfWork(sessions), clock=clock) if settings.mode is Mode.SANDBOX else None
    return Database(engine, sessions, cipher, demo, report)


def ensure_demo_store(uow: SqlAlchemyUnitOfWork, *, clock: Clock = system_clock) -> int:
    """The sandbox's demo store: "Demo store" on ``basic``, one Google Ads account, member demo@example.com, website
    ``demo-outdoor.example``.

    Idempotent: an existing demo store is returned as it is (what the demo marketer changed stays changed); one
    made before stores had a website domain gets the demo's (a domain, once set, is never unset).
    """
    for info in stores_for_member(DEMO_MEMBER, uow):
        if info.name == DEMO_STORE_NAME:
            if info.website_domain is None:
                set_website_domain(info.id, DEMO_STORE_DOMAIN, uow, actor=SYSTEM, clock=clock)
            return info.id
    store_id = create_store(uow, name=DEMO_STORE_NAME, plan=DEMO_PLAN, members=[DEMO_MEMBER], clock=clock)
    bind_google_ads(store_id, DEMO_GOOGLE_ADS_ID, uow, name="Demo Google Ads", actor=SYSTEM, clock=clock)
    set_website_domain(store_id, DEMO_STORE_DOMAIN, uow, actor=SYSTEM, clock=clock)
    log.info("created the demo store (id %s)", store_id)
    return store_id
