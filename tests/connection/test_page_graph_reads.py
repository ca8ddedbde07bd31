"""Pages read Facebook once, not on every rerun: a widget interaction is served from ``ui.graph_reads``, and a
write on the page makes the next run read Facebook again."""

from __future__ import annotations

from core.sandbox.demo_ids import DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_PERSONAL, DEMO_PERSON_SELLER
from tests.ad_accounts.test_page_ad_accounts import PAGE as AD_ACCOUNTS
from tests.ad_accounts.test_page_ad_accounts import bind_business, open_page, submit
from tests.permissions.test_page_permissions import PAGE as PERMISSIONS
from tests.permissions.test_page_permissions import column, edit, row_of, seed
from tests.support.apptest import app_env, run_app, texts
from ui import runtime

__all__ = ["app_env"]


def test_ad_accounts_rerun_reads_nothing_and_a_write_reads_again(app_env):
    bind_business()
    at = open_page()
    client = runtime.graph_client("demo-admin")
    before = client.request_count
    at.run()  # any widget interaction reruns the page
    assert client.request_count == before
    at.text_input(key="aa_claim_id").input(f"act_{DEMO_AD_ACCOUNT_PERSONAL}")
    at = submit(submit(at, "aa_claim_submit"), "aa_claim_confirm")
    assert client.request_count > before + 1  # the claim, then the list and the settings read again
    assert f"act_{DEMO_AD_ACCOUNT_PERSONAL}" in at.dataframe[0].value["ID"].tolist()
    after_write = client.request_count
    at.run()
    assert client.request_count == after_write
    assert "Traceback" not in texts(at)


def test_home_asks_facebook_who_the_token_is_once_not_on_every_rerun(app_env):
    at = run_app()
    client = runtime.graph_client("demo-admin")
    before = client.request_count
    at.run()
    assert client.request_count == before
    assert "Connected as **Dana Demo**" in texts(at) and "Connection: Valid" in texts(at)


def test_home_keeps_each_sandbox_identity_apart(app_env):
    at = run_app()
    assert "Connection: Valid" in texts(at)
    at.session_state["demo_identity"] = "demo-expired"
    at.run()
    assert "Facebook connection lost" in " ".join(e.value for e in at.error)


def test_a_permissions_apply_makes_the_ad_accounts_page_read_facebook_again(app_env):
    seed(DEMO_AD_ACCOUNT_ACTIVE)
    at = open_page()  # Ad accounts: its reads are now cached
    at.switch_page(PERMISSIONS).run()
    seller = row_of(at, DEMO_PERSON_SELLER)
    at = edit(at, {seller: {column(DEMO_AD_ACCOUNT_ACTIVE): "Admin"}})
    at.button(key="permissions_review").click().run()
    at.button(key="permissions_apply").click().run()
    assert not at.exception
    client = runtime.graph_client("demo-admin")
    before = client.request_count
    at.switch_page(AD_ACCOUNTS).run()
    assert not at.exception
    assert client.request_count > before


def test_home_check_again_asks_facebook_now_and_notices_an_invalidated_token(app_env):
    at = run_app()
    assert "Connection: Valid" in texts(at)
    runtime.sandbox().invalidate_token("demo-admin", "password_changed")  # the person changed their password
    at.run()
    assert "Connection: Valid" in texts(at)  # still Facebook's earlier answer, kept for a few minutes
    next(b for b in at.button if b.label == "Check the connection again").click()
    at.run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Facebook connection lost" in errors
    assert "Reconnect Facebook" in texts(at)
