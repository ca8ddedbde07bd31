"""From a path to an answer: resolve the node, check who may read it, serve a node, an edge, a write or ``?ids=``."""

from __future__ import annotations

from typing import Any

from core.graph.facebook import MAX_IDS_PER_READ
from core.sandbox.errors import GraphError, invalid_param, me_without_user, unsupported_request
from core.sandbox.graph_fields import parse_fields, parse_limit, render_edge, render_node, summary_requested
from core.sandbox.handlers_read import readable
from core.sandbox.handlers_write import WRITE_HANDLERS
from core.sandbox.nodes import NODE_TYPES, READ_SCOPES
from core.sandbox.world import World

# Edges whose path may name one more item: DELETE /me/permissions/{permission} (Facebook Login, "Revoking
# Permissions"), GET /me/permissions/{permission}.
PATH_PARAMETERS = {("User", "permissions"): "permission"}
MAX_IDS = MAX_IDS_PER_READ
AD_ACCOUNT_KINDS = ("AdAccount", "Campaign", "AdSet", "Ad")


def resolve(ctx: Any, segments: list[str]) -> tuple[str, Any]:
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
    """(ad account, business) a call is about, for the usage headers; an ad account also marks a Marketing API call."""
    if kind in AD_ACCOUNT_KINDS:
        account = world.ad_accounts[obj.account_id]
        return account.account_id, account.owner_business
    if kind == "Business":
        return None, obj.id
    if kind == "AdsPixel":
        return None, obj.owner_business
    return None, None


def route(ctx: Any, kind: str, obj: Any, segments: list[str]) -> Any:
    edge_name = segments[1] if len(segments) > 1 else ""
    _path_parameter(ctx, kind, edge_name, segments)
    if ctx.method in ("POST", "DELETE"):
        handler = WRITE_HANDLERS.get((kind, edge_name, ctx.method))
        if handler is None:
            raise unsupported_request(ctx.method, segments[0])
        return handler(ctx, obj)
    if ctx.method != "GET":
        raise unsupported_request(ctx.method, segments[0])
    return read(ctx, kind, obj, edge_name)


def _path_parameter(ctx: Any, kind: str, edge_name: str, segments: list[str]) -> None:
    if len(segments) <= 2:
        return
    name = PATH_PARAMETERS.get((kind, edge_name))
    if name is None or len(segments) > 3:
        raise GraphError(2500, f"Unknown path components: /{'/'.join(segments[2:])}")
    ctx.params = {**ctx.params, name: segments[2]}


def read(ctx: Any, kind: str, obj: Any, edge_name: str) -> Any:
    scopes = READ_SCOPES.get(f"{kind}/{edge_name}", READ_SCOPES.get(kind))
    if scopes and not set(scopes) & set(ctx.token.scopes):
        raise GraphError(200, f"(#200) Missing permissions: requires one of {', '.join(scopes)}")
    node_type = NODE_TYPES[kind]
    fields = parse_fields(ctx.params.get("fields"))
    if not edge_name:
        return render_node(ctx, node_type, obj, fields)
    edge = node_type.edges.get(edge_name)
    if edge is None:
        raise GraphError(2500, f"Unknown path components: /{edge_name}")
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
        query={k: v for k, v in ctx.params.items() if k != "access_token"},
        summary=summary_requested(ctx.params.get("summary")),
    )


def lookup_ids(ctx: Any) -> dict[str, Any]:
    """``GET /?ids=a,b``: one object keyed by each id as given. One id that cannot be read fails the whole call
    (https://github.com/mobolic/facebook-sdk/issues/271) with Graph's 803 for ids it cannot find
    (https://github.com/nov/fb_graph/issues/286)."""
    ids = [i.strip() for i in ctx.params["ids"].split(",") if i.strip()]
    if len(ids) > MAX_IDS:
        raise invalid_param(f"Too many IDs. Maximum: {MAX_IDS}. Provided: {len(ids)}.")
    found, missing = {}, []
    for node_id in ids:
        try:
            found[node_id] = resolve(ctx, [node_id])
        except GraphError:
            missing.append(node_id)
    if missing:
        raise GraphError(803, f"(#803) Some of the aliases you requested do not exist: {','.join(missing)}", status=404)
    # Each ad account named costs a read of its own budget, as a call about it would; one throttled account fails
    # the whole call with its throttle.
    about = [usage_keys(ctx.world, kind, obj) for kind, obj in found.values()]
    for keys in about:
        ctx.sandbox.usage.check(*keys)
    answer = {node_id: read(ctx, kind, obj, "") for node_id, (kind, obj) in found.items()}
    for keys in about:
        if keys != (None, None):
            ctx.sandbox.usage.record(*keys, write=False)
    return answer
