"""Meta's published budget for the ads management use case, per ad account per hour.

Development access: 300 points; standard access: 100,000 points; either plus 40 per active ad. A read scores 1,
a write 3. Graph reports how much of it is used in the ``X-Business-Use-Case-Usage`` and ``X-Ad-Account-Usage``
headers and, once it is used up, when access comes back (``estimated_time_to_regain_access``, minutes).
"""

from __future__ import annotations

DEVELOPMENT_TIER = "development_access"
STANDARD_TIER = "standard_access"
BASE_POINTS_PER_HOUR = {DEVELOPMENT_TIER: 300, STANDARD_TIER: 100_000}
POINTS_PER_ACTIVE_AD = 40
READ_POINTS = 1
WRITE_POINTS = 3


def hourly_budget(tier: str | None, active_ads: int = 0) -> int:
    """Points an ad account may spend per hour (an unknown tier counts as development access, the smaller)."""
    return BASE_POINTS_PER_HOUR.get(tier or DEVELOPMENT_TIER, BASE_POINTS_PER_HOUR[DEVELOPMENT_TIER]) + (
        POINTS_PER_ACTIVE_AD * max(0, active_ads)
    )


def call_points(method: str) -> int:
    return READ_POINTS if method.upper() == "GET" else WRITE_POINTS
