"""From Graph's raw objects to the inventory's shapes: one pure function, shared by :func:`load_inventory` and the
benchmark's SDK-style baseline, so both build their tree the same way from the same fields."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from core.inventory.model import (
    AdAccountInfo,
    AssetProblem,
    BusinessInfo,
    Inventory,
    OwnedDomainInfo,
    PageInfo,
    PixelInfo,
)

Raw = Mapping[str, Any]


def assemble_inventory(
    me: Raw,
    businesses: Sequence[Raw],
    edge_items: Mapping[tuple[str, str], Sequence[Raw]],
    *,
    read_pixels: Callable[[list[str]], Mapping[str, Raw]],
    problems: Iterable[AssetProblem] = (),
    round_trips: int = 0,
) -> Inventory:
    """Build the inventory from raw Graph objects.

    ``edge_items[(business_id, edge)]`` holds every item of ``owned_ad_accounts``, ``client_ad_accounts``,
    ``owned_pages``, ``client_pages``, ``owned_pixels`` and ``owned_domains`` of each BM; ``edge_items[(me["id"],
    edge)]`` the person's ``adaccounts`` and ``accounts`` (each Page with the person's ``tasks`` on it). Each raw
    ad account carries its pixels as ``adspixels: {"data": [{"id"}]}``. ``read_pixels(ids)`` is asked for the
    pixels attached to an ad account that no BM's ``owned_pixels`` holds."""
    business_ids = {str(b["id"]) for b in businesses}
    person = str(me.get("id", "me"))
    page_tasks = {str(p["id"]): tuple(p.get("tasks") or ()) for p in edge_items.get((person, "accounts"), ())}
    pixels: dict[str, Raw] = {}
    infos = []
    for business in businesses:
        bid = str(business["id"])

        def items(name: str, bid: str = bid) -> Sequence[Raw]:
            return edge_items.get((bid, name), ())

        for raw in items("owned_pixels"):
            pixels.setdefault(str(raw["id"]), raw)
        infos.append(
            BusinessInfo(
                id=bid,
                name=str(business.get("name") or ""),
                verification_status=business.get("verification_status"),
                owned_ad_accounts=_sorted(_account(a, bid) for a in items("owned_ad_accounts")),
                client_ad_accounts=_sorted(_account(a, bid) for a in items("client_ad_accounts")),
                owned_pages=_sorted(
                    _page(p, business_ids, bid, page_tasks, client=False) for p in items("owned_pages")
                ),
                client_pages=_sorted(
                    _page(p, business_ids, bid, page_tasks, client=True) for p in items("client_pages")
                ),
                pixels=(),  # filled below, once every pixel's ad accounts are known
                owned_domains=_sorted(_domain(d) for d in items("owned_domains")),
            )
        )
    in_businesses = {a.id for b in infos for a in b.ad_accounts}
    personal = _sorted(
        _account(a, None) for a in edge_items.get((person, "adaccounts"), ()) if f"act_{_bare(a)}" not in in_businesses
    )
    in_business_pages = {p.id for b in infos for p in b.pages}
    personal_pages = _sorted(
        _page(p, business_ids, None, page_tasks)
        for p in edge_items.get((person, "accounts"), ())
        if str(p["id"]) not in in_business_pages
    )
    accounts = [a for b in infos for a in b.ad_accounts] + list(personal)
    missing = sorted({p for a in accounts for p in a.pixel_ids} - set(pixels))
    if missing:
        pixels.update(read_pixels(missing))
    attached: dict[str, set[str]] = {}
    for account in accounts:
        for pixel_id in account.pixel_ids:
            attached.setdefault(pixel_id, set()).add(account.id)
    catalog = {pid: _pixel(raw, tuple(sorted(attached.get(pid, ())))) for pid, raw in pixels.items()}
    infos = [
        replace(b, pixels=_sorted(catalog[str(r["id"])] for r in edge_items.get((b.id, "owned_pixels"), ())))
        for b in infos
    ]
    return Inventory(
        user_id=person,
        user_name=str(me.get("name") or ""),
        businesses=tuple(sorted(infos, key=lambda b: b.id)),
        personal_ad_accounts=personal,
        personal_pages=personal_pages,
        problems=tuple(sorted(problems, key=lambda p: (p.kind, p.id))),
        loaded_at=datetime.now(UTC),
        round_trips=round_trips,
        pixel_catalog=tuple(sorted(catalog.values(), key=lambda p: p.id)),
    )


def _bare(raw: Mapping[str, Any]) -> str:
    return str(raw.get("account_id") or str(raw["id"]).removeprefix("act_"))


def _ref_id(value: Any) -> str | None:
    return str(value["id"]) if isinstance(value, Mapping) and value.get("id") else None


def _account(raw: Mapping[str, Any], via_business: str | None) -> AdAccountInfo:
    bare = _bare(raw)
    if via_business is None:
        access, tasks = "PERSONAL", ()
    else:
        access, tasks = str(raw.get("access_type") or "OWNER"), tuple(raw.get("permitted_tasks") or ())
    return AdAccountInfo(
        id=f"act_{bare}",
        account_id=bare,
        name=str(raw.get("name") or ""),
        account_status=int(raw.get("account_status") or 0),
        disable_reason=int(raw.get("disable_reason") or 0),
        currency=str(raw.get("currency") or ""),
        has_funding_source=bool(raw.get("funding_source")) and str(raw.get("funding_source")) != "0",
        access_type=access,  # type: ignore[arg-type]
        permitted_tasks=tasks,
        business_id=_ref_id(raw.get("business")),
        pixel_ids=tuple(sorted(str(p["id"]) for p in (raw.get("adspixels") or {}).get("data") or [])),
        user_tasks=tuple(raw.get("user_tasks") or ()),
        owner_id=str(raw["owner"]) if via_business is None and raw.get("owner") else None,
    )


def _page(
    raw: Mapping[str, Any],
    business_ids: set[str],
    via_business: str | None,
    page_tasks: Mapping[str, tuple[str, ...]],
    *,
    client: bool = False,
) -> PageInfo:
    owner = _ref_id(raw.get("business"))
    other = client or (owner is not None and owner not in business_ids)
    return PageInfo(
        id=str(raw["id"]),
        name=str(raw.get("name") or ""),
        is_published=bool(raw.get("is_published", True)),
        business_id=owner or (via_business if not client else None),
        owned_by_other_business=other,
        tasks=page_tasks.get(str(raw["id"]), ()),
    )


def _pixel(raw: Mapping[str, Any], ad_account_ids: tuple[str, ...]) -> PixelInfo:
    fired = raw.get("last_fired_time")
    return PixelInfo(
        id=str(raw["id"]),
        name=str(raw.get("name") or ""),
        last_fired_time=_parse_time(fired) if fired else None,
        business_id=_ref_id(raw.get("owner_business")),
        ad_account_ids=ad_account_ids,
        is_unavailable=bool(raw.get("is_unavailable")),
        events_last_7_days=_event_total(raw.get("event_stats")),
    )


def _event_total(stats: Any) -> int | None:
    """The events an ``event_stats`` value counts. Graph types the field as a string; read as the ``stats`` edge's
    rows (``[{"aggregation", "start_time", "data": [{"value", "count"}]}]``), as a JSON string or already parsed.
    None when there is nothing to read."""
    if isinstance(stats, str):
        try:
            stats = json.loads(stats) if stats.strip() else None
        except ValueError:
            return None
    if isinstance(stats, Mapping):
        stats = stats.get("data")
    if not isinstance(stats, list):
        return None
    total = 0
    for row in stats:
        for item in (row.get("data") or []) if isinstance(row, Mapping) else ():
            if isinstance(item, Mapping):
                try:
                    total += int(item.get("count") or 0)
                except (TypeError, ValueError):
                    continue
    return total


def _domain(raw: Mapping[str, Any]) -> OwnedDomainInfo:
    return OwnedDomainInfo(str(raw["id"]), str(raw.get("domain_name") or ""), str(raw.get("status") or ""))


def _parse_time(text: str) -> datetime | None:
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _sorted(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(sorted(items, key=lambda i: i.id))
