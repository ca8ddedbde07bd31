"""When the Domain Settings switch may be on (docs/RULES.md, "Binding"), decided from facts real Graph has.

The store's website domain must be a **verified** ``owned_domains`` entry of the pixel's Business Manager (a
verified domain covers its subdomains), and the pixel must have received events in the last
:data:`EVENT_WINDOW` (``last_fired_time``, or the counts of ``event_stats``); an unavailable pixel
(``is_unavailable``) never may. Every reason that applies is given, each in its own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.inventory import Inventory, PixelInfo
from core.shared import words
from core.shared.i18n import N_, _, ngettext

EVENT_WINDOW = timedelta(days=7)
WHERE_DOMAINS = N_("Business settings → Brand safety → Domains")  # Facebook's menu path, in its words


@dataclass(frozen=True)
class Website:
    """The store's website domain (None while the store has none) and the moment the rule is judged at."""

    domain: str | None
    now: datetime


def domain_settings_refusal(inventory: Inventory, pixel: PixelInfo, site: Website) -> str | None:
    """Why Domain Settings must stay off for this pixel, in words, or None when it may be turned on."""
    reasons = [r for r in (_domain_reason(inventory, pixel, site.domain), _event_reason(pixel, site.now)) if r]
    if pixel.is_unavailable:
        reasons.insert(0, _("Facebook reports this pixel as unavailable, so it cannot be used for Domain Settings."))
    return words.sentences(reasons) or None


def _domain_reason(inventory: Inventory, pixel: PixelInfo, host: str | None) -> str | None:
    if not host:
        return _("The store has no website domain yet: set it in the store settings first.")
    if pixel.business_id is None:
        return _("This pixel belongs to no Business Manager, so {host} cannot be verified for it.").format(host=host)
    business = inventory.business(pixel.business_id)
    if business is None:
        return _(
            "The pixel's Business Manager ({business}) is not one you are in, so whether it verified {host} cannot "
            "be checked."
        ).format(business=pixel.business_id, host=host)
    owned = business.domain(host)
    if owned is not None and owned.verified:
        return None
    where = _(WHERE_DOMAINS)
    if owned is not None:
        return _(
            "{host} is added to {business}, the pixel's Business Manager, but not verified: verify it in {where}."
        ).format(host=host, business=business.name, where=where)
    others = [b.name for b in inventory.businesses if b.id != business.id and (d := b.domain(host)) and d.verified]
    if others:
        return _(
            "{host} is verified by {others}, not by {business}, the pixel's Business Manager: verify it in "
            "{business} ({where})."
        ).format(host=host, others=", ".join(others), business=business.name, where=where)
    return _(
        "{host} is not a domain of {business}, the pixel's Business Manager: add and verify it in {where}."
    ).format(host=host, business=business.name, where=where)


def _event_reason(pixel: PixelInfo, now: datetime) -> str | None:
    days = EVENT_WINDOW.days
    if pixel.last_fired_time is not None and now - pixel.last_fired_time <= EVENT_WINDOW:
        return None
    if pixel.events_last_7_days:
        return None
    if pixel.last_fired_time is None:
        return ngettext(
            "The pixel has never received an event: it needs events in the last {days} day.",
            "The pixel has never received an event: it needs events in the last {days} days.",
            days,
        ).format(days=words.number(days))
    return ngettext(
        "The pixel's last event was {ago} ({day}): it needs events in the last {days} day. Check that it is "
        "installed on the store's website.",
        "The pixel's last event was {ago} ({day}): it needs events in the last {days} days. Check that it is "
        "installed on the store's website.",
        days,
    ).format(ago=words.ago(pixel.last_fired_time, now), day=words.day(pixel.last_fired_time), days=words.number(days))
