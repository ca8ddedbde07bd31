"""The WSGI face of the sandbox: Graph's wire contract (SPEC §7).

One request → :meth:`GraphApp.call` (also used for every batch item): authenticate, check ``appsecret_proof``,
run the faults hook, resolve the node, check the call budget, answer from the node table or a write handler,
and put the usage headers on whatever comes out, errors included.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from werkzeug.wrappers import Request, Response

from core.config import DEFAULT_GRAPH_VERSION
from core.sandbox import oauth
from core.sandbox.errors import GraphError, me_without_user, missing_token, new_trace_id, unsupported_request
from core.sandbox.graph_fields import NodeType, parse_fields, parse_limit, render_edge, render_node
from core.sandbox.handlers_read import readable
from core.sandbox.handlers_write import WRITE_HANDLERS
from core.sandbox.nodes import NODE_TYPES, READ_SCOPES
from core.sandbox.sandbox import Sandbox, TokenInfo
from core.sandbox.world import World

log = logging.getLogger(__name__)
VERSION_RE = re.compile(r"^v\d+\.\d+$")
MAX_BATCH = 50
SECRET_PARAMS = (
    "access_token",
    "appsecret_proof",
    "client_secret",
    "code",
    "fb_exchange_token",
    "input_token",
)


def split_path(path: str) -> tuple[list[str], str | None]:
    segments = [s for s in path.split("/") if s]
    if segments and VERSION_RE.match(segments[0]):
        return segments[1:], segments[0]
    return segments, None


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


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]


class GraphApp:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self.respond(Request(environ))(environ, start_response)

    # ---- HTTP -----------------------------------------------------------------------------------------
    def respond(self, request: Request) -> Response:
        segments, version = split_path(request.path)
        if segments[:2] == ["dialog", "oauth"]:
            return oauth.dialog(self.sandbox, request, confirm=segments[2:] == ["confirm"])
        params = request_params(request)
        token = params.get("access_token") or header_token(request.headers.get("Authorization", ""))
        base_url = request.host_url.rstrip("/")
        if not segments and request.method == "POST" and "batch" in params:
            answer = self.batch(params, token, base_url, version)
        else:
            answer = self.call(request.method, segments, params, token, base_url, version)
        log.debug("%s /%s → %s", request.method, "/".join(segments), answer.status)
        return json_response(answer, version)

    # ---- one call -------------------------------------------------------------------------------------
    def call(
        self,
        method: str,
        segments: list[str],
        params: dict[str, str],
        token: str | None,
        base_url: str,
        version: str | None,
    ) -> Answer:
        sandbox = self.sandbox
        trace = new_trace_id()
        account_id = business_id = None
        extra_headers: dict[str, str] = {}
        try:
            if sandbox.faults is not None:
                sandbox.faults.delay()
            with sandbox.lock:
                if segments == ["oauth", "access_token"]:
                    body: Any = oauth.access_token(sandbox, params)
                else:
                    if not token:
                        raise me_without_user() if segments[:1] == ["me"] else missing_token()
                    if sandbox.faults is not None:
                        sandbox.faults.before_call(token)
                    info = sandbox.authenticate(token)
                    sandbox.check_appsecret_proof(token, params.get("appsecret_proof"))
                    ctx = CallContext(sandbox, method, params, token, info, base_url, version, sandbox.now())
                    if segments == ["debug_token"]:
                        body = oauth.debug_token(sandbox, params)
                    else:
                        kind, obj = resolve(ctx, segments)
                        account_id, business_id = usage_keys(ctx.world, kind, obj)
                        sandbox.usage.check(account_id, business_id)
                        body = route(ctx, kind, obj, segments)
            status = 200
        except GraphError as exc:
            status, body = exc.http_status, exc.body(trace)
            extra_headers = dict(exc.headers)
            if exc.code == 190:
                extra_headers["WWW-Authenticate"] = f'OAuth "Facebook Platform" "invalid_token" "{exc.message}"'
        except Exception:  # a sandbox bug: answer like Graph's unknown error instead of an HTML page
            log.exception("sandbox failed on %s /%s (trace %s)", method, "/".join(segments), trace)
            status, body = 500, GraphError(1, "An unknown error occurred").body(trace)
        sandbox.usage.record(account_id, business_id, write=method != "GET")
        headers = sandbox.usage.headers(account_id, business_id) | extra_headers | {"x-fb-trace-id": trace}
        return Answer(status, body, headers)

    # ---- batch ----------------------------------------------------------------------------------------
    def batch(self, params: dict[str, str], token: str | None, base_url: str, version: str | None) -> Answer:
        try:
            items = json.loads(params["batch"])
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                raise ValueError
        except ValueError:
            error = GraphError(100, "(#100) The parameter batch must be a JSON array of request objects")
            return Answer(400, error.body(new_trace_id()), self.sandbox.usage.headers(None, None))
        if len(items) > MAX_BATCH:
            error = GraphError(100, f"(#100) Too many requests in batch message. Maximum batch size is {MAX_BATCH}")
            return Answer(400, error.body(new_trace_id()), self.sandbox.usage.headers(None, None))
        include_headers = params.get("include_headers", "true").lower() != "false"
        results = []
        for item in items:
            url = urlsplit(str(item.get("relative_url", "")))
            item_segments, item_version = split_path(url.path)
            item_params = dict(parse_qsl(url.query, keep_blank_values=True))
            body = item.get("body")
            if isinstance(body, str):
                item_params.update(parse_qsl(body, keep_blank_values=True))
            elif isinstance(body, dict):
                item_params.update({k: str(v) for k, v in body.items()})
            item_token = item_params.get("access_token") or token
            if item_token == token and "appsecret_proof" not in item_params and "appsecret_proof" in params:
                item_params["appsecret_proof"] = params["appsecret_proof"]
            answer = self.call(
                str(item.get("method", "GET")).upper(),
                item_segments,
                item_params,
                item_token,
                base_url,
                item_version or version,
            )
            result: dict[str, Any] = {"code": answer.status}
            if include_headers:
                answer.headers.setdefault("Content-Type", "text/javascript; charset=UTF-8")
                result["headers"] = [{"name": k, "value": v} for k, v in answer.headers.items()]
            result["body"] = json.dumps(answer.body, separators=(",", ":"))
            results.append(result)
        return Answer(200, results, self.sandbox.usage.headers(None, None))


# ---- routing -----------------------------------------------------------------------------------------
def resolve(ctx: CallContext, segments: list[str]) -> tuple[str, Any]:
    if not segments:
        raise unsupported_request(ctx.method, "")
    node_id = segments[0]
    if node_id == "me":
        if ctx.user_id is None:
            raise me_without_user()
        return "User", ctx.world.users[ctx.user_id]
    found = ctx.world.find(node_id)
    if found is None or not readable(ctx, *found):
        raise unsupported_request(ctx.method, node_id)
    return found


def usage_keys(world: World, kind: str, obj: Any) -> tuple[str | None, str | None]:
    if kind in ("AdAccount", "Campaign", "AdSet", "Ad"):
        account = world.ad_accounts[obj.account_id]
        return account.account_id, account.owner_business
    if kind == "Business":
        return None, obj.id
    if kind == "AdsPixel":
        return None, obj.owner_business
    return None, None


def route(ctx: CallContext, kind: str, obj: Any, segments: list[str]) -> Any:
    node_type = NODE_TYPES[kind]
    edge_name = segments[1] if len(segments) > 1 else ""
    if len(segments) > 2:
        raise GraphError(2500, f"Unknown path components: /{'/'.join(segments[2:])}")
    if ctx.method in ("POST", "DELETE"):
        handler = WRITE_HANDLERS.get((kind, edge_name, ctx.method))
        if handler is None:
            raise unsupported_request(ctx.method, segments[0])
        return handler(ctx, obj)
    if ctx.method != "GET":
        raise unsupported_request(ctx.method, segments[0])
    scopes = READ_SCOPES.get(f"{kind}/{edge_name}", READ_SCOPES.get(kind))
    if scopes and not set(scopes) & set(ctx.token.scopes):
        raise GraphError(200, f"(#200) Missing permissions: requires one of {', '.join(scopes)}")
    fields = parse_fields(ctx.params.get("fields"))
    if not edge_name:
        return render_node(ctx, node_type, obj, fields)
    edge = node_type.edges.get(edge_name)
    if edge is None:
        raise GraphError(2500, f"Unknown path components: /{edge_name}")
    query = {k: v for k, v in ctx.params.items() if k != "access_token"}
    return render_edge(
        ctx,
        node_type,
        obj,
        edge_name,
        edge,
        fields,
        limit=parse_limit(ctx.params.get("limit")),
        after=ctx.params.get("after"),
        before=ctx.params.get("before"),
        query=query,
        summary=ctx.params.get("summary", "").lower() in ("true", "1", "total_count"),
    )


# ---- request and response helpers --------------------------------------------------------------------
def request_params(request: Request) -> dict[str, str]:
    """Query string, then form or multipart body (any method, DELETE included), then a JSON object body."""
    params = {k: v for k, v in request.args.items()}
    params.update({k: v for k, v in request.form.items()})
    if request.mimetype == "application/json":
        data = request.get_json(silent=True)
        if isinstance(data, dict):
            params.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()})
    return params


def header_token(authorization: str) -> str | None:
    scheme, _, value = authorization.partition(" ")
    return value.strip() or None if scheme.lower() in ("oauth", "bearer") else None


def json_response(answer: Answer, version: str | None) -> Response:
    headers = dict(answer.headers)
    headers["facebook-api-version"] = version or DEFAULT_GRAPH_VERSION
    return Response(
        json.dumps(answer.body, separators=(",", ":")),
        status=answer.status,
        headers=headers,
        content_type="application/json; charset=UTF-8",
    )
