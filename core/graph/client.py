"""The Graph API client: one object for sandbox and live mode (only base URL, session and token differ)."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import requests
from requests.structures import CaseInsensitiveDict

from core.config import DEFAULT_GRAPH_VERSION, GRAPH_BASE_URL
from core.graph.errors import (
    AmbiguousWriteError,
    GraphConnectionError,
    GraphError,
    TransientError,
    error_from_response,
)
from core.graph.params import FieldSpec, encode_params
from core.graph.redact import appsecret_proof, install_log_redaction, redact
from core.graph.retry import DEFAULT_RETRY, Backoff, RetryPolicy, is_ambiguous, is_retryable
from core.graph.usage import Usage, parse_usage

if TYPE_CHECKING:
    from core.graph.batch import BatchRequest, BatchResult

logger = logging.getLogger(__name__)
install_log_redaction()

AUTH_PARAMS = ("access_token", "appsecret_proof")
IDEMPOTENT_METHODS = frozenset({"GET", "DELETE", "HEAD"})


class _Stats:
    """Round trips and last usage, shared by a client and its ``with_token`` copies; safe across threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.request_count = 0
        self.usage = Usage()

    def count(self) -> None:
        with self.lock:
            self.request_count += 1

    def record(self, usage: Usage) -> None:
        if usage:
            with self.lock:
                self.usage = usage


class GraphClient:
    """A thread-safe Graph API client: versioned URLs, Graph's parameter encoding, ``appsecret_proof``,
    retries with back-off, typed errors, cursor paging and batches. Secrets never reach logs or ``repr``."""

    def __init__(
        self,
        access_token: str,
        *,
        base_url: str = GRAPH_BASE_URL,
        version: str = DEFAULT_GRAPH_VERSION,
        app_secret: str | None = None,
        session: requests.Session | None = None,
        retry: RetryPolicy = DEFAULT_RETRY,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 60,
    ) -> None:
        self._access_token = access_token
        self._app_secret = app_secret
        self._proof = appsecret_proof(app_secret, access_token) if app_secret and access_token else None
        self.base_url = base_url.rstrip("/")
        self.version = version
        self.session = session or requests.Session()
        self.retry = retry
        self.clock = clock
        self.sleep = sleep
        self.timeout = timeout
        self._stats = _Stats()

    def __repr__(self) -> str:
        return (
            f"GraphClient(base_url={self.base_url!r}, version={self.version!r}, "
            f"app_secret={'set' if self._app_secret else 'unset'})"
        )

    # --- shared state -------------------------------------------------------------------------------------
    @property
    def request_count(self) -> int:
        """HTTP round trips made (a batch counts 1), by this client and its ``with_token`` copies."""
        with self._stats.lock:
            return self._stats.request_count

    @property
    def usage(self) -> Usage:
        """The usage headers of the last response that carried any (errors included)."""
        with self._stats.lock:
            return self._stats.usage

    def with_token(self, access_token: str) -> GraphClient:
        """The same client (session, settings, counters) acting with another token."""
        clone = GraphClient(
            access_token,
            base_url=self.base_url,
            version=self.version,
            app_secret=self._app_secret,
            session=self.session,
            retry=self.retry,
            clock=self.clock,
            sleep=self.sleep,
            timeout=self.timeout,
        )
        clone._stats = self._stats
        return clone

    def url(self, path: str = "") -> str:
        """``{base}/{version}/{path}``."""
        return f"{self.base_url}/{self.version}/{path.lstrip('/')}"

    # --- calls --------------------------------------------------------------------------------------------
    def get(self, path: str, params: Mapping[str, Any] | None = None, *, fields: FieldSpec | None = None) -> dict:
        return self._call("GET", self.url(path), encode_params(params, fields))

    def post(self, path: str, data: Mapping[str, Any] | None = None) -> dict:
        return self._call("POST", self.url(path), encode_params(data))

    def delete(self, path: str, params: Mapping[str, Any] | None = None) -> dict:
        return self._call("DELETE", self.url(path), encode_params(params))

    def iter_edge(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        fields: FieldSpec | None = None,
        limit: int | None = None,
    ) -> Iterator[dict]:
        """Every item of an edge, following ``paging.next`` page by page (``limit`` is the page size)."""
        first = self.get(path, {**(params or {}), "limit": limit}, fields=fields)
        yield from self.iter_nested(first)

    def iter_nested(self, page: Mapping[str, Any] | None) -> Iterator[dict]:
        """Every item of an edge page already in hand (e.g. a nested ``owned_ad_accounts`` result), then the
        following pages."""
        seen: set[str] = set()
        while page:
            yield from page.get("data") or []
            next_url = (page.get("paging") or {}).get("next")
            if not next_url or next_url in seen:
                return
            seen.add(next_url)
            page = self._follow(next_url)

    def batch(self, requests: Sequence[BatchRequest]) -> list[BatchResult]:
        """Run requests through Graph's batch API (chunks of ≤ 50); one result per request, in order."""
        from core.graph.batch import run_batch

        return run_batch(self, requests)

    # --- internals ----------------------------------------------------------------------------------------
    def _follow(self, next_url: str) -> dict:
        """GET an absolute ``paging.next`` URL. Its own token and proof are dropped and ours added once; the
        host is always ours, so the token never travels anywhere else."""
        parts, base = urlsplit(next_url), urlsplit(self.base_url)
        params = {k: v for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in AUTH_PARAMS}
        return self._call("GET", urlunsplit((base.scheme, base.netloc, parts.path, "", "")), params)

    def _secrets(self) -> tuple[str | None, ...]:
        return (self._access_token, self._app_secret, self._proof)

    def _call(self, method: str, url: str, params: dict[str, str]) -> dict:
        return _as_object(self._request(method, url, params)[2])

    def _request(
        self, method: str, url: str, params: dict[str, str], *, idempotent: bool | None = None
    ) -> tuple[int, CaseInsensitiveDict, Any]:
        """One call with the retry policy: ``(status, headers, parsed body)`` or a typed ``GraphError``."""
        idempotent = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
        backoff = Backoff(self.retry, self.clock)
        while True:
            try:
                return self._send(method, url, params)
            except GraphError as error:
                delay = backoff.next_delay(error) if is_retryable(error, idempotent) else None
                if delay is None:
                    if is_ambiguous(error, idempotent):
                        raise AmbiguousWriteError(error, method=method, path=self._path(url)) from None
                    raise
                logger.info(
                    "Graph %s %s failed (%s, code %s); retry %d in %.1fs",
                    method, self._path(url), type(error).__name__, error.code, backoff.attempt, delay,
                )  # fmt: skip
            self.sleep(delay)

    def _send(self, method: str, url: str, params: dict[str, str]) -> tuple[int, CaseInsensitiveDict, Any]:
        """One HTTP round trip. Token and proof go in the query (GET/DELETE) or the form body (POST)."""
        wire = {**params, **self._auth_params()}
        location = {"data": wire} if method == "POST" else {"params": wire}
        started = self.clock()
        self._stats.count()
        try:
            response = self.session.request(method, url, timeout=self.timeout, **location)
        except requests.RequestException as exc:
            sent = _maybe_sent(exc)
            logger.warning("Graph %s %s: %s", method, self._path(url), redact(str(exc), self._secrets()))
            raise GraphConnectionError(redact(f"{type(exc).__name__}: {exc}", self._secrets()), sent=sent) from None
        headers = CaseInsensitiveDict(response.headers)
        usage = parse_usage(headers)
        self._stats.record(usage)
        status = response.status_code
        logger.debug(
            "Graph %s %s -> HTTP %s in %.0f ms",
            method,
            self._path(url),
            status,
            (self.clock() - started) * 1000,
        )
        try:
            body = json.loads(response.content) if response.content else None
        except ValueError:
            body = None
            if status < 400:
                raise TransientError(
                    f"Graph answered HTTP {status} with a body that isn't JSON",
                    http_status=status, headers=headers, usage=usage, is_transient=True,
                ) from None  # fmt: skip
        if status >= 400 or (isinstance(body, dict) and isinstance(body.get("error"), dict)):
            raise error_from_response(
                status, body if body is not None else response.text, headers, secrets=self._secrets()
            )
        return status, headers, body

    def _auth_params(self) -> dict[str, str]:
        auth = {"access_token": self._access_token, "appsecret_proof": self._proof}
        return {k: v for k, v in auth.items() if v}

    def _path(self, url: str) -> str:
        """A URL fit for a log line: no query, secrets masked."""
        return redact(urlsplit(url).path, self._secrets())


def _as_object(body: Any) -> dict:
    """Graph answers objects; a few legacy writes answer a bare ``true``."""
    if isinstance(body, dict):
        return body
    if isinstance(body, bool):
        return {"success": body}
    return {"data": body}


def _maybe_sent(exc: requests.RequestException) -> bool:
    """False only when the request surely never left: the connection could not be opened."""
    if isinstance(exc, requests.ConnectTimeout):
        return False
    if isinstance(exc, requests.ConnectionError):
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        name = type(reason).__name__ if reason is not None else ""
        return name not in {"NewConnectionError", "NameResolutionError", "ConnectTimeoutError"}
    return True
