"""``python -m core.sandbox --host 127.0.0.1 --port 8765 [--world demo|large]``: the sandbox over HTTP.

Faults come from the flags or the ``SANDBOX_*`` environment variables (see :meth:`Faults.from_env`).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from core.sandbox.faults import Faults
from core.sandbox.sandbox import DEFAULT_APP_ID, DEFAULT_REDIRECT_URIS, Sandbox
from core.sandbox.server import make_sandbox_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.sandbox", description="Sandbox Graph API server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--world", default="demo")
    parser.add_argument("--app-id", default=DEFAULT_APP_ID)
    parser.add_argument("--app-secret", default=None, help="when set, appsecret_proof is required")
    parser.add_argument("--seed", type=int, default=None, help="seed of the world and the faults")
    parser.add_argument("--latency-ms", type=int, default=None, help="added once per HTTP request")
    parser.add_argument("--transient-rate", type=float, default=None, help="share of calls failing with 500")
    parser.add_argument("--account-call-budget", type=int, default=None, help="score per ad account per hour")
    parser.add_argument("--token-expiry-after-calls", type=int, default=None)
    parser.add_argument("--lose-answers", type=int, default=None, help="the next N successful writes lose their answer")
    parser.add_argument(
        "--redirect-uri",
        action="append",
        dest="redirect_uris",
        help=f"a Valid OAuth Redirect URI of the app (repeatable; default: {', '.join(DEFAULT_REDIRECT_URIS)})",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    faults = Faults.from_env(
        seed=args.seed,
        latency_ms=args.latency_ms,
        transient_rate=args.transient_rate,
        account_call_budget=args.account_call_budget,
        token_expiry_after_calls=args.token_expiry_after_calls,
        lose_answers=args.lose_answers,
        sleep=time.sleep,
    )
    sandbox = Sandbox(
        args.world,
        app_id=args.app_id,
        app_secret=args.app_secret,
        faults=faults,
        seed=args.seed or 0,
        redirect_uris=tuple(args.redirect_uris or DEFAULT_REDIRECT_URIS),
    )
    server = make_sandbox_server(sandbox, args.host, args.port)
    sys.stdout.write(f"Sandbox Graph API on http://{args.host}:{server.server_port}\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
