"""What a Graph call looks like on the wire: paths, parameters, tokens, the method override, JSON answers."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from werkzeug.wrappers import Request, Response

from core.config import DEFAULT_GRAPH_VERSION
from core.sandbox.errors import GraphError, invalid_param

VERSION_RE = re.compile(r"^v\d+\.\d+$")
# Query values never written to a log: tokens, proofs, secrets and Login codes.
SECRET_PARAMS = frozenset(
    {"access_token", "appsecret_proof", "client_secret", "code", "fb_exchange_token", "input_token"}
)
# ``method=`` overrides the HTTP method: the JS SDK's FB.api sends every call as GET or POST with ``method=<verb>``
# among its parameters (connect.facebook.net sdk.js), and long reads go as POST ...&method=get.
OVERRIDABLE_METHODS = frozenset({"GET", "POST", "DELETE"})
TOKEN_ERROR_CODES = frozenset({102, 190})


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]


@dataclass
class GraphCall:
    """One Graph call as it arrived: the effective method, the path under the version, parameters, token."""

    method: str
    segments: list[str]
    params: dict[str, str]
    token: str | None
    base_url: str
    version: str | None
    usage: tuple[str | None, str | None] = field(default=(None, None))  # (ad account, business) it is about


def split_path(path: str) -> tuple[list[str], str | None]:
    segments = [s for s in path.split("/") if s]
    if segments and VERSION_RE.match(segments[0]):
        return segments[1:], segments[0]
    return segments, None


def request_params(request: Request) -> dict[str, str]:
    """Query string, then form or multipart body (any method, DELETE included), then a JSON object body."""
    params = {k: v for k, v in request.args.items()}
    params.update({k: v for k, v in request.form.items()})
    if request.mimetype == "application/json":
        data = request.get_json(silent=True)
        if isinstance(data, dict):
            params.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()})
    return params


def parse_value(text: str) -> Any:
    """A structured parameter as JSON or in the documents' Python-like form (``['ADVERTISE', 'ANALYZE']``)."""
    for parse in (json.loads, ast.literal_eval):
        try:
            return parse(text.strip())
        except (ValueError, SyntaxError):
            continue
    raise invalid_param(f"Param must be JSON, got {text[:40]}")


def parse_list(value: str | list[Any]) -> list[str]:
    """A list parameter as JSON (``["ANALYZE"]``), the documents' ``['ADVERTISE', 'ANALYZE']``, or CSV."""
    if isinstance(value, list):
        return [str(v) for v in value]
    text = value.strip()
    if not text.startswith("["):
        return [part.strip() for part in text.split(",") if part.strip()]
    parsed = parse_value(text)
    if not isinstance(parsed, list):
        raise invalid_param(f"Param must be a list, got {text[:40]}")
    return [str(v) for v in parsed]


def override_method(method: str, params: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The effective method and the parameters without ``method`` (Graph's override, any HTTP method)."""
    wanted = params.get("method", "").strip().upper()
    if wanted not in OVERRIDABLE_METHODS:
        return method.upper(), params
    return wanted, {k: v for k, v in params.items() if k != "method"}


def header_token(authorization: str) -> str | None:
    scheme, _, value = authorization.partition(" ")
    return value.strip() or None if scheme.lower() in ("oauth", "bearer") else None


def www_authenticate(error: GraphError) -> str | None:
    """Graph's challenge on OAuthException errors: ``invalid_token`` for token errors, ``invalid_request`` for the
    rest, missing token included (recorded answers: ``OAuth "Facebook Platform" "invalid_request" "An active access
    token must be used to query information about the current user."``, and ``"invalid_request" "Permissions
    error"`` on code 200; nov/fb_graph's exception specs match on the same two words)."""
    if error.type != "OAuthException":
        return None
    kind = "invalid_token" if error.code in TOKEN_ERROR_CODES else "invalid_request"
    message = error.message.replace("\\", "\\\\").replace('"', '\\"').encode("latin-1", "replace").decode("latin-1")
    return f'OAuth "Facebook Platform" "{kind}" "{message}"'


def redact(path: str) -> str:
    """A request path with every token, secret, proof and code in its query replaced."""
    url = urlsplit(path)
    query = [(k, "REDACTED" if k in SECRET_PARAMS else v) for k, v in parse_qsl(url.query, True)]
    return url.path + (f"?{urlencode(query)}" if query else "")


def json_response(answer: Answer, version: str | None) -> Response:
    headers = {"facebook-api-version": version or DEFAULT_GRAPH_VERSION} | answer.headers
    return Response(
        json.dumps(answer.body, separators=(",", ":")),
        status=answer.status,
        headers=headers,
        content_type="application/json; charset=UTF-8",
    )
