"""The store's website domain: a store setting, validated, audited, seeded for the demo store, changed by
an owner on the Store settings page."""

from __future__ import annotations

import pytest

from core import startup
from core.activity import ActivityFilter, activity
from core.sandbox.demo_ids import DEMO_STORE_DOMAIN
from core.startup import ensure_demo_store
from core.stores import InvalidWebsiteDomain, set_website_domain, store_website_domain, website_domain
from tests.support.apptest import DANA, app_env, run_app
from tests.support.db import ANN

__all__ = ["app_env"]


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("Shop.Example.com", "shop.example.com"),
        ("  demo-outdoor.example. ", "demo-outdoor.example"),
        ("a.b.c.example", "a.b.c.example"),
    ],
)
def test_a_bare_host_name_is_kept_lower_cased(raw: str, kept: str) -> None:
    assert website_domain(raw) == kept


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("https://shop.example.com", "not a bare domain"),
        ("shop.example.com/products", "not a bare domain"),
        ("shop.example.com:8080", "not a bare domain"),
        ("localhost", "needs at least one dot"),
        ("shop_example.com", "only letters, digits and hyphens"),
        ("-shop.example.com", "only letters, digits and hyphens"),
        ("10.0.0.1", "IP address"),
        ("", "Enter the store's website domain"),
    ],
)
def test_anything_else_is_refused_in_words(raw: str, says: str) -> None:
    with pytest.raises(InvalidWebsiteDomain) as refused:
        website_domain(raw)
    assert says in refused.value.user_message and "shop.example.com" in refused.value.user_message


def test_set_website_domain_keeps_it_and_audits_both_outcomes(uow, store_id, clock) -> None:
    assert store_website_domain(store_id, uow) is None
    assert set_website_domain(store_id, "Shop.Example.com", uow, actor=ANN, clock=clock) == "shop.example.com"
    assert store_website_domain(store_id, uow) == "shop.example.com"
    with pytest.raises(InvalidWebsiteDomain):
        set_website_domain(store_id, "https://other.example/x", uow, actor=ANN, clock=clock)
    assert store_website_domain(store_id, uow) == "shop.example.com"
    entries = activity(store_id, uow, ActivityFilter(actions=["set_website_domain"]))
    assert [(e.result, e.actor_name) for e in entries] == [("refused", "Ann Example"), ("ok", "Ann Example")]
    assert "website domain shop.example.com" in entries[1].detail


def test_the_demo_store_gets_the_sandbox_demo_domain(uow, clock) -> None:
    assert startup.DEMO_STORE_DOMAIN == DEMO_STORE_DOMAIN  # startup writes the literal: it never imports the sandbox
    store = ensure_demo_store(uow, clock=clock)
    assert store_website_domain(store, uow) == DEMO_STORE_DOMAIN
    set_website_domain(store, "shop.demo.example", uow, actor=DANA, clock=clock)
    assert ensure_demo_store(uow, clock=clock) == store
    assert store_website_domain(store, uow) == "shop.demo.example"  # what the marketer set stays set


def test_the_settings_page_shows_and_changes_the_domain(app_env) -> None:
    at = run_app().switch_page("app_pages/settings.py").run()
    assert not at.exception
    assert "Current website domain: **demo-outdoor.example**" in [m.value for m in at.markdown]
    at.text_input(key="store_settings_website_domain").input("https://bad.example/x")
    at.button(key="store_settings_domain_save").click().run()
    assert any("not a bare domain" in e.value for e in at.error)
    at.text_input(key="store_settings_website_domain").input("Shop.Demo-Outdoor.example")
    at.button(key="store_settings_domain_save").click().run()
    assert "The store's website domain is now shop.demo-outdoor.example." in at.success[0].value
    assert "Current website domain: **shop.demo-outdoor.example**" in [m.value for m in at.markdown]


def test_only_an_owner_may_change_the_domain(app_env) -> None:
    """Alex is a viewer of the demo store: the form is disabled with the reason, and the core refuses anyway."""
    at = run_app("demo-analyst").switch_page("app_pages/settings.py").run()
    assert not at.exception
    assert at.text_input(key="store_settings_website_domain").disabled
    assert at.button(key="store_settings_domain_save").disabled
