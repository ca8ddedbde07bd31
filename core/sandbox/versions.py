"""Graph API versions: which exist, which still answer, and what Graph says to the others.

Facts from Meta's changelog of versions (https://developers.facebook.com/docs/graph-api/changelog/versions/,
the table of release and "Available Until" dates as published in November 2026, when v27.0 came out). The sandbox
judges availability on that table's date, not on its own clock, so a long-running demo never breaks on a date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.config import DEFAULT_GRAPH_VERSION
from core.sandbox.errors import GraphError

TABLE_DATE = date(2026, 11, 25)
# Every version Meta released: v1.0, v2.0–v2.12, v3.0–v3.3, then v4.0–v27.0.
RELEASED: frozenset[str] = frozenset(
    ["v1.0"] + [f"v2.{n}" for n in range(13)] + [f"v3.{n}" for n in range(4)] + [f"v{n}.0" for n in range(4, 28)]
)
# The versions still available on TABLE_DATE and when each one goes ("TBD": None); every other released one is gone.
AVAILABLE_UNTIL: dict[str, date | None] = {
    "v21.0": date(2027, 1, 21),
    "v22.0": date(2027, 5, 20),
    "v23.0": date(2027, 10, 8),
    "v24.0": date(2028, 2, 18),
    "v25.0": date(2028, 7, 29),
    "v26.0": None,
    "v27.0": None,
}
OLDEST_AVAILABLE = min(AVAILABLE_UNTIL, key=lambda v: float(v[1:]))
LATEST = max(AVAILABLE_UNTIL, key=lambda v: float(v[1:]))


def served_version(requested: str | None, rest: Sequence[str]) -> str:
    """The version that answers a call made with ``requested`` (None: no version in the path).

    No version: the default one. A released version that is no longer available: Graph answers with the oldest
    available one ("once a version is no longer usable, any calls made to it will be defaulted to the next oldest
    usable version", https://developers.facebook.com/docs/graph-api/guides/versioning). A version Meta never
    released is not a version to Graph: the call fails like an unknown path, e.g. Koala's report of ``v2.80``
    answering 2500 "Unknown path components" (https://github.com/arsduo/koala/issues/611).
    """
    if requested is None:
        return DEFAULT_GRAPH_VERSION
    if requested not in RELEASED:
        raise GraphError(2500, f"Unknown path components: /{'/'.join(rest)}")
    return requested if requested in AVAILABLE_UNTIL else OLDEST_AVAILABLE


def is_retired(requested: str | None) -> bool:
    return requested is not None and requested in RELEASED and requested not in AVAILABLE_UNTIL


def deprecated_ads_version() -> GraphError:
    """A Marketing API call at a retired version, as Graph refuses it for an app that turned version auto-upgrade
    off (https://developers.facebook.com/blog/post/2024/04/16/upcoming-change-in-marketing-api-version-deprecation)."""
    message = "(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version"
    return GraphError(2635, f"{message}: {LATEST}.")
