"""Fixtures and helpers shared by the sandbox tests (kept out of conftest.py on purpose).
Fixture names start with ``sbx`` so they cannot shadow anyone else's.

``sbx_graph`` runs each contract test twice: through the in-process adapter and over real loopback HTTP.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from core.config import SANDBOX_BASE_URL
from core.sandbox import Sandbox, sandbox_session, serve_in_thread
from tests.support.clock import FakeClock

VERSION = "v21.0"
FIXED_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


class Graph:
    """A thin ``requests`` wrapper: ``graph.get("me", fields="id")`` → Response (any transport)."""

    def __init__(self, session: requests.Session, base_url: str, sandbox: Sandbox) -> None:
        self.session, self.base_url, self.sandbox = session, base_url, sandbox
        self.token: str | None = "demo-admin"

    def url(self, path: str, version: str | None = VERSION) -> str:
        prefix = f"/{version}" if version else ""
        return f"{self.base_url}{prefix}/{path.lstrip('/')}"

    def _params(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.token is not None and "access_token" not in params:
            params = {"access_token": self.token, **params}
        return {k: v for k, v in params.items() if v is not None}

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(self.url(path), params=self._params(params), timeout=10)

    def post(self, path: str, **data: Any) -> requests.Response:
        return self.session.post(self.url(path), data=self._params(data), timeout=10)

    def delete(self, path: str, **params: Any) -> requests.Response:
        return self.session.delete(self.url(path), params=self._params(params), timeout=10)


def proof(token: str, secret: str) -> str:
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def error_of(response: requests.Response) -> dict[str, Any]:
    body = response.json()
    assert "error" in body, body
    assert response.status_code >= 400, "Graph never answers an error with 200"
    return body["error"]


@pytest.fixture
def sbx_clock() -> FakeClock:
    return FakeClock(FIXED_NOW)


@pytest.fixture
def sbx(sbx_clock: FakeClock) -> Sandbox:
    return Sandbox("demo", clock=sbx_clock)


@pytest.fixture
def sbx_inprocess(sbx: Sandbox) -> Graph:
    return Graph(sandbox_session(sbx), SANDBOX_BASE_URL, sbx)


@pytest.fixture
def sbx_http(sbx: Sandbox) -> Iterator[Graph]:
    base_url, stop = serve_in_thread(sbx)
    try:
        yield Graph(requests.Session(), base_url, sbx)
    finally:
        stop()


@pytest.fixture(params=["inprocess", "http"])
def sbx_graph(request: pytest.FixtureRequest, sbx: Sandbox) -> Iterator[Graph]:
    """The same contract test, in-process and over loopback HTTP."""
    if request.param == "inprocess":
        yield Graph(sandbox_session(sbx), SANDBOX_BASE_URL, sbx)
        return
    base_url, stop = serve_in_thread(sbx)
    try:
        yield Graph(requests.Session(), base_url, sbx)
    finally:
        stop()


@dataclass
class CurlAnswer:
    status: int
    headers: dict[str, str]  # lower-cased names; the last value of a repeated header
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


def curl(*args: str) -> CurlAnswer:
    """Run the real ``curl`` (no shell) and split its answer: ``curl("-G", "-d", "access_token=x", url)``."""
    done = subprocess.run(
        ["curl", "-sS", "--max-time", "20", "-D", "-", *args], capture_output=True, text=True, timeout=30, check=True
    )
    head, _, text = done.stdout.partition("\n\n")  # text mode turned the CRLFs into newlines
    while head.startswith("HTTP/1.1 100"):  # curl -F may get a 100 Continue first
        head, _, text = text.partition("\n\n")
    status_line, *lines = head.split("\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return CurlAnswer(int(status_line.split()[1]), headers, text)
