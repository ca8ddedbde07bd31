"""Keep secrets out of text: URLs, log lines and error messages pass through ``redact`` first."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Iterable
from typing import Any

SECRET_PARAMS: tuple[str, ...] = (
    "access_token",
    "appsecret_proof",
    "client_secret",
    "fb_exchange_token",
    "input_token",
    "code",
)
MASK = "***"
# JSON keys whose string values are secrets (an error's ``code`` is a number, not the OAuth code).
SECRET_KEYS = frozenset(SECRET_PARAMS) - {"code"}

# ``name=value`` in a query string or form body. ``\b`` keeps ``error_code=`` and ``zip_code=`` out.
_PAIR = re.compile(r"(?i)(?<![\w-])(" + "|".join(SECRET_PARAMS) + r")=([^&\s#\"'<>]+)")
# ``"name": "value"`` in JSON text.
_JSON_PAIR = re.compile(r'(?i)("(?:' + "|".join(sorted(SECRET_KEYS)) + r')"\s*:\s*")([^"]*)(")')
# ``Authorization: OAuth <token>`` / ``Bearer <token>``.
_AUTH_HEADER = re.compile(r"(?i)\b(OAuth|Bearer)\s+[A-Za-z0-9._|\-]+")


def appsecret_proof(app_secret: str, access_token: str) -> str:
    """Graph's ``appsecret_proof``: hex HMAC-SHA256 of the access token, keyed with the app secret."""
    return hmac.new(app_secret.encode(), access_token.encode(), hashlib.sha256).hexdigest()


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Mask secret query/form/JSON values, auth headers, and any literal occurrence of ``secrets``."""
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _PAIR.sub(lambda m: f"{m.group(1)}={MASK}", text)
    text = _JSON_PAIR.sub(lambda m: f"{m.group(1)}{MASK}{m.group(3)}", text)
    return _AUTH_HEADER.sub(lambda m: f"{m.group(1)} {MASK}", text)


def scrub(value: Any, secrets: Iterable[str | None] = ()) -> Any:
    """``redact`` every string inside a JSON-like value (dicts, lists), keeping its shape."""
    secrets = tuple(secrets)
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {k: MASK if k in SECRET_KEYS and v else scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v, secrets) for v in value]
    return value


class RedactingFilter(logging.Filter):
    """Masks secrets in records of loggers we do not own (urllib3 logs each request line, query included)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


THIRD_PARTY_LOGGERS = ("urllib3.connectionpool",)


def install_log_redaction() -> None:
    """Put a ``RedactingFilter`` on the HTTP library's loggers (once)."""
    for name in THIRD_PARTY_LOGGERS:
        target = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in target.filters):
            target.addFilter(RedactingFilter())
