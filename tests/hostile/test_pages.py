"""Hostile input through the pages themselves (AppTest): the message on the page, no traceback, nothing sent to
Facebook (the sandbox's write count) and nothing changed in the database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from core.sandbox.demo_ids import DEMO_AD_ACCOUNT_ACTIVE
from tests.ad_accounts.test_page_ad_accounts import (
    bind_business,
    choose_settings_account,
    fill_create_form,
    open_page,
    submit,
)
from tests.hostile.support import snapshot
from tests.support.apptest import app_env, run_app, texts
from ui import runtime

__all__ = ["app_env"]

ACTIVE = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"


def claim(at: AppTest) -> AppTest:
    at.text_input(key="aa_claim_id").input("act_٣٠٠٠٠٠٠٠٠٠٠٠٠٠١٤")
    return submit(at, "aa_claim_submit")


def spend_cap(at: AppTest) -> AppTest:
    at = choose_settings_account(at, DEMO_AD_ACCOUNT_ACTIVE)
    at.text_input(key=f"aa_cap_{ACTIVE}").input("1e26")
    return submit(at, "aa_cap_submit")


def create(at: AppTest) -> AppTest:
    return submit(fill_create_form(at, "Spring\x00sale"), "aa_create_submit")


def dsa(at: AppTest) -> AppTest:
    at = choose_settings_account(at, DEMO_AD_ACCOUNT_ACTIVE)
    at.text_input(key=f"aa_dsa_payor_{ACTIVE}").input("P" * 5000)
    at.text_input(key=f"aa_dsa_beneficiary_{ACTIVE}").input("Demo Outdoor Co.")
    return submit(at, "aa_dsa_submit")


def google(at: AppTest) -> AppTest:
    at = at.switch_page("app_pages/assets.py").run()
    at.text_input(key="assets_google_id").input("１２３-４５６-７８９０")
    return submit(at, "assets_google_bind")


def website(at: AppTest) -> AppTest:
    at = at.switch_page("app_pages/settings.py").run()
    at.text_input(key="store_settings_website_domain").input("shop\x00.example")
    return submit(at, "store_settings_domain_save")


CASES: list[tuple[Callable[[AppTest], AppTest], str]] = [
    (claim, "uses digits other than 0-9"),
    (spend_cap, "“1e26” is not an amount"),
    (create, "holds a control or invisible character"),
    (dsa, "DSA payor: keep it to 100 characters or fewer (this has 5,000)"),
    (google, "uses digits other than 0-9"),
    (website, "is not a website domain"),
]


@pytest.mark.parametrize(("action", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_hostile_input_on_a_page_is_refused_in_words_and_changes_nothing(app_env, action, message):
    bind_business()
    at = open_page() if action.__name__ not in ("google", "website") else run_app()
    engine, sandbox = runtime.database().engine, runtime.sandbox()
    before, writes = snapshot(engine), sandbox.write_count
    at = action(at)
    assert not at.exception, at.exception
    shown = "\n".join(e.value for e in at.error)
    assert message in shown and "\x00" not in shown and "Traceback" not in texts(at)
    assert sandbox.write_count == writes
    assert snapshot(engine) == before
