"""The product's pages, in navigation order: one table for the entry file and the tests."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent


class PageEntry(NamedTuple):
    file: str
    title: str
    icon: str
    url_path: str


PAGES: tuple[PageEntry, ...] = (
    PageEntry("pages/home.py", "Home", ":material/home:", "home"),
    PageEntry("pages/connect.py", "Connect", ":material/link:", "connect"),
    PageEntry("pages/assets.py", "Assets", ":material/inventory_2:", "assets"),
    PageEntry("pages/permissions.py", "Permissions", ":material/group:", "permissions"),
    PageEntry("pages/ad_volume.py", "Ad volume", ":material/bar_chart:", "ad-volume"),
    PageEntry("pages/ad_accounts.py", "Ad accounts", ":material/account_balance:", "ad-accounts"),
    PageEntry("pages/activity.py", "Activity", ":material/history:", "activity"),
)


def present() -> list[PageEntry]:
    """The pages whose file is in the tree (pages arrive one issue at a time)."""
    return [page for page in PAGES if (ROOT / page.file).exists()]
