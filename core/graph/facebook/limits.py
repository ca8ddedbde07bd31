"""Facebook's published limits (Marketing API, "Ad Account" reference; docs/RULES.md "Facebook's limits")."""

from __future__ import annotations

from enum import StrEnum

MAX_PEOPLE_PER_AD_ACCOUNT = 25
MAX_AD_ACCOUNTS_PER_PERSON = 25
MAX_AD_ACCOUNTS_CREATED_VIA_API = 5  # "Ad account creation using the API is limited to 5 ad accounts"

# Text the app sends to Graph (docs/RULES.md, "Typed input"). Meta's references type these fields as plain strings
# and state no maximum (AdAccount "name", "default_dsa_payor", "default_dsa_beneficiary"); the app takes a name's
# length, and refuses longer text before calling. A Page alias is a Page's username: letters, digits and dots.
MAX_AD_ACCOUNT_NAME = 100
MAX_DSA_ENTITY = 100
MAX_PAGE_ALIAS = 50
# A Graph ID is a decimal number that fits a signed 64-bit integer (Graph's "numeric string" IDs).
MAX_GRAPH_ID = 2**63 - 1
# Paging ("Paginated Results"): an edge answers 25 items unless asked for more with ``limit``, and never more than
# 5,000 in one page (some edges cap lower; ``paging.next`` then leads to the rest, so nothing is lost).
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 5_000
MAX_IDS_PER_READ = 50  # "?ids=" takes at most 50 IDs since v2.2 (Graph API changelog, v2.1 to v2.2)

# A Page's limit on ads running or in review follows its highest monthly ad spend.
PAGE_LIMIT_TIERS: tuple[int, ...] = (250, 1_000, 5_000, 20_000)


class ObjectKind(StrEnum):
    """The ad objects an ad account holds, each with its own limits (the names of Graph's edges)."""

    ADS = "ads"
    ADSETS = "adsets"
    CAMPAIGNS = "campaigns"


# Non-archived, non-deleted objects per ad account: (regular, bulk).
ADS_LIMITS: dict[ObjectKind, tuple[int, int]] = {
    ObjectKind.ADS: (6_000, 50_000),
    ObjectKind.ADSETS: (6_000, 10_000),
    ObjectKind.CAMPAIGNS: (6_000, 10_000),
}
REGULAR_LIMIT = 6_000  # what a regular account allows of each kind: above it, an account must be bulk
ARCHIVED_LIMIT = 100_000  # archived objects of each kind per ad account


def account_limit(kind: ObjectKind, *, bulk: bool) -> int:
    """The limit on non-archived, non-deleted ``kind`` of a regular or a bulk ad account."""
    regular, big = ADS_LIMITS[kind]
    return big if bulk else regular
