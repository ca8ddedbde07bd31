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
from core.stores import StoreRole, add_member, create_store, set_website_domain, stores_for_member

log = logging.getLogger(__name__)

DEMO_STORE_NAME = "Demo store"
DEMO_PLAN = "basic"
DEMO_MEMBER = "demo@example.com"  # Dana Demo, the demo marketer: owner of both demo stores
DEMO_ANALYST = "analyst@example.com"  # Alex Analyst: a viewer of the demo store, an admin of the outlet
DEMO_GOOGLE_ADS_ID = "123-456-7890"
DEMO_STORE_DOMAIN = "demo-outdoor.example"  # the demo world's store website (the sandbox's own constant, by value)


@dataclass(frozen=True)
class DemoStore:
    name: str
    plan: str
    roles: tuple[tuple[str, StoreRole], ...]
    google_ads: str | None = None
    website_domain: str | None = None


DEMO_STORES: tuple[DemoStore, ...] = (
    DemoStore(
        DEMO_STORE_NAME,
        DEMO_PLAN,
        ((DEMO_MEMBER, StoreRole.OWNER), (DEMO_ANALYST, StoreRole.VIEWER)),
        DEMO_GOOGLE_ADS_ID,
        DEMO_STORE_DOMAIN,
    ),
    # The outlet's domain is one the Business Manager added but never verified: Domain Settings stays off, and says why
    DemoStore(
        "Demo outlet",
        "pro",
        ((DEMO_MEMBER, StoreRole.OWNER), (DEMO_ANALYST, StoreRole.ADMIN)),
        website_domain="outlet-demo.example",
    ),
)


@dataclass(frozen=True)
class Database:
    """Shared, thread-safe handles (cache with ``st.cache_resource``); ``uow()`` makes a unit of work."""

    engine: Engine
    sessions: sessionmaker[Session]
    cipher: TokenCipher
    demo_store_id: int | None  # the first demo store (sandbox mode)
    purged: PurgeReport
    demo_store_ids: tuple[int, ...] = ()

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
    demo = ensure_demo_stores(SqlAlchemyUnitOfWork(sessions), clock=clock) if settings.mode is Mode.SANDBOX else ()
    return Database(engine, sessions, cipher, demo[0] if demo else None, report, tuple(demo))


def ensure_demo_stores(uow: SqlAlchemyUnitOfWork, *, clock: Clock = system_clock) -> list[int]:
    """The sandbox's demo stores (:data:`DEMO_STORES`) with their members and roles; their IDs in order.

    Idempotent: an existing demo store is kept as it is (what the demo marketer changed stays changed); only what
    is missing (a store, a member) is added."""
    known = {info.name: info.id for info in stores_for_member(DEMO_MEMBER, uow)}
    ids = []
    for demo in DEMO_STORES:
        store_id = known.get(demo.name)
        if store_id is None:
            store_id = create_store(uow, name=demo.name, plan=demo.plan, members=[DEMO_MEMBER], clock=clock)
            if demo.google_ads:
                bind_google_ads(store_id, demo.google_ads, uow, name="Demo Google Ads", actor=SYSTEM, clock=clock)
            if demo.website_domain:
                set_website_domain(store_id, demo.website_domain, uow, actor=SYSTEM, clock=clock)
            log.info("created the demo store %r (id %s)", demo.name, store_id)
        for email, role in demo.roles:
            add_member(store_id, email, role, uow, actor=SYSTEM, clock=clock)
        ids.append(store_id)
    return ids


def ensure_demo_store(uow: SqlAlchemyUnitOfWork, *, clock: Clock = system_clock) -> int:
    """The first demo store's ID (see :func:`ensure_demo_stores`)."""
    return ensure_demo_stores(uow, clock=clock)[0]
