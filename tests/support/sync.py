"""Helpers shared by the sync and alert tests: a store bound to demo assets, and what a sync runs with, built on
the test's own database, sandbox and clock."""

from __future__ import annotations

from collections.abc import Iterable

import requests
from cryptography.fernet import Fernet
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from core.alerts import Notifier, SmtpSettings
from core.binding import PurgeReport, save_selection
from core.config import SANDBOX_BASE_URL, Mode, Settings
from core.db.crypto import TokenCipher
from core.db.uow import SqlAlchemyUnitOfWork
from core.sandbox import Sandbox, sandbox_session
from core.shared import Actor, Clock
from core.startup import Database
from core.stores import create_store
from core.sync.runtime import SyncEnvironment
from core.sync.settings import SyncSettings
from tests.support.ad_volume import DEMO_ACCOUNTS, DEMO_PAGES, demo_selection

MEMBER = Actor("a@example.com", "Ann Example")


def bound_store(
    uow: SqlAlchemyUnitOfWork,
    clock: Clock,
    name: str = "Outdoor shop",
    accounts: Iterable[str] = DEMO_ACCOUNTS,
    pages: Iterable[str] = DEMO_PAGES,
) -> int:
    """A store on ``pro`` with member a@example.com, bound to the demo world's MAIN Business Manager and the given
    ad accounts and Pages."""
    store_id = create_store(uow, name=name, plan="pro", members=[MEMBER.id], clock=clock)
    save_selection(store_id, demo_selection(accounts, pages), uow, actor=MEMBER, clock=clock)
    return store_id


def environment(
    engine: Engine,
    clock: Clock,
    *,
    sandbox: Sandbox | None = None,
    base_url: str | None = None,
    smtp: SmtpSettings | None = None,
) -> SyncEnvironment:
    """Sandbox mode on the test's engine: the in-process ``sandbox``, or a Graph host at ``base_url``."""
    database = Database(engine, sessionmaker(engine, expire_on_commit=False),
                        TokenCipher(Fernet.generate_key()), None, PurgeReport())  # fmt: skip
    http = sandbox_session(sandbox) if sandbox is not None else requests.Session()
    return SyncEnvironment(
        Settings(mode=Mode.SANDBOX),
        SyncSettings(),
        database,
        http,
        base_url or SANDBOX_BASE_URL,
        Notifier(smtp),
        clock,
    )
