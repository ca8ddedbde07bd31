"""A page's unexpected exception (ui.feedback.boundary around every page): one plain message with a reference
number, the traceback in the server log under that number, never on the page, and the attempted action recorded
as failed in the Activity log, once."""

from __future__ import annotations

import logging
import re

import core.ad_accounts
from core.activity import audit_log
from core.ad_accounts import services
from core.sandbox.demo_ids import DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_PERSONAL
from tests.ad_accounts.test_page_ad_accounts import bind_business, choose_settings_account, open_page, submit
from tests.support.apptest import app_env, texts
from ui import runtime

__all__ = ["app_env"]

ACTIVE = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"
REFERENCE = re.compile(r"reference \*\*([0-9A-F]{8})\*\*")


def shown_reference(at) -> str:
    [error] = [e.value for e in at.error if "Something went wrong on our side" in e.value]
    match = REFERENCE.search(error)
    assert match, error
    return match.group(1)


def assert_plain(at) -> None:
    assert not at.exception, at.exception
    page = texts(at)
    assert "Traceback" not in page and "ZeroDivisionError" not in page and "RuntimeError" not in page


def test_a_failure_inside_a_use_case_is_one_message_one_log_line_one_failed_entry(app_env, monkeypatch, caplog):
    store = bind_business()
    at = choose_settings_account(open_page(), DEMO_AD_ACCOUNT_ACTIVE)

    def broken(raw, currency):
        return 1 / 0

    monkeypatch.setattr(services, "spend_cap_amount", broken)
    at.text_input(key=f"aa_cap_{ACTIVE}").input("100")
    with caplog.at_level(logging.ERROR):
        at = submit(at, "aa_cap_submit")
    assert_plain(at)
    reference = shown_reference(at)
    [entry] = audit_log(store, runtime.database().uow(), actions=["set_spend_cap"])
    assert entry.result == "failed" and f"(reference {reference})" in entry.detail
    logged = [r for r in caplog.records if reference in r.getMessage() and r.exc_info]
    assert logged and logged[0].exc_info[0] is ZeroDivisionError  # the traceback is in the server log


def test_a_failure_while_drawing_records_showing_the_page_as_failed(app_env, monkeypatch):
    store = bind_business()

    def unreadable(*args, **kwargs):
        raise RuntimeError("the list could not be drawn")

    monkeypatch.setattr(core.ad_accounts, "business_ad_accounts", unreadable)
    at = open_page()
    assert_plain(at)
    reference = shown_reference(at)
    [entry] = audit_log(store, runtime.database().uow(), actions=["show_page"])
    assert (entry.result, entry.detail) == ("failed", f"Ad accounts page: unexpected error (reference {reference})")


def test_a_failure_outside_the_use_case_records_the_attempted_action(app_env, monkeypatch):
    store = bind_business()
    at = open_page()

    def claim(*args, **kwargs):  # the page's call itself breaks, before the use case could record anything
        raise RuntimeError("broken call")

    monkeypatch.setattr(core.ad_accounts, "claim", claim)
    at.text_input(key="aa_claim_id").input(f"act_{DEMO_AD_ACCOUNT_PERSONAL}")
    at = submit(submit(at, "aa_claim_submit"), "aa_claim_confirm")
    assert_plain(at)
    reference = shown_reference(at)
    [entry] = audit_log(store, runtime.database().uow(), actions=["claim_ad_account"])
    assert entry.result == "failed" and reference in entry.detail


def test_nothing_is_recorded_when_nothing_failed(app_env):
    store = bind_business()
    at = open_page()
    assert not at.exception and not [e for e in at.error if "Something went wrong" in e.value]
    assert audit_log(store, runtime.database().uow(), actions=["show_page"]) == []
