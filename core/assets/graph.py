"""The Assets page's one Graph read: the health fields of every bound ad account and pixel, in one batch."""

from __future__ import annotations

from collections.abc import Sequence

from core.assets.model import LiveFacts
from core.graph import BatchRequest, GraphClient

ACCOUNT_FIELDS = ("account_status", "disable_reason", "funding_source")
PIXEL_FIELDS = ("name", "last_fired_time", "is_unavailable")


def read_live_facts(client: GraphClient, account_ids: Sequence[str], pixel_ids: Sequence[str]) -> LiveFacts:
    """One batched read (50 items per HTTP request) of the health fields of ad accounts and pixels.

    One item's failure (no access, throttled) is kept as that item's problem; the others are answered."""
    requests = [BatchRequest.get(a, fields=list(ACCOUNT_FIELDS)) for a in account_ids]
    requests += [BatchRequest.get(p, fields=list(PIXEL_FIELDS)) for p in pixel_ids]
    if not requests:
        return LiveFacts()
    facts = LiveFacts()
    for asset_id, result in zip([*account_ids, *pixel_ids], client.batch(requests), strict=True):
        if result.error is not None:
            facts.refusals[asset_id] = result.error
        elif isinstance(result.body, dict):
            facts.fields[asset_id] = result.body
    return facts
