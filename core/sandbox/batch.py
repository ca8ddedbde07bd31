"""Graph's batch requests (https://developers.facebook.com/docs/graph-api/batch-requests): up to 50 calls in one
HTTP request, answered in request order.

Items may be named (``name``) and wait for others (``depends_on``, or a JSONPath reference
``{result=<name>:$.data.0.id}`` in ``relative_url`` or ``body``; a list result is joined with commas, as the docs'
``?ids={result=get-friends:$.data.*.id}`` example). A referenced item's answer is left out (``null``) when it
succeeds unless it says ``"omit_response_on_success": false``; an item whose dependency failed is not run and is
answered ``null`` too, as Graph answers every request of a batch it did not complete ("Responses for requests that
are not successful will be null"; the official SDK hands ``null`` items back as a batch to retry). Graph may run
independent items in parallel; the sandbox runs them in request order, which is one order Graph may pick.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from core.sandbox.errors import GraphError, invalid_param, new_trace_id
from core.sandbox.wire import Answer, GraphCall, header_token, override_method, split_path

if TYPE_CHECKING:
    from core.sandbox.app import GraphApp

MAX_BATCH = 50
REFERENCE = re.compile(r"(?:\{|%7B)result(?:=|%3D)(.+?)(?::|%3A)(\$.*?)(?:\}|%7D)", re.IGNORECASE)
PATH_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+|\*)\]")
FALSE_WORDS = (False, 0, "false", "0")


@dataclass
class Item:
    index: int
    spec: dict[str, Any]
    needs: tuple[str, ...]  # names it waits for: depends_on, then every JSONPath reference
    referenced: bool = False

    @property
    def name(self) -> str | None:
        return str(self.spec["name"]) if self.spec.get("name") is not None else None

    def omits_success(self) -> bool:
        return self.spec.get("omit_response_on_success", self.referenced) not in FALSE_WORDS


def run_batch(app: GraphApp, call: GraphCall) -> Answer:
    try:
        items = parse_items(call.params["batch"])
    except GraphError as error:
        return Answer(error.http_status, error.body(new_trace_id()), app.sandbox.usage.headers(None, None))
    include_headers = call.params.get("include_headers", "true").lower() != "false"
    results: list[Any] = [None] * len(items)
    done: dict[str, Answer | None] = {}
    for item, answer in _run_in_dependency_order(app, call, items, done):
        if answer is not None and not (item.omits_success() and _succeeded(answer)):
            results[item.index] = _item_result(answer, include_headers)
    return Answer(200, results, app.sandbox.usage.headers(None, None))


def parse_items(text: str) -> list[Item]:
    try:
        specs = json.loads(text)
    except ValueError:
        specs = None
    if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
        raise invalid_param("The parameter batch must be a JSON array of request objects")
    if len(specs) > MAX_BATCH:
        raise invalid_param(f"Too many requests in batch message. Maximum batch size is {MAX_BATCH}")
    items = [Item(i, spec, _needs(spec)) for i, spec in enumerate(specs)]
    referenced = {name for item in items for name in _references(item.spec)}
    for item in items:
        item.referenced = item.name in referenced
    return items


def _needs(spec: dict[str, Any]) -> tuple[str, ...]:
    depends = spec.get("depends_on") or []
    names = [depends] if isinstance(depends, str) else [str(d) for d in depends]
    return tuple(dict.fromkeys(names + _references(spec)))


def _references(spec: dict[str, Any]) -> list[str]:
    texts = [str(spec.get("relative_url", "")), json.dumps(spec.get("body", ""))]
    return [match.group(1) for text in texts for match in REFERENCE.finditer(text)]


def _run_in_dependency_order(
    app: GraphApp, call: GraphCall, items: list[Item], done: dict[str, Answer | None]
) -> Iterator[tuple[Item, Answer | None]]:
    """Each item once the items it names have answered, earliest first."""
    pending = list(items)
    while pending:
        ready = next((i for i in pending if all(n in done for n in i.needs)), pending[0])
        pending.remove(ready)
        answer = _answer(app, call, ready, done)
        if ready.name:
            done[ready.name] = answer
        yield ready, answer


def _answer(app: GraphApp, call: GraphCall, item: Item, done: dict[str, Answer | None]) -> Answer | None:
    waiting = [n for n in item.needs if n not in done]
    if waiting:
        return _error(f"Request {item.index} of the batch depends on unknown or circular names: {', '.join(waiting)}")
    if not all(_succeeded(done[n]) for n in item.needs):
        return None  # a dependency failed: not run
    try:
        return app.call(_item_call(call, item.spec, done))
    except GraphError as error:  # a JSONPath Graph would refuse
        return Answer(error.http_status, error.body(new_trace_id()), {})


def _item_call(call: GraphCall, spec: dict[str, Any], done: dict[str, Answer | None]) -> GraphCall:
    url = urlsplit(_substitute(str(spec.get("relative_url", "")), done))
    segments, version = split_path(url.path)
    params = dict(parse_qsl(url.query, keep_blank_values=True))
    body = spec.get("body")
    if isinstance(body, str):
        params.update(parse_qsl(_substitute(body, done), keep_blank_values=True))
    elif isinstance(body, dict):
        params.update({k: _substitute(v if isinstance(v, str) else json.dumps(v), done) for k, v in body.items()})
    method, params = override_method(str(spec.get("method", "GET")), params)
    token = params.get("access_token") or header_token(_headers(spec).get("authorization", "")) or call.token
    if token == call.token and "appsecret_proof" not in params and "appsecret_proof" in call.params:
        params["appsecret_proof"] = call.params["appsecret_proof"]
    return GraphCall(method, segments, params, token, call.base_url, version or call.version)


def _headers(spec: dict[str, Any]) -> dict[str, str]:
    """An item's ``headers``: Graph's ``["Name: value"]`` strings or the SDK's ``{"name", "value"}`` objects."""
    out = {}
    for header in spec.get("headers") or []:
        if isinstance(header, dict):
            name, value = str(header.get("name", "")), str(header.get("value", ""))
        else:
            name, _, value = str(header).partition(":")
        out[name.strip().lower()] = value.strip()
    return out


def _substitute(text: str, done: dict[str, Answer | None]) -> str:
    def value(match: re.Match[str]) -> str:
        answer = done.get(match.group(1))
        return _text(json_path(answer.body, match.group(2))) if answer is not None else ""

    return REFERENCE.sub(value, text)


def json_path(document: Any, path: str) -> list[Any]:
    """``$``, ``.name``, ``.0`` / ``[0]`` and ``.*`` / ``[*]``; Graph allows no filter or script expressions."""
    if not path.startswith("$") or "?" in path or "(" in path:
        raise invalid_param(f"Unsupported JSONPath expression {path}")
    values = [document]
    for name, index in PATH_STEP.findall(path[1:]):
        step = name or index
        values = [found for value in values for found in _step(value, step)]
    return values


def _step(value: Any, step: str) -> list[Any]:
    if step == "*":
        return list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, list) else []
    if isinstance(value, list) and step.isdigit():
        return [value[int(step)]] if int(step) < len(value) else []
    return [value[step]] if isinstance(value, dict) and step in value else []


def _text(values: list[Any]) -> str:
    def one(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))

    return ",".join(one(v) for v in values if v is not None)


def _succeeded(answer: Answer | None) -> bool:
    return answer is not None and 200 <= answer.status < 300


def _error(message: str) -> Answer:
    return Answer(400, invalid_param(message).body(new_trace_id()), {})


def _item_result(answer: Answer, include_headers: bool) -> dict[str, Any]:
    result: dict[str, Any] = {"code": answer.status}
    if include_headers:
        headers = {"Content-Type": "text/javascript; charset=UTF-8"} | answer.headers
        result["headers"] = [{"name": k, "value": v} for k, v in headers.items()]
    result["body"] = json.dumps(answer.body, separators=(",", ":"))
    return result
