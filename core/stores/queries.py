"""What the app reads about stores: which ones a person may open."""

from __future__ import annotations

from core.db.uow import SqlAlchemyUnitOfWork
from core.stores.model import StoreInfo, StoreNotFound


def stores_for_member(email: str, uow: SqlAlchemyUnitOfWork) -> list[StoreInfo]:
    """The stores a signed-in person may open."""
    with uow:
        return [StoreInfo(s.id, s.name, s.plan, s.website_domain) for s in uow.stores.for_member(email)]


def store_website_domain(store_id: int, uow: SqlAlchemyUnitOfWork) -> str | None:
    """The store's website domain (a store setting), or None while it is not set."""
    with uow:
        store = uow.stores.get(store_id)
        if store is None:
            raise StoreNotFound(f"Store {store_id} does not exist.")
        return store.website_domain
