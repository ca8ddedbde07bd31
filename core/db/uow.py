"""The unit of work: one transaction as a context manager. Commit is explicit; leaving without rolls back."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.db.repositories import AssetRepository, AuditRepository, CreationRepository, StoreRepository


class SqlAlchemyUnitOfWork:
    """``with uow: ...; uow.commit()``. Each ``with`` opens a fresh session, so one object can be reused."""

    stores: StoreRepository
    assets: AssetRepository
    audit: AuditRepository
    creations: CreationRepository

    def __init__(self, bind: Engine | sessionmaker[Session]) -> None:
        self._session_factory = sessionmaker(bind, expire_on_commit=False) if isinstance(bind, Engine) else bind

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        self.stores = StoreRepository(self.session)
        self.assets = AssetRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.creations = CreationRepository(self.session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
