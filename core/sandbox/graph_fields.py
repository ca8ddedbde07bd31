"""Graph's ``fields`` language, node rendering and cursor paging.

``fields=id,name,owned_ad_accounts.limit(100){id,name,adspixels{id}}`` is parsed into :class:`FieldSpec`
trees;
:class:`NodeType` tables (see :mod:`core.sandbox.nodes`) say what each field and edge of a node type is; the
renderer walks both. Edges answer ``{"data": [...], "paging": {"cursors": {...}, "next": ...}}``.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from core.graph.facebook import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from core.sandbox.errors import GraphError, invalid_param, nonexisting_field
from core.sandbox.listing import Listing


@dataclass(frozen=True)
class FieldSpec:
    name: str
    limit: int | None = None
    children: tuple[FieldSpec, ...] | None = None
    modifiers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Ref:
    """A field whose value is another node (rendered as ``{id, name}`` or with ``{sub,fields}``)."""

    type_name: str
    obj: Any


class RenderContext(Protocol):
    def node_type(self, name: str) -> NodeType: ...

    def next_url(self, path: str, params: Mapping[str, str]) -> str: ...


FieldFn = Callable[[Any, Any], Any]  # (ctx, obj) -> value


@dataclass(frozen=True)
class EdgeSpec:
    target: str
    items: Callable[[Any, Any], Sequence[Any]]  # (ctx, parent) -> items, already filtered for the caller
    relation: Callable[[Any, Any, Any], dict[str, Any]] | None = None  # (ctx, parent, item) -> extra fields
    default_fields: tuple[str, ...] | None = None
    cacheable: bool = True  # False when the listing moves with the clock or the token, not only with writes
    total: Callable[[Any, Any], int] | None = None  # (ctx, parent) -> summary.total_count, when not the listing's


@dataclass(frozen=True)
class NodeType:
    name: str
    default_fields: tuple[str, ...]
    fields: Mapping[str, FieldFn] = field(default_factory=dict)
    edges: Mapping[str, EdgeSpec] = field(default_factory=dict)
    id_of: Callable[[Any], str] = lambda obj: obj.id
    dict_items: bool = False  # items are plain dicts (ads_volume rows): every key is a field


# ---- parsing -----------------------------------------------------------------------------------------
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_fields(text: str | None) -> list[FieldSpec] | None:
    if text is None or not text.strip():
        return None
    specs, pos = _parse_list(text, 0)
    if pos != len(text):
        raise _syntax_error(text, pos)
    return specs


def _syntax_error(text: str, pos: int) -> GraphError:
    return GraphError(2500, f'Syntax error "Unexpected character" at character {pos}: {text}')


def _parse_list(text: str, pos: int) -> tuple[list[FieldSpec], int]:
    specs: list[FieldSpec] = []
    while True:
        while pos < len(text) and text[pos] in " \n\t":
            pos += 1
        match = _NAME.match(text, pos)
        if not match:
            raise _syntax_error(text, pos)
        name, pos = match.group(0), match.end()
        limit: int | None = None
        modifiers: list[tuple[str, str]] = []
        children: tuple[FieldSpec, ...] | None = None
        while pos < len(text) and text[pos] == ".":
            mod = re.compile(r"\.([A-Za-z_]+)\(([^)]*)\)").match(text, pos)
            if not mod:
                raise _syntax_error(text, pos)
            if mod.group(1) == "limit":
                if not mod.group(2).strip().isdigit():
                    raise _syntax_error(text, mod.start(2))
                limit = int(mod.group(2))
            else:
                modifiers.append((mod.group(1), mod.group(2)))
            pos = mod.end()
        if pos < len(text) and text[pos] == "{":
            inner, pos = _parse_list(text, pos + 1)
            if pos >= len(text) or text[pos] != "}":
                raise _syntax_error(text, pos)
            children, pos = tuple(inner), pos + 1
        specs.append(FieldSpec(name, limit, children, tuple(modifiers)))
        while pos < len(text) and text[pos] in " \n\t":
            pos += 1
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        return specs, pos


def format_fields(specs: Sequence[FieldSpec]) -> str:
    parts = []
    for spec in specs:
        text = spec.name + "".join(f".{k}({v})" for k, v in spec.modifiers)
        if spec.children is not None:
            text += "{" + format_fields(spec.children) + "}"
        parts.append(text)
    return ",".join(parts)


# ---- cursors and paging ------------------------------------------------------------------------------
def encode_cursor(item_id: str, index: int) -> str:
    return base64.b64encode(f"{item_id}:{index}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int]:
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), validate=True).decode()
        item_id, index = raw.rsplit(":", 1)
        return item_id, int(index)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise invalid_param("The after/before cursor is not valid") from None


def parse_limit(value: str | int | None) -> int:
    if value is None or value == "":
        return DEFAULT_PAGE_SIZE
    try:
        limit = int(value)
    except (TypeError, ValueError):
        raise invalid_param("Param limit must be a non-negative integer") from None
    if limit < 0:
        raise invalid_param("Param limit must be a non-negative integer")
    return min(limit, MAX_PAGE_SIZE)


def page_window(listing: Listing, limit: int, after: str | None, before: str | None) -> tuple[int, int]:
    total = len(listing)
    if after:
        start = listing.position(*decode_cursor(after)) + 1
        return start, min(total, start + limit)
    if before:
        end = min(listing.position(*decode_cursor(before)), total)
        return max(0, end - limit), end
    return 0, min(total, limit)


def summary_requested(value: str | None) -> bool:
    """``summary=true``, ``summary=1`` or ``summary=<fields>`` such as ``total_count``."""
    return bool(value) and str(value).strip().lower() not in ("false", "0")


# ---- rendering ---------------------------------------------------------------------------------------
def render_node(
    ctx: Any,
    node_type: NodeType,
    obj: Any,
    specs: Sequence[FieldSpec] | None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    if node_type.dict_items:
        row = dict(obj)
        if specs is None:
            return {k: v for k, v in row.items() if v is not None}
        wanted = [s.name for s in specs] + (["id"] if "id" in row else [])
        return {name: row[name] for name in dict.fromkeys(wanted) if row.get(name) is not None}
    extra = extra or {}
    chosen = list(specs) if specs is not None else [FieldSpec(name) for name in node_type.default_fields]
    if "id" in node_type.fields and all(s.name != "id" for s in chosen):
        chosen.append(FieldSpec("id"))  # Graph always answers a node's id
    out: dict[str, Any] = {}
    for spec in chosen:
        if spec.name in extra:
            value = extra[spec.name]
        elif spec.name in node_type.fields:
            value = node_type.fields[spec.name](ctx, obj)
        elif spec.name in node_type.edges:
            edge = node_type.edges[spec.name]
            page = render_edge(
                ctx,
                node_type,
                obj,
                spec.name,
                edge,
                spec.children,
                limit=DEFAULT_PAGE_SIZE if spec.limit is None else min(spec.limit, MAX_PAGE_SIZE),
                after=None,
                before=None,
                query={},
                summary=summary_requested(dict(spec.modifiers).get("summary")),
            )
            if page["data"]:  # Graph leaves an empty nested edge out
                out[spec.name] = page
            continue
        else:
            raise nonexisting_field(spec.name, node_type.name)
        if value is None:
            continue
        out[spec.name] = _render_value(ctx, value, spec.children)
    return out


def _render_value(ctx: Any, value: Any, children: Sequence[FieldSpec] | None) -> Any:
    if isinstance(value, Ref):
        target = ctx.node_type(value.type_name)
        default = [FieldSpec(name) for name in ("id", "name") if name in target.fields] or [FieldSpec("id")]
        return render_node(ctx, target, value.obj, children or default)
    if isinstance(value, list) and value and isinstance(value[0], Ref):
        return [_render_value(ctx, v, children) for v in value]
    return value


def render_edge(
    ctx: Any,
    parent_type: NodeType,
    parent: Any,
    edge_name: str,
    edge: EdgeSpec,
    specs: Sequence[FieldSpec] | None,
    *,
    limit: int,
    after: str | None,
    before: str | None,
    query: Mapping[str, str],
    summary: bool = False,
) -> dict[str, Any]:
    target = ctx.node_type(edge.target)
    listing = edge_listing(ctx, parent_type, parent, edge_name, edge, fresh=not (after or before))
    if specs is None and edge.default_fields is not None:
        specs = [FieldSpec(name) for name in edge.default_fields]
    start, end = page_window(listing, limit, after, before)
    data = []
    for item in listing.items[start:end]:
        extra = edge.relation(ctx, parent, item) if edge.relation else None
        data.append(render_node(ctx, target, item, specs, extra))
    out: dict[str, Any] = {"data": data}
    if end > start:
        out["paging"] = _paging(ctx, parent_type, parent, edge_name, listing, (start, end), limit, specs, query)
    if summary:  # the only summary field of these edges
        out["summary"] = {"total_count": edge.total(ctx, parent) if edge.total else len(listing)}
    return out


def edge_listing(
    ctx: Any, parent_type: NodeType, parent: Any, edge_name: str, edge: EdgeSpec, *, fresh: bool
) -> Listing:
    """The edge's items for this caller: listed afresh on a first page, found again for the pages after it."""
    target = ctx.node_type(edge.target)

    def build() -> Listing:
        items = edge.items(ctx, parent)  # a list nobody changes later: listings are rebuilt, never edited
        return Listing(items if isinstance(items, list | tuple) else tuple(items), lambda i, n: _item_id(target, i, n))

    if not edge.cacheable:
        return build()
    key = (parent_type.name, parent_type.id_of(parent), edge_name, ctx.listing_scope())
    return ctx.sandbox.listings.get(key, ctx.world.generation, build, fresh=fresh)


def _paging(
    ctx: Any,
    parent_type: NodeType,
    parent: Any,
    edge_name: str,
    listing: Listing,
    window: tuple[int, int],
    limit: int,
    specs: Sequence[FieldSpec] | None,
    query: Mapping[str, str],
) -> dict[str, Any]:
    start, end = window
    first, last = listing.id_of(listing.items[start], start), listing.id_of(listing.items[end - 1], end - 1)
    cursors = {"before": encode_cursor(first, start), "after": encode_cursor(last, end - 1)}
    paging: dict[str, Any] = {"cursors": cursors}
    base_path = f"{parent_type.id_of(parent)}/{edge_name}"
    params = {k: v for k, v in query.items() if k not in ("after", "before", "limit")}
    if specs is not None and "fields" not in params:
        params["fields"] = format_fields(specs)
    if start > 0:
        paging["previous"] = ctx.next_url(base_path, {**params, "limit": str(limit), "before": cursors["before"]})
    if end < len(listing):
        paging["next"] = ctx.next_url(base_path, {**params, "limit": str(limit), "after": cursors["after"]})
    return paging


def _item_id(node_type: NodeType, item: Any, index: int) -> str:
    if node_type.dict_items:
        return str(item.get("actor_id") or item.get("id") or index)
    return node_type.id_of(item)
