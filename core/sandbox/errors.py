"""Graph error bodies, with the HTTP statuses Graph answers them with."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

GRAPH_DOCS = "https://developers.facebook.com/docs/graph-api"
THROTTLE_CODES = frozenset({4, 17, 32, 613, 80000, 80001, 80004})
TRANSIENT_CODES = frozenset({1, 2})


def new_trace_id() -> str:
    """An opaque value shaped like Graph's ``fbtrace_id``."""
    return "A" + secrets.token_urlsafe(16)[:22]


@dataclass
class GraphError(Exception):
    code: int
    message: str
    type: str = "OAuthException"
    subcode: int | None = None
    user_title: str | None = None
    user_msg: str | None = None
    is_transient: bool = False
    error_data: dict[str, Any] | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"({self.code}/{self.subcode}) {self.message}"

    @property
    def http_status(self) -> int:
        if self.status is not None:
            return self.status
        if 200 <= self.code <= 299:
            return 403  # permission errors: Graph answers 403 Forbidden
        if self.is_transient and self.code in TRANSIENT_CODES:
            return 500  # Graph's "unknown error, retry" answers
        return 400

    def body(self, trace_id: str) -> dict[str, Any]:
        error: dict[str, Any] = {"message": self.message, "type": self.type, "code": self.code}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        if self.user_title:
            error["error_user_title"] = self.user_title
        if self.user_msg:
            error["error_user_msg"] = self.user_msg
        error["is_transient"] = self.is_transient
        if self.error_data is not None:
            error["error_data"] = self.error_data
        error["fbtrace_id"] = trace_id
        return {"error": error}


def unsupported_request(method: str, node_id: str) -> GraphError:
    return GraphError(
        100,
        f"Unsupported {method.lower()} request. Object with ID '{node_id}' does not exist, cannot be loaded "
        "due to missing permissions, or does not support this operation. Please read the Graph API "
        f"documentation at {GRAPH_DOCS}",
        type="GraphMethodException",
        subcode=33,
    )


def nonexisting_field(name: str, node_type: str) -> GraphError:
    return GraphError(100, f"(#100) Tried accessing nonexisting field ({name}) on node type ({node_type})")


def missing_param(name: str) -> GraphError:
    return GraphError(100, f"(#100) The parameter {name} is required")


def invalid_param(message: str) -> GraphError:
    return GraphError(100, f"(#100) {message}")


def permissions_error(message: str = "Permissions error") -> GraphError:
    return GraphError(200, f"(#200) {message}")


def invalid_token() -> GraphError:
    return GraphError(190, "Invalid OAuth access token - Cannot parse access token")


def missing_token() -> GraphError:
    return GraphError(104, "An access token is required to request this resource.")


def me_without_user() -> GraphError:
    return GraphError(2500, "An active access token must be used to query information about the current user.")
