"""What the app reads about stores: which ones a person may open."""

from __future__ import annotations

from core.db.uow import SqlAlchemyUnitOfWork
from core.stores.model import StoreInfo


def stores_for_member(email: str, uow: SqlAlchemyUnitOfWork) -> list[StoreInfo]:
    """The stores a signed-in person may open."""
    with uow:
        return [StoreInfo(s.id, s.name, s.plan) for s in uow.stores.for_member(email)]
