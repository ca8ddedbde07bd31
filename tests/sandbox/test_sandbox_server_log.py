"""``python -m core.sandbox`` logs exactly one line per request to stderr (method, path, status, duration) and never
a token, proof, secret or Login code; driven with real curl."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import shutil
import subprocess
import sys

import pytest

from core.config import PROJECT_ROOT
from core.sandbox import DEMO_AD_ACCOUNT_ACTIVE
from tests.support.sandbox import curl

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
SECRET = "app-secret-never-logged"
LINE = re.compile(r"(GET|POST|DELETE) /\S* \d{3} \d+\.\dms")


def test_one_redacted_line_per_request() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "core.sandbox", "--port", "0", "--app-secret", SECRET],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    proof = hmac.new(SECRET.encode(), b"demo-admin", hashlib.sha256).hexdigest()
    assert process.stdout is not None
    base = process.stdout.readline().strip().rsplit(" ", 1)[-1]
    secrets = ["demo-admin", proof, SECRET, "AQsomeLoginCode", "EAASsomeShortToken", "demo-analyst"]
    try:
        requests = [
            ("-G", "-d", "access_token=demo-admin", "-d", f"appsecret_proof={proof}", f"{base}/v21.0/me"),
            (
                "-G",
                "-d",
                "input_token=demo-analyst",
                "-d",
                f"access_token=1234567890123456|{SECRET}",
                f"{base}/debug_token",
            ),
            (
                "-G",
                "-d",
                "client_id=1",
                "-d",
                f"client_secret={SECRET}",
                "-d",
                "code=AQsomeLoginCode",
                f"{base}/oauth/access_token",
            ),
            (
                "-G",
                "-d",
                "grant_type=fb_exchange_token",
                "-d",
                "fb_exchange_token=EAASsomeShortToken",
                f"{base}/oauth/access_token",
            ),
            (
                "-H",
                "Authorization: OAuth demo-admin",
                f"{base}/v21.0/act_{DEMO_AD_ACCOUNT_ACTIVE}?appsecret_proof={proof}",
            ),
            (
                "-F",
                "access_token=demo-admin",
                "-F",
                f"batch={json.dumps([{'method': 'GET', 'relative_url': 'me'}])}",
                f"{base}/",
            ),
            ("-X", "DELETE", f"{base}/v21.0/act_42/assigned_users?access_token=demo-admin&user=1"),
        ]
        for args in requests:
            curl(*args)
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    lines = stderr.splitlines()
    assert len(lines) == len(requests), stderr
    assert all(LINE.fullmatch(line) for line in lines), lines
    assert not [s for s in secrets if s in stderr], stderr
    assert lines[0].startswith("GET /v21.0/me?access_token=REDACTED&appsecret_proof=REDACTED 200 ")
    assert " 400 " in lines[-1] and lines[-1].startswith(
        "DELETE /v21.0/act_42/assigned_users?access_token=REDACTED&user=1"
    )
