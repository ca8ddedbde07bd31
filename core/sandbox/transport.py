"""Run ``requests`` through the sandbox in-process: no socket, same wire contract.

``sandbox_session(sandbox)`` mounts :class:`SandboxAdapter` for :data:`core.config.SANDBOX_BASE_URL`, so a
Graph client with base URL ``http://sandbox.local`` works unchanged while every other URL uses the normal
adapters.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from werkzeug.test import EnvironBuilder, run_wsgi_app

from core.config import SANDBOX_BASE_URL
from core.sandbox.faults import AnswerLost
from core.sandbox.sandbox import Sandbox


class SandboxAdapter(BaseAdapter):
    """A transport adapter answering every request from the sandbox's WSGI app."""

    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__()
        self.sandbox = sandbox

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        url = urlsplit(request.url or "")
        body = request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        if body is not None and not isinstance(body, bytes):  # a file-like or generator body
            body = body.read() if hasattr(body, "read") else b"".join(body)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        builder = EnvironBuilder(
            path=url.path or "/",
            base_url=f"{url.scheme}://{url.netloc}",
            query_string=url.query,
            method=request.method or "GET",
            headers=headers,
            data=body or b"",
        )
        try:
            environ = builder.get_environ()
        finally:
            builder.close()
        try:
            app_iter, status, response_headers = run_wsgi_app(self.sandbox.wsgi_app, environ, buffered=True)
        except AnswerLost as lost:  # as over HTTP: the connection closed without a response
            raise requests.ConnectionError(f"Connection aborted: {lost}", request=request) from None
        content = b"".join(app_iter)
        response = requests.Response()
        response.status_code = int(status.split(" ", 1)[0])
        response.reason = status.split(" ", 1)[1] if " " in status else ""
        response.headers = CaseInsensitiveDict(response_headers.items())
        response.encoding = get_encoding_from_headers(response.headers)
        response.raw = BytesIO(content)
        response._content = content
        response.url = request.url or ""
        response.request = request
        response.connection = self
        return response

    def close(self) -> None:
        """Nothing to release: there is no connection pool."""


def sandbox_session(sandbox: Sandbox, base_url: str = SANDBOX_BASE_URL) -> requests.Session:
    """A ``requests.Session`` whose calls to ``base_url`` are answered in-process by ``sandbox``."""
    session = requests.Session()
    session.mount(base_url.rstrip("/") + "/", SandboxAdapter(sandbox))
    return session
