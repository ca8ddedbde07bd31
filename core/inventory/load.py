"""Loading the whole asset tree of a token in as few Graph round trips as the API allows.

1. **One call** for the tree: ``me`` with nested expansion of the person's BMs (their owned and client ad accounts
   with each account's pixels and the person's ``user_tasks``, owned and client Pages, owned pixels with their event
   facts, owned domains) and the person's own ad accounts and Pages (with the person's Page ``tasks``), every asset
   edge at Graph's largest page (5,000). This is the physical limit: the large world (5 BMs, 2,000 ad accounts,
   500 Pages, 100 pixels) comes back in this one round trip.
2. **Follow-ups**, concurrently: every nested edge that has more (``paging.next``) is read to its end, each edge's
   pages in order, different edges at the same time.
3. **One batch** (≤ 50 per request) for pixels attached to the loaded ad accounts that no BM of the person owns.

If the tree call is refused for a reason other than the token (e.g. Graph asks for less data at once), the load
falls back to one nested call per BM, so one BM that cannot be read never stops the others. Transient failures
and throttles are retried by the :class:`~core.graph.GraphClient`; what still fails becomes an
:class:`AssetProblem` on its own asset. An :class:`~core.graph.AuthenticationError` aborts the load: a tree with
holes is never presented as complete.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from typing import Any

from core.graph import AuthenticationError, BatchRequest, Field, GraphClient, GraphError, RateLimitError, edge
from core.graph.facebook import MAX_PAGE_SIZE
from core.inventory.assemble import assemble_inventory
from core.inventory.model import AssetProblem, Inventory
from core.shared.i18n import N_, _

logger = logging.getLogger(__name__)

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class PageSizes:
    """``limit`` of each edge read: Graph's largest page for the asset lists (an agency's tree, the person's own
    ad accounts repeating every BM's, come back in the one call); every edge follows ``paging.next`` anyway, so an
    edge that Graph caps lower costs a round trip, never an asset. Tests use small ones to exercise the
    follow-ups on the demo world."""

    businesses: int = 100
    assets: int = MAX_PAGE_SIZE
    pixels_per_account: int = 100


DEFAULT_PAGE_SIZES = PageSizes()

PAGE_FIELDS: tuple[str | Field, ...] = ("id", "name", "is_published", edge("business", "id"))
# me/accounts also says the person's own tasks on each Page (what they may do with it: advertise or not).
PERSON_PAGE_FIELDS: tuple[str | Field, ...] = (*PAGE_FIELDS, "tasks")
PIXEL_FIELDS: tuple[str | Field, ...] = (
    "id",
    "name",
    "last_fired_time",
    "event_stats",
    "is_unavailable",
    edge("owner_business", "id"),
)
DOMAIN_FIELDS = ("id", "domain_name", "status")


def account_fields(sizes: PageSizes, *, personal: bool) -> tuple[str | Field, ...]:
    """An ad account's fields with the person's own ``user_tasks``; under a BM edge also the edge's own
    ``access_type`` and ``permitted_tasks``; on the person's own edge its ``owner`` (whose personal account)."""
    common = (
        "id",
        "account_id",
        "name",
        "account_status",
        "disable_reason",
        "currency",
        "funding_source",
        edge("business", "id"),
        edge("adspixels", "id", limit=sizes.pixels_per_account),
        "user_tasks",
    )
    return (*common, "owner") if personal else (*common, "access_type", "permitted_tasks")


def business_fields(sizes: PageSizes) -> tuple[str | Field, ...]:
    accounts = account_fields(sizes, personal=False)
    return (
        "id",
        "name",
        "verification_status",
        edge("owned_ad_accounts", *accounts, limit=sizes.assets),
        edge("client_ad_accounts", *accounts, limit=sizes.assets),
        edge("owned_pages", *PAGE_FIELDS, limit=sizes.assets),
        edge("client_pages", *PAGE_FIELDS, limit=sizes.assets),
        edge("owned_pixels", *PIXEL_FIELDS, limit=sizes.assets),
        edge("owned_domains", *DOMAIN_FIELDS, limit=sizes.assets),
    )


# What an edge holds, in words marked for translation (``_(EDGE_WORDS[name])`` where shown).
EDGE_WORDS = {
    "owned_ad_accounts": N_("ad accounts"),
    "client_ad_accounts": N_("client ad accounts"),
    "owned_pages": N_("Pages"),
    "client_pages": N_("client Pages"),
    "owned_pixels": N_("pixels"),
    "owned_domains": N_("website domains"),
    "adaccounts": N_("own ad accounts"),
    "accounts": N_("own Pages"),
    "adspixels": N_("pixels"),
    "businesses": N_("Business Managers"),
}
BUSINESS_EDGES = (
    "owned_ad_accounts",
    "client_ad_accounts",
    "owned_pages",
    "client_pages",
    "owned_pixels",
    "owned_domains",
)
PERSON_EDGES = ("adaccounts", "accounts")
ACCOUNT_EDGES = ("owned_ad_accounts", "client_ad_accounts", "adaccounts")


def load_inventory(
    client: GraphClient,
    *,
    progress: Progress | None = None,
    max_workers: int = 8,
    page_sizes: PageSizes = DEFAULT_PAGE_SIZES,
) -> Inventory:
    """Everything ``client``'s token can see (see the module docstring for how). ``progress(fraction, what)`` is
    called as the load advances, ending with 1.0. Raises :class:`AuthenticationError` when the token is no longer
    valid."""
    started = client.request_count
    loader = _Loader(client, progress or _no_progress, max_workers, page_sizes)
    return loader.run(started)


def _no_progress(fraction: float, what: str) -> None:
    return None


# ---- the load ----------------------------------------------------------------------------------------------
@dataclass
class _EdgeRead:
    """One edge of one owner: its items so far and where to read more."""

    owner_kind: str  # "business" | "person" | "ad_account"
    owner_id: str
    owner_name: str | None
    name: str
    items: list[dict[str, Any]] = field(default_factory=list)
    next_page: Mapping[str, Any] | None = None


class _Loader:
    def __init__(self, client: GraphClient, progress: Progress, max_workers: int, sizes: PageSizes) -> None:
        self.client = client
        self.sizes = sizes
        self.progress = progress
        self.max_workers = max(1, max_workers)
        self.problems: list[AssetProblem] = []
        self.lock = threading.Lock()

    def run(self, started: int) -> Inventory:
        self.progress(0.02, _("Reading your Business Managers and assets"))
        me, businesses = self._read_tree()
        self.progress(0.5, _("Reading the rest of the long lists"))
        edges = self._collect_edges(me, businesses)
        self._follow(edges)
        self.progress(0.85, _("Reading pixels attached to your ad accounts"))
        inventory = assemble_inventory(
            me,
            businesses,
            {key: read.items for key, read in edges.items()},
            read_pixels=self._read_pixels,
            problems=self.problems,
        )
        inventory = replace(inventory, round_trips=self.client.request_count - started)
        self.progress(1.0, _("Done"))
        return inventory

    # ---- step 1: the tree --------------------------------------------------------------------------------
    def _read_tree(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """``me`` and the list of BM objects with their nested edges (first pages)."""
        fields = (
            "id",
            "name",
            edge("businesses", *business_fields(self.sizes), limit=self.sizes.businesses),
            edge("adaccounts", *account_fields(self.sizes, personal=True), limit=self.sizes.assets),
            edge("accounts", *PERSON_PAGE_FIELDS, limit=self.sizes.assets),
        )
        try:
            me = self.client.get("me", fields=fields)
        except AuthenticationError:
            raise
        except GraphError as error:
            logger.info("Inventory: the one-call tree was refused (%s); reading each BM on its own", error.code)
            return self._read_tree_per_business()
        businesses = self._rest_of_edge(me.get("businesses"), "person", me.get("id", "me"), None, "businesses")
        return me, businesses

    def _read_tree_per_business(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        me = self.client.get("me", fields=("id", "name", edge("businesses", "id", "name", limit=self.sizes.businesses)))
        shallow = self._rest_of_edge(me.get("businesses"), "person", me.get("id", "me"), None, "businesses")
        fields = business_fields(self.sizes)

        def one(business: dict[str, Any]) -> dict[str, Any] | None:
            try:
                return self.client.get(str(business["id"]), fields=fields)
            except AuthenticationError:
                raise
            except GraphError as error:
                self._problem("business", str(business["id"]), business.get("name"), error)
                return None

        def person_edge(name: str, edge_fields: tuple[str | Field, ...]) -> dict[str, Any] | None:
            try:
                return self.client.get(f"me/{name}", {"limit": self.sizes.assets}, fields=edge_fields)
            except AuthenticationError:
                raise
            except GraphError as error:
                self._problem("person", str(me.get("id", "me")), me.get("name"), error)
                return None

        with ThreadPoolExecutor(self.max_workers) as pool:
            futures = [_submit(pool, one, b) for b in shallow]
            personal = _submit(pool, person_edge, "adaccounts", account_fields(self.sizes, personal=True))
            pages = _submit(pool, person_edge, "accounts", PERSON_PAGE_FIELDS)
            businesses = [b for b in (f.result() for f in futures) if b is not None]
            for name, future in (("adaccounts", personal), ("accounts", pages)):
                page = future.result()
                if page is not None:
                    me[name] = page
        return me, businesses

    # ---- step 2: follow nested paging --------------------------------------------------------------------
    def _collect_edges(self, me: dict[str, Any], businesses: list[dict[str, Any]]) -> dict[tuple[str, str], _EdgeRead]:
        edges: dict[tuple[str, str], _EdgeRead] = {}
        for business in businesses:
            bid = str(business["id"])
            for name in BUSINESS_EDGES:
                edges[(bid, name)] = _edge_read("business", bid, business.get("name"), name, business.get(name))
        person = str(me.get("id", "me"))
        for name in PERSON_EDGES:
            edges[(person, name)] = _edge_read("person", person, me.get("name"), name, me.get(name))
        return edges

    def _follow(self, edges: dict[tuple[str, str], _EdgeRead]) -> None:
        """Read every edge with more pages to its end, edges concurrently; then the same for the pixels nested in
        the ad accounts read."""
        self._follow_all([e for e in edges.values() if e.next_page], 0.5, 0.75)
        nested: dict[str, _EdgeRead] = {}  # one read per account, however many BMs list it
        for e in edges.values():
            if e.name in ACCOUNT_EDGES:
                for a in e.items:
                    read = _edge_read("ad_account", str(a["id"]), a.get("name"), "adspixels", a.get("adspixels"))
                    nested.setdefault(read.owner_id, read)
        pending = [n for n in nested.values() if n.next_page]
        self._follow_all(pending, 0.75, 0.85)
        for read in pending:
            for account in _accounts_with_id(edges, read.owner_id):
                account["adspixels"] = {"data": read.items}

    def _follow_all(self, reads: list[_EdgeRead], start: float, end: float) -> None:
        """Finish ``reads`` concurrently, reporting progress from ``start`` to ``end`` as each one completes. An
        authentication error cancels what has not started and is raised."""
        if not reads:
            return
        pool = ThreadPoolExecutor(min(self.max_workers, len(reads)))
        try:
            futures = [_submit(pool, self._finish, r) for r in reads]
            if reads[0].name == "adspixels":
                what = _("Reading more pixels of ad accounts ({done}/{total})")
            else:
                what = _("Reading more ad accounts, Pages and pixels ({done}/{total})")
            for done, future in enumerate(as_completed(futures), start=1):
                future.result()  # re-raises AuthenticationError
                self.progress(start + (end - start) * done / len(reads), what.format(done=done, total=len(reads)))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _finish(self, read: _EdgeRead) -> None:
        try:
            read.items.extend(self.client.iter_nested(self._next_only(read.next_page)))
        except AuthenticationError:
            raise
        except GraphError as error:
            self._problem(read.owner_kind, read.owner_id, read.owner_name, error, partial=read.name)
        read.next_page = None

    def _next_only(self, page: Mapping[str, Any] | None) -> dict[str, Any]:
        """A page holding only the paging of ``page``, so ``iter_nested`` reads what follows it."""
        return {"data": [], "paging": dict((page or {}).get("paging") or {})}

    def _rest_of_edge(
        self, page: Mapping[str, Any] | None, owner_kind: str, owner_id: str, owner_name: str | None, name: str
    ) -> list[dict[str, Any]]:
        read = _edge_read(owner_kind, owner_id, owner_name, name, page)
        if read.next_page:
            self._finish(read)
        return read.items

    # ---- step 3: pixels owned by no BM of the person ---------------------------------------------------------
    def _read_pixels(self, pixel_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Pixels attached to loaded ad accounts but owned by no BM of the person: one batch (≤ 50 per request)."""
        if not pixel_ids:
            return {}
        results = self.client.batch([BatchRequest.get(pid, fields=PIXEL_FIELDS) for pid in pixel_ids])
        found: dict[str, dict[str, Any]] = {}
        for pixel_id, result in zip(pixel_ids, results, strict=True):
            if isinstance(result.error, AuthenticationError):
                raise result.error
            if result.error is not None:
                self._problem("pixel", pixel_id, None, result.error)
            elif isinstance(result.body, dict):
                found[pixel_id] = result.body
        return found

    def _problem(
        self, kind: str, asset_id: str, name: str | None, error: GraphError, *, partial: str | None = None
    ) -> None:
        minutes = error.retry_after_minutes if isinstance(error, RateLimitError) else None
        message = (
            _("Throttled by Facebook, retry in {minutes} min.").format(minutes=minutes)
            if minutes
            else error.user_message
        )
        if partial:
            edge_words = _(EDGE_WORDS[partial]) if partial in EDGE_WORDS else partial
            message = _("Only part of its {edge} could be read. {problem}").format(edge=edge_words, problem=message)
        logger.warning("Inventory: %s %s could not be read: %s", kind, asset_id, error)
        with self.lock:
            self.problems.append(AssetProblem(kind, asset_id, name, message, minutes))


def _submit(pool: ThreadPoolExecutor, fn: Callable[..., Any], *args: Any) -> Future[Any]:
    """``pool.submit`` in a copy of the caller's context: the words a worker writes (a problem's message) are in
    the viewer's language, as if the caller wrote them."""
    return pool.submit(contextvars.copy_context().run, fn, *args)


# ---- raw Graph objects → inventory shapes ----------------------------------------------------------------
def _edge_read(kind: str, owner_id: str, owner_name: str | None, name: str, page: Any) -> _EdgeRead:
    page = page if isinstance(page, Mapping) else {}
    has_more = bool((page.get("paging") or {}).get("next"))
    return _EdgeRead(kind, owner_id, owner_name, name, list(page.get("data") or []), page if has_more else None)


def _accounts_with_id(edges: dict[tuple[str, str], _EdgeRead], account_id: str) -> Iterable[dict[str, Any]]:
    for read in edges.values():
        if read.name in ACCOUNT_EDGES:
            yield from (a for a in read.items if str(a.get("id")) == account_id)
