"""Running pages with ``streamlit.testing.v1.AppTest`` in an isolated sandbox-mode app.

Import the ``app_env`` fixture into a test module to use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from core.shared import Actor
from core.shared.viewer import viewing_as
from core.startup import DEMO_MEMBER

DANA = Actor(DEMO_MEMBER, "Dana Demo")  # the demo stores' owner, behind the demo-admin identity

ENTRY = str(Path(__file__).resolve().parents[2] / "dashboard.py")
LIVE_SETTINGS = ("FB_APP_ID", "FB_APP_SECRET", "FB_REDIRECT_URI", "DATABASE_URL", "SMART_ADS_SECRET_KEY")


@pytest.fixture
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Sandbox mode with its own data folder; the process-wide Streamlit caches start and end empty."""
    for name in LIVE_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SMART_ADS_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield tmp_path
    st.cache_resource.clear()
    st.cache_data.clear()


def run_app(identity: str | None = None, store_id: int | None = None) -> AppTest:
    """The app as a new browser session: acting as a sandbox ``identity``, showing ``store_id`` when given."""
    at = AppTest.from_file(ENTRY, default_timeout=60)
    if identity:
        at.session_state["demo_identity"] = identity
    if store_id is not None:
        at.session_state["store_id"] = store_id
    return at.run()


def texts(at: AppTest) -> str:
    """Everything a marketer can read on the page, as one string."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader"):
        parts.extend(str(e.value) for e in getattr(at, kind))
    parts.extend(f"{m.label}: {m.value}" for m in at.metric)
    return "\n".join(parts)


def in_language(at: AppTest, language: str) -> AbstractContextManager[None]:
    """Choose ``language`` in the sidebar. AppTest labels the page's choices in the test's own thread, so the
    test reads in that language too while it goes on (the app labels them in its script run)."""
    at.selectbox(key="language").select(language).run()
    return viewing_as(locale=language)
