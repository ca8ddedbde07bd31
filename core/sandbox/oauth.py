"""Facebook Login, emulated: the consent dialog, code exchange, long-lived tokens and ``debug_token``.

The dialog is a plain HTML form; its confirm endpoint (``POST /dialog/oauth/confirm``) can be posted to
directly, so tests run the whole flow headlessly. Codes are single-use and expire after 10 minutes, like
Facebook's.
"""

from __future__ import annotations

import hmac
import html
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from core.sandbox.errors import GraphError, invalid_token, missing_param
from core.sandbox.sandbox import ALL_SCOPES, APP_NAME, LONG_LIVED, SHORT_LIVED, AuthCode, Sandbox, TokenInfo

CODE_LIFETIME = timedelta(minutes=10)
CONFIRM_PATH = "/dialog/oauth/confirm"
SESSION_COOKIE = "sandbox_session"  # who is signed in to the sandbox's Facebook (a demo token); see _signed_in
# The page Facebook shows instead of redirecting to a redirect_uri the app did not register (its Valid OAuth
# Redirect URIs, matched exactly in Strict Mode: https://developers.facebook.com/docs/facebook-login/security);
# nothing is sent to that URI.
URL_BLOCKED = (
    "URL Blocked: This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth "
    "Settings. Make sure Client and Web OAuth Login are on and add all your app domains as Valid OAuth Redirect URIs."
)


def _ts(moment: Any) -> int:
    return int(moment.timestamp()) if moment else 0


def _redirect(uri: str, params: dict[str, str]) -> Response:
    separator = "&" if "?" in uri else "?"
    return Response(status=302, headers={"Location": f"{uri}{separator}{urlencode(params)}"})


def _url_blocked() -> Response:
    page = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Error</title></head>
<body><h1>URL Blocked</h1><p>{html.escape(URL_BLOCKED)}</p></body></html>"""
    return Response(page, status=400, mimetype="text/html")


def dialog(sandbox: Sandbox, request: Request, confirm: bool) -> Response:
    values = request.values
    client_id, redirect_uri = values.get("client_id", ""), values.get("redirect_uri", "")
    if client_id != sandbox.app_id:
        return Response(
            "Invalid App ID: the client_id does not match the sandbox app.", status=400, mimetype="text/plain"
        )
    if redirect_uri not in sandbox.redirect_uris:
        return _url_blocked()
    state = values.get("state", "")
    if confirm:
        return _confirm(sandbox, request, client_id, redirect_uri, state)
    requested = [s.strip() for s in values.get("scope", "").replace(" ", ",").split(",") if s.strip()]
    rows = "\n".join(
        f'<li><label><input type="checkbox" name="scope" value="{html.escape(s)}" checked> {html.escape(s)}'
        f"</label></li>"
        for s in requested
    )
    hidden = "\n".join(
        f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
        for k, v in (
            ("client_id", client_id),
            ("redirect_uri", redirect_uri),
            ("state", state),
            ("requested_scope", ",".join(requested)),
        )
    )
    page = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Log in with Facebook (sandbox)</title></head>
<body><h1>{html.escape(APP_NAME)} is requesting access</h1>
<p>You are signed in as {html.escape(_person(sandbox, request))}. Untick anything you do not want to grant.</p>
<form method="post" action="{CONFIRM_PATH}">
{hidden}
<ul>
{rows}
</ul>
<button type="submit" name="action" value="allow">Allow</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form></body></html>"""
    return Response(page, mimetype="text/html")


def _confirm(sandbox: Sandbox, request: Request, client_id: str, redirect_uri: str, state: str) -> Response:
    if request.values.get("action", "allow") != "allow":
        return _redirect(
            redirect_uri,
            {
                "error": "access_denied",
                "error_code": "200",
                "error_description": "Permissions error",
                "error_reason": "user_denied",
                "state": state,
            },
        )
    granted = tuple(dict.fromkeys(request.values.getlist("scope")))
    requested = [s for s in request.values.get("requested_scope", "").split(",") if s]
    declined = tuple(s for s in requested if s not in granted)
    code = "AQ" + secrets.token_urlsafe(48)
    with sandbox.lock:
        user_id = _signed_in(sandbox, request)
        sandbox.codes[code] = AuthCode(client_id, redirect_uri, granted, declined, sandbox.now(), user_id)
    return _redirect(redirect_uri, {"code": code, "state": state})


def _signed_in(sandbox: Sandbox, request: Request) -> str:
    """Who is signed in to the sandbox's Facebook: Facebook knows it from its session cookie; here the cookie
    :data:`SESSION_COOKIE` holds one of the demo world's tokens (the in-process app sends the sidebar's identity),
    expired or not. Without it, the demo marketer."""
    info = sandbox.tokens.get(request.cookies.get(SESSION_COOKIE, ""))
    return info.user_id if info is not None and info.user_id else sandbox.world.marketer_id


def _person(sandbox: Sandbox, request: Request) -> str:
    user = sandbox.world.users.get(_signed_in(sandbox, request))
    return user.name if user is not None else "the demo marketer"


def _check_client(sandbox: Sandbox, params: dict[str, str]) -> None:
    if params.get("client_id") != sandbox.app_id:
        raise GraphError(101, "Error validating application. Invalid application ID.")
    secret = params.get("client_secret")
    if not secret:
        raise missing_param("client_secret")
    if sandbox.app_secret is not None and not hmac.compare_digest(secret, sandbox.app_secret):
        raise GraphError(1, "Error validating client secret.")


def access_token(sandbox: Sandbox, params: dict[str, str]) -> dict[str, Any]:
    """``GET /oauth/access_token``: code → short-lived token; ``fb_exchange_token`` → long-lived token."""
    _check_client(sandbox, params)
    grant = params.get("grant_type")
    if grant == "client_credentials":
        return {"access_token": f"{sandbox.app_id}|{params['client_secret']}", "token_type": "bearer"}
    if grant == "fb_exchange_token":
        old = params.get("fb_exchange_token")
        if not old:
            raise missing_param("fb_exchange_token")
        info = sandbox.authenticate(old)
        if info.user_id is None:
            raise invalid_token()
        token, new = sandbox.mint_token(info.user_id, info.scopes, LONG_LIVED, info.declined)
        return _token_answer(sandbox, token, new)
    code = params.get("code")
    if not code:
        raise missing_param("code")
    record = sandbox.codes.get(code)
    if record is None:
        raise GraphError(100, "Invalid verification code format.", subcode=36008)
    if record.used:
        raise GraphError(100, "This authorization code has been used.", subcode=36009)
    if sandbox.now() - record.issued_at > CODE_LIFETIME:
        raise GraphError(100, "This authorization code has expired.", subcode=36007)
    if params.get("redirect_uri") != record.redirect_uri:
        raise GraphError(
            100,
            "Error validating verification code. Please make sure your redirect_uri is identical "
            "to the one you used in the OAuth dialog request",
            subcode=36008,
        )
    record.used = True
    user_id = record.user_id or sandbox.world.marketer_id
    sandbox.reauthorize_demo_tokens(user_id)
    token, info = sandbox.mint_token(user_id, record.scopes, SHORT_LIVED, record.declined)
    return _token_answer(sandbox, token, info)


def _token_answer(sandbox: Sandbox, token: str, info: TokenInfo) -> dict[str, Any]:
    expires_in = int((info.expires_at - sandbox.now()).total_seconds()) if info.expires_at else 0
    return {"access_token": token, "token_type": "bearer", "expires_in": expires_in}


def debug_token(sandbox: Sandbox, params: dict[str, str]) -> dict[str, Any]:
    """``GET /debug_token?input_token=...`` (the caller's own token was checked by the dispatcher)."""
    token = params.get("input_token")
    if not token:
        raise missing_param("input_token")
    if "|" in token and sandbox.app_token_valid(token):
        return {
            "data": {
                "app_id": sandbox.app_id,
                "type": "APP",
                "application": APP_NAME,
                "is_valid": True,
                "scopes": [],
            }
        }
    info = sandbox.tokens.get(token)
    if info is None:
        error = invalid_token()
        return {"data": {"error": {"code": error.code, "message": error.message}, "is_valid": False, "scopes": []}}
    data: dict[str, Any] = {
        "app_id": sandbox.app_id,
        "type": info.kind,
        "application": APP_NAME,
        "data_access_expires_at": _ts(info.data_access_expires_at),
        "expires_at": _ts(info.expires_at),
        "is_valid": True,
        "issued_at": _ts(info.issued_at),
        "scopes": list(info.scopes),
        "granular_scopes": _granular(sandbox, info),
        "user_id": info.user_id,
    }
    try:
        sandbox.authenticate(token)
    except GraphError as exc:
        data["is_valid"] = False
        data["error"] = {"code": exc.code, "message": exc.message, "subcode": exc.subcode}
    return {"data": data}


def _granular(sandbox: Sandbox, info: TokenInfo) -> list[dict[str, Any]]:
    w = sandbox.world
    targets = {
        "business_management": [b.id for b in w.businesses.values() if info.user_id in b.people],
        "pages_show_list": [p.id for p in w.pages.values() if info.user_id in p.user_tasks],
        "pages_read_engagement": [p.id for p in w.pages.values() if info.user_id in p.user_tasks],
    }
    out = []
    for scope in info.scopes:
        entry: dict[str, Any] = {"scope": scope}
        if scope in targets:
            entry["target_ids"] = targets[scope]
        out.append(entry)
    return out


__all__ = ["ALL_SCOPES", "access_token", "debug_token", "dialog"]
