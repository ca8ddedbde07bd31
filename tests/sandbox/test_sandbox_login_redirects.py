"""The Login dialog sends the browser back only to a registered redirect URI (the app's Valid OAuth Redirect URIs),
as Facebook does; checked with real curl, in a thread and through ``python -m core.sandbox --redirect-uri``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from core.config import PROJECT_ROOT, REQUIRED_SCOPES
from core.sandbox import Sandbox, serve_in_thread
from core.sandbox.sandbox import DEFAULT_REDIRECT_URIS
from tests.support.sandbox import curl

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
REGISTERED = "https://store.example/connect"


@pytest.fixture
def served() -> Iterator[tuple[Sandbox, str]]:
    sandbox = Sandbox()
    base_url, stop = serve_in_thread(sandbox)
    yield sandbox, base_url
    stop()


def open_dialog(base_url: str, app_id: str, redirect_uri: str):
    return curl(
        "-G",
        "-d",
        f"client_id={app_id}",
        "--data-urlencode",
        f"redirect_uri={redirect_uri}",
        "-d",
        "state=st",
        "-d",
        f"scope={','.join(REQUIRED_SCOPES)}",
        f"{base_url}/v21.0/dialog/oauth",
    )


def confirm(base_url: str, app_id: str, redirect_uri: str):
    form = ["-d", f"client_id={app_id}", "--data-urlencode", f"redirect_uri={redirect_uri}", "-d", "state=st"]
    return curl(*form, "-d", "scope=ads_read", "-d", "action=allow", f"{base_url}/dialog/oauth/confirm")


def test_default_registered_uris_include_the_dashboards_sandbox_return_and_the_suites() -> None:
    assert Sandbox().redirect_uris == DEFAULT_REDIRECT_URIS
    assert {"http://localhost:8501/connect", REGISTERED, "https://shop.example/facebook/callback"} <= set(
        DEFAULT_REDIRECT_URIS
    )


def test_unregistered_redirect_uri_shows_url_blocked_and_redirects_nowhere(served) -> None:
    sandbox, base_url = served
    for answer in (
        open_dialog(base_url, sandbox.app_id, "https://evil.example/connect"),
        confirm(base_url, sandbox.app_id, "https://evil.example/connect"),
        open_dialog(base_url, sandbox.app_id, REGISTERED + "?next=/admin"),  # Strict Mode: an exact match only
    ):
        assert answer.status == 400 and "location" not in answer.headers
        assert answer.headers["content-type"].startswith("text/html")
        assert "URL Blocked" in answer.text and "Valid OAuth Redirect URIs" in answer.text


def test_registered_redirect_uri_gets_the_code_and_the_exchange_must_repeat_it(served) -> None:
    sandbox, base_url = served
    assert open_dialog(base_url, sandbox.app_id, REGISTERED).status == 200
    back = confirm(base_url, sandbox.app_id, REGISTERED)
    location = urlsplit(back.headers["location"])
    assert back.status == 302 and f"{location.scheme}://{location.netloc}{location.path}" == REGISTERED
    code = parse_qs(location.query)["code"][0]
    exchange = ["-G", "-d", f"client_id={sandbox.app_id}", "-d", "client_secret=s", "-d", f"code={code}"]
    wrong = curl(
        *exchange,
        "--data-urlencode",
        "redirect_uri=https://shop.example/facebook/callback",
        f"{base_url}/oauth/access_token",
    )
    error = wrong.json()["error"]
    assert wrong.status == 400 and (error["code"], error["error_subcode"]) == (100, 36008)
    right = curl(*exchange, "--data-urlencode", f"redirect_uri={REGISTERED}", f"{base_url}/oauth/access_token")
    assert right.status == 200 and right.json()["token_type"] == "bearer"


def test_cli_registers_its_redirect_uris() -> None:
    command = [sys.executable, "-m", "core.sandbox", "--port", "0", "--redirect-uri", "https://a.example/cb"]
    command += ["--redirect-uri", "https://b.example/cb"]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        match = re.fullmatch(r"Sandbox Graph API on (http://127\.0\.0\.1:\d+)", process.stdout.readline().strip())
        assert match
        app_id = Sandbox().app_id
        assert open_dialog(match.group(1), app_id, "https://a.example/cb").status == 200
        assert open_dialog(match.group(1), app_id, "https://b.example/cb").status == 200
        assert (
            open_dialog(match.group(1), app_id, "http://localhost:8501/connect").status == 400
        )  # replaced the defaults
    finally:
        process.terminate()
        process.wait(timeout=10)
