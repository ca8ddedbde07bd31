"""The Connect wizard's use case: Save binds exactly what the draft chose, all of it or nothing."""

from __future__ import annotations

from core.activity.audit import audited
from core.binding import AssetKind, SaveResult, save_selection
from core.connect.domain_settings import Website
from core.connect.model import Draft, build_selection, check_draft
from core.db.uow import SqlAlchemyUnitOfWork
from core.inventory import Inventory
from core.shared import Actor, Clock, system_clock
from core.stores import store_website_domain


def save_draft(
    store_id: int,
    inventory: Inventory,
    draft: Draft,
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
) -> SaveResult:
    """Bind the draft's selection, built from the inventory's facts and the store's website domain (Domain
    Settings judged now); every limit is checked in the transaction. A draft holding an ID Facebook never gives
    is refused first."""
    with audited(uow, store_id, clock, actor, "save_selection", AssetKind.FACEBOOK_ACCOUNT, inventory.user_id):
        check_draft(draft)
    site = Website(store_website_domain(store_id, uow), clock())
    return save_selection(store_id, build_selection(inventory, draft, site), uow, actor=actor, clock=clock)
