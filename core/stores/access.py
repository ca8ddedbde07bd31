"""Who may do what in which store (docs/RULES.md, "Roles in a store"), decided in the core, not only in pages.

Every use case asks before it changes anything: :func:`require` inside a unit of work it has already opened,
:func:`check` in a read of its own. A person who is not a member of the store is refused whatever they ask; a
member is refused what their role does not allow. The app's own work (``Actor.privileged``: the background sync,
the purge, an operator's command) acts for every store.
"""

from __future__ import annotations

from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor
from core.shared.i18n import _
from core.stores.model import NotAllowed, NotAMember, Permission, StoreNotFound, StoreRole, allows


def require(uow: SqlAlchemyUnitOfWork, store_id: int, actor: Actor, permission: Permission) -> StoreRole:
    """In the caller's open unit of work: the actor's role in the store, or a refusal (nothing is written)."""
    if actor.privileged:
        return StoreRole.OWNER
    member = uow.stores.member(store_id, actor.id)
    if member is None:
        if uow.stores.get(store_id) is None:
            raise StoreNotFound(_("Store {id} does not exist.").format(id=store_id))
        raise NotAMember(
            _(
                "{person} is not a member of this store, so nothing was done. Ask an owner of the store "
                "to add this address, or switch to one of your stores."
            ).format(person=actor.display_name)
        )
    role = StoreRole(member.role)
    if not allows(role, permission):
        raise NotAllowed(role, permission)
    return role


def check(store_id: int, actor: Actor, permission: Permission, uow: SqlAlchemyUnitOfWork) -> StoreRole:
    """:func:`require` in a read of its own, for use cases whose work starts outside the database (a Graph call)."""
    with uow:
        return require(uow, store_id, actor, permission)
