"""Serve a sandbox over real HTTP (werkzeug's threaded server), in a thread for tests or from the CLI."""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from core.sandbox.sandbox import Sandbox

SECRET_PARAMS = frozenset(
    {"access_token", "appsecret_proof", "client_secret", "code", "fb_exchange_token", "input_token"}
)


def redact(path: str) -> str:
    """A request path with every token, secret, proof and code in its query replaced."""
    url = urlsplit(path)
    query = [(k, "REDACTED" if k in SECRET_PARAMS else v) for k, v in parse_qsl(url.query, True)]
    return url.path + (f"?{urlencode(query)}" if query else "")


class RedactingRequestHandler(WSGIRequestHandler):
    """werkzeug's request log line, without the secrets a Graph query string carries."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.log("info", '"%s %s" %s', self.command, redact(self.path), code)


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
