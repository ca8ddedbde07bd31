"""Test helpers for ad account admin: a sandbox transport that answers chosen writes with a Graph error the demo
world can't produce by itself (368, 457, 104, 3902, ...), and records every request. (No tests here.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from core.config import SANDBOX_BASE_URL
from core.graph import GraphClient
from core.sandbox import Sandbox
from core.sandbox.errors import GraphError as SandboxError
from core.sandbox.transport import SandboxAdapter
from core.shared import Actor

# Messages as Graph words them (reference 002/004); the app never shows them, it shows its own plain words.
GRAPH_TEXT: dict[int, str] = {
    100: "(#100) Invalid parameter",
    104: "Incorrect signature",
    190: "Invalid OAuth 2.0 Access Token",
    200: "(#200) Permissions error",
    368: "The action attempted has been deemed abusive or is otherwise disallowed",
    415: "Two factor authentication required.",
    457: "The session has an invalid origin",
    2702: "This user can't be added as an admin of this ad account.",
    3902: "There was a technical issue and your new ad account wasn't created. Please try again.",
    3936: "You've already tried to claim this ad account.",
    3944: "Your Business Manager already has access to this object.",
    3979: "You have exceeded the number of allowed ad accounts for your Business Manager at this time.",
    3980: "One or more of the ad accounts in your Business Manager are currently in bad standing or in review.",
    3994: "Personal accounts that do not have any history of activity are not eligible for migration.",
    80004: "There have been too many calls to this ad-account. Wait a bit and try again.",
}


@dataclass
class Injected:
    method: str
    path_end: str
    code: int
    subcode: int | None = None
    times: int = 1


@dataclass
class FaultyWrites(BaseAdapter):
    """Answers from the sandbox, except requests matching an :class:`Injected` fault (method and path ending),
    which get that Graph error body and status. Every request is recorded as ``(method, path)``."""

    sandbox: Sandbox
    faults: list[Injected] = field(default_factory=list)
    sent: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()
        self.inner = SandboxAdapter(self.sandbox)

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        path = requests.utils.urlparse(request.url or "").path.rstrip("/")
        self.sent.append((request.method or "", path))
        for fault in self.faults:
            if fault.times and request.method == fault.method and path.endswith(fault.path_end):
                fault.times -= 1
                return self._error(request, fault)
        return self.inner.send(request, *args, **kwargs)

    def writes(self) -> list[tuple[str, str]]:
        return [s for s in self.sent if s[0] != "GET"]

    @staticmethod
    def _error(request: requests.PreparedRequest, fault: Injected) -> requests.Response:
        error = SandboxError(fault.code, GRAPH_TEXT.get(fault.code, "Error"), subcode=fault.subcode)
        response = requests.Response()
        response.status_code = error.http_status
        response._content = json.dumps(error.body("AtestTrace")).encode()
        response.headers = CaseInsensitiveDict({"Content-Type": "application/json"})
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        self.inner.close()


def faulty_session(sandbox: Sandbox, *faults: Injected) -> tuple[requests.Session, FaultyWrites]:
    session = requests.Session()
    adapter = FaultyWrites(sandbox, list(faults))
    session.mount(SANDBOX_BASE_URL.rstrip("/") + "/", adapter)
    return session, adapter


def install(session: requests.Session, sandbox: Sandbox, *faults: Injected) -> FaultyWrites:
    """Put the faulty transport on an existing session (the app's cached one, in page tests)."""
    adapter = FaultyWrites(sandbox, list(faults))
    session.mount(SANDBOX_BASE_URL.rstrip("/") + "/", adapter)
    return adapter


ANN = Actor("a@example.com", "Ann Example")


@dataclass(frozen=True)
class StoreContext:
    """A store to call use cases for: ``fn(ctx.store_id, inputs…, ctx.uow, **ctx.kw(client))``."""

    store_id: int
    uow: Any
    clock: Callable[[], Any]
    actor: Actor = ANN

    def kw(self, client: Any) -> dict[str, Any]:
        return {"actor": self.actor, "clock": self.clock, "client": client}


# Fixtures for the ad account tests (a module defines its own ``sandbox``); import them by name.
@pytest.fixture
def wire(sandbox: Sandbox) -> tuple[FaultyWrites, requests.Session]:
    session, adapter = faulty_session(sandbox)
    return adapter, session


@pytest.fixture
def client(wire: tuple[FaultyWrites, requests.Session]) -> GraphClient:
    return GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=wire[1], sleep=lambda s: None)


@pytest.fixture
def store(uow: Any, store_id: int, clock: Any) -> StoreContext:
    return StoreContext(store_id, uow, clock)
