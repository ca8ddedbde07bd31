"""The WSGI face of the sandbox: Graph's wire contract (docs/RULES.md, "The sandbox").

One HTTP request pays the injected latency once, then is one :class:`GraphCall` (or a batch of them, see
:mod:`core.sandbox.batch`). Each call: check the version, authenticate, check ``appsecret_proof``, run the faults
hook, resolve the node, check the call budget, answer from the node table or a write handler, and put the usage
headers on whatever comes out, errors included.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from core.sandbox import oauth
from core.sandbox.batch import run_batch
from core.sandbox.errors import GraphError, me_without_user, missing_token, new_trace_id
from core.sandbox.faults import AnswerLost
from core.sandbox.graph_fields import NodeType
from core.sandbox.nodes import NODE_TYPES
from core.sandbox.routing import lookup_ids, resolve, route, usage_keys
from core.sandbox.sandbox import Sandbox, TokenInfo
from core.sandbox.versions import deprecated_ads_version, is_retired, served_version
from core.sandbox.wire import (
    Answer,
    GraphCall,
    header_token,
    json_response,
    override_method,
    request_params,
    split_path,
    www_authenticate,
)
from core.sandbox.world import World

log = logging.getLogger(__name__)
# Parameters that choose a page or its fields, not which items an edge lists.
PAGE_PARAMS = frozenset({"access_token", "appsecret_proof", "fields", "limit", "after", "before", "summary"})


@dataclass
class CallContext:
    """Everything a handler needs about one Graph call."""

    sandbox: Sandbox
    method: str
    params: dict[str, str]
    token_str: str
    token: TokenInfo
    base_url: str
    version: str | None
    now: datetime

    @property
    def world(self) -> World:
        return self.sandbox.world

    @property
    def user_id(self) -> str | None:
        return self.token.user_id

    def node_type(self, name: str) -> NodeType:
        return NODE_TYPES[name]

    def next_url(self, path: str, params: dict[str, str]) -> str:
        prefix = f"/{self.version}" if self.version else ""
        query = {**params, "access_token": self.token_str}
        return f"{self.base_url}{prefix}/{path}?{urlencode(query)}"

    def listing_scope(self) -> tuple[Any, ...]:
        """What, beside the edge, decides which items a listing holds: the caller and the filters."""
        filters = tuple(sorted((k, v) for k, v in self.params.items() if k not in PAGE_PARAMS))
        return self.user_id, self.token.scopes, filters


class GraphApp:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = self.respond(request)
        faults = self.sandbox.faults
        if request.method != "GET" and response.status_code == 200 and faults is not None and faults.answer_lost():
            log.info("sandbox: the answer of %s %s is lost (fault)", request.method, request.path)
            connection = environ.get("werkzeug.socket")  # over HTTP: close it, so the client sees no answer at all
            if connection is not None:
                connection.shutdown(socket.SHUT_RDWR)
            raise AnswerLost(f"the answer of {request.method} {request.path} was lost")
        return response(environ, start_response)

    def respond(self, request: Request) -> Response:
        if self.sandbox.faults is not None:
            self.sandbox.faults.delay()  # the network: once per HTTP request, however many calls a batch holds
        segments, version = split_path(request.path)
        if segments[:2] == ["dialog", "oauth"]:
            return oauth.dialog(self.sandbox, request, confirm=segments[2:] == ["confirm"])
        method, params = override_method(request.method, request_params(request))
        token = params.get("access_token") or header_token(request.headers.get("Authorization", ""))
        call = GraphCall(method, segments, params, token, request.host_url.rstrip("/"), version)
        answer = run_batch(self, call) if not segments and method == "POST" and "batch" in params else self.call(call)
        return json_response(answer, version)

    def call(self, call: GraphCall) -> Answer:
        trace = new_trace_id()
        headers: dict[str, str] = {}
        try:
            headers["facebook-api-version"] = served_version(call.version, call.segments)
            with self.sandbox.lock:
                body = self._answer(call)
            status = 200
        except GraphError as exc:
            status, body = exc.http_status, exc.body(trace)
            headers |= exc.headers
            challenge = www_authenticate(exc)
            if challenge:
                headers["WWW-Authenticate"] = challenge
        except Exception:  # a sandbox bug: answer like Graph's unknown error instead of an HTML page
            log.exception("sandbox failed on %s /%s (trace %s)", call.method, "/".join(call.segments), trace)
            status, body = 500, GraphError(1, "An unknown error occurred").body(trace)
        self.sandbox.usage.record(*call.usage, write=call.method != "GET")
        if call.method != "GET":
            self.sandbox.note_write(call.method, "/".join(call.segments))
        headers = self.sandbox.usage.headers(*call.usage) | headers | {"x-fb-trace-id": trace}
        return Answer(status, body, headers)

    def _answer(self, call: GraphCall) -> Any:
        sandbox = self.sandbox
        if call.segments == ["oauth", "access_token"]:
            return oauth.access_token(sandbox, call.params)
        ctx = self._context(call)
        if call.segments == ["debug_token"]:
            return oauth.debug_token(sandbox, call.params)
        if not call.segments and call.method == "GET" and call.params.get("ids"):
            return lookup_ids(ctx)
        kind, obj = resolve(ctx, call.segments)
        call.usage = usage_keys(ctx.world, kind, obj)
        if call.usage[0] is not None and is_retired(call.version):
            raise deprecated_ads_version()
        sandbox.usage.check(*call.usage)
        body = route(ctx, kind, obj, call.segments)
        if call.method != "GET":
            ctx.world.touch()
        return body

    def _context(self, call: GraphCall) -> CallContext:
        sandbox = self.sandbox
        if not call.token:
            raise me_without_user() if call.segments[:1] == ["me"] else missing_token()
        if sandbox.faults is not None:
            sandbox.faults.before_call(call.token)
        info = sandbox.authenticate(call.token)
        sandbox.check_appsecret_proof(call.token, call.params.get("appsecret_proof"))
        return CallContext(
            sandbox, call.method, call.params, call.token, info, call.base_url, call.version, sandbox.now()
        )
