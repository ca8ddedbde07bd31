"""The frame every page shares: the store and role under the title, and on a phone the sidebar out of the way."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.support.apptest import app_env, run_app

__all__ = ["app_env"]


def _closes_the_sidebar(at: AppTest) -> bool:
    return any("stSidebarCollapseButton" in h.proto.body for h in at.get("html"))


def test_choosing_a_page_closes_the_sidebar_on_a_phone(app_env) -> None:
    """Friction of the marketer's walk: on a phone the sidebar stayed open over the page after navigating."""
    at = run_app()
    assert not _closes_the_sidebar(at)  # the first page: nothing was chosen in the sidebar
    at.switch_page("app_pages/assets.py").run()
    assert _closes_the_sidebar(at)
    at.run()  # a rerun of the same page leaves the sidebar as the person put it
    assert not _closes_the_sidebar(at)


def test_every_page_says_the_store_and_the_role_in_one_short_line(app_env) -> None:
    at = run_app().switch_page("app_pages/activity.py").run()
    first = at.caption[0].value
    assert first == ":material/storefront: **Demo store** · basic plan · you are **Owner**"
