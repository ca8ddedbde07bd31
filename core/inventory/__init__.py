"""The inventory: every Facebook asset one token can see, loaded in a handful of Graph round trips.

``load_inventory(client, *, progress=None, max_workers=8) -> Inventory`` reads, for the token of ``client``:

- ``Inventory(user_id, user_name, businesses, personal_ad_accounts, personal_pages, problems, loaded_at,
  round_trips, pixel_catalog)``; helpers ``ad_accounts()`` (de-duplicated: OWNER beats AGENCY beats PERSONAL),
  ``ad_account(id)``, ``ad_accounts_of(business_ids)``, ``pages()``, ``pixels()``, ``pixel(id)``,
  ``pixels_for_account(id)``, ``problem(id)``, ``complete`` and ``tree()``: a stable, comparable form for "same
  tree" assertions (no timing, no round trips).
- ``BusinessInfo(id, name, verification_status, owned_ad_accounts, client_ad_accounts, owned_pages, client_pages,
  pixels, owned_domains)``: each tuple sorted by id; ``domain(host)`` the owned domain covering a host.
- ``AdAccountInfo(id="act_…", account_id, name, account_status, disable_reason, currency, has_funding_source,
  access_type="OWNER"|"AGENCY"|"PERSONAL", permitted_tasks, business_id, pixel_ids, user_tasks)``;
  ``cannot_deliver_reason`` says in words why it cannot deliver (status meaning, disable reason, no funding
  source) or is None; ``advertise_refusal`` why the person cannot advertise with it (no ADVERTISE/MANAGE in their
  ``user_tasks``); ``grantable_tasks`` what they may give others. ``access_type`` is relative to the BM it is
  listed under; ``PERSONAL`` accounts are the ones the person reaches only through their own ``adaccounts``.
- ``PageInfo(id, name, is_published, business_id, owned_by_other_business, tasks)``: a client Page, or one owned by
  a business the person is not in, is ``owned_by_other_business`` and cannot be chosen; ``tasks`` are the
  person's own (``me/accounts``), ``advertise_refusal`` says why they cannot run ads for it.
- ``PixelInfo(id, name, last_fired_time, business_id, ad_account_ids, is_unavailable, events_last_7_days)``;
  ``OwnedDomainInfo(id, domain_name, status)``. Domain Settings is judged on these in :mod:`core.connect`.
- ``AssetProblem(kind, id, name, user_message, retry_after_minutes)``: an asset that could not be read (error, no
  access, throttled: "Throttled by Facebook, retry in N min."). One such asset never stops the rest.

An expired or revoked token raises :class:`core.graph.AuthenticationError` (its ``user_message`` asks to
reconnect Facebook); a partial tree is never returned as complete. ``InventoryStore`` keeps inventories per
``token_key`` digest (never the token) for 15 minutes, with ``forget`` for an explicit refresh. How the round
trips are kept down: see :mod:`core.inventory.load`.
"""

from core.inventory.assemble import assemble_inventory
from core.inventory.cache import InventoryStore, token_key
from core.inventory.load import DEFAULT_PAGE_SIZES, PageSizes, load_inventory
from core.inventory.model import (
    ACCOUNT_STATUS,
    DISABLE_REASON,
    AdAccountInfo,
    AssetProblem,
    BusinessInfo,
    Inventory,
    OwnedDomainInfo,
    PageInfo,
    PixelInfo,
)

__all__ = [
    "ACCOUNT_STATUS",
    "DEFAULT_PAGE_SIZES",
    "DISABLE_REASON",
    "AdAccountInfo",
    "AssetProblem",
    "BusinessInfo",
    "Inventory",
    "InventoryStore",
    "OwnedDomainInfo",
    "PageInfo",
    "PageSizes",
    "PixelInfo",
    "assemble_inventory",
    "load_inventory",
    "token_key",
]
