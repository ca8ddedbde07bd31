"""Where this process's Graph calls go, and how: the one place outside ``core/sandbox`` that knows the sandbox.

- Live mode: ``https://graph.facebook.com`` over ordinary HTTP.
- Sandbox mode: the in-process sandbox (its world from ``SMART_ADS_SANDBOX_WORLD``) behind a ``requests``
  transport adapter, so the client's code path is the live one.
- ``GRAPH_BASE_URL`` in either mode: that host over ordinary HTTP (a ``python -m core.sandbox`` server, a proxy).

The app (``ui/runtime.py``) and the background sync's workers (``core/sync``) both open their transport here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import requests

from core.config import Mode, Settings
from core.sandbox import Sandbox, sandbox_session
from core.sandbox.browser import DialogAnswer, answer_dialog
from core.sandbox.sandbox import DEFAULT_APP_ID


@dataclass(frozen=True)
class GraphTransport:
    base_url: str
    session: requests.Session
    sandbox: Sandbox | None = None  # the in-process sandbox, when this process has one

    @property
    def sandbox_app_id(self) -> str:
        """The sandbox's Facebook app (for its Login emulation), in-process or behind ``GRAPH_BASE_URL``."""
        return self.sandbox.app_id if self.sandbox else DEFAULT_APP_ID

    def answer_login_dialog(
        self, dialog_url: str, *, allow: bool, granted: Sequence[str], signed_in: str
    ) -> DialogAnswer:
        """Answer the sandbox's Facebook Login dialog as a browser would (the in-process sandbox is out of a real
        browser's reach; in live mode the person's browser answers Facebook's own dialog)."""
        return answer_dialog(self.session, dialog_url, allow=allow, granted=granted, signed_in=signed_in)


def open_transport(settings: Settings) -> GraphTransport:
    if settings.graph_host or settings.mode is Mode.LIVE:
        return GraphTransport(settings.graph_base_url, requests.Session())
    sandbox = Sandbox(settings.sandbox_world)
    return GraphTransport(settings.graph_base_url, sandbox_session(sandbox), sandbox)
