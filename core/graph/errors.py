"""Typed Graph errors, stripe-style: one base class carrying what Graph said, subclasses by what to do next.

Pages catch ``GraphError`` once and show ``user_title`` / ``user_message``; code branches on the class (or on
``code`` / ``subcode``), never on message text. ``str(error)`` is the developer message; neither it nor
``repr`` ever holds a token, app secret or proof. ``user_title`` and ``user_message`` are read in the viewer's
language where they are read (an error may be made in another thread, or shown in a later run).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable, Mapping
from email.utils import parsedate_to_datetime
from typing import Any

from requests.structures import CaseInsensitiveDict

from core.graph.messages import FALLBACK, ErrorInfo, Kind, lookup
from core.graph.redact import redact, scrub
from core.graph.usage import Usage, parse_usage
from core.shared import words
from core.shared.i18n import N_, _


class GraphError(Exception):
    """Anything that went wrong talking to Graph. ``user_message`` is for the marketer, ``str()`` for us.

    The marketer's words are, first, any given (or set later) — shown through gettext, so a message id marked
    with ``N_`` is translated where read, and Facebook's own words pass unchanged —, else the words of Graph's
    code (:mod:`core.graph.messages`), else the kind's general words."""

    kind: Kind = Kind.INVALID_REQUEST
    _retry_note = False  # a throttle adds when to try again, while its words are its own

    def __init__(
        self,
        message: str = "",
        *,
        code: int | None = None,
        subcode: int | None = None,
        error_type: str | None = None,
        fbtrace_id: str | None = None,
        http_status: int | None = None,
        is_transient: bool = False,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
        user_title: str | None = None,
        user_message: str | None = None,
        usage: Usage | None = None,
        retry_after: float | None = None,
        refused: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.subcode = subcode
        self.error_type = error_type
        self.fbtrace_id = fbtrace_id
        self.http_status = http_status
        self.is_transient = is_transient
        self.headers: Mapping[str, str] = CaseInsensitiveDict(headers or {})
        self.body = body
        self._title = user_title or None
        self._message = user_message or None
        self._info: ErrorInfo | None = None  # the words of Graph's code, when known
        self.usage = usage or Usage()
        self.retry_after = retry_after
        # True when Graph guarantees the request was refused before anything was applied (throttles), so a
        # write may safely be sent again.
        self.refused = refused

    @property
    def user_title(self) -> str:
        """What went wrong, in a few words, in the viewer's language."""
        if self._title is not None:
            return _(self._title)
        return (self._info or FALLBACK[self.kind]).title

    @user_title.setter
    def user_title(self, value: str) -> None:
        self._title = value or None

    @property
    def user_message(self) -> str:
        """What happened, why, and what to do next, in the viewer's language."""
        said = _(self._message) if self._message is not None else (self._info or FALLBACK[self.kind]).message
        minutes = self.retry_after_minutes if self._retry_note else None
        if minutes:
            return _("{message} Try again in about {minutes} min.").format(message=said, minutes=words.number(minutes))
        return said

    @user_message.setter
    def user_message(self, value: str) -> None:
        self._message = value or None
        self._retry_note = False  # words set later are the whole message

    @property
    def retry_after_minutes(self) -> int | None:
        """``retry_after`` rounded up to whole minutes, for "retry in N min"."""
        return max(1, math.ceil(self.retry_after / 60)) if self.retry_after else None

    def __str__(self) -> str:
        facts = [
            f"code {self.code}" if self.code is not None else None,
            f"subcode {self.subcode}" if self.subcode is not None else None,
            f"HTTP {self.http_status}" if self.http_status is not None else None,
            f"fbtrace_id {self.fbtrace_id}" if self.fbtrace_id else None,
        ]
        detail = ", ".join(f for f in facts if f)
        return f"{self.message} ({detail})" if detail else self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(message={self.message!r}, code={self.code!r}, subcode={self.subcode!r}, "
            f"http_status={self.http_status!r}, fbtrace_id={self.fbtrace_id!r})"
        )


class AuthenticationError(GraphError):
    """The Facebook connection is no longer valid: the marketer must reconnect Facebook."""

    kind = Kind.AUTHENTICATION


class GraphPermissionError(GraphError):
    """The person (or app) lacks access: grant the permission or ask an admin of the asset."""

    kind = Kind.PERMISSION


class RateLimitError(GraphError):
    """Throttled. Nothing was applied; wait ``retry_after`` seconds (when known) and try again."""

    kind = Kind.RATE_LIMIT
    _retry_note = True

    def __init__(self, message: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("refused", True)
        super().__init__(message, **kwargs)


class InvalidRequestError(GraphError):
    """Graph refused what was asked (bad value, rule broken, already done): change the request."""

    kind = Kind.INVALID_REQUEST


class TransientError(GraphError):
    """A temporary problem on Facebook's side: try again later."""

    kind = Kind.TRANSIENT


class GraphConnectionError(TransientError):
    """Facebook could not be reached, or the answer never arrived (network error, timeout).

    ``sent`` is False when the request surely never reached Facebook (could not connect)."""

    def __init__(self, message: str = "", *, sent: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("is_transient", True)
        kwargs.setdefault("refused", not sent)
        kwargs.setdefault("user_title", N_("Couldn't reach Facebook"))
        kwargs.setdefault(
            "user_message",
            N_("Smart Ads couldn't get an answer from Facebook (network problem or timeout). Check again in a minute."),
        )
        super().__init__(message, **kwargs)
        self.sent = sent


class AmbiguousWriteError(GraphError):
    """A change was sent but its outcome is unknown (timeout, dropped connection, Facebook error 5xx).

    It was not retried automatically: check in Facebook whether it was applied before sending it again.
    ``cause`` is the underlying error."""

    kind = Kind.TRANSIENT

    def __init__(self, cause: GraphError, *, method: str = "POST", path: str = "") -> None:
        super().__init__(
            f"{method} {path}: outcome unknown, not retried ({cause.message})",
            code=cause.code,
            subcode=cause.subcode,
            error_type=cause.error_type,
            fbtrace_id=cause.fbtrace_id,
            http_status=cause.http_status,
            is_transient=cause.is_transient,
            headers=cause.headers,
            body=cause.body,
            user_title=N_("Change may not have been saved"),
            user_message=N_(
                "Smart Ads lost track of Facebook's answer while saving this change, so it may or may not have been "
                "applied. Refresh and check it in Facebook before trying again."
            ),
            usage=cause.usage,
        )
        self.cause = cause


CLASSES: dict[Kind, type[GraphError]] = {
    Kind.AUTHENTICATION: AuthenticationError,
    Kind.PERMISSION: GraphPermissionError,
    Kind.RATE_LIMIT: RateLimitError,
    Kind.INVALID_REQUEST: InvalidRequestError,
    Kind.TRANSIENT: TransientError,
}


def error_from_response(
    status: int | None,
    body: Any,
    headers: Mapping[str, str] | None = None,
    *,
    secrets: Iterable[str | None] = (),
) -> GraphError:
    """Build the typed error for a Graph error response (``body`` parsed JSON, or raw text/bytes)."""
    secrets = tuple(secrets)
    headers = CaseInsensitiveDict(headers or {})
    body = scrub(_parse_body(body), secrets)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        error = {"message": error} if isinstance(error, str) else {}
    code, subcode = _int(error.get("code")), _int(error.get("error_subcode"))
    is_transient = bool(error.get("is_transient"))
    info = lookup(code, subcode, str(error.get("message") or ""))
    kind = info.kind if info else _kind_from_status(status, is_transient)
    usage = parse_usage(headers)
    hint = _retry_after_header(headers.get("Retry-After"))
    if kind is Kind.RATE_LIMIT:
        hint = max(hint, usage.regain_access_seconds)
    message = redact(str(error.get("message") or f"Graph answered HTTP {status}"), secrets)
    said_title, said_message = error.get("error_user_title"), error.get("error_user_msg")
    made = CLASSES[kind](
        message,
        code=code,
        subcode=subcode,
        error_type=error.get("type"),
        fbtrace_id=error.get("fbtrace_id"),
        http_status=status,
        is_transient=is_transient or kind is Kind.TRANSIENT,
        headers=headers,
        body=body,
        # Facebook's own words only for a code without words of ours
        user_title=str(said_title) if said_title and not info else None,
        user_message=str(said_message) if said_message and not info else None,
        usage=usage,
        retry_after=hint or None,
        refused=bool(info and info.refused) or kind is Kind.RATE_LIMIT,
    )
    made._info = info
    return made


def _kind_from_status(status: int | None, is_transient: bool) -> Kind:
    if is_transient or status is None or status >= 500:
        return Kind.TRANSIENT
    return {429: Kind.RATE_LIMIT, 401: Kind.AUTHENTICATION, 403: Kind.PERMISSION}.get(status, Kind.INVALID_REQUEST)


def _parse_body(body: Any) -> Any:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        try:
            return json.loads(body)
        except ValueError:
            return {"error": {"message": body[:200]}} if body.strip() else None
    return body


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _retry_after_header(value: str | None) -> float:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP date); 0 when absent or unreadable."""
    if not value:
        return 0.0
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return 0.0
