"""The product's pages, in navigation order: one table for the entry file and the tests."""

from __future__ import annotations

from typing import NamedTuple


class PageEntry(NamedTuple):
    file: str
    title: str
    icon: str
    url_path: str


PAGES: tuple[PageEntry, ...] = (
    PageEntry("app_pages/home.py", "Home", ":material/home:", "home"),
    PageEntry("app_pages/connect.py", "Connect", ":material/link:", "connect"),
    PageEntry("app_pages/assets.py", "Assets", ":material/inventory_2:", "assets"),
    PageEntry("app_pages/permissions.py", "Permissions", ":material/group:", "permissions"),
    PageEntry("app_pages/ad_volume.py", "Ad volume", ":material/bar_chart:", "ad-volume"),
    PageEntry("app_pages/ad_accounts.py", "Ad accounts", ":material/account_balance:", "ad-accounts"),
    PageEntry("app_pages/activity.py", "Activity", ":material/history:", "activity"),
    PageEntry("app_pages/settings.py", "Store settings", ":material/settings:", "settings"),
)
