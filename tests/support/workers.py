"""Real procrastinate workers (``python -m core.sync worker``) on a PostgreSQL schema of the test's own, against a
sandbox served over loopback HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.db.engine import create_engine_for, upgrade_database
from core.sync.queue import ensure_schema
from core.sync.settings import conninfo
from tests.support.db import PG_URL

ROOT = Path(__file__).resolve().parents[2]
LIVE_SETTINGS = ("FB_APP_ID", "FB_APP_SECRET", "FB_REDIRECT_URI", "DATABASE_URL", "SMART_ADS_SECRET_KEY")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A migrated PostgreSQL schema of this test's own, with procrastinate's schema applied in it."""
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine_for(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    try:
        upgrade_database(url)
        ensure_schema(conninfo(url))
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Workers:
    def __init__(self, env: Mapping[str, str], log_dir: Path) -> None:
        self.env, self.log_dir = dict(env), log_dir
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, count: int = 1) -> list[int]:
        pids = []
        for _ in range(count):
            log = open(self.log_dir / f"worker-{len(self.processes)}.log", "wb")  # noqa: SIM115
            process = subprocess.Popen([sys.executable, "-m", "core.sync", "worker"], cwd=ROOT, env=self.env,
                                       stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
            self.processes.append(process)
            pids.append(process.pid)
        return pids

    def run(self, *args: str) -> None:
        subprocess.run([sys.executable, "-m", "core.sync", *args], cwd=ROOT, env=self.env, check=True, timeout=120,
                       capture_output=True)  # fmt: skip

    def kill(self, pid: int) -> None:
        os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.log_dir.glob("worker-*.log")))


@contextmanager
def workers(database_url: str, graph_url: str, tmp_path: Path, **settings: str) -> Iterator[Workers]:
    env = {k: v for k, v in os.environ.items() if k not in LIVE_SETTINGS and not k.startswith(("SYNC_", "SMTP_"))}
    env.update({"DATABASE_URL": database_url, "GRAPH_BASE_URL": graph_url, "SMART_ADS_DATA_DIR": str(tmp_path),
                "SYNC_HEARTBEAT_SECONDS": "1", "SYNC_STALLED_AFTER_SECONDS": "3",
                "SYNC_REAPER_SCHEDULE": "* * * * * */2", "PYTHONDONTWRITEBYTECODE": "1", **settings})  # fmt: skip
    running = Workers(env, tmp_path)
    try:
        yield running
    finally:
        running.stop()


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 90, logs: Callable[[], str] = str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{logs()}")
        time.sleep(0.1)
