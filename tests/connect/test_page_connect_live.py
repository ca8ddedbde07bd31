"""Live mode in AppTest: sign-in to the dashboard, and Facebook Login against the sandbox's Login emulation.

The app runs with live secrets (so its Graph base URL is graph.facebook.com and the dialog is www.facebook.com);
only the transport of its HTTP session is swapped for the sandbox (``mount_sandbox``). The test plays the browser:
it follows the link button to the dialog, answers the consent page, and opens the redirect in a new session.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.fernet import Fernet
from streamlit.testing.v1 import AppTest

from core.binding import AssetKind, bound_asset_list
from core.config import FACEBOOK_DIALOG_URL, Mode, Settings
from core.connection import facebook_connection
from core.sandbox import DEMO_AD_ACCOUNT_ACTIVE, DEMO_BUSINESS_ID_MAIN, DEMO_PAGE_MAIN, DEMO_USER_ID, Sandbox
from core.shared import OPERATOR
from core.startup import open_database
from core.stores import StoreRole, add_member, create_store
from tests.support.apptest import ENTRY, app_env, texts
from tests.support.login import APP_SECRET, REDIRECT_URI, consent, live_session, mount_sandbox
from tests.support.sandbox import FakeClock
from ui import runtime

__all__ = ["app_env"]

KEY = Fernet.generate_key().decode()
MEMBER = "owner@store.example"


class Live:
    """A live-mode deployment (its own database and a sandbox playing Facebook) and browsers to open it."""

    def __init__(self, data_dir: Path) -> None:
        self.clock = FakeClock(datetime.now(UTC))
        self.sandbox = Sandbox(app_secret=APP_SECRET, clock=self.clock)
        self.browser = live_session(self.sandbox)  # what the marketer's browser reaches
        database = open_database(Settings(mode=Mode.LIVE, data_dir=data_dir, secret_key=KEY))
        try:
            self.store_id = create_store(database.uow(), name="Outdoor shop", plan="basic", members=[MEMBER])
            self.other_store = create_store(database.uow(), name="Other shop", plan="basic")
            add_member(self.other_store, "someone@else.example", StoreRole.OWNER, database.uow(), actor=OPERATOR)
        finally:
            database.engine.dispose()
        self.mounted = False

    def secrets(self) -> dict[str, object]:
        return {
            "FB_APP_ID": self.sandbox.app_id,
            "FB_APP_SECRET": APP_SECRET,
            "FB_REDIRECT_URI": REDIRECT_URI,
            "SMART_ADS_SECRET_KEY": KEY,
            "auth": {"redirect_uri": "https://store.example/oauth2callback", "cookie_secret": "x"},
        }

    def open(
        self, email: str | None = MEMBER, query: dict[str, str] | None = None, *, to_connect: bool = True
    ) -> AppTest:
        """A new browser session (signed in as ``email``) that opens the Connect page, with ``query`` in its URL
        as when Facebook redirects to ``FB_REDIRECT_URI``."""
        at = AppTest.from_file(ENTRY, default_timeout=60)
        at.secrets.update(self.secrets())
        at.user = {"is_logged_in": True, "email": email} if email else {"is_logged_in": False}
        at.run()
        self._mount()
        if to_connect:
            at.query_params.update(query or {})
            at.switch_page("app_pages/connect.py").run()
        return at

    def _mount(self) -> None:
        """Swap the transport of the app's live HTTP session (created by the first live run) for the sandbox."""
        if not self.mounted:
            assert runtime.settings().mode is Mode.LIVE
            mount_sandbox(runtime.http_session(), self.sandbox)
            self.mounted = True

    def connection(self):
        database = runtime.database()
        return facebook_connection(self.store_id, database.uow(), cipher=database.cipher)


@pytest.fixture
def live(app_env: Path) -> Iterator[Live]:
    deployment = Live(app_env)
    runtime.set_clock(deployment.clock)  # the app and Facebook share one time
    yield deployment
    runtime.set_clock(None)


def dialog_url(at: AppTest) -> str:
    (button,) = [b for b in at.link_button if "Facebook" in b.proto.label]
    return button.proto.url


def come_back(live: Live, redirect: dict[str, str], email: str = MEMBER) -> AppTest:
    """Facebook's redirect opens a new browser session on the Connect page with ``code`` / ``state``."""
    at = live.open(email, query=redirect)
    assert not at.exception
    return at


def page_and_url(at: AppTest) -> str:
    return texts(at) + repr(at.query_params) + "".join(b.proto.url for b in at.link_button)


def test_success_connects_with_a_long_lived_token_and_leaves_no_token_anywhere(live: Live, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    at = live.open()
    assert not at.exception
    url = dialog_url(at)
    assert url.startswith(f"{FACEBOOK_DIALOG_URL}/v21.0/dialog/oauth?")
    redirect = consent(live.browser, url)

    back = come_back(live, redirect)
    assert back.query_params == {}  # code and state are gone from the URL at once
    assert "Connected Facebook as **Dana Demo**" in "\n".join(s.value for s in back.success)
    assert "Facebook account: **Dana Demo**" in texts(back)
    connection = live.connection()
    assert connection is not None and connection.facebook_user_name == "Dana Demo"
    assert (connection.token_expires_at - live.clock()).days >= 59  # the long-lived token was kept
    for secret in (connection.token, redirect["code"], APP_SECRET):
        assert secret not in page_and_url(back)
        assert secret not in caplog.text
    assert back.button(key="connect_next").disabled is False


def test_wrong_state_is_refused(live: Live) -> None:
    redirect = consent(live.browser, dialog_url(live.open()))
    back = come_back(live, {**redirect, "state": "not-the-state-we-sent"})
    assert "not started from this store's Connect page" in "\n".join(e.value for e in back.error)
    assert live.connection() is None
    assert back.query_params == {}


def test_replayed_state_is_refused(live: Live) -> None:
    redirect = consent(live.browser, dialog_url(live.open()))
    come_back(live, redirect)
    assert live.connection() is not None
    replay = come_back(live, redirect)
    assert "already used, so it was refused" in "\n".join(e.value for e in replay.error)


def test_state_started_for_another_person_is_refused(live: Live) -> None:
    redirect = consent(live.browser, dialog_url(live.open()))
    at = come_back(live, redirect, email="someone@else.example")
    assert "not started from this store's Connect page" in "\n".join(e.value for e in at.error)
    assert live.connection() is None


def test_denied_consent_says_so(live: Live) -> None:
    redirect = consent(live.browser, dialog_url(live.open()), allow=False)
    back = come_back(live, redirect)
    assert "You cancelled the Facebook dialog" in "\n".join(e.value for e in back.error)
    assert live.connection() is None
    assert "Connect with Facebook" in [b.proto.label for b in back.link_button]


def test_missing_scope_is_named_with_a_button_to_ask_again(live: Live) -> None:
    granted = ["ads_read", "business_management", "pages_show_list", "pages_read_engagement"]
    back = come_back(live, consent(live.browser, dialog_url(live.open()), granted=granted))
    warning = "\n".join(w.value for w in back.warning)
    assert "Facebook did not let Smart Ads manage your ads and ad accounts." in warning
    (ask,) = [b for b in back.link_button if b.proto.label == "Ask Facebook again"]
    assert parse_qs(urlsplit(ask.proto.url).query)["auth_type"] == ["rerequest"]
    again = come_back(live, consent(live.browser, ask.proto.url))
    assert "Facebook did not let" not in "\n".join(w.value for w in again.warning)
    assert "ads_management" in live.connection().scopes


def test_expired_token_later_asks_to_reconnect(live: Live) -> None:
    come_back(live, consent(live.browser, dialog_url(live.open())))
    live.clock.advance(days=61)  # the long-lived token has run out
    later = live.open()
    assert not later.exception
    assert "Facebook connection lost" in "\n".join(e.value for e in later.error)
    assert "Reconnect Facebook" in [b.proto.label for b in later.link_button]
    assert later.button(key="connect_next").disabled is True


def test_unknown_email_sees_only_no_access(live: Live) -> None:
    at = live.open(email="stranger@example.com", to_connect=False)
    assert not at.exception
    assert [t.value for t in at.title] == ["No access"]
    assert "stranger@example.com" in texts(at) and "not a member of any store" in texts(at)
    assert "Connect Facebook" not in texts(at) and "Sandbox" not in texts(at)


def test_signed_out_person_is_asked_to_sign_in(live: Live) -> None:
    at = live.open(email=None, to_connect=False)
    assert not at.exception
    assert [t.value for t in at.title] == ["Sign in to Smart Ads Connect"]
    assert [b.label for b in at.button] == ["Sign in"]


def test_member_reaches_the_connect_page(live: Live) -> None:
    at = live.open()
    assert [t.value for t in at.title] == ["Connect Facebook"]
    assert "No Facebook account is connected to this store yet." in texts(at)


def test_live_wizard_binds_with_the_stored_token(live: Live) -> None:
    at = come_back(live, consent(live.browser, dialog_url(live.open())))
    at.button(key="connect_next").click().run()
    at.checkbox(key=f"connect_businesses_{DEMO_BUSINESS_ID_MAIN}").check().run()
    at.button(key="connect_next").click().run()
    at.checkbox(key=f"connect_ad_accounts_act_{DEMO_AD_ACCOUNT_ACTIVE}").check().run()
    for _ in range(2):
        at.button(key="connect_next").click().run()
    at.checkbox(key=f"connect_pages_{DEMO_PAGE_MAIN}").check().run()
    at.button(key="connect_next").click().run()
    at.button(key="connect_save").click().run()
    assert not at.exception
    assert "Saved: 4 assets bound." in "\n".join(s.value for s in at.success)
    database = runtime.database()
    bound = {(v.kind, v.external_id) for v in bound_asset_list(live.store_id, database.uow())}
    assert (AssetKind.AD_ACCOUNT, f"act_{DEMO_AD_ACCOUNT_ACTIVE}") in bound
    assert (AssetKind.FACEBOOK_ACCOUNT, DEMO_USER_ID) in bound
    assert bound_asset_list(live.other_store, database.uow()) == []


def test_connect_page_run_without_the_entry_file_still_refuses_an_unknown_email(live: Live) -> None:
    # Defence in depth: the page guards itself even when its file is run without the entry file.
    at = AppTest.from_file(str(Path(ENTRY).parent / "app_pages" / "connect.py"), default_timeout=60)
    at.secrets.update(live.secrets())
    at.user = {"is_logged_in": True, "email": "stranger@example.com"}
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["No access"]
    assert not at.link_button and "Step 1 of 6" not in texts(at)


def test_token_ending_within_seven_days_is_announced(live: Live) -> None:
    come_back(live, consent(live.browser, dialog_url(live.open())))
    live.clock.advance(days=55)  # 60-day token: 5 days left
    runtime.set_clock(live.clock)
    try:
        later = live.open()
    finally:
        runtime.set_clock(None)
    warnings = "\n".join(w.value for w in later.warning)
    assert "The token ends on" in warnings and "Reconnect Facebook to renew it." in warnings
    assert later.button(key="connect_next").disabled is False  # still usable meanwhile


def test_a_code_without_state_is_refused_and_cleared(live: Live) -> None:
    redirect = consent(live.browser, dialog_url(live.open()))
    back = come_back(live, {"code": redirect["code"]})
    assert "carried no login check value (state)" in "\n".join(e.value for e in back.error)
    assert back.query_params == {} and live.connection() is None


def test_email_case_does_not_matter_for_store_access(live: Live) -> None:
    at = live.open(email=MEMBER.upper())
    assert not at.exception
    assert [t.value for t in at.title] == ["Connect Facebook"]


def test_live_mode_without_an_encryption_key_says_how_to_fix_it(live: Live) -> None:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.secrets.update({k: v for k, v in live.secrets().items() if k != "SMART_ADS_SECRET_KEY"})
    at.user = {"is_logged_in": True, "email": MEMBER}
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Smart Ads Connect is not set up yet"]
    assert "SMART_ADS_SECRET_KEY" in "\n".join(e.value for e in at.error)
