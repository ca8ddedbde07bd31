"""Settings of the background sync, read like :class:`core.config.Settings` (the secrets, then the environment),
and the two facts that differ between the sandbox and live mode: whose token a store acts with, and where the
queue's PostgreSQL is.

- ``SYNC_SCHEDULE``: when every store is synced, as cron (default ``0 * * * *``, hourly; a sixth field counts
  seconds). ``SYNC_REAPER_SCHEDULE``: when jobs of workers that stopped answering are put back (every minute).
- ``SYNC_HEARTBEAT_SECONDS`` (10) and ``SYNC_STALLED_AFTER_SECONDS`` (60): a worker silent that long is gone.
- Where Graph is (``GRAPH_BASE_URL`` included) is the app's setting, :mod:`core.config` and :mod:`core.transport`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import make_url

from core.config import Mode, Settings, setting_reader
from core.connection import facebook_connection
from core.db.crypto import TokenCipher
from core.db.uow import SqlAlchemyUnitOfWork

SANDBOX_TOKEN = "demo-admin"  # the sandbox's demo marketer, who acts for every store in sandbox mode
QUEUE = "sync"

TokenSource = Callable[[int, SqlAlchemyUnitOfWork], str | None]


@dataclass(frozen=True)
class SyncSettings:
    schedule: str = "0 * * * *"
    reaper_schedule: str = "* * * * *"
    heartbeat_seconds: float = 10.0
    stalled_after_seconds: float = 60.0

    @classmethod
    def load(cls, secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> SyncSettings:
        get = setting_reader(secrets, environ)
        return cls(
            schedule=get("SYNC_SCHEDULE") or cls.schedule,
            reaper_schedule=get("SYNC_REAPER_SCHEDULE") or cls.reaper_schedule,
            heartbeat_seconds=float(get("SYNC_HEARTBEAT_SECONDS") or cls.heartbeat_seconds),
            stalled_after_seconds=float(get("SYNC_STALLED_AFTER_SECONDS") or cls.stalled_after_seconds),
        )


def token_source(settings: Settings, cipher: TokenCipher) -> TokenSource:
    """Whose token a store's sync acts with: the store's own Facebook login in live mode; in sandbox mode the demo
    marketer's sandbox token (the in-memory sandbox forgets any token it minted once it restarts)."""
    if settings.mode is Mode.SANDBOX:
        return lambda store_id, uow: SANDBOX_TOKEN

    def stored(store_id: int, uow: SqlAlchemyUnitOfWork) -> str | None:
        connection = facebook_connection(store_id, uow, cipher=cipher)
        return connection.token if connection else None

    return stored


def conninfo(database_url: str) -> str:
    """libpq's connection string for a SQLAlchemy PostgreSQL URL (``postgresql+psycopg://…`` → ``postgresql://…``),
    query options such as ``options=-csearch_path=…`` kept. Raises ValueError for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise ValueError("the task queue needs PostgreSQL: set DATABASE_URL to a postgresql:// URL")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)
