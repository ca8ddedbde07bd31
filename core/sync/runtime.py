"""What a store's sync runs with, whoever calls it (a worker, ``--once``, a page): the database, the store's
token and Graph client, the alert channels. Built once per process by :func:`open_environment`."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from core.alerts import Notifier, SmtpSettings
from core.config import Mode, Settings
from core.graph import RetryPolicy
from core.shared import Clock, system_clock
from core.startup import Database, open_database
from core.sync.budget import BudgetedClient, RateBudget
from core.sync.queries import store_ids
from core.sync.services import StoreBusy, SyncReport, sync_store
from core.sync.settings import SyncSettings, TokenSource, token_source

log = logging.getLogger(__name__)
# A worker never waits long inside a job: a throttled account is deferred, a slow answer retried a few times.
SYNC_RETRY = RetryPolicy(max_attempts=3, base_delay=1.0, max_delay=5.0, max_total_wait=15.0)


@dataclass
class SyncEnvironment:
    settings: Settings
    sync_settings: SyncSettings
    database: Database
    http: requests.Session
    base_url: str
    notifier: Notifier
    clock: Clock = system_clock
    budget: RateBudget = field(init=False)
    tokens: TokenSource = field(init=False)

    def __post_init__(self) -> None:
        self.budget = RateBudget(self.database.uow, self.clock)
        self.tokens = token_source(self.settings, self.database.cipher)

    @property
    def app_token(self) -> str | None:
        conf = self.settings
        return f"{conf.app_id}|{conf.app_secret}" if conf.mode is Mode.LIVE else None

    def client_for(self, token: str) -> BudgetedClient:
        conf = self.settings
        return BudgetedClient(
            token,
            budget=self.budget,
            base_url=self.base_url,
            version=conf.graph_version,
            app_secret=conf.app_secret,
            session=self.http,
            retry=SYNC_RETRY,
        )

    def sync(
        self, store_id: int, *, period: str | None = None, holder: str | None = None, worker: str = ""
    ) -> SyncReport:
        """The one way a store is synced: its token, a budgeted client, then :func:`sync_store`."""
        token = self.tokens(store_id, self.database.uow())
        return sync_store(
            store_id,
            self.database.uow(),
            clock=self.clock,
            client=self.client_for(token) if token else None,
            token=token,
            app_token=self.app_token,
            period=period,
            holder=holder,
            worker=worker,
            notifier=self.notifier,
        )

    def sync_every_store(self) -> list[SyncReport]:
        """Every store now, one after the other (``python -m core.sync --once``); a busy store is left to its
        current holder."""
        reports = []
        for store_id in store_ids(self.database.uow()):
            try:
                reports.append(self.sync(store_id))
            except StoreBusy:
                log.info("store %s is being synced elsewhere; left to it", store_id)
        return reports


def open_environment(
    settings: Settings,
    sync_settings: SyncSettings,
    *,
    http: requests.Session,
    base_url: str,
    secrets: Mapping[str, Any] | None = None,
    clock: Clock = system_clock,
) -> SyncEnvironment:
    database = open_database(settings, clock=clock)
    notifier = Notifier(SmtpSettings.load(secrets), requests.Session())
    return SyncEnvironment(settings, sync_settings, database, http, base_url, notifier, clock)
