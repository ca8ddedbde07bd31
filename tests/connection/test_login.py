"""Facebook Login as core (no Streamlit): the live code path against the sandbox's Login emulation.

The Graph client is the live one (graph.facebook.com, app secret, appsecret_proof); only the session's transport
answers from the sandbox (tests/test_login_support.py).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.orm import sessionmaker

from core.activity import audit_log
from core.config import DEFAULT_GRAPH_VERSION, FACEBOOK_DIALOG_URL, GRAPH_BASE_URL, REQUIRED_SCOPES
from core.connection import (
    ConsentDenied,
    LoginApp,
    LoginStates,
    StateRefused,
    facebook_connection,
    finish_login,
    is_login_return,
    start_login,
)
from core.db.crypto import TokenCipher
from core.graph import GraphClient, InvalidRequestError
from core.sandbox import DEMO_USER_ID, Sandbox
from core.shared import OPERATOR, Actor
from core.stores import NotAMember, StoreRole, add_member, create_store
from tests.support.db import DatabaseHandle, FakeClock
from tests.support.login import APP_SECRET, REDIRECT_URI, consent, live_session


class Flow:
    """One store, the live app configuration, and the sandbox playing Facebook (and the browser)."""

    def __init__(self, db: DatabaseHandle, clock: FakeClock) -> None:
        self.clock = clock
        self.sandbox = Sandbox(app_secret=APP_SECRET, clock=clock)
        self.session = live_session(self.sandbox)
        self.app = LoginApp(self.sandbox.app_id, APP_SECRET, REDIRECT_URI, FACEBOOK_DIALOG_URL, DEFAULT_GRAPH_VERSION)
        self.client = GraphClient("", base_url=GRAPH_BASE_URL, app_secret=APP_SECRET, session=self.session)
        self.db = db
        self.states = LoginStates(sessionmaker(db.engine), clock=clock)
        self.cipher = TokenCipher(Fernet.generate_key())
        self.store_id = create_store(db.uow(), name="Store", plan="basic", members=["m@example.com"], clock=clock)
        self.person = "m@example.com"

    def start(self, **kwargs: object) -> str:
        return start_login(self.store_id, self.states, self.app, actor=Actor(self.person), **kwargs)  # type: ignore[arg-type]

    def finish(self, params: dict[str, str], store_id: int | None = None, person: str | None = None):
        return finish_login(
            store_id or self.store_id,
            params,
            self.db.uow(),
            actor=Actor(person or self.person),
            clock=self.clock,
            client=self.client,
            states=self.states,
            app=self.app,
            cipher=self.cipher,
        )

    def connection(self):
        return facebook_connection(self.store_id, self.db.uow(), cipher=self.cipher)


@pytest.fixture
def flow(db: DatabaseHandle, clock: FakeClock) -> Flow:
    return Flow(db, clock)


def test_dialog_url_points_at_facebook_with_the_scopes_and_a_random_state(flow: Flow) -> None:
    first, second = flow.start(), flow.start()
    parts = urlsplit(first)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}" == FACEBOOK_DIALOG_URL
    assert parts.path == f"/{DEFAULT_GRAPH_VERSION}/dialog/oauth"
    assert query["client_id"] == flow.sandbox.app_id and query["redirect_uri"] == REDIRECT_URI
    assert query["scope"].split(",") == list(REQUIRED_SCOPES) and "auth_type" not in query
    assert len(query["state"]) >= 40 and query["state"] != parse_qs(urlsplit(second).query)["state"][0]
    assert flow.states.pending(flow.store_id) == 2
    assert parse_qs(urlsplit(flow.start(ask_again=True)).query)["auth_type"] == ["rerequest"]


def test_success_keeps_a_long_lived_encrypted_token_with_scopes_and_expiry(flow: Flow, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    redirect = consent(flow.session, flow.start())
    assert is_login_return(redirect)
    result = flow.finish(redirect)
    assert result.user_id == DEMO_USER_ID and result.user_name == "Dana Demo"
    assert set(result.scopes) == set(REQUIRED_SCOPES) and result.missing_scopes == ()
    # long-lived: about 60 days, not the 2 hours of the code exchange
    assert result.expires_at is not None and result.expires_at - flow.clock() > timedelta(days=59)
    assert result.data_access_expires_at is not None
    stored = flow.connection()
    assert stored is not None and stored.facebook_user_name == "Dana Demo"
    assert flow.sandbox.tokens[stored.token].expires_at == result.expires_at
    assert stored.token not in repr(result) and stored.token not in caplog.text
    assert redirect["code"] not in caplog.text
    [entry] = [e for e in audit_log(flow.store_id, flow.db.uow()) if e.action == "connect_facebook"]
    assert (entry.result, entry.target_id, entry.actor) == ("ok", DEMO_USER_ID, flow.person)  # the use case wrote it


def test_wrong_state_is_refused_and_nothing_is_connected(flow: Flow) -> None:
    redirect = consent(flow.session, flow.start())
    with pytest.raises(StateRefused, match="not started from this store's Connect page"):
        flow.finish({**redirect, "state": "forged-state"})
    with pytest.raises(StateRefused, match="no login check value"):
        flow.finish({"code": redirect["code"]})
    assert flow.connection() is None


def test_replayed_state_is_refused(flow: Flow) -> None:
    redirect = consent(flow.session, flow.start())
    flow.finish(redirect)
    with pytest.raises(StateRefused, match="already used"):
        flow.finish(redirect)


def test_a_reused_login_code_says_what_happened_and_what_to_do(flow: Flow) -> None:
    """The code of a finished login comes back with a fresh state (a reload of an old return URL): Facebook
    answers 100/36009, which the marketer reads as a used login link, not as a value they entered."""
    first = consent(flow.session, flow.start())
    flow.finish(first)
    fresh = consent(flow.session, flow.start())
    with pytest.raises(InvalidRequestError) as caught:
        flow.finish({"code": first["code"], "state": fresh["state"]})
    assert (caught.value.code, caught.value.subcode) == (100, 36009)
    assert caught.value.user_message.startswith("This Facebook login link was already used")
    assert "start a new Facebook login" in caught.value.user_message and "you entered" not in caught.value.user_message


def test_state_of_another_store_or_person_is_refused(flow: Flow) -> None:
    other = create_store(flow.db.uow(), name="Other", plan="basic", members=[flow.person], clock=flow.clock)
    add_member(flow.store_id, "colleague@example.com", StoreRole.ADMIN, flow.db.uow(), actor=OPERATOR)
    redirect = consent(flow.session, flow.start())
    with pytest.raises(StateRefused):
        flow.finish(redirect, store_id=other)  # the person's other store
    with pytest.raises(StateRefused):
        flow.finish(redirect, person="colleague@example.com")  # a colleague in the same store
    with pytest.raises(NotAMember):
        flow.finish(redirect, person="intruder@example.com")  # not even a member
    assert flow.finish(redirect).user_id == DEMO_USER_ID  # the refusals did not use it up


def test_expired_state_is_refused(flow: Flow) -> None:
    redirect = consent(flow.session, flow.start())
    flow.clock.advance(minutes=11)
    with pytest.raises(StateRefused, match="expired"):
        flow.finish(redirect)


def test_denied_consent_says_so_and_uses_the_state(flow: Flow) -> None:
    redirect = consent(flow.session, flow.start(), allow=False)
    assert redirect["error"] == "access_denied" and "code" not in redirect
    with pytest.raises(ConsentDenied, match="You cancelled the Facebook dialog"):
        flow.finish(redirect)
    with pytest.raises(StateRefused, match="already used"):
        flow.finish(redirect)
    assert flow.connection() is None


def test_missing_scopes_are_named_and_asking_again_grants_them(flow: Flow) -> None:
    partial = [s for s in REQUIRED_SCOPES if s not in ("ads_management", "pages_read_engagement")]
    result = flow.finish(consent(flow.session, flow.start(), granted=partial))
    assert result.missing_scopes == ("ads_management", "pages_read_engagement")
    assert flow.connection().scopes == tuple(sorted(partial))  # type: ignore[union-attr]
    again = flow.finish(consent(flow.session, flow.start(ask_again=True)))
    assert again.missing_scopes == ()
    assert set(flow.connection().scopes) == set(REQUIRED_SCOPES)  # type: ignore[union-attr]


def test_a_used_code_is_refused_by_facebook(flow: Flow) -> None:
    redirect = consent(flow.session, flow.start())
    flow.finish(redirect)
    fresh_state = parse_qs(urlsplit(flow.start()).query)["state"][0]
    with pytest.raises(InvalidRequestError):
        flow.finish({**redirect, "state": fresh_state})


def test_two_racing_returns_with_one_state_connect_once(flow: Flow) -> None:
    state = parse_qs(urlsplit(flow.start()).query)["state"][0]
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def consume() -> None:
        start.wait()
        try:
            flow.states.consume(state, flow.store_id, flow.person)
            outcomes.append("ok")
        except StateRefused:
            outcomes.append("refused")

    threads = [threading.Thread(target=consume) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
