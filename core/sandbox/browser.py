"""A browser on the sandbox's Facebook Login page: what a person's browser does on Facebook's consent dialog.

The in-process sandbox (``http://sandbox.local``) is not reachable from a real browser, so in sandbox mode the
Connect page draws the consent choices itself and answers the dialog through :func:`answer_dialog` (reached by
the app through ``core/transport.py``); tests use it to play the browser in the live flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple
from urllib.parse import parse_qsl, urlsplit

import requests

from core.sandbox.oauth import CONFIRM_PATH, SESSION_COOKIE


class DialogAnswer(NamedTuple):
    status: int  # the HTTP status the dialog answered with
    redirect: dict[str, str] | None  # the query parameters it redirected with (None: it did not redirect)


def answer_dialog(
    session: requests.Session,
    dialog_url: str,
    *,
    allow: bool = True,
    granted: Sequence[str] | None = None,
    signed_in: str | None = None,
) -> DialogAnswer:
    """Allow (or cancel) the consent dialog at ``dialog_url`` as a browser would. ``granted`` defaults to every
    scope asked for; ``signed_in`` is the demo token of the person signed in to the sandbox's Facebook (its
    session cookie; default the demo marketer), so the connection is theirs."""
    parts = urlsplit(dialog_url)
    asked = dict(parse_qsl(parts.query))
    requested = [s for s in asked.get("scope", "").split(",") if s]
    form = {
        "client_id": asked.get("client_id", ""),
        "redirect_uri": asked.get("redirect_uri", ""),
        "state": asked.get("state", ""),
        "requested_scope": ",".join(requested),
        "action": "allow" if allow else "cancel",
        "scope": list(requested if granted is None else granted),
    }
    answer = session.post(
        f"{parts.scheme}://{parts.netloc}{CONFIRM_PATH}",
        data=form,
        cookies={SESSION_COOKIE: signed_in} if signed_in else None,
        allow_redirects=False,
        timeout=30,
    )
    location = answer.headers.get("Location")
    if answer.status_code != 302 or not location:
        return DialogAnswer(answer.status_code, None)
    return DialogAnswer(answer.status_code, dict(parse_qsl(urlsplit(location).query)))
