"""Where the app's Graph calls go (core.transport): the in-process sandbox on the world SMART_ADS_SANDBOX_WORLD
names, or another Graph host through GRAPH_BASE_URL — here a real ``python -m core.sandbox`` server, which the app
asks exactly what it asks the in-process sandbox."""

from __future__ import annotations

import collections
import logging
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import streamlit as st

from core.config import PROJECT_ROOT
from core.sandbox.transport import SandboxAdapter
from tests.support.apptest import LIVE_SETTINGS, run_app, texts
from ui import runtime

LINE = re.compile(r"^(GET|POST|DELETE) (\S+) (\d{3}) ")
Request = tuple[str, str]


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    for name in (*LIVE_SETTINGS, "GRAPH_BASE_URL", "SMART_ADS_SANDBOX_WORLD"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield monkeypatch
    st.cache_resource.clear()
    st.cache_data.clear()


def _walk() -> None:
    """What a marketer opens: Home, then the Connect wizard's Business Managers step."""
    at = run_app()
    assert not at.exception, at.exception
    assert "Connected as **Dana Demo**" in texts(at)
    at.switch_page("app_pages/connect.py").run()
    at.button(key="connect_next").click().run()
    assert not at.exception, at.exception
    assert any("Demo Outdoor Co." in box.label for box in at.checkbox)


def test_the_app_runs_on_the_world_the_environment_names(fresh: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fresh.setenv("SMART_ADS_DATA_DIR", str(tmp_path))
    fresh.setenv("SMART_ADS_SANDBOX_WORLD", "large")
    at = run_app()
    assert not at.exception, at.exception
    world = runtime.sandbox().world
    assert world.name == "large" and len(world.ad_accounts) == 2000
    at.switch_page("app_pages/connect.py").run()
    at.button(key="connect_next").click().run()
    shown = " ".join(box.label for box in at.checkbox)
    assert all(b.name in shown for b in world.businesses.values())


def test_through_graph_base_url_the_app_asks_a_sandbox_server_what_it_asks_in_process(
    fresh: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    in_process: list[Request] = []
    send = SandboxAdapter.send

    def recording(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        in_process.append((request.method or "", urlsplit(request.url or "").path))
        return send(self, request, *args, **kwargs)

    fresh.setattr(SandboxAdapter, "send", recording)
    fresh.setenv("SMART_ADS_DATA_DIR", str(tmp_path / "in-process"))
    _walk()
    fresh.undo()  # the environment and SandboxAdapter as they were; then the same walk over HTTP

    st.cache_resource.clear()
    st.cache_data.clear()
    server = subprocess.Popen(
        [sys.executable, "-m", "core.sandbox", "--port", "0"],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip().rsplit(" ", 1)[-1]
        with pytest.MonkeyPatch.context() as env:
            for name in (*LIVE_SETTINGS, "SMART_ADS_SANDBOX_WORLD"):
                env.delenv(name, raising=False)
            env.setenv("SMART_ADS_DATA_DIR", str(tmp_path / "over-http"))
            env.setenv("GRAPH_BASE_URL", base_url)
            _walk()
            assert runtime.sandbox() is None  # nothing in-process: every call went to the server
    finally:
        server.terminate()
        _, log = server.communicate(timeout=10)
        st.cache_resource.clear()
        st.cache_data.clear()
    over_http = [(m.group(1), urlsplit(m.group(2)).path) for m in map(LINE.match, log.splitlines()) if m]
    assert over_http, log
    assert collections.Counter(over_http) == collections.Counter(in_process)
    logging.getLogger(__name__).info("%d Graph requests, the same both ways", len(over_http))
