"""Serve a sandbox over real HTTP (werkzeug's threaded server), in a thread for tests or from the CLI.

Each request is logged as one line on the ``core.sandbox.http`` logger: method, path, status and duration, with
every token, proof, secret and Login code in the query replaced by ``REDACTED``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from core.sandbox.sandbox import Sandbox
from core.sandbox.wire import redact

request_log = logging.getLogger("core.sandbox.http")


class RedactingRequestHandler(WSGIRequestHandler):
    """werkzeug's handler with one redacted line per request instead of its access log."""

    def run_wsgi(self) -> None:
        self.started = time.perf_counter()
        super().run_wsgi()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        elapsed_ms = (time.perf_counter() - getattr(self, "started", time.perf_counter())) * 1000
        path = redact(getattr(self, "path", ""))
        request_log.info("%s %s %s %.1fms", getattr(self, "command", "-"), path, code, elapsed_ms)


def make_sandbox_server(sandbox: Sandbox, host: str, port: int) -> BaseWSGIServer:
    return make_server(host, port, sandbox.wsgi_app, threaded=True, request_handler=RedactingRequestHandler)


def serve_in_thread(sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> tuple[str, Callable[[], None]]:
    """Start serving in a daemon thread; returns the base URL and a function that stops the server."""
    server = make_sandbox_server(sandbox, host, port)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="sandbox-graph-api", daemon=True
    )
    thread.start()
    base_url = f"http://{host}:{server.server_port}"

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return base_url, stop
