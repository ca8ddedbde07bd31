"""Several stores and roles as a person meets them in the app: the store picker, each page naming its store, and
the Store settings page (members, roles, plan)."""

from __future__ import annotations

from core.binding import bind_google_ads, bound_asset_list
from core.stores import StoreRole, chosen_store, members
from tests.support.apptest import DANA, app_env, run_app, texts
from ui import runtime
from ui.pages import PAGES

__all__ = ["app_env"]
SETTINGS = "app_pages/settings.py"


def test_a_member_of_two_stores_switches_and_sees_only_the_chosen_one(app_env):
    at = run_app()
    demo, outlet = runtime.database().demo_store_ids
    bind_google_ads(outlet, "555-555-5555", runtime.database().uow(), name="Outlet Google", actor=DANA)
    at.switch_page("app_pages/assets.py").run()
    assert "Demo Google Ads" in texts(at) and "Outlet Google" not in texts(at)
    at.selectbox(key=runtime.STORE_KEY).set_value(outlet).run()
    assert not at.exception
    shown = texts(at)
    assert "Outlet Google" in shown and "Demo Google Ads" not in shown
    assert "**Demo outlet** · pro plan · you are **Owner**" in shown
    assert chosen_store(DANA.id, runtime.database().uow()) == outlet  # remembered for the next visit
    again = run_app().switch_page("app_pages/assets.py").run()  # a new browser session
    assert "Outlet Google" in texts(again)
    assert {a.external_id for a in bound_asset_list(demo, runtime.database().uow())} == {"123-456-7890"}


def test_every_page_says_which_store_it_shows_and_the_role(app_env):
    at = run_app("demo-analyst")
    for page in PAGES:
        at.switch_page(page.file).run()
        assert not at.exception, page.file
        assert "**Demo store** · basic plan · you are **Viewer**" in texts(at), page.file


def test_the_identity_picks_the_member_and_a_viewer_changes_nothing(app_env):
    at = run_app("demo-analyst").switch_page("app_pages/assets.py").run()
    assert at.button(key="assets_google_bind").disabled
    assert "As a viewer of this store you can't connect or disconnect assets" in texts(at)
    names = [o for o in at.selectbox(key=runtime.STORE_KEY).options]
    assert names == ["Demo store · Viewer", "Demo outlet · Admin"]


def test_an_owner_adds_changes_and_removes_a_member_on_the_settings_page(app_env):
    at = run_app().switch_page(SETTINGS).run()
    assert not at.exception
    assert "This store is on the **basic** plan." in texts(at)
    at.text_input(key="settings_new_email").input("Pat@Shop.example")
    at.selectbox(key="settings_new_role").set_value(StoreRole.ADMIN)
    at.button(key="settings_add").click().run()
    assert "pat@shop.example may now open this store as Admin." in texts(at)
    store = runtime.database().demo_store_id
    people = {(m.email, m.role) for m in members(store, runtime.database().uow())}
    assert ("pat@shop.example", StoreRole.ADMIN) in people
    at.selectbox(key="settings_role_pat@shop.example").set_value(StoreRole.VIEWER).run()
    assert "pat@shop.example is now Viewer." in texts(at)
    at.button(key="settings_remove_pat@shop.example").click().run()
    assert "Remove **pat@shop.example** from this store?" in texts(at)
    at.button(key="settings_remove_yes_pat@shop.example").click().run()
    assert "pat@shop.example was removed from the store." in texts(at)
    assert "pat@shop.example" not in {m.email for m in members(store, runtime.database().uow())}


def test_the_only_owner_is_kept_and_says_why(app_env):
    at = run_app().switch_page(SETTINGS).run()
    at.selectbox(key=f"settings_role_{DANA.id}").set_value(StoreRole.ADMIN).run()
    assert "is the store's only owner, so they stay owner" in " ".join(e.value for e in at.error)
    store = runtime.database().demo_store_id
    assert (DANA.id, StoreRole.OWNER) in {(m.email, m.role) for m in members(store, runtime.database().uow())}
    assert at.selectbox(key=f"settings_role_{DANA.id}").value == StoreRole.OWNER  # the page shows what holds


def test_a_viewer_sees_the_members_but_cannot_change_them(app_env):
    at = run_app("demo-analyst").switch_page(SETTINGS).run()
    assert not at.exception
    assert "demo@example.com" in texts(at) and "analyst@example.com" in texts(at)
    assert at.selectbox(key=f"settings_role_{DANA.id}").disabled
    assert at.button(key=f"settings_remove_{DANA.id}").disabled
    assert not [b for b in at.button if b.key == "settings_add"]
    assert "you can't change the store's members and settings" in texts(at)
