"""The product's pages, in navigation order: one table for the entry file and the tests. Titles are in English,
marked for translation: a page shows ``_(page.title)``."""

from __future__ import annotations

from typing import NamedTuple

from core.shared.i18n import N_


class PageEntry(NamedTuple):
    file: str
    title: str
    icon: str
    url_path: str


PAGES: tuple[PageEntry, ...] = (
    PageEntry("app_pages/home.py", N_("Home"), ":material/home:", "home"),
    PageEntry("app_pages/connect.py", N_("Connect"), ":material/link:", "connect"),
    PageEntry("app_pages/assets.py", N_("Assets"), ":material/inventory_2:", "assets"),
    PageEntry("app_pages/permissions.py", N_("Permissions"), ":material/group:", "permissions"),
    PageEntry("app_pages/ad_volume.py", N_("Ad volume"), ":material/bar_chart:", "ad-volume"),
    PageEntry("app_pages/ad_accounts.py", N_("Ad accounts"), ":material/account_balance:", "ad-accounts"),
    PageEntry("app_pages/activity.py", N_("Activity"), ":material/history:", "activity"),
    PageEntry("app_pages/settings.py", N_("Store settings"), ":material/settings:", "settings"),
)
HOME = "home"  # the default page's url_path


def title_of(url_path: str) -> str:
    """The English title of the page at ``url_path`` (the default page's is empty), for logs and the Activity log."""
    return next((page.title for page in PAGES if page.url_path == (url_path or HOME)), url_path)
