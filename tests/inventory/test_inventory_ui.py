"""ui.inventory: one load per token across reruns, an explicit refresh, no token in any cache key, errors shown
and answered from memory for a minute (never kept as an inventory). Driven through AppTest with a tiny script, in
sandbox mode."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.support.apptest import app_env

__all__ = ["app_env"]


def inventory_script() -> None:
    import streamlit as st

    from core.graph import GraphError
    from ui import inventory as ui_inventory
    from ui.runtime import graph_client

    token = st.session_state.get("token", "demo-admin")
    if st.button("Refresh"):
        ui_inventory.refresh_inventory(token)
    try:
        inv = ui_inventory.inventory(token)
    except GraphError as error:
        st.error(error.user_message)
    else:
        st.markdown(f"ad accounts: {len(inv.ad_accounts())}; loaded at {inv.loaded_at.isoformat()}")
    st.markdown(f"requests: {graph_client(token).request_count}")
    st.markdown(f"keys: {' '.join(ui_inventory.store().keys())}")


def markdown(at: AppTest) -> list[str]:
    return [str(m.value) for m in at.markdown]


def test_loaded_once_then_from_the_cache_until_refreshed(app_env) -> None:
    at = AppTest.from_function(inventory_script, default_timeout=60).run()
    assert not at.exception
    first = markdown(at)
    assert first[0].startswith("ad accounts: 18;") and first[1] == "requests: 1"
    assert not at.get("progress"), "the progress bar is gone once the load is done"

    at.run()
    assert markdown(at)[:2] == first[:2]  # same load (same loaded_at), no new request

    at.button[0].click().run()
    again = markdown(at)
    assert again[1] == "requests: 2" and again[0] != first[0]


def test_the_cache_key_is_a_digest_not_the_token(app_env) -> None:
    at = AppTest.from_function(inventory_script, default_timeout=60).run()
    keys = markdown(at)[2].removeprefix("keys: ").split()
    assert len(keys) == 1 and len(keys[0]) == 64 and "demo-admin" not in keys[0]
    assert all(c in "0123456789abcdef" for c in keys[0])


def test_an_expired_token_is_shown_never_kept_as_an_inventory_and_not_asked_again_on_every_rerun(app_env) -> None:
    at = AppTest.from_function(inventory_script, default_timeout=60)
    at.session_state["token"] = "demo-expired"
    at.run()
    assert not at.exception
    assert "Connect your Facebook account again" in at.error[0].value
    assert markdown(at)[-1].strip() == "keys:"
    at.run()
    assert "requests: 1" in markdown(at)  # the same answer for a minute: a rerun does not call Facebook
    assert "Connect your Facebook account again" in at.error[0].value
    at.button[0].click().run()
    assert "requests: 2" in markdown(at)  # Refresh asks Facebook again at once


# ---- the store itself -------------------------------------------------------------------------------------------
def test_store_ages_out_evicts_the_least_recent_and_loads_a_key_once() -> None:
    import threading
    from datetime import UTC, datetime

    from core.inventory import Inventory, InventoryStore

    now = [0.0]
    store = InventoryStore(max_age=60, max_entries=2, clock=lambda: now[0])
    loads: list[str] = []
    gate = threading.Event()

    def loader(name: str):
        def load() -> Inventory:
            loads.append(name)
            gate.wait(5)
            return Inventory(name, name, (), (), (), (), loaded_at=datetime.now(UTC), round_trips=1)

        return load

    threads = [threading.Thread(target=store.get_or_load, args=("a", loader("a"))) for _ in range(4)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
    assert loads == ["a"]  # four reruns at once, one load

    store.get_or_load("b", loader("b"))
    store.get("a")  # "a" is now the most recent
    store.get_or_load("c", loader("c"))
    assert store.keys() == ["a", "c"]  # "b" was the least recently used
    now[0] = 60
    assert store.get("a") is None  # too old
    store.get_or_load("a", loader("a"))
    assert loads == ["a", "b", "c", "a"]


def test_store_answers_a_failed_load_from_memory_for_a_minute_and_forget_asks_again() -> None:
    import pytest

    from core.graph import AuthenticationError
    from core.inventory import InventoryStore

    now = [0.0]
    store = InventoryStore(failure_ttl=60, clock=lambda: now[0])
    calls: list[int] = []

    def failing():  # type: ignore[no-untyped-def]
        calls.append(1)
        raise AuthenticationError("expired", code=190, subcode=463)

    for _ in range(3):
        with pytest.raises(AuthenticationError):
            store.get_or_load("k", failing)
    assert len(calls) == 1 and store.keys() == []
    now[0] = 60
    with pytest.raises(AuthenticationError):
        store.get_or_load("k", failing)
    assert len(calls) == 2  # a minute later: asked again
    store.forget("k")
    with pytest.raises(AuthenticationError):
        store.get_or_load("k", failing)
    assert len(calls) == 3
