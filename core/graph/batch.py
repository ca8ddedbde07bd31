"""Graph's batch API: many calls in one HTTP request, at most 50 per request.

Every request gets its own ``BatchResult``: status, headers, parsed body, or a typed error. One item's failure
never hides another's success, and a failure of a whole chunk is reported on each of its items. Reads
that were throttled or hit a transient error are sent again in a follow-up batch under the client's retry
policy; writes never are, and a write whose outcome is unknown gets an ``AmbiguousWriteError``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from requests.structures import CaseInsensitiveDict

from core.graph.errors import AmbiguousWriteError, GraphError, TransientError, error_from_response
from core.graph.params import FieldSpec, encode_params
from core.graph.retry import Backoff, is_ambiguous, is_retryable
from core.graph.usage import parse_usage

if TYPE_CHECKING:
    from core.graph.client import GraphClient

logger = logging.getLogger(__name__)

MAX_BATCH_SIZE = 50


@dataclass(frozen=True)
class BatchRequest:
    """One call in a batch. ``path`` is relative to the version (``act_1/adsets``)."""

    method: str
    path: str
    params: Mapping[str, Any] | None = None
    fields: FieldSpec | None = None
    name: str | None = None

    @classmethod
    def get(cls, path: str, params: Mapping[str, Any] | None = None, *, fields: FieldSpec | None = None,
            name: str | None = None) -> BatchRequest:  # fmt: skip
        return cls("GET", path, params, fields, name)

    @classmethod
    def post(cls, path: str, data: Mapping[str, Any] | None = None, *, name: str | None = None) -> BatchRequest:
        return cls("POST", path, data, None, name)

    @classmethod
    def delete(cls, path: str, params: Mapping[str, Any] | None = None) -> BatchRequest:
        return cls("DELETE", path, params)

    @property
    def idempotent(self) -> bool:
        return self.method.upper() == "GET"

    def to_wire(self) -> dict[str, str]:
        """The item as Graph's ``batch`` expects it: query for reads and deletes, body for writes."""
        method = self.method.upper()
        call = {"method": method, "relative_url": self.path.lstrip("/")}
        encoded = encode_params(self.params, self.fields)
        if encoded:
            if method == "POST":
                call["body"] = urlencode(encoded)
            else:
                call["relative_url"] += ("&" if "?" in call["relative_url"] else "?") + urlencode(encoded)
        if self.name:
            call["name"] = self.name
        return call


@dataclass(frozen=True)
class BatchResult:
    request: BatchRequest
    status: int | None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    error: GraphError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def unwrap(self) -> Any:
        """The body, or raise the item's error."""
        if self.error is not None:
            raise self.error
        return self.body


def run_batch(client: GraphClient, requests: Sequence[BatchRequest]) -> list[BatchResult]:
    results: list[BatchResult | None] = [None] * len(requests)
    pending = list(range(len(requests)))
    backoff = Backoff(client.retry, client.clock)
    while pending:
        for start in range(0, len(pending), MAX_BATCH_SIZE):
            chunk = pending[start : start + MAX_BATCH_SIZE]
            for index, result in zip(chunk, _run_chunk(client, [requests[i] for i in chunk]), strict=True):
                results[index] = result
        again = [i for i in pending if _retry_read(results[i])]
        if not again:
            break
        slowest = max((results[i].error for i in again), key=lambda e: e.retry_after or 0)  # type: ignore[union-attr]
        delay = backoff.next_delay(slowest)
        if delay is None:
            break
        logger.info("Graph batch: %d reads failed for now; retrying them in %.1fs", len(again), delay)
        client.sleep(delay)
        pending = again
    return [r for r in results if r is not None]


def _retry_read(result: BatchResult | None) -> bool:
    return bool(result and result.error and result.request.idempotent and is_retryable(result.error, True))


def _run_chunk(client: GraphClient, chunk: list[BatchRequest]) -> list[BatchResult]:
    params = {
        "batch": json.dumps([r.to_wire() for r in chunk], separators=(",", ":")),
        "include_headers": "true",
    }
    try:
        _, headers, body = client._request("POST", client.url(""), params, idempotent=all(r.idempotent for r in chunk))
    except GraphError as error:
        return [BatchResult(r, error.http_status, error.headers, None, _chunk_error(error, r)) for r in chunk]
    items = body if isinstance(body, list) else []
    return [
        _item_result(client, request, items[i] if i < len(items) else None, headers) for i, request in enumerate(chunk)
    ]


def _chunk_error(error: GraphError, request: BatchRequest) -> GraphError:
    """The whole chunk failed: a read gets the underlying error, a write the (possibly ambiguous) one."""
    if isinstance(error, AmbiguousWriteError) and request.idempotent:
        return error.cause
    return _for_item(error, request)


def _for_item(error: GraphError, request: BatchRequest) -> GraphError:
    if is_ambiguous(error, request.idempotent):
        return AmbiguousWriteError(error, method=request.method.upper(), path=request.path)
    return error


def _item_result(
    client: GraphClient, request: BatchRequest, item: Any, outer_headers: Mapping[str, str]
) -> BatchResult:
    if not isinstance(item, dict):
        # Graph answers null for an item it did not finish (e.g. it timed out).
        error = TransientError("Graph gave no answer for this batch item", is_transient=True)
        return BatchResult(request, None, {}, None, _for_item(error, request))
    status = item.get("code")
    own = CaseInsensitiveDict(
        {h.get("name"): h.get("value") for h in item.get("headers") or [] if isinstance(h, dict) and h.get("name")}
    )
    client._stats.record(parse_usage(own))
    merged = CaseInsensitiveDict(outer_headers)
    merged.update(own)
    body = _parse(item.get("body"))
    if not isinstance(status, int) or status >= 400 or (isinstance(body, dict) and "error" in body):
        error = error_from_response(status, body, merged, secrets=client._secrets())
        return BatchResult(request, status, own, error.body, _for_item(error, request))
    return BatchResult(request, status, own, body)


def _parse(body: Any) -> Any:
    if isinstance(body, str):
        try:
            return json.loads(body)
        except ValueError:
            return body
    return body
