"""Helpers shared by the Facebook Login tests (no tests here).

``live_session(sandbox)`` is the live-mode HTTP session with only its transport swapped: requests to
``https://graph.facebook.com`` and ``https://www.facebook.com`` are answered by the sandbox in-process, so the
live code path (base URL, ``appsecret_proof``, app credentials) runs unchanged against the Login emulation.
"""

from __future__ import annotations

from collections.abc import Sequence

import requests

from core.config import FACEBOOK_DIALOG_URL, GRAPH_BASE_URL
from core.sandbox import Sandbox
from core.sandbox.browser import answer_dialog
from core.sandbox.transport import SandboxAdapter

APP_SECRET = "live-app-secret"
REDIRECT_URI = "https://store.example/connect"


def mount_sandbox(session: requests.Session, sandbox: Sandbox) -> requests.Session:
    """Answer Facebook's hosts from ``sandbox`` on an existing session (the transport, nothing else)."""
    adapter = SandboxAdapter(sandbox)
    for base in (GRAPH_BASE_URL, FACEBOOK_DIALOG_URL):
        session.mount(base.rstrip("/") + "/", adapter)
    return session


def live_session(sandbox: Sandbox) -> requests.Session:
    return mount_sandbox(requests.Session(), sandbox)


def consent(
    session: requests.Session,
    dialog_url: str,
    *,
    allow: bool = True,
    granted: Sequence[str] | None = None,
    signed_in: str | None = None,
) -> dict[str, str]:
    """The person's browser on the sandbox's consent dialog: the query parameters it is sent back with."""
    said = answer_dialog(session, dialog_url, allow=allow, granted=granted, signed_in=signed_in)
    assert said.redirect is not None, f"the dialog answered HTTP {said.status} instead of redirecting"
    return said.redirect
