"""Every curl example of /work/shared/reference/ run with real ``curl`` against the real HTTP server.

The examples are kept here verbatim (placeholders and all); a guard test checks that they are exactly the curl
commands of the reference documents when those are present. Placeholders become demo IDs, ``demo-admin`` and
version ``v21.0``. One documented call deliberately fails: ``GET act_<id>/assigned_users`` without ``business``,
which Graph requires (docs/SANDBOX.md).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from core.config import PROJECT_ROOT
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_AD_ACCOUNT_PENDING_CLAIM,
    DEMO_AD_ACCOUNT_PERSONAL,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_PAGE_AGENCY,
    DEMO_PAGE_MAIN,
    DEMO_PERSON_JUNIOR,
    DEMO_PRODUCT_SET_ID,
    Sandbox,
    serve_in_thread,
)

REFERENCE_DIR = Path("/work/shared/reference")
pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")

Check = Callable[[int, Any], None]


def ok(check: Callable[[Any], bool]) -> Check:
    def verify(status: int, body: Any) -> None:
        assert status == 200, body
        assert check(body), body

    return verify


def fails(code: int, words: str) -> Check:
    def verify(status: int, body: Any) -> None:
        assert 400 <= status < 500 and body["error"]["code"] == code and words in body["error"]["message"], body

    return verify


def _account_created(body: Any) -> bool:
    keys = {"id", "account_id", "business_id", "end_advertiser_id", "media_agency_id", "partner_id"}
    return set(body) == keys and body["partner_id"] == "NONE" and body["id"] == f"act_{body['account_id']}"


# (document, ad account for act_<...> placeholders, the command as printed, what the document says happens)
EXAMPLES: list[tuple[str, str, str, Check]] = [
    (
        "002",
        DEMO_AD_ACCOUNT_ACTIVE,
        'curl -G -d "access_token=<access_token>" '
        '"https://graph.facebook.com/<API_VERSION>/act_<ad_account_ID>/ads_volume"',
        ok(lambda b: isinstance(b["data"][0]["ads_running_or_in_review_count"], int)),
    ),
    (
        "002",
        DEMO_AD_ACCOUNT_ACTIVE,
        "curl -G \\\n-d 'fields=name,configured_status,effective_status' \\\n-d 'access_token=<ACCESS_TOKEN>' \\\n"
        "https://graph.facebook.com/v2.11/act_<AD_ACCOUNT_ID>/adsets",
        ok(lambda b: all({"name", "configured_status", "effective_status", "id"} <= set(s) for s in b["data"])),
    ),
    (
        "002",
        DEMO_AD_ACCOUNT_ACTIVE,
        "curl -G \\\n-d 'access_token=<ACCESS_TOKEN>' \\\nhttps://graph.facebook.com/v2.11/act_<AD_ACCOUNT_ID>/users",
        ok(lambda b: all("id" in u for u in b["data"]) and len(b["data"]) > 1),
    ),
    (
        "002",
        DEMO_AD_ACCOUNT_ACTIVE,
        "curl -G \\\n-d 'fields=tos_accepted' \\\n-d 'access_token=<ACCESS_TOKEN>' \\\n"
        "https://graph.facebook.com/v2.11/act_<AD_ACCOUNT_ID>",
        ok(lambda b: isinstance(b["tos_accepted"], dict)),
    ),
    (
        "002",
        DEMO_AD_ACCOUNT_EUR,
        'curl -X GET \\\n"https://graph.facebook.com/v21.0\n'
        '/act_<AD_ACCOUNT_ID>?fields=default_dsa_payor%2Cdefault_dsa_beneficiary&access_token=<ACCESS_TOKEN>"',
        ok(lambda b: set(b) == {"default_dsa_payor", "default_dsa_beneficiary", "id"}),
    ),
    (
        "002",
        DEMO_AD_ACCOUNT_ACTIVE,
        'curl \\ -F "name=MyAdAccount" \\ -F "currency=USD" \\ -F "timezone_id=1" \\ '
        '-F "end_advertiser=<END_ADVERTISER_ID>" \\ -F "media_agency=<MEDIA_AGENCY_ID>" \\ -F "partner=NONE" \\ '
        '-F "access_token=<ACCESS_TOKEN>" \\ "https://graph.facebook.com/<API_VERSION>/<BUSINESS_ID>/adaccount"',
        ok(_account_created),
    ),
    (
        "002",
        DEMO_AD_ACCOUNT_ACTIVE,
        "curl -X POST \\\n-F 'name=\"Test Iphone Product Audience\"' \\\n-F 'product_set_id=\"<PRODUCT_SET_ID>\"' \\\n"
        '-F \'inclusions=[\n{\n"retention_seconds": 86400,\n"rule": {\n"and": [\n{\n"event": {\n'
        '"eq": "AddToCart"\n}\n},\n{\n"userAgent": {\n"i_contains": "iPhone"\n}\n}\n]\n}\n}\n]\' \\\n'
        '-F \'exclusions=[\n{\n"retention_seconds": 172800,\n"rule": {\n"event": {\n"eq": "Purchase"\n}\n}\n}\n'
        "]' \\\n-F 'access_token=<ACCESS_TOKEN>' \\\n"
        "https://graph.facebook.com/v21.0/act_<AD_ACCOUNT_ID>/product_audiences",
        ok(lambda b: b["id"].isdigit()),
    ),
    (
        "004",
        DEMO_AD_ACCOUNT_PERSONAL,
        'curl \\\n  -F "adaccount_id=act_<AD_ACCOUNT_ID>" \\\n  -F "access_token=<ACCESS_TOKEN>" \\\n '
        '"https://graph.facebook.com/<API_VERSION>/<BUSINESS_ID>/owned_ad_accounts"',
        ok(lambda b: b == {"access_status": "CONFIRMED"}),
    ),
    (
        "004",
        DEMO_AD_ACCOUNT_ACTIVE,
        'curl \\\n  -F "name=MyAdAccount" \\\n  -F "currency=USD" \\\n  -F "timezone_id=1" \\\n'
        '  -F "end_advertiser=<END_ADVERTISER_ID>" \\\n  -F "media_agency=<MEDIA_AGENCY_ID>" \\\n'
        '  -F "partner=NONE" \\\n  -F "access_token=<ACCESS_TOKEN>" \\\n'
        '  "https://graph.facebook.com/<API_VERSION>/<BUSINESS_ID>/adaccount"',
        ok(_account_created),
    ),
    (
        "004",
        DEMO_AD_ACCOUNT_ACTIVE,
        'curl -G \\\n-d "access_token=<ACCESS_TOKEN>" \\\n'
        '"https://graph.facebook.com/<API_VERSION>/<BUSINESS_ID>/owned_ad_accounts"',
        ok(lambda b: len(b["data"]) > 3 and all(a["id"].startswith("act_") for a in b["data"])),
    ),
    (
        "004",
        DEMO_AD_ACCOUNT_ACTIVE,
        'curl -G \\\n  -d "access_token=<ACCESS_TOKEN>" \\\n'
        '  "https://graph.facebook.com/<API_VERSION>/<BUSINESS_ID>/pending_owned_ad_accounts"',
        ok(lambda b: [a["id"] for a in b["data"]] == [f"act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}"]),
    ),
    (
        "004",
        DEMO_AD_ACCOUNT_PENDING_CLAIM,
        'curl \\\n  -X DELETE \\\n  -F "adaccount_id=act_<AD_ACCOUNT_ID>" \\\n  -F "access_token=<ACCESS_TOKEN>" \\\n'
        '  "https://graph.facebook.com/<API_VERSION>/<BUSINESS_ID>/ad_accounts"',
        ok(lambda b: b == {"success": True}),
    ),
    (
        "004",
        DEMO_AD_ACCOUNT_ACTIVE,
        'curl -G \\\n  -d "access_token=ACCESS_TOKEN" \\\n'
        '"https://graph.facebook.com/VERSION/BUSINESS_SCOPED_USER_ID/assigned_ad_accounts"',
        ok(lambda b: b["data"] and all("tasks" in a for a in b["data"])),
    ),
    (
        "004",
        DEMO_AD_ACCOUNT_ACTIVE,
        'curl -G \\\n  -d "access_token=ACCESS_TOKEN" \\\n  "https://graph.facebook.com/act_AD_ACCOUNT_ID/assigned_users"',
        fails(100, "business"),  # Graph requires the business parameter on this read
    ),
    (
        "004",
        DEMO_AD_ACCOUNT_ACTIVE,
        "curl \\\n  -F \"user=BUSINESS_SCOPED_USER_ID\" \\\n  -F \"tasks=['MANAGE', 'ADVERTISE', 'ANALYZE']\" \\\n"
        '  -F "access_token=ACCESS_TOKEN" \\\n  "https://graph.facebook.com/VERSION/act_AD_ACCOUNT_ID/assigned_users"',
        ok(lambda b: b == {"success": True}),
    ),
    (
        "004",
        DEMO_AD_ACCOUNT_ACTIVE,
        'curl \\\n  -F "user=BUSINESS_SCOPED_USER_ID" \\\n  -F "tasks=[\'ANALYZE\']" \\\n'
        '  -F "access_token=ACCESS_TOKEN" \\\n  "https://graph.facebook.com/VERSION/act_AD_ACCOUNT_ID/assigned_users"',
        ok(lambda b: b == {"success": True}),
    ),
    (
        "004",
        DEMO_AD_ACCOUNT_ACTIVE,
        'curl \\\n  -X DELETE \\\n  -F "user=<BUSINESS_SCOPED_USER_ID>" \\\n  -F "access_token=ACCESS_TOKEN" \\\n'
        '  "https://graph.facebook.com/VERSION>/act_AD_ACCOUNT_ID/assigned_users"',
        ok(lambda b: b == {"success": True}),
    ),
]


def substitute(command: str, base_url: str, account_id: str) -> str:
    """Fill a documented command's placeholders with the demo world (order matters: longest first)."""
    replacements = [
        ("https://graph.facebook.com", base_url),
        ("v21.0\n/", "v21.0/"),  # the page wrapped this URL across two lines
        ("<API_VERSION>", "v21.0"),
        ("VERSION>", "v21.0"),
        ("/VERSION/", "/v21.0/"),
        ("/v2.11/", "/v21.0/"),
        ("<access_token>", "demo-admin"),
        ("<ACCESS_TOKEN>", "demo-admin"),
        ("ACCESS_TOKEN", "demo-admin"),
        ("act_<ad_account_ID>", f"act_{account_id}"),
        ("act_<AD_ACCOUNT_ID>", f"act_{account_id}"),
        ("act_AD_ACCOUNT_ID", f"act_{account_id}"),
        ("<BUSINESS_ID>", DEMO_BUSINESS_ID_MAIN),
        ("<END_ADVERTISER_ID>", DEMO_PAGE_MAIN),
        ("<MEDIA_AGENCY_ID>", DEMO_PAGE_AGENCY),
        ("<PRODUCT_SET_ID>", DEMO_PRODUCT_SET_ID),
        ("<BUSINESS_SCOPED_USER_ID>", DEMO_PERSON_JUNIOR),
        ("BUSINESS_SCOPED_USER_ID", DEMO_PERSON_JUNIOR),
    ]
    for old, new in replacements:
        command = command.replace(old, new)
    command = command.replace(" \\ ", " \\\n")  # the page flattened "\<newline>" continuations to "\ "
    assert not re.search(r"<[A-Za-z_]+>|ACCESS_TOKEN|AD_ACCOUNT_ID|VERSION", command), command
    return command


def run_curl(command: str) -> tuple[int, Any]:
    command = command.replace("curl", "curl -sS --max-time 10 -w '\\n%{http_code}'", 1)
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=30, check=True)
    body, _, status = done.stdout.rpartition("\n")
    return int(status), json.loads(body)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Sandbox, str]]:
    sandbox = Sandbox()
    base_url, stop = serve_in_thread(sandbox)
    yield sandbox, base_url
    stop()


def test_every_reference_curl_example(server: tuple[Sandbox, str]) -> None:
    _, base_url = server
    for number, (_, account_id, command, check) in enumerate(EXAMPLES, 1):
        status, body = run_curl(substitute(command, base_url, account_id))
        try:
            check(status, body)
        except AssertionError as exc:
            raise AssertionError(f"example {number}: {command!r} → {status} {body}") from exc


def test_assigned_users_read_works_with_the_business_graph_requires(server: tuple[Sandbox, str]) -> None:
    _, base_url = server
    status, body = run_curl(
        f'curl -G -d "access_token=demo-admin" -d "business={DEMO_BUSINESS_ID_MAIN}" '
        f'"{base_url}/act_{DEMO_AD_ACCOUNT_ACTIVE}/assigned_users"'
    )
    assert status == 200 and all({"id", "name", "tasks"} <= set(u) for u in body["data"])


@pytest.mark.skipif(not REFERENCE_DIR.is_dir(), reason="reference documents not present")
def test_examples_are_exactly_the_documents_curl_commands() -> None:
    def squash(text: str) -> str:
        return re.sub(r"\s+", "", text)

    for prefix in ("002", "004"):
        document = next(REFERENCE_DIR.glob(f"{prefix}_*.txt")).read_text()
        ours = [command for doc, _, command, _ in EXAMPLES if doc == prefix]
        assert len(ours) == len(re.findall(r"\bcurl\b", document)), prefix
        for command in ours:
            assert squash(command) in squash(document), command
    assert not re.findall(r"\bcurl\b", next(REFERENCE_DIR.glob("000_*.txt")).read_text())


def test_cli_serves_over_http() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "core.sandbox", "--host", "127.0.0.1", "--port", "0", "--world", "demo"],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        match = re.fullmatch(r"Sandbox Graph API on (http://127\.0\.0\.1:\d+)", line)
        assert match, line
        me = requests.get(f"{match.group(1)}/v21.0/me", params={"access_token": "demo-admin"}, timeout=10)
        assert me.json()["name"] == "Dana Demo"
        status, body = run_curl(f'curl -G -d "access_token=demo-expired" "{match.group(1)}/v21.0/me"')
        assert status == 400 and body["error"]["error_subcode"] == 463
    finally:
        process.terminate()
        process.wait(timeout=10)
