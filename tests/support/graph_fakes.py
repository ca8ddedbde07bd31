"""Test helpers for the Graph client: a fake transport that answers canned replies and records requests, and a
the shared fake clock (:mod:`tests.support.clock`) as its clock and sleep."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from core.graph import GraphClient, RetryPolicy
from tests.support.clock import FakeClock

BASE = "https://graph.test"
TOKEN = "EAAB-user-token-0123456789"
APP_SECRET = "app-secret-fedcba9876543210"


@dataclass
class Reply:
    status: int = 200
    body: Any = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Sent:
    method: str
    url: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    def param(self, name: str) -> str | None:
        """A parameter from the query or the form body; fails if it was sent more than once."""
        values = self.query.get(name, []) + self.form.get(name, [])
        assert len(values) <= 1, f"{name} sent {len(values)} times"
        return values[0] if values else None

    def batch(self) -> list[dict]:
        return json.loads(self.param("batch") or "[]")


Handler = Callable[[Sent], "Reply | Exception"]


class FakeAdapter(BaseAdapter):
    """Answers each request with the next queued reply, or with ``handler(sent)``; records every request."""

    def __init__(self, replies: Iterable[Reply | Exception] = (), handler: Handler | None = None) -> None:
        super().__init__()
        self.queue = list(replies)
        self.handler = handler
        self.sent: list[Sent] = []
        self.lock = threading.Lock()

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        body = request.body or ""
        if isinstance(body, bytes):
            body = body.decode()
        sent = Sent(request.method or "", request.url or "", parse_qs(urlsplit(request.url).query), parse_qs(body))
        with self.lock:
            self.sent.append(sent)
            reply = self.queue.pop(0) if self.queue else None
        if reply is None:
            assert self.handler is not None, f"unexpected request {sent.method} {sent.path}"
            reply = self.handler(sent)
        if isinstance(reply, Exception):
            raise reply
        response = requests.Response()
        response.status_code = reply.status
        response.headers = CaseInsensitiveDict(reply.headers)
        response._content = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


def make_client(
    adapter: FakeAdapter,
    *,
    app_secret: str | None = APP_SECRET,
    retry: RetryPolicy | None = None,
    clock: FakeClock | None = None,
    token: str = TOKEN,
) -> GraphClient:
    session = requests.Session()
    session.mount(BASE, adapter)
    clock = clock or FakeClock()
    return GraphClient(
        token,
        base_url=BASE,
        app_secret=app_secret,
        session=session,
        retry=retry or RetryPolicy(random=lambda: 0.5),
        clock=clock.monotonic,
        sleep=clock.sleep,
    )


def graph_error(code: int, subcode: int | None = None, message: str = "boom", **extra: Any) -> dict:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "TRACE123", **extra}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


def buc_header(minutes: float, business: str = "123", kind: str = "ads_management") -> dict[str, str]:
    entry = {"type": kind, "call_count": 100, "total_cputime": 10, "total_time": 10,
             "estimated_time_to_regain_access": minutes}  # fmt: skip
    return {"X-Business-Use-Case-Usage": json.dumps({business: [entry]})}
