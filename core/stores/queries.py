"""What the app reads about stores: which ones a person may open (with their role), who is in a store, the store a
person chose last."""

from __future__ import annotations

from core.db.uow import SqlAlchemyUnitOfWork
from core.shared.i18n import _
from core.stores.model import Member, StoreInfo, StoreNotFound, StoreRole


def stores_for_member(email: str, uow: SqlAlchemyUnitOfWork) -> list[StoreInfo]:
    """The stores a signed-in person may open, with their role in each."""
    with uow:
        return [
            StoreInfo(s.id, s.name, s.plan, StoreRole(role), s.website_domain)
            for s, role in uow.stores.for_member(email)
        ]


def members(store_id: int, uow: SqlAlchemyUnitOfWork) -> list[Member]:
    with uow:
        return [Member(m.email, StoreRole(m.role)) for m in uow.stores.members(store_id)]


def chosen_store(email: str, uow: SqlAlchemyUnitOfWork) -> int | None:
    """The store the person chose last (it may be one they no longer belong to: the caller checks)."""
    with uow:
        settings = uow.stores.person(email)
        return settings.store_id if settings else None


def chosen_language(email: str, uow: SqlAlchemyUnitOfWork) -> str | None:
    """The language the person chose last, or None while they never chose one."""
    with uow:
        settings = uow.stores.person(email)
        return settings.locale if settings else None


def store_website_domain(store_id: int, uow: SqlAlchemyUnitOfWork) -> str | None:
    """The store's website domain (a store setting), or None while it is not set."""
    with uow:
        store = uow.stores.get(store_id)
        if store is None:
            raise StoreNotFound(_("Store {id} does not exist.").format(id=store_id))
        return store.website_domain
