"""Serve a sandbox over real HTTP (werkzeug's threaded server), in a thread for tests or from the CLI."""

from __future__ import annotations

import threading
from collections.abc import Callable

from werkzeug.serving import make_server

from core.sandbox.sandbox import Sandbox


def serve_in_thread(
    sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0
) -> tuple[str, Callable[[], None]]:
    """Start serving in a daemon thread; returns the base URL and a function that stops the server."""
    server = make_server(host, port, sandbox.wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="sandbox-graph-api", daemon=True)
    thread.start()
    base_url = f"http://{host}:{server.server_port}"

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return base_url, stop
