"""What a Graph call looks like on the wire: paths, parameters, tokens, the method override, JSON answers."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

# Query values never written to a log: tokens, proofs, secrets and Login codes.
SECRET_PARAMS = frozenset(
    {"access_token", "appsecret_proof", "client_secret", "code", "fb_exchange_token", "input_token"}
)


def redact(path: str) -> str:
    """A request path with every token, secret, proof and code in its query replaced."""
    url = urlsplit(path)
    query = [(k, "REDACTED" if k in SECRET_PARAMS else v) for k, v in parse_qsl(url.query, True)]
    return url.path + (f"?{urlencode(query)}" if query else "")
