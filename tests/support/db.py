"""Database fixtures: every database test runs on SQLite (a temp file) and on PostgreSQL.

PostgreSQL comes from ``TEST_DATABASE_URL``; each test gets a schema of its own, built by the migrations and
dropped afterwards. Without ``TEST_DATABASE_URL`` the PostgreSQL half is skipped, except under
``CI=true``, where a skipped ``postgres`` test is reported as a failure:
CI must never pass by not testing PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from core.binding import AdAccountChoice, BusinessChoice, FacebookAccountChoice, PageChoice, PixelChoice, Selection
from core.db.engine import create_engine_for, upgrade_database
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor
from core.stores import create_store
from tests.support.clock import FakeClock

ANN = Actor("a@example.com", "Ann Example")  # the member of the `store_id` fixture's store

PG_URL = os.environ.get("TEST_DATABASE_URL")
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if IN_CI and report.skipped and item.get_closest_marker("postgres") is not None:
        report.outcome = "failed"
        report.longrepr = f"a PostgreSQL test was skipped under CI=true (set TEST_DATABASE_URL): {report.longrepr}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database: a fresh SQLite file, or a fresh PostgreSQL schema (first on the search path)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'smart_ads.db'}"
        return
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine_for(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@dataclass
class DatabaseHandle:
    url: str
    engine: Engine

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def uow(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.engine)


@pytest.fixture
def db(database_url: str) -> Iterator[DatabaseHandle]:
    """A migrated database (SQLite and PostgreSQL)."""
    upgrade_database(database_url)
    engine = create_engine_for(database_url)
    try:
        yield DatabaseHandle(database_url, engine)
    finally:
        engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def uow(db: DatabaseHandle) -> SqlAlchemyUnitOfWork:
    return db.uow()


@pytest.fixture
def store_id(uow: SqlAlchemyUnitOfWork, clock: FakeClock) -> int:
    """A store on the ``basic`` plan (5 ad accounts)."""
    return create_store(uow, name="Store A", plan="basic", members=["a@example.com"], clock=clock)


def make_selection(
    businesses: int = 1,
    ad_accounts: int = 1,
    pages: int = 1,
    *,
    account: str = "fb_1",
    pixel: PixelChoice | None = None,
    unpublished: int = 0,
) -> Selection:
    """A selection shaped like the wizard's: ad accounts and Pages spread over the chosen BMs."""
    bms = [BusinessChoice(f"bm_{i}", f"BM {i}") for i in range(1, businesses + 1)]

    def owner(i: int) -> str | None:
        return bms[i % len(bms)].id if bms else None

    accounts = [
        AdAccountChoice(f"act_{100 + i}", f"Ad account {i}", owner(i), pixel if i == 0 else None)
        for i in range(ad_accounts)
    ]
    page_list = [PageChoice(f"page_{i}", f"Page {i}", owner(i), i < pages - unpublished) for i in range(pages)]
    return Selection(FacebookAccountChoice(account, "Demo Marketer"), bms, accounts, page_list)


@pytest.fixture
def selection_factory() -> Callable[..., Selection]:
    """``make_selection`` for tests: ``selection_factory(businesses, ad_accounts, pages, pixel=..., ...)``."""
    return make_selection
