"""Two Python processes against one database (SQLite file or PostgreSQL) and one sandbox served over HTTP
(``python -m core.sandbox``), both creating the same ad account: one account. A lost answer, then the same
request from a new process: still one account."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from core.config import PROJECT_ROOT
from core.sandbox.demo_ids import DEMO_BUSINESS_ID_MAIN

MAIN = DEMO_BUSINESS_ID_MAIN


@pytest.fixture
def serve() -> Iterator[Callable[..., str]]:
    """``serve(*flags)``: ``python -m core.sandbox --port 0 *flags``, its base URL; stopped after the test."""
    servers: list[subprocess.Popen[str]] = []

    def start_server(*flags: str) -> str:
        server = subprocess.Popen(
            [sys.executable, "-m", "core.sandbox", "--port", "0", *flags],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        servers.append(server)
        assert server.stdout is not None
        return server.stdout.readline().strip().rsplit(" ", 1)[-1]

    yield start_server
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def start(db_url: str, store_id: int, base_url: str, name: str, go: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.support.create_once", db_url, str(store_id), base_url, name, str(go)]
    return subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def outcome(process: subprocess.Popen[str]) -> dict[str, str | None]:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def accounts_named(base_url: str, name: str) -> list[str]:
    listed = requests.get(
        f"{base_url}/v21.0/{MAIN}/owned_ad_accounts",
        params={"access_token": "demo-admin", "fields": "name", "limit": 500},
        timeout=10,
    ).json()
    return [a["id"] for a in listed["data"] if a["name"] == name]


def creation_rows(db, store_id: int) -> list[tuple[str, str | None]]:
    with db.uow() as uow:
        return [(r.status, r.account_id) for r in uow.creations.of_business(store_id, MAIN)]


def test_two_processes_creating_the_same_ad_account_make_one(db, store_id, serve, tmp_path):
    graph_server = serve()
    go = tmp_path / "go"
    processes = [start(db.url, store_id, graph_server, "Two processes", go) for _ in range(2)]
    go.touch()  # both send their request now
    outcomes = sorted((outcome(p) for p in processes), key=lambda o: o["outcome"] != "created")
    [made] = accounts_named(graph_server, "Two processes")
    assert outcomes[0] == {"outcome": "created", "account_id": made}
    assert outcomes[1] in ({"outcome": "replayed", "account_id": made}, {"outcome": "in_flight", "account_id": None})
    assert creation_rows(db, store_id) == [("created", made)]


def test_a_lost_answer_then_the_same_request_from_a_new_process_make_one(db, store_id, serve, tmp_path):
    graph_server = serve("--lose-answers", "1")
    go = tmp_path / "go"
    go.touch()
    first = outcome(start(db.url, store_id, graph_server, "Lost answer", go))
    assert first == {"outcome": "lost", "account_id": None}  # created on Facebook, the answer never came back
    [made] = accounts_named(graph_server, "Lost answer")
    second = outcome(start(db.url, store_id, graph_server, "Lost answer", go))
    assert second == {"outcome": "recovered", "account_id": made}
    assert accounts_named(graph_server, "Lost answer") == [made] and creation_rows(db, store_id) == [("created", made)]
