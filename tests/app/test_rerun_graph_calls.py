"""An unchanged rerun calls Facebook 0 times, on every page and every step of the Connect wizard, for each sandbox
identity (the demo marketer, the read-only analyst, and an expired connection, whose failure is answered from
memory rather than asked again), with the demo world's assets bound. Counted at the transport: every HTTP request
the app sends to Graph."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from core.binding import save_selection
from core.sandbox import DEMO_USER_ID
from tests.app.test_languages import demo_names, english_sentences, shown
from tests.support.ad_volume import demo_selection
from tests.support.apptest import DANA, ENTRY, app_env, in_language, texts
from ui import runtime
from ui.pages import PAGES

__all__ = ["app_env"]

IDENTITIES = ("demo-admin", "demo-analyst", "demo-expired")
WIZARD_STEPS = range(6)


@pytest.fixture
def graph_requests(app_env) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """The demo store with the demo world's Business Manager, ad accounts and Pages bound; every Graph request the
    app sends from now on."""
    db = runtime.database()
    save_selection(db.demo_store_id, demo_selection(), db.uow(), actor=DANA)
    sent: list[str] = []
    hook = lambda response, *args, **kwargs: sent.append(response.request.url)  # noqa: E731
    runtime.http_session().hooks["response"].append(hook)
    yield sent
    runtime.http_session().hooks["response"].remove(hook)


def session(identity: str) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.session_state["demo_identity"] = identity
    return at.run()


@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize("page", [p.file for p in PAGES])
def test_an_unchanged_rerun_of_every_page_calls_facebook_zero_times(graph_requests, identity: str, page: str):
    at = session(identity)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    before = len(graph_requests)
    at.run()
    assert not at.exception, at.exception
    assert graph_requests[before:] == []


@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize("step", WIZARD_STEPS)
def test_an_unchanged_rerun_of_every_wizard_step_calls_facebook_zero_times(graph_requests, identity: str, step: int):
    at = session(identity)
    at.switch_page("app_pages/connect.py").run()
    at.session_state["connect_draft"].step = step
    at.run()
    assert not at.exception, at.exception
    assert f"Step {step + 1} of 6" in " ".join(str(p.proto.text) for p in at.get("progress"))
    before = len(graph_requests)
    at.run()
    assert graph_requests[before:] == []


def identity_script() -> None:
    import streamlit as st

    from ui import graph_reads
    from ui.runtime import graph_client

    who = graph_reads.identity(st.session_state["token"])
    st.markdown(f"{who.user_name}; requests: {graph_client(st.session_state['token']).request_count}")


def test_a_connection_whose_data_access_ended_since_it_was_read_is_read_again_once_not_on_every_rerun(app_env):
    token, _ = runtime.sandbox().mint_token(DEMO_USER_ID, ("ads_read",), None, data_access=timedelta(hours=1))
    at = AppTest.from_function(identity_script, default_timeout=60)
    at.session_state["token"] = token
    at.run()
    assert texts(at).endswith("requests: 2")  # me and debug_token
    now = runtime.clock()
    runtime.set_clock(lambda: now + timedelta(hours=2))  # the data access ended after it was read
    try:
        at.run()
        assert texts(at).endswith("requests: 4")  # read again, once
        at.run()
        at.run()
        assert texts(at).endswith("requests: 4")
    finally:
        runtime.set_clock(None)


@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize("page", [p.file for p in PAGES])
def test_switching_language_calls_facebook_zero_times(graph_requests, identity: str, page: str):
    """What a read keeps holds no words: a failure kept from Facebook speaks the new language without asking again."""
    at = session(identity)
    at.switch_page(page).run()
    before = len(graph_requests)
    with in_language(at, "zh_Hant"):
        assert not at.exception, at.exception
        assert graph_requests[before:] == []
        assert not english_sentences(shown(at), demo_names())
