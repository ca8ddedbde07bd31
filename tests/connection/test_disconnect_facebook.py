"""Disconnecting the store's Facebook account: the binding's cascade, the token forgotten, and the app's access
removed on Facebook (``DELETE /me/permissions``) when the token still works; with a dead token or Facebook out of
reach it still disconnects here, and the revoke's outcome is audited and said."""

from __future__ import annotations

import pytest
import requests

from core.activity import audit_log
from core.binding import AssetKind, AssetNotFound, bound_asset_list, save_selection
from core.config import SANDBOX_BASE_URL
from core.connection import disconnect_facebook
from core.graph import GraphClient
from core.sandbox import Sandbox, sandbox_session
from core.shared import Actor
from tests.support.ad_volume import demo_selection

ANN = Actor("a@example.com", "Ann Example")


@pytest.fixture
def sandbox(clock) -> Sandbox:
    return Sandbox("demo", clock=clock)


def client(sandbox: Sandbox, token: str) -> GraphClient:
    return GraphClient(token, base_url=SANDBOX_BASE_URL, session=sandbox_session(sandbox), sleep=lambda s: None)


def bind(store_id, uow, clock) -> None:
    save_selection(store_id, demo_selection(), uow, actor=ANN, clock=clock)


def debug(sandbox: Sandbox, token: str) -> dict:
    session = sandbox_session(sandbox)
    app_token = f"{sandbox.app_id}|any-secret"
    answer = session.get(f"{SANDBOX_BASE_URL}/debug_token", params={"input_token": token, "access_token": app_token})
    return answer.json()["data"]


def test_a_working_token_is_revoked_on_facebook_and_everything_is_unbound(store_id, uow, clock, sandbox) -> None:
    bind(store_id, uow, clock)
    done = disconnect_facebook(store_id, uow, actor=ANN, clock=clock, client=client(sandbox, "demo-admin"))
    assert done.revoked and done.why == "Facebook removed the app's access for this Facebook account."
    assert done.plan.clears_facebook_connection and len(done.plan.assets) == 1 + 1 + 3 + 3
    assert bound_asset_list(store_id, uow) == []
    assert sandbox.tokens["demo-admin"].invalidated == 458  # the person's grant to the app is gone
    assert debug(sandbox, "demo-admin")["is_valid"] is False
    [revoke] = [e for e in audit_log(store_id, uow) if e.action == "revoke_facebook"]
    assert (revoke.result, revoke.target_kind, revoke.detail) == ("ok", "facebook_account", done.why)
    assert sum(e.action == "unbind" for e in audit_log(store_id, uow)) == 8  # the binding cascade's own rows


def test_a_dead_token_still_disconnects_locally_and_says_why(store_id, uow, clock, sandbox) -> None:
    bind(store_id, uow, clock)
    done = disconnect_facebook(store_id, uow, actor=ANN, clock=clock, client=client(sandbox, "demo-expired"))
    assert not done.revoked and "no longer accepted the connection (expired or already removed)" in done.why
    assert bound_asset_list(store_id, uow) == []
    assert sandbox.tokens["demo-admin"].invalidated is None


class _Unreachable(requests.adapters.BaseAdapter):
    def send(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise requests.ConnectionError("network down")

    def close(self) -> None:
        return None


def test_facebook_out_of_reach_still_disconnects_and_the_failed_revoke_is_audited(store_id, uow, clock) -> None:
    bind(store_id, uow, clock)
    session = requests.Session()
    session.mount("http://", _Unreachable())
    offline = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=session, sleep=lambda s: None)
    done = disconnect_facebook(store_id, uow, actor=ANN, clock=clock, client=offline)
    assert not done.revoked and done.why.startswith("Facebook could not be asked to remove the app")
    assert [a.kind for a in bound_asset_list(store_id, uow)] == []
    [revoke] = [e for e in audit_log(store_id, uow) if e.action == "revoke_facebook"]
    assert revoke.result == "failed"
    assert offline.request_count <= 1  # sent once, never retried


def test_without_a_facebook_account_nothing_happens(store_id, uow, clock, sandbox) -> None:
    with pytest.raises(AssetNotFound):
        disconnect_facebook(store_id, uow, actor=ANN, clock=clock, client=client(sandbox, "demo-admin"))
    assert sandbox.tokens["demo-admin"].invalidated is None
    assert AssetKind.FACEBOOK_ACCOUNT not in {a.kind for a in bound_asset_list(store_id, uow)}


def test_a_new_login_of_the_person_lets_the_sandbox_demo_identity_work_again(sandbox) -> None:
    sandbox.revoke_app(sandbox.world.marketer_id)
    assert sandbox.tokens["demo-admin"].invalidated == 458
    sandbox.reauthorize_demo_tokens(sandbox.world.marketer_id)
    assert sandbox.tokens["demo-admin"].invalidated is None
